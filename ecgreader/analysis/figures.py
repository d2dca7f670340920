"""The comparison figures (matplotlib, Agg), shared by the dashboard and the reports.

Figures are drawn on Agg canvases directly (``Figure`` + ``FigureCanvasAgg``), not through pyplot:
no global figure registry to open and close, and safe off the GUI thread; each series is one
artist (an ``errorbar`` over all labels, not one per point), which keeps a 20-reader study's
figures quick to draw."""

from __future__ import annotations

import io
from collections import defaultdict

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ecgreader.analysis.engine import MACRO, Analysis, ComparisonInput

GROUP_COLOURS = ("#1f77b4", "#2ca02c", "#9467bd", "#8c564b")
MODEL_COLOUR = "#d62728"
PNG_DPI = 110  # figures are laid out (tight_layout) at the resolution they are saved at: one text layout


def _figure(figsize: tuple[float, float]) -> Figure:
    """A figure on its own Agg canvas."""
    figure = Figure(figsize=figsize, dpi=PNG_DPI)
    FigureCanvasAgg(figure)
    return figure


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=PNG_DPI, bbox_inches="tight")
    return buffer.getvalue()


def metric_by_label(analysis: Analysis, metric: str = "f1"):
    """``metric`` per label with 95 % CI error bars for every series, each named in the legend:
    each group (pooled and its readers' mean), the network, and every reader (small dots)."""
    labels = [*analysis.labels, MACRO]
    series = _series(analysis)
    figure = _figure((max(6, 0.9 * len(labels)), 3.6))
    axes = figure.subplots()
    width = 0.8 / max(1, len(series))
    rows_of = _rows_by_rater(analysis)
    for i, (name, kind, legend, style) in enumerate(series):
        rows = {r.label: r for r in rows_of[name, kind]}
        x_offset = (i - (len(series) - 1) / 2) * width
        x, y, low, high = [], [], [], []
        for j, label in enumerate(labels):
            row = rows.get(label)
            value = None if row is None else row.values.get(metric)
            if value is None:
                if kind != "reader":
                    axes.text(j + x_offset, 0.02, "undef.", rotation=90, fontsize=6, ha="center")
                continue
            x.append(j + x_offset)
            y.append(value)
            low.append(value - (row.low.get(metric) if row.low.get(metric) is not None else value))
            high.append((row.high.get(metric) if row.high.get(metric) is not None else value) - value)
        if x:  # one artist per series, named in the legend only where it has a defined value
            error = None if kind == "reader" else [low, high]
            axes.errorbar(x, y, yerr=error, capsize=2, label=legend, **style)
    axes.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    axes.set_ylim(0, 1.05)
    axes.set_ylabel(metric)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axes.set_title(f"{metric} per label (95 % bootstrap CI; readers without)")
    return figure


def _rows_by_rater(analysis: Analysis) -> dict[tuple[str, str], list]:
    """The analysis rows of each (rater, kind), in their order: one pass instead of one per series."""
    rows = defaultdict(list)
    for row in analysis.rows:
        rows[row.rater, row.rater_kind].append(row)
    return rows


def _series(analysis: Analysis) -> list[tuple[str, str, str, dict]]:
    """(rater, kind, legend text, matplotlib style) of every series a figure shows: groups pooled,
    group means, the network, then each reader."""
    groups = list(dict.fromkeys(r.rater for r in analysis.rows if r.rater_kind == "group"))
    colour = {g: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(groups)}
    series = []
    for group in groups:
        series.append((group, "group", f"{group} (pooled)", dict(fmt="o", color=colour[group])))
        series.append((group, "group_mean", f"{group} (mean of readers)", dict(fmt="D", color=colour[group],
                                                                                   mfc="white")))  # fmt: skip
    for model in dict.fromkeys(r.rater for r in analysis.rows if r.rater_kind == "model"):
        series.append((model, "model", f"network: {model}", dict(fmt="^", color=MODEL_COLOUR)))
    for row in analysis.rows:
        if row.rater_kind == "reader" and not any(s[0] == row.rater and s[1] == "reader" for s in series):
            style = dict(fmt=".", color="#555", alpha=0.6, ms=4)
            series.append((row.rater, "reader", f"reader {row.rater}", style))
    return series


def _raters(analysis: Analysis):
    groups = list(dict.fromkeys(r.rater for r in analysis.rows if r.rater_kind == "group"))
    models = list(dict.fromkeys(r.rater for r in analysis.rows if r.rater_kind == "model"))
    return [((g, "group"), GROUP_COLOURS[i % len(GROUP_COLOURS)]) for i, g in enumerate(groups)] + [
        ((m, "model"), MODEL_COLOUR) for m in models
    ]


def roc_curves(analysis: Analysis, data: ComparisonInput):
    """ROC per label: the network's curve, each reader's empirical curve from their ratings
    (rating-scale studies) with their operating point (their present/absent decisions), and each
    group's pooled and mean operating points; every series is named in the legend."""
    labels = analysis.labels
    columns = min(5, len(labels))
    rows_ = int(np.ceil(len(labels) / columns))
    figure = _figure((2.8 * columns, 2.8 * rows_))
    axes = figure.subplots(rows_, columns, squeeze=False)
    groups = data.groups
    colour = {g: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(groups)}
    for k, label in enumerate(labels):
        ax = axes[k // columns][k % columns]
        ax.plot([0, 1], [0, 1], color="#bbb", lw=0.8)
        if data.model_probabilities is not None and data.model is not None:
            rated = data.model.rated
            truth = data.gold[rated, k]
            if truth.any() and not truth.all():
                fpr, tpr = _roc(truth, data.model_probabilities[rated, k])
                auc = analysis.auc.get(label)
                name = "network" if auc is None else f"network AUC {auc:.2f}"
                ax.plot(fpr, tpr, color=MODEL_COLOUR, lw=1.2, label=name)
        for reader in data.readers:
            truth = data.gold[reader.rated, k]
            if reader.ratings is None or not truth.any() or truth.all():
                continue
            fpr, tpr = _roc(truth, reader.ratings[reader.rated, k])
            ax.plot(fpr, tpr, color=colour.get(reader.group, "#555"), lw=0.7, alpha=0.7, label=f"{reader.name} ROC")
        for row in analysis.rows:
            if row.label != label or row.rater_kind not in ("reader", "group", "group_mean", "model"):
                continue
            sens, spec = row.values["sensitivity"], row.values["specificity"]
            if sens is None or spec is None:
                continue
            ax.plot([1 - spec], [sens], linestyle="none", **_point_style(row, colour, data))
        ax.set_title(f"{label} (n+={int(data.gold[:, k].sum())})", fontsize=8)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.tick_params(labelsize=6)
    _one_legend(figure, [axes[k // columns][k % columns] for k in range(len(labels))])
    for k in range(len(labels), rows_ * columns):
        axes[k // columns][k % columns].axis("off")
    figure.supxlabel("1 - specificity", fontsize=8)
    figure.supylabel("sensitivity", fontsize=8)
    figure.tight_layout()
    return figure


def _roc(truth: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(false, true positive rates) of sklearn's ROC curve, without its keyword validation: a
    20-reader study draws 200 curves, and the checks cost more than the curves."""
    from sklearn import config_context
    from sklearn.metrics import roc_curve

    with config_context(skip_parameter_validation=True):
        fpr, tpr, _ = roc_curve(truth, scores)
    return fpr, tpr


def _one_legend(figure, panels) -> None:
    """Each panel keeps the network's AUC (it differs per label); every other series is named
    once, in one legend beside the panels, so many readers do not bury the curves."""
    shared: dict[str, object] = {}
    for ax in panels:
        handles, names = ax.get_legend_handles_labels()
        own = [(h, n) for h, n in zip(handles, names, strict=True) if n.startswith("network AUC")]
        if own:
            ax.legend(*zip(*own, strict=True), fontsize=6, loc="lower right")
        for handle, name in zip(handles, names, strict=True):
            if not name.startswith("network AUC"):
                shared.setdefault(name, handle)
    if shared:
        figure.legend(list(shared.values()), list(shared), fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def _point_style(row, colour: dict[str, str], data: ComparisonInput) -> dict:
    """An operating point's marker, colour and legend name, drawn as a marker-only line rather than
    a scatter collection (same look, a fraction of the cost): size in points, the square root of
    scatter's area; beneath the curves, as scatter's collections were (zorder 1)."""
    if row.rater_kind == "model":
        return dict(ms=np.sqrt(40), color=MODEL_COLOUR, marker="^", zorder=1, label="network at its threshold")
    if row.rater_kind == "reader":
        group = next((r.group for r in data.readers if r.name == row.rater), None)
        return dict(ms=np.sqrt(14), color=colour.get(group, "#555"), marker="o", zorder=1, label=f"{row.rater}")
    pooled = row.rater_kind == "group"
    return dict(ms=np.sqrt(45), color=colour.get(row.rater, "#1f77b4"), marker="s" if pooled else "D",
                mfc=None if pooled else "none", zorder=1,
                label=f"{row.rater} ({'pooled' if pooled else 'mean'})")  # fmt: skip


def confusion_matrices(analysis: Analysis):
    """TP/FP/FN/TN per label for each group (pooled) and the network."""
    raters = [r for r, _ in _raters(analysis)]
    labels = analysis.labels
    figure = _figure((max(6, 0.8 * len(labels)), 1.6 * len(raters)))
    axes = figure.subplots(len(raters), 1, squeeze=False)
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
    index = {name: i for i, name in enumerate(names)}
    kappas = defaultdict(list)  # (i, j) → the pair's defined kappas over the labels, both orders
    for k in analysis.cohen:
        if k.rater_a != k.rater_b and k.kappa is not None:
            a, b = index[k.rater_a], index[k.rater_b]
            kappas[a, b].append(k.kappa)
            kappas[b, a].append(k.kappa)
    matrix = np.full((len(names), len(names)), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for (i, j), values in kappas.items():
        matrix[i, j] = np.mean(values)
    figure = _figure((1 + 0.6 * max(2, len(names)), 0.8 + 0.6 * max(2, len(names))))
    ax = figure.subplots()
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
