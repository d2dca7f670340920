"""Model card and ablation report writers (Markdown and CSV from measured numbers)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from ecgreader.analysis.formatting import format_number


def augmentation_line(metadata: dict) -> str:
    data = metadata["training_data"]["vqvae_unlabelled"]
    if metadata.get("augmentation"):
        return (
            f"- VQ-VAE latent-interpolation augmentation, the VQ-VAE trained on the training records and "
            f"{data['records']} unlabelled ones ({data['source']})."
        )
    return (
        "- No augmentation: in the ablation (model_training/reports/ablation.md) VQ-VAE latent interpolation "
        "did not raise validation macro-F1 on this data, so the shipped model is trained without it."
    )


def write_model_card(path: Path, metadata: dict) -> None:
    test = metadata["test_metrics"]
    validation = metadata["validation_metrics"]
    data = metadata["training_data"]
    lines = [
        f"# Model card: {metadata['name']}",
        "",
        "A 1-D residual CNN (xresnet1d style, "
        f"{metadata['parameters']:,} parameters) that reads a 10 s 12-lead ECG and gives a "
        "probability for each of ten morphological findings; a finding is called present when its "
        "probability reaches a threshold tuned on validation data.",
        "",
        f"Trained {metadata['date']} with code {metadata['code_version']}. Best epoch {metadata['best_epoch']}.",
        "",
        "## Data",
        f"- Training: {data['train']['records']} labelled records ({', '.join(data['train']['sources'])}).",
        augmentation_line(metadata),
        f"- Validation (early stopping, thresholds): {data['validation']['records']} records, "
        f"{data['validation']['source']}.",
        f"- Test: {data['test']['records']} records, {data['test']['source']}; never used in training.",
        "- Synthetic records per class (VQ-VAE latent interpolation): "
        + (", ".join(f"{k} {v}" for k, v in metadata["synthetic_per_class"].items()) or "none"),
        "",
        "Sources: LUDB (ODC-By 1.0), PhysioNet/CinC Challenge 2021 and Chapman-Shaoxing (CC BY 4.0)"
        + (", PTB-XL (CC BY 4.0)." if metadata.get("augmentation") else "."),
        "",
        "## Test metrics (LUDB study half)",
        "",
        "| label | positives / n | threshold | F1 | sensitivity | specificity | PPV | AUC |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, row in test["per_class"].items():
        tuned = metadata["thresholds_tuned_on_validation"][key]
        threshold = f"{metadata['thresholds'][key]:.2f}" + ("" if tuned else " (untuned: no validation positives)")
        lines.append(f"| {key} | {row['positives']} / {row['n']} | {threshold} | {_metric_cells(row)} |")
    lines += [
        f"| **macro** | | | {_metric_cells(test['macro'])} |",
        "",
        f"Validation macro-F1 {format_number(validation['macro']['f1'])} "
        "(thresholds tuned on these records, so optimistic).",
        "",
        "## Known limits",
        "- Very little labelled data: classes with fewer than 5 test positives (see the table) have "
        "metrics too uncertain to estimate; treat them as not estimated, not as measured.",
        "- LUDB is a single-centre set (Nizhny Novgorod) with many LVH/LAE records; the test set "
        "shares its population, so these figures say nothing about other hospitals.",
        "- Undefined values (no positives, or no predicted positives) are shown as undefined.",
        "- Trained on the CPU with the default configuration; full PTB-XL on a GPU is the intended "
        "scale (see model_training/README.md).",
    ]
    path.write_text("\n".join(lines) + "\n")


def _metric_cells(row: dict) -> str:
    """The card's F1, sensitivity, specificity, PPV and AUC columns of one row."""
    return " | ".join(format_number(row[metric]) for metric in ("f1", "sensitivity", "specificity", "ppv", "auc"))


def write_ablation(folder: Path, results: dict, description: str) -> None:
    """``results``: {"with": [metrics per seed], "without": [...], "difference": {...}}."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = list(results["with"][0]["per_class"])
    rows = []
    for condition in ("without", "with"):
        for key in [*keys, "macro"]:
            for metric in ("f1", "sensitivity", "specificity", "auc"):
                values = [
                    (run["macro"] if key == "macro" else run["per_class"][key])[metric] for run in results[condition]
                ]
                defined = [v for v in values if v is not None]
                rows.append(
                    {
                        "condition": f"{condition} augmentation",
                        "label": key,
                        "metric": metric,
                        "mean": np.mean(defined) if defined else None,
                        "sd": np.std(defined, ddof=1) if len(defined) > 1 else None,
                        "seeds_defined": f"{len(defined)}/{len(values)}",
                    }
                )
    with (folder / "ablation.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: ("" if v is None else (f"{v:.4f}" if isinstance(v, float) else v)) for k, v in row.items()}
            )
    difference = results["difference"]
    (folder / "ablation.json").write_text(json.dumps(results, indent=1))
    lines = [
        "# Ablation: VQ-VAE latent-interpolation augmentation",
        "",
        description,
        "",
        f"Paired difference in test macro-F1 (with − without), mean over {len(results['with'])} seeds: "
        f"**{format_number(difference['mean'])}**, bootstrap 95 % CI over test cases "
        f"[{format_number(difference['low'])}, {format_number(difference['high'])}] "
        f"({difference['resamples']} resamples).",
        "",
        f"Validation macro-F1 difference (with − without; thresholds tuned on validation, so optimistic), "
        f"mean ± sd over seeds: {format_number(results['validation_difference']['mean'])} ± "
        f"{format_number(results['validation_difference']['sd'])}. The shipped model's configuration is chosen on this "
        f"validation difference, never on the test half: augmentation "
        f"{'chosen' if results['validation_difference']['augmentation_chosen'] else 'not chosen'}.",
        "",
        "| label | metric | without (mean ± sd) | with (mean ± sd) |",
        "|---|---|---|---|",
    ]
    by_key = {(r["condition"], r["label"], r["metric"]): r for r in rows}
    for key in [*keys, "macro"]:
        for metric in ("f1", "sensitivity", "specificity", "auc"):
            cells = []
            for condition in ("without augmentation", "with augmentation"):
                row = by_key[(condition, key, metric)]
                spread = f"{format_number(row['mean'])} ± {format_number(row['sd'])}"
                cells.append(f"{spread} ({row['seeds_defined']} seeds defined)")
            lines.append(f"| {key} | {metric} | {cells[0]} | {cells[1]} |")
    (folder / "ablation.md").write_text("\n".join(lines) + "\n")
