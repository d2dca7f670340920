"""``python -m model_training COMMAND``: train the shipped model, run the ablation, or train on
full PTB-XL. Every command shows progress and logs to ``RUN_DIR/train.log``."""

from __future__ import annotations

import argparse
import json
import logging
import time
from dataclasses import replace
from pathlib import Path

import torch

from ecgreader.config import REPOSITORY_ROOT, require_data_dir
from model_training import pipeline
from model_training.augment import AugmentConfig
from model_training.data import EcgSet
from model_training.reports import write_ablation, write_model_card
from model_training.runtime import log_to, pick_device

log = logging.getLogger("model_training")
MODELS = REPOSITORY_ROOT / "assets" / "models"
REPORTS = REPOSITORY_ROOT / "model_training" / "reports"


def settings_from(args) -> pipeline.Settings:
    settings = pipeline.Settings(device=pick_device(args.device))
    return replace(
        settings,
        folds=args.folds,
        vqvae_training=replace(settings.vqvae_training, epochs=args.vqvae_epochs),
        classifier_training=replace(settings.classifier_training, epochs=args.epochs, loader_workers=args.workers),
        augment=replace(
            settings.augment,
            positive_threshold=args.positive_threshold,
            target_positives=args.target_positives,
            max_synthetic_fraction=args.max_synthetic_fraction,
            lambda_low=args.lambda_range[0],
            lambda_high=args.lambda_range[1],
        ),
    )


def start_run(args) -> tuple[pipeline.Settings, Path]:
    """The settings from the command line, and the run directory with its log opened."""
    settings = settings_from(args)  # a bad --device fails before anything is written
    if args.threads:
        torch.set_num_threads(args.threads)  # on a shared CPU, 1 thread is ten times faster than 2
    run_dir = Path(args.run_dir)
    log_to(run_dir)
    return settings, run_dir


def card_path(model: Path) -> Path:
    return model.with_name("README.md" if model.stem == "default" else f"{model.stem}.md")


def run_experiment(args, data: pipeline.DefaultData, conditions: tuple[str, ...], seeds: list[int]):
    """Fit ``conditions`` for every seed, choose one on cross-validation, export seed ``seeds[0]``'s
    model of that condition with its card; returns the runs and the model's metadata."""
    settings, run_dir = start_run(args)
    start = time.perf_counter()
    vqvae, vqvae_history = None, None
    if "hybrid_augmented" in conditions:
        if pipeline.needs_vqvae(data, settings):
            vqvae, vqvae_history = pipeline.fit_vqvae(data, settings, run_dir)
        else:
            log.info(
                "no label has fewer than %d positives: no augmentation, no VQ-VAE", settings.augment.positive_threshold
            )
            conditions = tuple(c for c in conditions if c != "hybrid_augmented")
    runs = [pipeline.run_seed(data, settings, seed, conditions, vqvae, run_dir, args.bootstrap) for seed in seeds]
    chosen = pipeline.choose_condition(runs)
    selection = {
        "criterion": "mean cross-validated macro AUC over seeds (out-of-fold, calibrated); never a test set",
        "seeds": seeds,
        "per_condition": {
            condition: {
                metric: [run[condition].cross_validated["macro"][metric] for run in runs] for metric in ("auc", "f1")
            }
            for condition in conditions
        },
        "chosen": chosen,
    }
    seconds = time.perf_counter() - start
    out = Path(args.out)
    metadata = pipeline.export(out, runs[0][chosen], data, settings, selection, vqvae_history, seconds)
    write_model_card(card_path(out), metadata)
    (run_dir / "metrics.json").write_text(json.dumps(metadata["test_metrics"], indent=1))
    for name, metrics in metadata["test_metrics"].items():
        print(f"{name}: macro AUC {metrics['macro']['auc']:.3f} {metrics['macro']['auc_ci']}, "
              f"macro F1 {metrics['macro']['f1']:.3f} {metrics['macro']['f1_ci']}")  # fmt: skip
    print(f"wrote {out} ({pipeline.CONDITION_NAMES[chosen]}, chosen on cross-validation) in {seconds / 60:.1f} min")
    return runs, metadata, settings


def run_default(args) -> None:
    data = pipeline.load_default_data(Path(args.data_dir or require_data_dir()))
    conditions = ("hybrid",) if args.no_augment else ("hybrid", "hybrid_augmented")
    run_experiment(args, data, conditions, [args.seed])


def run_ablation(args) -> None:
    data = pipeline.load_default_data(Path(args.data_dir or require_data_dir()))
    seeds = list(range(args.seed, args.seed + args.seeds))
    runs, metadata, settings = run_experiment(args, data, pipeline.CONDITIONS, seeds)
    description = " ".join(
        [
            f"Training data: {data.description['train']['records']} labelled records "
            f"({', '.join(f'{k}: {v}' for k, v in data.description['train']['sources'].items())}).",
            f"Seeds {seeds[0]}..{seeds[-1]}: each seed draws its own {settings.folds} stratified folds, CNN",
            f"initialisations and synthetic records; CNNs trained {settings.classifier_training.epochs} epochs,",
            "the epoch chosen on pooled out-of-fold macro AUC; the decision's regularisation, calibration and",
            f"thresholds by {settings.decision.repeats}x repeated {settings.decision.folds}-fold CV on the",
            f"out-of-fold inputs. Device: {metadata['device']}.",
            f"Whole run: {metadata['training_seconds'] / 60:.0f} min.",
        ]
    )
    write_ablation(Path(args.report_dir), runs, data, metadata["selection"], description, args.bootstrap)
    print(f"wrote {args.report_dir}/ablation.md")


def run_ptbxl(args) -> None:
    """Full PTB-XL in its PhysioNet layout: cross-validation over folds 1-9, fold 10 as the test."""
    root = Path(args.ptbxl_dir)
    train = pipeline.sources.ptbxl_official(root, range(1, 10), sampling=args.sampling)
    test = pipeline.sources.ptbxl_official(root, [10], sampling=args.sampling)
    keys = pipeline.DEFAULT_VOCABULARY.keys
    description = {
        "train": {
            "records": len(train),
            "sources": {"PTB-XL folds 1-9": len(train)},
            "positives": dict(zip(keys, train.positives().tolist(), strict=True)),
        },
        "tests": {
            pipeline.PTBXL_TEST: {
                "records": len(test),
                "source": "PTB-XL fold 10",
                "positives": dict(zip(keys, test.positives().tolist(), strict=True)),
            }
        },
        "vqvae_unlabelled": {"records": 0, "source": "none beyond the training folds"},
    }
    empty = EcgSet([], train.signals[:0], train.amplitudes[:0], train.has_amplitude[:0], None, "none")
    data = pipeline.DefaultData(train, {pipeline.PTBXL_TEST: test}, empty, description)
    conditions = ("hybrid",) if args.no_augment else ("hybrid", "hybrid_augmented")
    run_experiment(args, data, conditions, [args.seed])


def run_card(args) -> None:
    """Rewrite a model's card from the metadata stored in the model file."""
    from ecgreader.model.checkpoint import load_model

    _, metadata = load_model(args.model)
    out = card_path(Path(args.model))
    write_model_card(out, metadata)
    print(f"wrote {out}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m model_training", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, run, help_text in (
        ("default", run_default, "train the shipped default model (hybrid, with and without augmentation)"),
        ("ablation", run_ablation, "CNN, measurements, hybrid, hybrid + augmentation over several seeds"),
        ("ptbxl", run_ptbxl, "train on full PTB-XL (PhysioNet layout), e.g. on a GPU"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--data-dir", help="the data directory (default: ECGREADER_DATA)")
        command.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1 …")
        command.add_argument("--epochs", type=int, default=30, help="CNN epochs per fold")
        command.add_argument("--vqvae-epochs", type=int, default=8)
        command.add_argument("--folds", type=int, default=3, help="cross-validation folds (one CNN each)")
        command.add_argument("--workers", type=int, default=0, help="DataLoader processes (4-8 on a GPU)")
        command.add_argument("--threads", type=int, help="CPU threads for torch (default: torch's choice)")
        command.add_argument("--seed", type=int, default=0)
        command.add_argument("--bootstrap", type=int, default=1000, help="resamples for the 95 %% intervals")
        command.add_argument("--no-augment", action="store_true", help="leave out the augmented condition")
        defaults = AugmentConfig()
        command.add_argument(
            "--positive-threshold", type=int, default=defaults.positive_threshold, help="enlarge rarer classes"
        )
        command.add_argument(
            "--target-positives", type=int, default=defaults.target_positives, help="real + synthetic per class"
        )
        command.add_argument(
            "--max-synthetic-fraction", type=float, default=defaults.max_synthetic_fraction,
            help="synthetic records at most this share of the real ones",
        )  # fmt: skip
        command.add_argument(
            "--lambda-range", type=float, nargs=2, default=(defaults.lambda_low, defaults.lambda_high),
            metavar=("LOW", "HIGH"), help="interpolation weights are drawn from this range",
        )  # fmt: skip
        command.add_argument(
            "--run-dir",
            default=str(REPOSITORY_ROOT / "runs" / name),
            help="checkpoints, log, pictures",
        )
        command.add_argument("--out", default=str(MODELS / ("default.pt" if name != "ptbxl" else "ptbxl.pt")))
        command.set_defaults(run=run)
        if name == "ablation":
            command.add_argument("--seeds", type=int, default=5)
            command.add_argument("--report-dir", default=str(REPORTS))
        if name == "ptbxl":
            command.add_argument("--ptbxl-dir", required=True, help="folder with ptbxl_database.csv")
            command.add_argument("--sampling", choices=["lr", "hr"], default="lr", help="records100 or records500")
    card = commands.add_parser("card", help="rewrite a model's card from its stored metadata")
    card.add_argument("model", nargs="?", default=str(MODELS / "default.pt"))
    card.set_defaults(run=run_card)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
