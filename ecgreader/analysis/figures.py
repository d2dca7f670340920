"""The comparison figures (matplotlib, Agg), shared by the dashboard and the reports."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # noqa: E402 - headless rendering; the GUI embeds the PNGs
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ecgreader.analysis.engine import MACRO, Analysis, ComparisonInput  # noqa: E402

GROUP_COLOURS = ("#1f77b4", "#2ca02c", "#9467bd", "#8c564b")
MODEL_COLOUR = "#d62728"


def png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def metric_by_label(analysis: Analysis, metric: str = "f1"):
    """``metric`` per label with 95 % CI error bars: each group (pooled) and the network."""
    labels = [*analysis.labels, MACRO]
    raters = [(r, c) for r, c in _raters(analysis)]
    figure, axes = plt.subplots(figsize=(max(6, 0.9 * len(labels)), 3.6))
    width = 0.8 / max(1, len(raters))
    for i, ((name, kind), colour) in enumerate(raters):
        rows = {r.label: r for r in analysis.rows if r.rater == name and r.rater_kind == kind}
        for j, label in enumerate(labels):
            row = rows[label]
            value = row.values[metric]
            if value is None:
                axes.text(j + (i - (len(raters) - 1) / 2) * width, 0.02, "undef.", rotation=90, fontsize=6, ha="center")
                continue
            low = value - (row.low[metric] if row.low[metric] is not None else value)
            high = (row.high[metric] if row.high[metric] is not None else value) - value
            axes.errorbar(j + (i - (len(raters) - 1) / 2) * width, value, yerr=[[low], [high]], fmt="o", color=colour,
                          capsize=2, label=name if j == 0 else None)  # fmt: skip
    axes.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    axes.set_ylim(0, 1.05)
    axes.set_ylabel(metric)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize=7, loc="upper right")
    axes.set_title(f"{metric} per label (95 % bootstrap CI)")
    return figure


def _raters(analysis: Analysis):
    groups = list(dict.fromkeys(r.rater for r in analysis.rows if r.rater_kind == "group"))
    models = list(dict.fromkeys(r.rater for r in analysis.rows if r.rater_kind == "model"))
    return [((g, "group"), GROUP_COLOURS[i % len(GROUP_COLOURS)]) for i, g in enumerate(groups)] + [
        ((m, "model"), MODEL_COLOUR) for m in models
    ]


def roc_curves(analysis: Analysis, data: ComparisonInput):
    """The network's ROC per label, with each reader (small dots) and group (large) as points."""
    from sklearn.metrics import roc_curve

    labels = analysis.labels
    columns = min(5, len(labels))
    rows_ = int(np.ceil(len(labels) / columns))
    figure, axes = plt.subplots(rows_, columns, figsize=(2.6 * columns, 2.6 * rows_), squeeze=False)
    for k, label in enumerate(labels):
        ax = axes[k // columns][k % columns]
        ax.plot([0, 1], [0, 1], color="#bbb", lw=0.8)
        if data.model_probabilities is not None and data.model is not None:
            rated = data.model.rated
            truth = data.gold[rated, k]
            if truth.any() and not truth.all():
                fpr, tpr, _ = roc_curve(truth, data.model_probabilities[rated, k])
                auc = analysis.auc.get(label)
                ax.plot(fpr, tpr, color=MODEL_COLOUR, lw=1.2, label=f"network AUC {auc:.2f}")
        for row in analysis.rows:
            if row.label != label or row.rater_kind not in ("reader", "group", "model"):
                continue
            sens, spec = row.values["sensitivity"], row.values["specificity"]
            if sens is None or spec is None:
                continue
            style = {"reader": dict(s=10, color="#555"), "group": dict(s=40, color="#1f77b4", marker="s"),
                     "model": dict(s=40, color=MODEL_COLOUR, marker="^")}[row.rater_kind]  # fmt: skip
            ax.scatter([1 - spec], [sens], **style)
        ax.set_title(f"{label} (n+={int(data.gold[:, k].sum())})", fontsize=8)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.tick_params(labelsize=6)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=6, loc="lower right")
    for k in range(len(labels), rows_ * columns):
        axes[k // columns][k % columns].axis("off")
    figure.supxlabel("1 - specificity", fontsize=8)
    figure.supylabel("sensitivity", fontsize=8)
    figure.tight_layout()
    return figure


def confusion_matrices(analysis: Analysis):
    """TP/FP/FN/TN per label for each group (pooled) and the network."""
    raters = [r for r, _ in _raters(analysis)]
    labels = analysis.labels
    figure, axes = plt.subplots(len(raters), 1, figsize=(max(6, 0.8 * len(labels)), 1.6 * len(raters)), squeeze=False)
    for i, (name, kind) in enumerate(raters):
        counts = {r.label: r.counts for r in analysis.rows if r.rater == name and r.rater_kind == kind}
        matrix = np.array([[counts[label][c] or 0 for label in labels] for c in ("tp", "fp", "fn", "tn")])
        ax = axes[i][0]
        ax.imshow(matrix, cmap="Blues", aspect="auto")
        for (y, x), value in np.ndenumerate(matrix):
            ax.text(x, y, str(value), ha="center", va="center", fontsize=7)
        ax.set_yticks(range(4), ["TP", "FP", "FN", "TN"], fontsize=7)
        ax.set_xticks(range(len(labels)), labels, fontsize=7)
        ax.set_title(name, fontsize=8)
    figure.tight_layout()
    return figure


def kappa_matrix(analysis: Analysis):
    """Cohen's kappa between every pair of raters, averaged over the labels where defined."""
    names = list(dict.fromkeys([k.rater_a for k in analysis.cohen] + [k.rater_b for k in analysis.cohen]))
    matrix = np.full((len(names), len(names)), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            values = [
                k.kappa for k in analysis.cohen if {k.rater_a, k.rater_b} == {a, b} and a != b and k.kappa is not None
            ]
            if values:
                matrix[i, j] = np.mean(values)
    figure, ax = plt.subplots(figsize=(1 + 0.6 * max(2, len(names)), 0.8 + 0.6 * max(2, len(names))))
    ax.imshow(matrix, cmap="viridis", vmin=-0.2, vmax=1)
    for (y, x), value in np.ndenumerate(matrix):
        ax.text(x, y, "undef." if np.isnan(value) else f"{value:.2f}", ha="center", va="center", fontsize=7, color="w")
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=7)
    ax.set_yticks(range(len(names)), names, fontsize=7)
    ax.set_title("Cohen's kappa (mean over labels)", fontsize=8)
    figure.tight_layout()
    return figure


def all_figures(analysis: Analysis, data: ComparisonInput) -> dict[str, bytes]:
    figures = {
        "f1": png(metric_by_label(analysis, "f1")),
        "sensitivity": png(metric_by_label(analysis, "sensitivity")),
        "roc": png(roc_curves(analysis, data)),
        "confusion": png(confusion_matrices(analysis)),
    }
    if analysis.cohen:
        figures["kappa"] = png(kappa_matrix(analysis))
    return figures
