"""The comparison the study exists for: readers, reader groups and the network against the gold
standard, per label and macro-averaged, with bootstrap confidence intervals and tests.

Everything is computed from counts, so one matrix product per rater gives the counts of every
bootstrap resample at once: with W (B, N) the number of times each case is drawn in each
resample, TP (B, K) = W @ (decision & gold). Metrics undefined in the data (no positives, no
predicted positives) are NaN here and None/empty in every output.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from ecgreader.analysis.binary import METRICS, auc, macro, metrics_from_counts

MACRO = "macro"


@dataclass(frozen=True)
class Rater:
    """One reader, or the network: decisions (N, K) on the cases it rated (``rated``, (N,));
    a reader of a rating-scale study also has its ratings (N, K) (NaN where not rated)."""

    name: str
    kind: str  # "reader" or "model"
    decisions: np.ndarray
    rated: np.ndarray
    group: str | None = None
    ratings: np.ndarray | None = None


@dataclass(frozen=True)
class ComparisonInput:
    labels: tuple[str, ...]
    gold: np.ndarray  # (N, K) bool
    readers: list[Rater]
    model: Rater | None = None
    model_probabilities: np.ndarray | None = None  # (N, K)
    case_positions: np.ndarray | None = None
    rating_scale: str = "binary"  # "binary" (present/absent), "1-5" or "0-100"

    @property
    def groups(self) -> list[str]:
        return list(dict.fromkeys(r.group for r in self.readers if r.group))


@dataclass
class MetricRow:
    label: str
    rater: str
    rater_kind: str  # reader, group (pooled), group_mean, model
    counts: dict[str, int | None]
    values: dict[str, float | None]
    low: dict[str, float | None] = field(default_factory=dict)
    high: dict[str, float | None] = field(default_factory=dict)
    extra: dict[str, float | None] = field(default_factory=dict)  # min/max for group means


def _none(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def _counts(weights: np.ndarray, gold: np.ndarray, decisions: np.ndarray, rated: np.ndarray):
    """Counts (B, K) for one rater: weights (B, N), gold/decisions (N, K), rated (N,)."""
    rated = rated[:, None]
    w = weights.astype(float)
    return (
        w @ (decisions & gold & rated),
        w @ (decisions & ~gold & rated),
        w @ (~decisions & gold & rated),
        w @ (~decisions & ~gold & rated),
    )


def macro_label_set(gold: np.ndarray) -> np.ndarray:
    """(K,) bool: the fixed label set every macro average runs over, for every rater and
    resample: the labels whose gold standard has both positive and negative cases."""
    gold = gold.astype(bool)
    return gold.any(axis=0) & (~gold).any(axis=0)


def macro_over(values: np.ndarray, label_set: np.ndarray) -> np.ndarray:
    """Mean over the last axis restricted to ``label_set`` (K,); NaN where any of those labels is
    undefined (a rater or resample is never averaged over a different set of labels)."""
    if not label_set.any():
        return np.full(values.shape[:-1], np.nan)
    return values[..., label_set].mean(axis=-1)


def _nanmean_last(values: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        defined = np.isfinite(values)
        total = np.where(defined, values, 0.0).sum(axis=-1)
        count = defined.sum(axis=-1)
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def percentile_interval(samples: np.ndarray, point: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2.5th and 97.5th percentiles over resamples (axis 0), NaN where the point is undefined.

    The percentile bootstrap interval of every estimate here and of the training ablation.
    """
    with np.errstate(invalid="ignore"), _ignore_all_nan():
        low, high = np.nanpercentile(samples, [2.5, 97.5], axis=0)
    undefined = ~np.isfinite(point)
    return np.where(undefined, np.nan, low), np.where(undefined, np.nan, high)


@contextmanager
def _ignore_all_nan():
    """Silence numpy's warnings for slices with no defined value: they are expected here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.filterwarnings("ignore", message=".*is undefined and set to.*")  # sklearn's kappa
        yield


def bootstrap_weights(n_cases: int, resamples: int, seed: int) -> np.ndarray:
    """(resamples, n_cases) counts of each case in each percentile-bootstrap resample."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_cases, size=(resamples, n_cases))
    weights = np.zeros((resamples, n_cases), dtype=np.int32)
    np.add.at(weights, (np.arange(resamples)[:, None], draws), 1)
    return weights


@dataclass
class RaterStatistics:
    """Per-metric arrays for one rater: point (K + 1,) and resamples (B, K + 1); last = macro."""

    counts: tuple[np.ndarray, ...]  # point counts (K,) each
    point: dict[str, np.ndarray]
    resamples: dict[str, np.ndarray]


def rater_statistics(gold, decisions_list, rated_list, weights) -> RaterStatistics:
    """Pooled statistics of one or more raters (a group pools its readers' reads)."""
    ones = np.ones((1, gold.shape[0]), dtype=np.int32)
    point_counts = [
        sum(c)
        for c in zip(*(_counts(ones, gold, d, r) for d, r in zip(decisions_list, rated_list, strict=True)), strict=True)
    ]
    sample_counts = [
        sum(c)
        for c in zip(
            *(_counts(weights, gold, d, r) for d, r in zip(decisions_list, rated_list, strict=True)), strict=True
        )
    ]
    point_metrics = metrics_from_counts(*point_counts)
    sample_metrics = metrics_from_counts(*sample_counts)
    label_set = macro_label_set(gold)
    point = {m: np.concatenate([v[0], [macro_over(v, label_set)[0]]]) for m, v in point_metrics.items()}
    resamples = {m: np.concatenate([v, macro_over(v, label_set)[:, None]], axis=1) for m, v in sample_metrics.items()}
    return RaterStatistics(tuple(c[0] for c in point_counts), point, resamples)


def metric_rows(name: str, kind: str, labels, stats: RaterStatistics) -> list[MetricRow]:
    intervals = {metric: percentile_interval(stats.resamples[metric], stats.point[metric]) for metric in METRICS}
    rows = []
    for k, label in enumerate([*labels, MACRO]):
        counts = (
            dict(zip(("tp", "fp", "fn", "tn"), (int(round(c[k])) for c in stats.counts), strict=True))
            if k < len(labels)
            else dict.fromkeys(("tp", "fp", "fn", "tn"))
        )
        values = {metric: _none(stats.point[metric][k]) for metric in METRICS}
        low = {metric: _none(intervals[metric][0][k]) for metric in METRICS}
        high = {metric: _none(intervals[metric][1][k]) for metric in METRICS}
        rows.append(MetricRow(label, name, kind, counts, values, low, high))
    return rows


@dataclass
class DifferenceRow:
    label: str
    group: str
    metric: str
    difference: float | None  # network minus the group's pooled reads
    low: float | None
    high: float | None


@dataclass
class McNemarRow:
    """One reader against the network on the cases both rated (pairs are independent only
    within one reader; pooling a group's reads would make them dependent, so there is no pooled test)."""

    label: str
    group: str
    reader: str
    network_only_correct: int  # b: network right, reader wrong
    reader_only_correct: int  # c
    statistic: float | None
    p_value: float | None
    method: str  # "exact binomial" or "chi-square with continuity correction"


@dataclass
class KappaRow:
    label: str
    rater_a: str
    rater_b: str
    kappa: float | None
    cases: int


@dataclass
class OperatingPoint:
    label: str
    group: str
    group_mean_specificity: float | None
    network_sensitivity: float | None  # at the best threshold whose specificity reaches it


@dataclass
class Analysis:
    labels: tuple[str, ...]
    n_cases: int
    bootstrap: int
    seed: int
    rows: list[MetricRow]
    differences: list[DifferenceRow]
    auc: dict[str, float | None]
    operating_points: list[OperatingPoint]
    mcnemar: list[McNemarRow]
    cohen: list[KappaRow]
    fleiss: list[KappaRow]


EXACT_MCNEMAR_BELOW = 25  # discordant pairs; the chi-square approximation is poor below this


def mcnemar_test(b: int, c: int) -> tuple[float | None, float | None, str]:
    """McNemar's test on discordant counts: exact binomial for small counts, else chi-square."""
    from statsmodels.stats.contingency_tables import mcnemar

    if b + c == 0:
        return None, None, "undefined (no discordant pairs)"
    exact = b + c < EXACT_MCNEMAR_BELOW
    result = mcnemar([[0, b], [c, 0]], exact=exact, correction=True)
    method = "exact binomial" if exact else "chi-square with continuity correction"
    return _none(result.statistic), _none(result.pvalue), method


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float | None:
    """Cohen's kappa of two binary raters: (p_o - p_e) / (1 - p_e); undefined when p_e = 1.

    Computed from the 2x2 counts directly (it is called for every pair of raters and label;
    tests check it against scikit-learn's ``cohen_kappa_score``).
    """
    a, b = np.asarray(a, bool), np.asarray(b, bool)
    n = len(a)
    if n == 0:
        return None
    observed = float((a == b).mean())
    p_a, p_b = a.mean(), b.mean()
    expected = float(p_a * p_b + (1 - p_a) * (1 - p_b))
    return None if expected >= 1.0 else (observed - expected) / (1.0 - expected)


def fleiss_kappa(decisions: np.ndarray) -> float | None:
    """Fleiss' kappa for (cases, raters) binary decisions."""
    from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

    if decisions.shape[0] == 0 or decisions.shape[1] < 2:
        return None
    positives = decisions.sum(axis=1)
    table = np.stack([decisions.shape[1] - positives, positives], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"), _ignore_all_nan():
        return _none(statsmodels_fleiss(table))


def sensitivity_at_specificity(truth: np.ndarray, scores: np.ndarray, specificity: float) -> float | None:
    """Highest sensitivity among thresholds whose specificity is at least ``specificity``."""
    truth = truth.astype(bool)
    if not truth.any() or truth.all() or specificity is None:
        return None
    thresholds = np.unique(np.r_[scores, np.inf])
    predicted = scores[None, :] >= thresholds[:, None]
    sens = (predicted & truth).sum(1) / truth.sum()
    spec = (~predicted & ~truth).sum(1) / (~truth).sum()
    allowed = spec >= specificity - 1e-12
    return float(sens[allowed].max()) if allowed.any() else None


def analyse(data: ComparisonInput, bootstrap: int = 1000, seed: int = 0) -> Analysis:
    """Every metric, interval and test of the comparison (see the module docstring)."""
    gold = data.gold.astype(bool)
    n_cases, n_labels = gold.shape
    weights = bootstrap_weights(n_cases, bootstrap, seed)
    labels = data.labels
    rows: list[MetricRow] = []
    reader_stats: dict[str, RaterStatistics] = {}
    for reader in data.readers:
        stats = rater_statistics(gold, [reader.decisions.astype(bool)], [reader.rated.astype(bool)], weights)
        reader_stats[reader.name] = stats
        rows += metric_rows(reader.name, "reader", labels, stats)
    group_stats: dict[str, RaterStatistics] = {}
    for group in data.groups:
        members = [r for r in data.readers if r.group == group]
        stats = rater_statistics(
            gold, [r.decisions.astype(bool) for r in members], [r.rated.astype(bool) for r in members], weights
        )
        group_stats[group] = stats
        rows += metric_rows(group, "group", labels, stats)
        rows += _group_mean_rows(group, labels, [reader_stats[r.name] for r in members])
    model_stats = None
    if data.model is not None:
        model_stats = rater_statistics(
            gold, [data.model.decisions.astype(bool)], [data.model.rated.astype(bool)], weights
        )
        rows += metric_rows(data.model.name, "model", labels, model_stats)
    differences = []
    if model_stats is not None:
        for group, stats in group_stats.items():
            for metric in ("sensitivity", "specificity", "ppv", "f1"):
                point = model_stats.point[metric] - stats.point[metric]
                low, high = percentile_interval(model_stats.resamples[metric] - stats.resamples[metric], point)
                for k, label in enumerate([*labels, MACRO]):
                    differences.append(
                        DifferenceRow(label, group, metric, _none(point[k]), _none(low[k]), _none(high[k]))
                    )
    aucs: dict[str, float | None] = {}
    operating_points: list[OperatingPoint] = []
    if data.model_probabilities is not None:
        rated = data.model.rated.astype(bool) if data.model is not None else np.ones(n_cases, bool)
        for k, label in enumerate(labels):
            aucs[label] = auc(gold[rated, k], data.model_probabilities[rated, k])
            for group in data.groups:
                mean_spec = _group_mean_value(
                    [reader_stats[r.name] for r in data.readers if r.group == group], "specificity", k
                )
                sens = sensitivity_at_specificity(gold[rated, k], data.model_probabilities[rated, k], mean_spec)
                operating_points.append(OperatingPoint(label, group, mean_spec, sens))
        aucs[MACRO] = macro(list(aucs.values()))
    mcnemar_rows = _mcnemar_rows(data, gold) if data.model is not None else []
    cohen_rows, fleiss_rows = _agreement(data)
    return Analysis(
        labels,
        n_cases,
        bootstrap,
        seed,
        rows,
        differences,
        aucs,
        operating_points,
        mcnemar_rows,
        cohen_rows,
        fleiss_rows,
    )


def _group_mean_value(members: list[RaterStatistics], metric: str, k: int) -> float | None:
    return macro([_none(m.point[metric][k]) for m in members])


def _group_mean_rows(group: str, labels, members: list[RaterStatistics]) -> list[MetricRow]:
    """Mean over the group's readers, with the readers' min and max and a bootstrap CI."""
    rows = []
    for k, label in enumerate([*labels, MACRO]):
        values, low, high, extra = {}, {}, {}, {}
        for metric in METRICS:
            points = np.array([m.point[metric][k] for m in members])
            samples = np.stack([m.resamples[metric][:, k] for m in members], axis=1)  # (B, readers)
            mean = _nanmean_last(points[None, :])
            lo, hi = percentile_interval(_nanmean_last(samples)[:, None], mean)
            values[metric], low[metric], high[metric] = _none(mean[0]), _none(lo[0]), _none(hi[0])
            defined = points[np.isfinite(points)]
            extra[f"{metric}_min"] = _none(defined.min()) if defined.size else None
            extra[f"{metric}_max"] = _none(defined.max()) if defined.size else None
            extra[f"{metric}_readers"] = int(defined.size)  # readers whose value is defined (of len(members))
        rows.append(
            MetricRow(label, group, "group_mean", dict.fromkeys(("tp", "fp", "fn", "tn")), values, low, high, extra)
        )
    return rows


def _mcnemar_rows(data: ComparisonInput, gold: np.ndarray) -> list[McNemarRow]:
    """McNemar's test of each reader against the network, per label, on the cases both rated."""
    rows = []
    model_correct = data.model.decisions.astype(bool) == gold  # (N, K)
    for group in data.groups:
        for reader in (r for r in data.readers if r.group == group):
            both = reader.rated.astype(bool) & data.model.rated.astype(bool)
            for k, label in enumerate(data.labels):
                reader_correct = reader.decisions[:, k].astype(bool) == gold[:, k]
                b = int((model_correct[:, k] & ~reader_correct & both).sum())
                c = int((~model_correct[:, k] & reader_correct & both).sum())
                statistic, p_value, method = mcnemar_test(b, c)
                rows.append(McNemarRow(label, group, reader.name, b, c, statistic, p_value, method))
    return rows


def _agreement(data: ComparisonInput) -> tuple[list[KappaRow], list[KappaRow]]:
    raters = list(data.readers) + ([data.model] if data.model is not None else [])
    cohen, fleiss = [], []
    for k, label in enumerate(data.labels):
        for i, a in enumerate(raters):
            for b in raters[i + 1 :]:
                both = a.rated.astype(bool) & b.rated.astype(bool)
                value = cohen_kappa(a.decisions[both, k], b.decisions[both, k])
                cohen.append(KappaRow(label, a.name, b.name, value, int(both.sum())))
        for group in data.groups:
            members = [r for r in data.readers if r.group == group]
            everyone = np.all([r.rated.astype(bool) for r in members], axis=0)
            matrix = np.stack([r.decisions[everyone, k] for r in members], axis=1).astype(int)
            fleiss.append(KappaRow(label, group, f"{len(members)} readers", fleiss_kappa(matrix), int(everyone.sum())))
    return cohen, fleiss


@dataclass
class PhaseChangeRow:
    label: str
    rater: str
    rater_kind: str
    metric: str
    unaided: float | None
    aided: float | None
    change: float | None  # aided minus unaided; undefined if either is


def phase_changes(unaided: Analysis, aided: Analysis) -> list[PhaseChangeRow]:
    """How each reader's and group's metrics changed once they had seen the network's opinion."""
    before = {(r.label, r.rater, r.rater_kind): r for r in unaided.rows}
    rows = []
    for after in aided.rows:
        if after.rater_kind == "model" or (after.label, after.rater, after.rater_kind) not in before:
            continue
        first = before[(after.label, after.rater, after.rater_kind)]
        for metric in ("sensitivity", "specificity", "ppv", "f1"):
            a, b = first.values[metric], after.values[metric]
            change = None if a is None or b is None else b - a
            rows.append(PhaseChangeRow(after.label, after.rater, after.rater_kind, metric, a, b, change))
    return rows
