"""python -m model_training COMMAND: train the shipped model, run the ablation, train on full
PTB-XL, or rewrite a model's card. Every training command shows progress, logs to RUN_DIR/train.log
and refuses to replace an existing model file unless given --overwrite."""

from __future__ import annotations

import argparse
import json
import logging
import time
from dataclasses import replace
from pathlib import Path

import torch

from ecgreader.config import REPOSITORY_ROOT, require_data_dir
from ecgreader.model.checkpoint import load_model
from model_training import pipeline
from model_training.augment import AugmentConfig
from model_training.data import EcgSet
from model_training.reports import ABLATION_FILES, FULL_PTBXL_SOURCE, card_path, write_ablation, write_model_card
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


def model_outputs(model: Path) -> list[Path]:
    """The files a training command writes beside its model: the model, its card, its diagram."""
    return [model, card_path(model), model.with_name(f"{model.stem}-reliability.png")]


def checked_settings(parser: argparse.ArgumentParser, args) -> pipeline.Settings:
    """The settings of a training command, or the parser's usage error before any data is loaded:
    a bad device or augmentation option, or an --out that would replace a model without --overwrite
    (a quick smoke run must never silently replace the shipped model and its card)."""
    try:
        settings = settings_from(args)
    except ValueError as error:
        parser.error(str(error))
    refuse_to_replace(parser, args)
    return settings


def refuse_to_replace(parser: argparse.ArgumentParser, args) -> None:
    """The parser's usage error where --out's files (and an ablation's report files) exist and
    --overwrite was not given."""
    outputs = model_outputs(Path(args.out))
    if getattr(args, "report_dir", None):
        outputs += [Path(args.report_dir) / name for name in ABLATION_FILES]
    existing = [str(path) for path in outputs if path.exists()]
    if existing and not args.overwrite:
        verb = "exists" if len(existing) == 1 else "exist"
        parser.error(f"{', '.join(existing)} already {verb}; pass --overwrite to replace, or another --out")


def open_run_dir(args) -> Path:
    """The run directory, with its log opened and torch's threads set."""
    if args.threads:
        torch.set_num_threads(args.threads)  # on a shared CPU, 1 thread is ten times faster than 2
    run_dir = Path(args.run_dir)
    log_to(run_dir)
    return run_dir


def run_experiment(
    args, settings: pipeline.Settings, data: pipeline.DefaultData, conditions: tuple[str, ...], seeds: list[int]
):
    """Fit ``conditions`` for every seed, choose one on cross-validation, export seed ``seeds[0]``'s
    model of that condition with its card; returns the runs and the model's metadata."""
    run_dir = open_run_dir(args)
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
    pipeline.export(out, runs[0][chosen], data, settings, selection, vqvae_history, seconds)
    metadata = stored_metadata(out)  # the card says what the file holds, as `card` would rewrite it
    write_model_card(out, metadata)
    (run_dir / "metrics.json").write_text(json.dumps(metadata["test_metrics"], indent=1))
    for name, metrics in metadata["test_metrics"].items():
        print(f"{name}: macro AUC {metrics['macro']['auc']:.3f} {metrics['macro']['auc_ci']}, "
              f"macro F1 {metrics['macro']['f1']:.3f} {metrics['macro']['f1_ci']}")  # fmt: skip
    print(f"wrote {out} ({pipeline.CONDITION_NAMES[chosen]}, chosen on cross-validation) in {seconds / 60:.1f} min")
    return runs, metadata


def stored_metadata(model: Path) -> dict:
    """The metadata as the model file holds it (``save_model`` adds the format and architecture)."""
    return load_model(model)[1]


def run_default(args, settings: pipeline.Settings) -> None:
    data = pipeline.load_default_data(Path(args.data_dir or require_data_dir()))
    conditions = ("hybrid",) if args.no_augment else ("hybrid", "hybrid_augmented")
    run_experiment(args, settings, data, conditions, [args.seed])


def run_ablation(args, settings: pipeline.Settings) -> None:
    data = pipeline.load_default_data(Path(args.data_dir or require_data_dir()))
    seeds = list(range(args.seed, args.seed + args.seeds))
    runs, metadata = run_experiment(args, settings, data, pipeline.CONDITIONS, seeds)
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


def run_ptbxl(args, settings: pipeline.Settings) -> None:
    """Full PTB-XL in its PhysioNet layout: cross-validation over folds 1-9, fold 10 as the test."""
    root = Path(args.ptbxl_dir)
    train = pipeline.sources.ptbxl_official(root, range(1, 10), sampling=args.sampling)
    test = pipeline.sources.ptbxl_official(root, [10], sampling=args.sampling)
    keys = pipeline.DEFAULT_VOCABULARY.keys
    description = {
        "train": {
            "records": len(train),
            "sources": {FULL_PTBXL_SOURCE: len(train)},
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
    run_experiment(args, settings, data, conditions, [args.seed])


def run_card(args) -> None:
    """Rewrite a model's card from the metadata stored in the model file, named after the file."""
    model = Path(args.model)
    print(f"wrote {write_model_card(model, stored_metadata(model))}")


def at_least(minimum: int):
    """An argparse type: an integer no smaller than ``minimum``, refused before any work starts."""

    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value}: must be at least {minimum}")
        return value

    parse.__name__ = "integer"  # argparse's "invalid integer value: 'x'"
    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m model_training", description=" ".join(__doc__.split()))
    commands = parser.add_subparsers(dest="command", required=True)
    for name, run, help_text in (
        ("default", run_default, "train the shipped default model (hybrid, with and without augmentation)"),
        ("ablation", run_ablation, "CNN, measurements, hybrid, hybrid + augmentation over several seeds"),
        ("ptbxl", run_ptbxl, "train on full PTB-XL (PhysioNet layout), e.g. on a GPU"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--data-dir", help="the data directory (default: ECGREADER_DATA)")
        command.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1 …")
        command.add_argument("--epochs", type=at_least(1), default=30, help="CNN epochs per fold")
        command.add_argument("--vqvae-epochs", type=at_least(1), default=8)
        command.add_argument("--folds", type=at_least(2), default=3, help="cross-validation folds (one CNN each)")
        command.add_argument("--workers", type=at_least(0), default=0, help="DataLoader processes (4-8 on a GPU)")
        command.add_argument("--threads", type=at_least(1), help="CPU threads for torch (default: torch's choice)")
        command.add_argument("--seed", type=at_least(0), default=0)
        command.add_argument("--bootstrap", type=at_least(1), default=1000, help="resamples for the 95 %% intervals")
        command.add_argument("--no-augment", action="store_true", help="leave out the augmented condition")
        defaults = AugmentConfig()
        command.add_argument(
            "--positive-threshold", type=at_least(0), default=defaults.positive_threshold, help="enlarge rarer classes"
        )
        command.add_argument(
            "--target-positives", type=at_least(0), default=defaults.target_positives, help="real + synthetic per class"
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
        out = MODELS / ("default.pt" if name != "ptbxl" else "ptbxl.pt")
        command.add_argument("--out", default=str(out), help=f"the model file; its card beside it (default: {out})")
        command.add_argument(
            "--overwrite", action="store_true", help="replace an existing --out, its card and its diagram"
        )
        command.set_defaults(run=run, parser=command)
        if name == "ablation":
            command.add_argument("--seeds", type=at_least(1), default=5)
            command.add_argument("--report-dir", default=str(REPORTS))
        if name == "ptbxl":
            command.add_argument("--ptbxl-dir", required=True, help="folder with ptbxl_database.csv")
            command.add_argument("--sampling", choices=["lr", "hr"], default="lr", help="records100 or records500")
    card = commands.add_parser("card", help="rewrite a model's card from its stored metadata")
    card.add_argument("model", nargs="?", default=str(MODELS / "default.pt"))
    card.set_defaults(run=run_card)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    if args.command == "card":
        args.run(args)
    else:
        args.run(args, checked_settings(args.parser, args))


if __name__ == "__main__":
    main()
