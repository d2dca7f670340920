"""The comparison figures (matplotlib, Agg), shared by the dashboard and the reports.

Figures are drawn on Agg canvases directly (``Figure`` + ``FigureCanvasAgg``), not through pyplot:
no global figure registry to open and close, and safe off the GUI thread. A 20-reader study's
figures stay quick to draw (bench/report.py): constrained layout places the axes and the legends
beside them as the figure is drawn (no ``tight_layout`` or ``bbox_inches="tight"`` pass besides),
and text inside the axes (cell values, the panels' own legends) is left out of that layout
(``in_layout=False``), as measuring it would cost as much as drawing it. Each series is one artist (an
``errorbar`` over all labels, not one per point), and a ROC panel draws the curves and operating
points of a group's readers as one artist each; the legend still names every reader."""

from __future__ import annotations

import io
from collections import defaultdict

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ecgreader.analysis.engine import MACRO, Analysis, ComparisonInput

GROUP_COLOURS = ("#1f77b4", "#2ca02c", "#9467bd", "#8c564b")
MODEL_COLOUR = "#d62728"
PNG_DPI = 110  # figures are laid out at the resolution they are saved at: one text layout
LEGEND_FONT = 6  # points
LEGEND_ROW = 1.7 * LEGEND_FONT / 72  # inches per legend entry (text and label spacing)
LEGEND_COLUMN = 1.4  # inches a column of legend entries is allowed beside the axes
ROC_TICKS = (0, 0.2, 0.4, 0.6, 0.8, 1)


def _figure(figsize: tuple[float, float]) -> Figure:
    """A figure on its own Agg canvas, laid out by constrained layout as it is drawn."""
    figure = Figure(figsize=figsize, dpi=PNG_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes at its own size (no ``bbox_inches="tight"`` pass: the layout fits).
    zlib level 1: a third faster to write than the default 6, for files about 6 % larger."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=PNG_DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _legend_columns(entries: int, height: float) -> int:
    """Columns a legend of ``entries`` needs to fit the figure's ``height`` (inches): a fixed-size
    figure does not grow to hold a long legend, as a tight bounding box did."""
    rows = max(1, int(0.9 * height / LEGEND_ROW))
    return max(1, -(-entries // rows))


def metric_by_label(analysis: Analysis, metric: str = "f1"):
    """``metric`` per label with 95 % CI error bars for every series, each named in the legend:
    each group (pooled and its readers' mean), the network, and every reader (small dots)."""
    labels = [*analysis.labels, MACRO]
    series = _series(analysis)
    height = 3.6
    columns = _legend_columns(len(series), height)
    figure = _figure((max(6, 0.9 * len(labels)) + columns * LEGEND_COLUMN, height))
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
                    axes.text(j + x_offset, 0.02, "undef.", rotation=90, fontsize=6, ha="center", in_layout=False)
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
        axes.legend(fontsize=LEGEND_FONT, loc="upper left", bbox_to_anchor=(1.01, 1.0), ncols=columns)
    axes.set_title(
        f"{metric} per label, 95 % CI (Wilson for one rater's proportions, else BCa bootstrap); undef.: undefined"
    )
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
    colour = {g: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(data.groups)}
    group_of = {reader.name: reader.group for reader in data.readers}
    height = 2.8 * rows_
    legend_columns = _legend_columns(len(data.readers) + 2 * len(data.groups) + 1, height)
    figure = _figure((2.8 * columns + legend_columns * LEGEND_COLUMN, height))
    # shared axes: tick labels only on the outer panels, one fixed set of ticks for all
    axes = figure.subplots(rows_, columns, squeeze=False, sharex=True, sharey=True)
    axes[0][0].set(xlim=(0, 1), ylim=(0, 1), xticks=ROC_TICKS, yticks=ROC_TICKS)
    legend = _SharedLegend()
    for k, label in enumerate(labels):
        ax = axes[k // columns][k % columns]
        ax.plot([0, 1], [0, 1], color="#bbb", lw=0.8)
        if data.model_probabilities is not None and data.model is not None:
            rated = data.model.rated
            truth = data.gold[rated, k]
            if truth.any() and not truth.all():
                fpr, tpr = _roc(truth, data.model_probabilities[rated, k])
                auc = analysis.auc.get(label)
                line = ax.plot(fpr, tpr, color=MODEL_COLOUR, lw=1.2)[0]
                ax.legend([line], ["network" if auc is None else f"network AUC {auc:.2f}"], fontsize=LEGEND_FONT,
                          loc="lower right").set_in_layout(False)  # fmt: skip
        _reader_curves(ax, data, k, colour, legend)
        _operating_points(ax, analysis, label, colour, group_of, legend)
        ax.set_title(f"{label} (n+={int(data.gold[:, k].sum())})", fontsize=8)
        ax.tick_params(labelsize=6)
    legend.draw(figure, legend_columns)
    for k in range(len(labels), rows_ * columns):
        axes[k // columns][k % columns].axis("off")
        axes[k // columns - 1][k % columns].tick_params(labelbottom=True)  # the last panel of its column
    figure.supxlabel("1 - specificity", fontsize=8)
    figure.supylabel("sensitivity", fontsize=8)
    return figure


class _SharedLegend:
    """The ROC figure's one legend beside the panels: each reader once (their curve's line and
    their operating point's marker in one entry), then the groups and the network. Entries are
    stand-in lines, as the panels draw a group's readers together in one artist."""

    def __init__(self) -> None:
        self.styles: dict[str, dict] = {}  # legend name -> Line2D style, in order of first appearance

    def add(self, name: str, **style) -> None:
        self.styles.setdefault(name, {"linestyle": "none"}).update(style)

    def draw(self, figure: Figure, columns: int) -> None:
        if self.styles:
            handles = [Line2D([], [], **style) for style in self.styles.values()]
            figure.legend(handles, list(self.styles), fontsize=LEGEND_FONT, loc="outside right upper", ncols=columns)


def _reader_curves(ax, data: ComparisonInput, k: int, colour: dict[str, str], legend: _SharedLegend) -> None:
    """Each reader's empirical ROC curve of label ``k`` from their ratings, a group's in one
    LineCollection (a 20-reader study would otherwise draw 200 separate lines)."""
    curves: dict[str, list[np.ndarray]] = defaultdict(list)
    for reader in data.readers:
        truth = data.gold[reader.rated, k]
        if reader.ratings is None or not truth.any() or truth.all():
            continue
        fpr, tpr = _roc(truth, reader.ratings[reader.rated, k])
        curves[reader.group].append(np.column_stack([fpr, tpr]))
        legend.add(reader.name, color=colour.get(reader.group, "#555"), linestyle="-", lw=0.7)
    for group, lines in curves.items():
        ax.add_collection(LineCollection(lines, colors=colour.get(group, "#555"), linewidths=0.7, alpha=0.7))


def _operating_points(
    ax, analysis: Analysis, label: str, colour: dict[str, str], group_of: dict[str, str], legend: _SharedLegend
) -> None:
    """Every rater's (1 - specificity, sensitivity) on ``label``: the points sharing a style (a
    group's readers) drawn as one marker-only line."""
    points: dict[tuple, tuple[dict, list, list]] = {}
    for row in analysis.rows:
        if row.label != label or row.rater_kind not in ("reader", "group", "group_mean", "model"):
            continue
        sens, spec = row.values["sensitivity"], row.values["specificity"]
        if sens is None or spec is None:
            continue
        style = _point_style(row, colour, group_of)
        name = style.pop("label")
        legend.add(name, **{key: value for key, value in style.items() if key != "zorder"})
        _, x, y = points.setdefault(tuple(style.items()), (style, [], []))
        x.append(1 - spec)
        y.append(sens)
    for style, x, y in points.values():
        ax.plot(x, y, linestyle="none", **style)


def _roc(truth: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(false, true positive rates) of the empirical ROC curve at every distinct score, from (0, 0),
    keeping only its corners (as sklearn's ``roc_curve`` with ``drop_intermediate``). In numpy,
    as a 20-reader study draws 200 curves and sklearn's input checks cost more than the curves.
    ``truth`` needs positive and negative cases."""
    order = np.argsort(-scores, kind="mergesort")
    ranked, positive = scores[order], truth[order].astype(bool)
    last_of_each_score = np.r_[np.flatnonzero(np.diff(ranked)), ranked.size - 1]
    tps = np.cumsum(positive)[last_of_each_score]
    fps = last_of_each_score + 1 - tps
    if tps.size > 2:
        corner = np.r_[True, np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), True]
        tps, fps = tps[corner], fps[corner]
    tps, fps = np.r_[0, tps], np.r_[0, fps]
    return fps / fps[-1], tps / tps[-1]


def _point_style(row, colour: dict[str, str], group_of: dict[str, str]) -> dict:
    """An operating point's marker, colour and legend name, drawn as a marker-only line rather than
    a scatter collection (same look, a fraction of the cost): size in points, the square root of
    scatter's area; beneath the curves, as scatter's collections were (zorder 1)."""
    if row.rater_kind == "model":
        return dict(ms=np.sqrt(40), color=MODEL_COLOUR, marker="^", zorder=1, label="network at its threshold")
    if row.rater_kind == "reader":
        group = group_of.get(row.rater)
        return dict(ms=np.sqrt(14), color=colour.get(group, "#555"), marker="o", zorder=1, label=f"{row.rater}")
    pooled = row.rater_kind == "group"
    return dict(ms=np.sqrt(45), color=colour.get(row.rater, "#1f77b4"), marker="s" if pooled else "D",
                mfc=None if pooled else "none", zorder=1,
                label=f"{row.rater} ({'pooled' if pooled else 'mean'})")  # fmt: skip


def confusion_matrices(analysis: Analysis):
    """TP/FP/FN/TN per label for each group (pooled) and the network; needs at least one of them."""
    raters = [r for r, _ in _raters(analysis)]
    labels = analysis.labels
    figure = _figure((max(6, 0.8 * len(labels)), 1.6 * len(raters)))
    axes = figure.subplots(len(raters), 1, squeeze=False)
    for i, (name, kind) in enumerate(raters):
        counts = {r.label: r.counts for r in analysis.rows if r.rater == name and r.rater_kind == kind}
        matrix = np.array([[counts[label][c] or 0 for label in labels] for c in ("tp", "fp", "fn", "tn")])
        ax = axes[i][0]
        ax.imshow(matrix, cmap="Blues", aspect="auto")
        dark = matrix.max() / 2  # the colour map's darker half: white numbers
        for (y, x), value in np.ndenumerate(matrix):
            colour = "w" if value > dark else "k"
            ax.text(x, y, str(value), ha="center", va="center", fontsize=7, color=colour, in_layout=False)
        ax.set_yticks(range(4), ["TP", "FP", "FN", "TN"], fontsize=7)
        ax.set_xticks(range(len(labels)), labels, fontsize=7)
        ax.set_title(name, fontsize=8)
    return figure


def kappa_matrix(analysis: Analysis):
    """Cohen's kappa between every pair of raters, averaged over the labels where defined.

    Each pair once, below the diagonal: the matrix is symmetric and its diagonal is 1, so the upper
    triangle would repeat every number (a 20-reader study's figure then draws 210 numbers, not 441)."""
    names = list(dict.fromkeys([k.rater_a for k in analysis.cohen] + [k.rater_b for k in analysis.cohen]))
    index = {name: i for i, name in enumerate(names)}
    kappas = defaultdict(list)  # (later rater, earlier rater) → the pair's defined kappas over the labels
    for k in analysis.cohen:
        if k.rater_a != k.rater_b and k.kappa is not None:
            earlier, later = sorted((index[k.rater_a], index[k.rater_b]))
            kappas[later, earlier].append(k.kappa)
    cells = max(1, len(names) - 1)
    matrix = np.full((cells, cells), np.nan)  # row i: names[i + 1]; column j: names[j]; NaN: undefined
    for (later, earlier), values in kappas.items():
        matrix[later - 1, earlier] = np.mean(values)
    above = np.triu(np.ones((cells, cells), bool), k=1)
    figure = _figure((1 + 0.6 * max(2, cells), 0.8 + 0.6 * max(2, cells)))
    ax = figure.subplots()
    ax.imshow(np.ma.masked_array(matrix, above), cmap="viridis", vmin=-0.2, vmax=1)
    for (y, x), value in np.ndenumerate(matrix):
        if x <= y:  # undefined on the blank background in grey, a kappa on its colour in white
            text, colour = ("undef.", "#555") if np.isnan(value) else (f"{value:.2f}", "w")
            ax.text(x, y, text, ha="center", va="center", fontsize=7, color=colour, in_layout=False)
    ax.set_xticks(range(cells), names[:cells], rotation=45, ha="right", fontsize=7)
    ax.set_yticks(range(cells), names[1:] or names, fontsize=7)
    ax.set_title("Cohen's kappa (mean over labels)", fontsize=8)
    return figure


def draw_figures(analysis: Analysis, data: ComparisonInput) -> dict[str, Figure]:
    """Every comparison figure that has something to show, by name, ready to be saved (the PDF
    takes their pixels directly). A study nobody has read yet, and no network has run on, has no
    figure: an empty panel would look like a result, and matplotlib cannot lay out a grid of no
    raters."""
    figures = {}
    for metric in ("f1", "sensitivity"):
        if any(row.values.get(metric) is not None for row in analysis.rows):
            figures[metric] = metric_by_label(analysis, metric)
    if analysis.rows:  # a reader or the network rated a case: an operating point or a curve
        figures["roc"] = roc_curves(analysis, data)
    if _raters(analysis):
        figures["confusion"] = confusion_matrices(analysis)
    if analysis.cohen:
        figures["kappa"] = kappa_matrix(analysis)
    return figures


def all_figures(analysis: Analysis, data: ComparisonInput) -> dict[str, bytes]:
    """Every comparison figure as PNG bytes (the dashboard and the HTML report)."""
    return {name: png(figure) for name, figure in draw_figures(analysis, data).items()}
