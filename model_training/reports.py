"""Model card and ablation report writers: Markdown and CSV written from the run's own facts (the
metadata stored in the model file, the ablation's results), never from fixed wording about data,
test sets or devices."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from ecgreader.analysis.formatting import format_number
from ecgreader.model.inference import DEFAULT_MODEL
from model_training.evaluate import paired_difference
from model_training.pipeline import LUDB_TEST

# Issue #11's goal is set for the reader study's cases, LUDB's study half; no other test set is held to it.
GOAL = {"macro_auc": 0.90, "macro_f1": 0.55, "sensitivity": 0.40, "specificity": 0.60, "min_positives": 5}
GOAL_TEST_SET = LUDB_TEST
FULL_PTBXL_SOURCE = "PTB-XL folds 1-9"  # the training source of ``python -m model_training ptbxl``
DIFFERENCES = (
    ("hybrid", "cnn"),
    ("hybrid", "measurements"),
    ("hybrid_augmented", "hybrid"),
)
LICENCES = {
    "LUDB": "LUDB (ODC-By 1.0)",
    "PTB-XL": "PTB-XL (CC BY 4.0)",
    "cinc": "PhysioNet/CinC Challenge 2021 (CC BY 4.0)",
    "chapman": "Chapman-Shaoxing (CC BY 4.0)",
}


def _with_ci(value: float | None, interval: list[float] | None) -> str:
    if value is None:
        return "undefined"
    if interval is None:
        return format_number(value)
    return f"{format_number(value)} ({format_number(interval[0])}–{format_number(interval[1])})"


def _test_table(metrics: dict, metadata: dict) -> list[str]:
    lines = [
        "| label | positives / n | threshold | sensitivity | specificity | PPV | F1 | AUC | Brier |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, row in metrics["per_class"].items():
        tuned = metadata["thresholds_tuned"][key]
        threshold = f"{metadata['thresholds'][key]:.2f}" + ("" if tuned else " (untuned)")
        cells = [_with_ci(row[m], row.get(f"{m}_ci")) for m in ("sensitivity", "specificity", "ppv", "f1", "auc")]
        lines.append(
            f"| {key} | {row['positives']} / {row['n']} | {threshold} | {' | '.join(cells)} | {row['brier']:.3f} |"
        )
    macro = metrics["macro"]
    lines.append(
        f"| **macro** ({len(macro['labels'])} labels with positives) | | | {format_number(macro['sensitivity'])} | "
        f"{format_number(macro['specificity'])} | {format_number(macro['ppv'])} | "
        f"{_with_ci(macro['f1'], macro['f1_ci'])} | {_with_ci(macro['auc'], macro['auc_ci'])} | {macro['brier']:.3f} |"
    )
    return lines


def goal_lines(metrics: dict) -> list[str]:
    """The issue's goal, checked against one test set's figures."""
    macro = metrics["macro"]
    rows = [
        f"- macro AUC {format_number(macro['auc'])} (goal ≥ {GOAL['macro_auc']}): "
        + ("met" if (macro["auc"] or 0) >= GOAL["macro_auc"] else "not met"),
        f"- macro F1 {format_number(macro['f1'])} (goal ≥ {GOAL['macro_f1']}): "
        + ("met" if (macro["f1"] or 0) >= GOAL["macro_f1"] else "not met"),
    ]
    for key, row in metrics["per_class"].items():
        if row["positives"] < GOAL["min_positives"]:
            continue
        met = (row["sensitivity"] or 0) >= GOAL["sensitivity"] and (row["specificity"] or 0) >= GOAL["specificity"]
        rows.append(
            f"- {key} ({row['positives']} positives): sensitivity {format_number(row['sensitivity'])}, "
            f"specificity {format_number(row['specificity'])} (goal ≥ {GOAL['sensitivity']} / "
            f"≥ {GOAL['specificity']}): {'met' if met else 'not met'}"
        )
    return rows


def _reliability_table(rows: list[dict]) -> list[str]:
    lines = ["| predicted probability | mean predicted | observed share | pairs |", "|---|---|---|---|"]
    for row in rows:
        low, high = row["bin"]
        lines.append(f"| {low:.1f}–{high:.1f} | {row['mean_predicted']:.3f} | {row['observed']:.3f} | {row['n']} |")
    return lines


def _sources_line(metadata: dict) -> str:
    text = json.dumps(metadata["training_data"])
    used = [licence for marker, licence in LICENCES.items() if marker.lower() in text.lower()]
    return "Sources: " + ", ".join(used) + "."


def write_reliability_figure(path: Path, metadata: dict) -> None:
    """The reliability diagram (pooled over labels) of the out-of-fold predictions and of each test
    set, as a PNG beside the card. Drawn on a bare Figure: no pyplot state, no display needed."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4.5, 4.5), dpi=120)
    axes = figure.add_subplot()
    axes.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfect calibration")
    curves = {"out-of-fold (training)": metadata["cross_validated_metrics"]["reliability"]}
    curves.update({name: metrics["reliability"] for name, metrics in metadata["test_metrics"].items()})
    for name, rows in curves.items():
        axes.plot([r["mean_predicted"] for r in rows], [r["observed"] for r in rows], marker="o", label=name)
    axes.set(xlabel="mean predicted probability", ylabel="observed share of positives", xlim=(0, 1), ylim=(0, 1))
    axes.set_title("Reliability, pooled over labels", fontsize=10)
    axes.legend(fontsize=7, loc="upper left")
    figure.tight_layout()
    FigureCanvasAgg(figure).print_png(str(path))


ABLATION_FILES = ("ablation.md", "ablation.csv", "ablation.json")


def card_path(model: Path) -> Path:
    """The card beside a model file: ``README.md`` for the shipped model (``assets/models/default.pt``,
    where the folder's README is its card), else ``<stem>.md``: a ``default.pt`` elsewhere (the
    repository root, say) must never overwrite another README."""
    shipped = model.resolve() == DEFAULT_MODEL.resolve()
    return model.with_name("README.md" if shipped else f"{model.stem}.md")


def write_model_card(model: Path, metadata: dict) -> Path:
    """The card of the model file ``model`` (``card_path``) and its reliability diagram beside it
    (``<stem>-reliability.png``), both named after the file, not the name stored inside it: a copy
    gets its own card and never overwrites the original's. ``metadata`` is the file's own (with the
    ``architecture`` ``save_model`` adds). Returns the card's path."""
    path = card_path(model)
    figure = model.with_name(f"{model.stem}-reliability.png")
    write_reliability_figure(figure, metadata)
    data, selection = metadata["training_data"], metadata["selection"]
    tests = metadata["test_metrics"]
    cnn = metadata.get("cnn")
    architecture = [
        f"# Model card: {model.stem}",
        "",
        f"**{metadata['condition_name']}** ({metadata['parameters']:,} parameters). "
        + (
            f"CNNs (1-D residual, xresnet1d style; {cnn['folds']}, one per cross-validation fold, their logits "
            "averaged) read the 10 s 12-lead ECG; "
            if cnn
            else ""
        )
        + (
            f"{len(metadata['measurement_names'])} automatic measurements (intervals, axes, QRS/ST/T shapes from "
            "`ecgreader.measurements`, with missing-value flags) "
            if metadata["measurement_names"]
            else ""
        )
        + "feed one L2 logistic regression per label, Platt-calibrated on out-of-fold predictions. A finding is "
        "called present when its probability reaches a threshold chosen on out-of-fold predictions of the "
        "training records.",
        "",
        f"Trained {metadata['date']} with code {metadata['code_version']} on {metadata['device']}; the whole "
        f"run (every condition and seed of the selection) took {metadata['training_seconds'] / 60:.0f} min.",
        "",
        "## Data",
        f"- Training and cross-validation: {data['train']['records']} labelled records ("
        + ", ".join(f"{source}: {n}" for source, n in data["train"]["sources"].items())
        + ")."
        + (f" {data['train']['weighting']}." if data["train"].get("weighting") else ""),
    ]
    for name, test in data["tests"].items():
        architecture.append(
            f"- Test set **{name}**: {test['records']} records ({test['source']}); no training, tuning or "
            "selection step saw them."
        )
    if metadata.get("augmentation"):
        architecture.append(
            f"- VQ-VAE latent-interpolation augmentation inside each fold; the VQ-VAE saw the training "
            f"signals and {data['vqvae_unlabelled']['records']} unlabelled records "
            f"({data['vqvae_unlabelled']['source']}). Synthetic records per label per fold: "
            + ", ".join(f"{k} {v:.0f}" for k, v in cnn["synthetic_per_class_per_fold"].items())
            + "."
        )
    left_out = [i for ids in data.get("left_out", {}).values() for i in ids]
    if left_out:
        architecture.append(f"- Left out as duplicates of PTB-XL array records: {', '.join(left_out)}.")
    if data.get("measurement_failures"):
        architecture.append(
            "- The measurement code failed on (these records enter as unmeasured, as they would in the app): "
            + "; ".join(data["measurement_failures"])
            + "."
        )
    architecture += ["", _sources_line(metadata), ""]
    per_condition = selection["per_condition"]
    lines = architecture + [
        "## How it was chosen",
        f"Criterion: {selection['criterion']}; seeds {selection['seeds']}.",
        "",
        "| condition | cross-validated macro AUC (mean over seeds) | cross-validated macro F1 |",
        "|---|---|---|",
    ]
    for condition, values in per_condition.items():
        mark = " **(chosen)**" if condition == selection["chosen"] else ""
        lines.append(
            f"| {condition}{mark} | {format_number(float(np.mean(values['auc'])))} | "
            f"{format_number(float(np.mean(values['f1'])))} |"
        )
    if cnn:
        lines += [
            "",
            f"CNN epochs: {cnn['epochs_trained']} per fold; the shipped fold models are taken after epoch "
            f"{cnn['chosen_epoch']}, where the pooled out-of-fold macro AUC peaked "
            f"({format_number(cnn['out_of_fold_macro_auc_per_epoch'][cnn['chosen_epoch'] - 1])}).",
        ]
    lines += [
        "",
        "Thresholds favour F1 among operating points with cross-validated sensitivity ≥ 0.5 and specificity ≥ 0.7 "
        "(Youden's J where none reaches both); see `model_training/thresholds.py`.",
        "",
    ]
    for name, metrics in tests.items():
        lines += [f"## Test metrics: {name}", "", *_test_table(metrics, metadata), ""]
        if name == GOAL_TEST_SET:
            lines += [f"Goal (issue #11, {name}):", *goal_lines(metrics), ""]
    cross = metadata["cross_validated_metrics"]["macro"]
    lines += [
        "Intervals: 95 %, Wilson for sensitivity, specificity and PPV, percentile bootstrap over cases for F1, "
        "AUC and the macro averages (which run over the labels with positives in that test set).",
        "",
        f"Cross-validated (out-of-fold, training records) macro AUC {format_number(cross['auc'])}, macro F1 "
        f"{format_number(cross['f1'])} (thresholds chosen on these predictions, so F1 is optimistic).",
        "",
        "## Calibration",
        "Brier score (mean over labels): "
        + ", ".join(f"{name} {m['macro']['brier']:.3f}" for name, m in tests.items())
        + f", out-of-fold {cross['brier']:.3f}.",
        "",
        f"![Reliability diagram]({figure.name})",
        "",
        "Reliability, pooled over labels (out-of-fold training predictions):",
        "",
        *_reliability_table(metadata["cross_validated_metrics"]["reliability"]),
    ]
    for name, metrics in tests.items():
        lines += ["", f"Reliability on {name}:", "", *_reliability_table(metrics["reliability"])]
    lines += ["", "## Known limits", *_limits(metadata)]
    path.write_text("\n".join(lines) + "\n")
    return path


def _limits(metadata: dict) -> list[str]:
    tests = metadata["test_metrics"]
    limits = []
    for name, metrics in tests.items():
        few = [f"{k} ({row['positives']})" for k, row in metrics["per_class"].items() if row["positives"] < 5]
        if few:
            limits.append(
                f"- {name}: labels with fewer than 5 positives ({', '.join(few)}) have intervals too wide to "
                "say anything; treat them as not estimated."
            )
    limits += [
        _mixture_limit(metadata["training_data"]["train"]),
        _voltage_limit(metadata),
        "- Undefined values (no positives, or no predicted positives) are shown as undefined, never as 0.",
        _device_limit(metadata),
    ]
    return limits


def _mixture_limit(train: dict) -> str:
    mixture = "; ".join(f"{source}: {n}" for source, n in train["sources"].items())
    weighted = ", with the record weights described under Data" if train.get("weighting") else ""
    return (
        f"- Probabilities are calibrated to the training mixture ({mixture}){weighted}; prevalence elsewhere "
        "differs, so PPV and F1 move with it."
    )


def _is_voltage_feature(name: str) -> bool:
    """Measurement features carry their unit in their name (``_ms``, ``_deg``, ``_mv``)."""
    return "mv" in name.split("_")


def _cnn_sees_amplitude(metadata: dict) -> bool | None:
    """Whether the CNNs take each lead's amplitude as an input; None where the model has no CNN."""
    architecture = metadata["architecture"]
    if "n_cnns" not in architecture:  # a CNN-only classifier (``ecgreader.model.network.CnnConfig``)
        return bool(architecture.get("use_amplitude"))
    # a hybrid's (``ecgreader.model.hybrid.HybridConfig``)
    return bool(architecture["cnn"]["use_amplitude"]) if architecture["n_cnns"] else None


def _voltage_limit(metadata: dict) -> str:
    """What the model knows of voltage, from its architecture and its decision's inputs."""
    amplitude = _cnn_sees_amplitude(metadata)
    parts = []
    if amplitude is not None:
        parts.append(
            "the CNNs see each lead's amplitude where the record's voltage is calibrated"
            if amplitude
            else "the CNNs see each lead scaled to unit variance, without its amplitude"
        )
    measurement_names = metadata.get("measurement_names", [])  # none in a CNN-only classifier
    voltage = [name for name in measurement_names if _is_voltage_feature(name)]
    if voltage:
        parts.append(
            f"the voltage measurements ({', '.join(voltage)}) are among the decision's inputs, missing where a "
            "record's amplitude is not calibrated (as in the app)"
        )
    elif measurement_names:
        share = metadata["decision_settings"]["max_missing_share"]
        parts.append(
            "no voltage measurement is among the decision's inputs (voltage is measured only where a record's "
            f"amplitude is calibrated, and measurements missing in more than {share * 100:.0f} % of the training "
            "records are left out)"
        )
    if amplitude or voltage:
        return "- Voltage: " + "; ".join(parts) + "."
    if not parts:
        return "- Voltage is not among the model's inputs."
    lvh = " LVH is therefore judged on shape and timing alone." if "LVH" in metadata["thresholds"] else ""
    return "- Voltage is not among the model's inputs: " + "; ".join(parts) + "." + lvh


def _device_limit(metadata: dict) -> str:
    sources = metadata["training_data"]["train"]["sources"]
    if FULL_PTBXL_SOURCE in sources:
        return f"- Trained on {metadata['device']}."
    return (
        f"- Trained on {metadata['device']}; `python -m model_training ptbxl` trains the same design on full "
        "PTB-XL (see model_training/README.md)."
    )


def write_ablation(folder: Path, runs: list[dict], data, selection: dict, description: str, resamples: int) -> None:
    """The ablation's Markdown, CSV and JSON from the runs (one dict of condition results per seed)."""
    folder.mkdir(parents=True, exist_ok=True)
    conditions = list(runs[0])
    keys = data.vocabulary.keys
    rows = []
    for condition in conditions:
        for name in ["cross-validation", *data.tests]:
            for key in [*keys, "macro"]:
                for metric in ("auc", "f1", "sensitivity", "specificity"):
                    values = []
                    for run in runs:
                        metrics = (
                            run[condition].cross_validated if name == "cross-validation" else run[condition].tests[name]
                        )
                        source = metrics["macro"] if key == "macro" else metrics["per_class"][key]
                        values.append(source[metric])
                    defined = [v for v in values if v is not None]
                    rows.append({
                        "condition": condition, "evaluated_on": name, "label": key, "metric": metric,
                        "mean": float(np.mean(defined)) if defined else None,
                        "sd": float(np.std(defined, ddof=1)) if len(defined) > 1 else None,
                        "seeds_defined": f"{len(defined)}/{len(values)}",
                    })  # fmt: skip
    with (folder / "ablation.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: ("" if v is None else (f"{v:.4f}" if isinstance(v, float) else v)) for k, v in row.items()}
            )
    by_key = {(r["condition"], r["evaluated_on"], r["label"], r["metric"]): r for r in rows}

    def cell(condition: str, name: str, key: str, metric: str) -> str:
        row = by_key[(condition, name, key, metric)]
        return f"{format_number(row['mean'])} ± {format_number(row['sd'])}"

    differences = {}
    for name, test in data.tests.items():
        for first, second in DIFFERENCES:
            if first in conditions and second in conditions:
                differences[f"{first} - {second} on {name}"] = paired_difference(
                    [(run[first].probabilities[name], run[first].decision.thresholds) for run in runs],
                    [(run[second].probabilities[name], run[second].decision.thresholds) for run in runs],
                    test.labels,
                    resamples,
                    0,
                )
    (folder / "ablation.json").write_text(
        json.dumps({"rows": rows, "differences": differences, "selection": selection}, indent=1)
    )
    lines = [
        "# Ablation: CNN, measurements, hybrid, hybrid with VQ-VAE augmentation",
        "",
        description,
        "",
        f"Shipped condition, chosen on the mean cross-validated macro AUC: **{selection['chosen']}**.",
        "",
        "## Macro AUC and F1, mean ± sd over seeds",
        "",
        "| condition | evaluated on | macro AUC | macro F1 |",
        "|---|---|---|---|",
    ]
    for condition in conditions:
        for name in ["cross-validation", *data.tests]:
            macro_auc, macro_f1 = cell(condition, name, "macro", "auc"), cell(condition, name, "macro", "f1")
            lines.append(f"| {condition} | {name} | {macro_auc} | {macro_f1} |")
    lines += [
        "",
        f"## Paired differences (mean over seeds; 95 % percentile bootstrap over test cases, {resamples} resamples)",
        "",
        "| comparison | macro AUC difference | macro F1 difference |",
        "|---|---|---|",
    ]
    for label, result in differences.items():
        auc_, f1 = result["auc"], result["f1"]
        lines.append(f"| {label} | {_with_ci(auc_['mean'], auc_['ci'])} | {_with_ci(f1['mean'], f1['ci'])} |")
    primary = next(iter(data.tests))
    lines += ["", f"## Sensitivity / specificity per label on {primary}, mean ± sd over seeds", ""]
    lines += ["| label | " + " | ".join(conditions) + " |", "|---|" + "---|" * len(conditions)]
    for key in keys:
        cells = [f"{cell(c, primary, key, 'sensitivity')} / {cell(c, primary, key, 'specificity')}" for c in conditions]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "All figures per label, metric and test set: `ablation.csv`; the paired differences: `ablation.json`.",
    ]
    (folder / "ablation.md").write_text("\n".join(lines) + "\n")
