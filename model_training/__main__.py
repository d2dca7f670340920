"""``python -m model_training COMMAND``: train the shipped model, run the ablation, or train on
full PTB-XL. Every command shows progress and logs to ``RUN_DIR/train.log``."""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import replace
from pathlib import Path

import numpy as np

from ecgreader.config import REPOSITORY_ROOT, require_data_dir
from model_training import pipeline
from model_training.augment import AugmentConfig
from model_training.evaluate import paired_bootstrap
from model_training.reports import write_ablation, write_model_card
from model_training.runtime import log_to, pick_device

log = logging.getLogger("model_training")
MODELS = REPOSITORY_ROOT / "assets" / "models"
REPORTS = REPOSITORY_ROOT / "model_training" / "reports"


def settings_from(args) -> pipeline.Settings:
    settings = pipeline.Settings(device=pick_device(args.device))
    return replace(
        settings,
        vqvae_training=replace(settings.vqvae_training, epochs=args.vqvae_epochs),
        classifier_training=replace(settings.classifier_training, epochs=args.epochs),
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
    run_dir = Path(args.run_dir)
    log_to(run_dir)
    return settings, run_dir


def train_and_export(args, data: pipeline.DefaultData, settings: pipeline.Settings, run_dir: Path, card: Path) -> dict:
    """Train (with augmentation unless --no-augment), measure on validation and test, write the
    model to ``args.out`` and its card to ``card``; returns the model's metadata."""
    vqvae, vqvae_history = (None, None) if args.no_augment else pipeline.fit_vqvae(data, settings, run_dir)
    model, thresholds, history = pipeline.fit_classifier(data, settings, vqvae, args.seed, run_dir)
    validation, _ = pipeline.test_metrics(model, thresholds, data.validation, data.vocabulary, settings.device)
    test, _ = pipeline.test_metrics(model, thresholds, data.test, data.vocabulary, settings.device)
    out = Path(args.out)
    metadata = pipeline.export(
        out, model, thresholds, data, history, validation, test, vqvae_history, settings, out.stem
    )
    write_model_card(card, metadata)
    return metadata


def run_default(args) -> None:
    settings, run_dir = start_run(args)
    data = pipeline.load_default_data(Path(args.data_dir or require_data_dir()))
    metadata = train_and_export(args, data, settings, run_dir, Path(args.out).with_name("README.md"))
    validation, test = metadata["validation_metrics"], metadata["test_metrics"]
    (run_dir / "metrics.json").write_text(json.dumps({"validation": validation, "test": test}, indent=2))
    print(f"wrote {args.out}; test macro-F1 {test['macro']['f1']}, macro AUC {test['macro']['auc']}")


def run_ablation(args) -> None:
    settings, run_dir = start_run(args)
    data = pipeline.load_default_data(Path(args.data_dir or require_data_dir()))
    vqvae, _ = pipeline.fit_vqvae(data, settings, run_dir)  # one VQ-VAE, shared by all seeds
    results: dict = {"with": [], "without": []}
    decisions: dict = {"with": [], "without": []}
    validation: dict = {"with": [], "without": []}
    for seed in range(args.seeds):
        for condition, generator in (("without", None), ("with", vqvae)):
            model, thresholds, history = pipeline.fit_classifier(data, settings, generator, seed, None)
            validation[condition].append(history["best_validation_macro_f1"])
            metrics, probabilities = pipeline.test_metrics(
                model, thresholds, data.test, data.vocabulary, settings.device
            )
            results[condition].append(metrics)
            decisions[condition].append(probabilities >= thresholds[None, :])
            log.info("seed %d %s augmentation: test macro-F1 %s", seed, condition, metrics["macro"]["f1"])
    per_seed = np.array(validation["with"]) - np.array(validation["without"])
    # The choice of the shipped configuration rests on validation, never on the test half.
    results["validation_difference"] = {
        "mean": float(per_seed.mean()),
        "sd": float(per_seed.std(ddof=1)) if len(per_seed) > 1 else None,
        "per_seed": per_seed.tolist(),
        "augmentation_chosen": bool(per_seed.mean() > 0),
    }
    results["difference"] = paired_bootstrap(
        np.stack(decisions["with"]),
        np.stack(decisions["without"]),
        data.test.labels,
        args.bootstrap,
        0,
    )
    description = " ".join(
        [
            f"Data: {json.dumps(data.description)}.",
            f"Same split for every seed; classifier seeds 0..{args.seeds - 1};",
            f"VQ-VAE trained once ({settings.vqvae_training.epochs} epochs);",
            f"classifier at most {settings.classifier_training.epochs} epochs,",
            "early stopping on validation macro-F1; thresholds tuned on validation;",
            f"metrics on the LUDB study half. Device: {settings.device}.",
        ]
    )
    write_ablation(Path(args.report_dir), results, description)
    print(f"paired macro-F1 difference (with - without): {results['difference']}")


def run_ptbxl(args) -> None:
    """Full PTB-XL in its PhysioNet layout: folds 1-8 train, 9 validation, 10 test."""
    settings, run_dir = start_run(args)
    root = Path(args.ptbxl_dir)
    train = pipeline.sources.ptbxl_official(root, range(1, 9), sampling=args.sampling)
    validation = pipeline.sources.ptbxl_official(root, [9], sampling=args.sampling)
    test = pipeline.sources.ptbxl_official(root, [10], sampling=args.sampling)
    description = {
        "train": {"records": len(train), "sources": ["PTB-XL folds 1-8"], "positives": {}},
        "validation": {"records": len(validation), "source": "PTB-XL fold 9"},
        "test": {"records": len(test), "source": "PTB-XL fold 10"},
        "vqvae_unlabelled": {"records": 0, "source": "none beyond the training folds"},
    }
    data = pipeline.DefaultData(train, validation, test, train.subset([]), description)
    out = Path(args.out)
    metadata = train_and_export(args, data, settings, run_dir, out.with_name(f"{out.stem}.md"))
    print(f"wrote {out}; test macro-F1 {metadata['test_metrics']['macro']['f1']}")


def run_card(args) -> None:
    """Rewrite a model's card from the metadata stored in the model file."""
    from ecgreader.model.checkpoint import load_model

    _, metadata = load_model(args.model)
    out = Path(args.model).with_name(
        "README.md" if Path(args.model).stem == "default" else f"{Path(args.model).stem}.md"
    )
    write_model_card(out, metadata)
    print(f"wrote {out}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m model_training", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, run, help_text in (
        ("default", run_default, "train the shipped default model on the shared data"),
        ("ablation", run_ablation, "with vs without augmentation over several seeds"),
        ("ptbxl", run_ptbxl, "train on full PTB-XL (PhysioNet layout), e.g. on a GPU"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--data-dir", help="the data directory (default: ECGREADER_DATA)")
        command.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1 …")
        command.add_argument("--epochs", type=int, default=40, help="classifier epochs (max)")
        command.add_argument("--vqvae-epochs", type=int, default=30)
        command.add_argument("--seed", type=int, default=0)
        command.add_argument("--no-augment", action="store_true", help="train without VQ-VAE augmentation")
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
            command.add_argument("--bootstrap", type=int, default=1000)
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
