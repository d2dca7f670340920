"""The comparison the study exists for: readers, reader groups and the network against the gold
standard, per label and macro-averaged, with bootstrap confidence intervals and tests.

Everything is computed from counts, so one matrix product gives the counts of every rater in
every bootstrap resample at once: with W (B, N) the number of times each case is drawn in each
resample, TP (B, K) = W @ (decision & gold). Metrics undefined in the data (no positives, no
predicted positives) are NaN here and None/empty in every output.

Intervals (``analysis.intervals``): a single rater's proportions (sensitivity, specificity, PPV,
NPV, accuracy) get Wilson's score interval (Wilson 1927), which stays non-degenerate at 0 and 1;
F1, macro averages, pooled group reads, group means, differences, aided − unaided changes and
Fleiss' kappa get the BCa bootstrap over cases (the same resamples for every rater, so differences
are paired), with Wilson's interval on one reader's worth of cases where a pooled proportion or
group mean has a degenerate bootstrap (every resample the same value, as at 0 or 1); the other
estimates have no interval there (undefined, see ``analysis.intervals``). BCa's acceleration needs every
estimate once without each case: for counts that is the point counts minus the case's own
(TP, FP, FN, TN), so the jackknife costs no loop. The network's AUC gets DeLong's variance, per
label and, through the labels' covariance, for the macro AUC (``analysis.label_aucs``); Cohen's
kappa the large-sample variance of Fleiss, Cohen & Everitt (1969).
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import numpy as np

from ecgreader.analysis.binary import METRICS, metrics_from_counts
from ecgreader.analysis.intervals import Z_95, bca_interval, bootstrap_weights, degenerate, wilson_interval
from ecgreader.analysis.label_aucs import label_aucs_and_covariance, macro_auc_interval, normal_interval

MACRO = "macro"


@dataclass(frozen=True)
class Rater:
    """One reader, or the network: decisions (N, K) on the cases it rated (``rated``, (N,));
    a reader of a rating-scale study also has its ratings (N, K) (NaN where not rated).

    A case the reader read as "cannot be assessed" is not rated: it is no negative read, so it
    stays out of the reader's sensitivity and specificity; ``unassessable`` counts such cases."""

    name: str
    kind: str  # "reader" or "model"
    decisions: np.ndarray
    rated: np.ndarray
    group: str | None = None
    ratings: np.ndarray | None = None
    unassessable: int = 0  # cases with a gold standard read as "cannot be assessed"


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
    cases: int | None = None  # cases rated (reader, network); reads pooled (group); cases read by any member (mean)


def _none(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def slot_counts(
    weights: np.ndarray, gold: np.ndarray, slots: list[tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counts TP, FP, FN, TN of S (decisions (N, K), rated (N,)) slots: on the data (S, 4, K), in
    each of B weightings (B, N) of the cases (S, 4, B, K), from one matrix product (the bulk of the
    analysis's time), and without each case in turn (S, 4, N, K): the point counts minus the case's."""
    n_cases, n_labels = gold.shape
    indicators = np.empty((n_cases, len(slots), 4, n_labels), dtype=np.float64)
    for s, (decisions, rated) in enumerate(slots):
        decided = decisions.astype(bool) & rated.astype(bool)[:, None]
        missed = ~decisions.astype(bool) & rated.astype(bool)[:, None]
        indicators[:, s, 0] = decided & gold
        indicators[:, s, 1] = decided & ~gold
        indicators[:, s, 2] = missed & gold
        indicators[:, s, 3] = missed & ~gold
    point = indicators.sum(axis=0)  # (S, 4, K)
    samples = np.asarray(weights, dtype=np.float64) @ indicators.reshape(n_cases, -1)  # (B, S·4·K)
    samples = samples.reshape(len(weights), len(slots), 4, n_labels).transpose(1, 2, 0, 3)
    leave_one_out = (point[None] - indicators).transpose(1, 2, 0, 3)
    return point, samples, leave_one_out


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


# numerator and denominator of each proportion, as sums of the counts TP, FP, FN, TN (indices 0-3)
PROPORTIONS = {
    "sensitivity": ((0,), (0, 2)),
    "specificity": ((3,), (3, 1)),
    "ppv": ((0,), (0, 1)),
    "npv": ((3,), (3, 2)),
    "accuracy": ((0, 3), (0, 1, 2, 3)),
}


def proportion_parts(counts: tuple[np.ndarray, ...], metric: str) -> tuple[np.ndarray, np.ndarray]:
    """Numerator and denominator (K,) of ``metric`` from the point counts (TP, FP, FN, TN)."""
    numerator, denominator = PROPORTIONS[metric]
    return sum(counts[i] for i in numerator), sum(counts[i] for i in denominator)


@contextmanager
def _ignore_all_nan():
    """Silence numpy's warnings for slices with no defined value: they are expected here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.filterwarnings("ignore", message=".*is undefined and set to.*")  # sklearn's kappa
        yield


@dataclass
class RaterStatistics:
    """Per-metric arrays for one rater: point (K + 1,), resamples (B, K + 1) and leave-one-case-out
    values (N, K + 1, for BCa's acceleration); last = macro."""

    counts: tuple[np.ndarray, ...]  # point counts (K,) each
    point: dict[str, np.ndarray]
    resamples: dict[str, np.ndarray]
    leave_one_out: dict[str, np.ndarray]
    readers: int = 1  # how many readers' reads are pooled in the counts

    def interval(self, metric: str) -> tuple[np.ndarray, np.ndarray]:
        """The BCa interval (K + 1,) of ``metric``."""
        return bca_interval(self.resamples[metric], self.point[metric], self.leave_one_out[metric])


def rater_statistics(gold, decisions_list, rated_list, weights) -> RaterStatistics:
    """Pooled statistics of one or more raters (a group pools its readers' reads)."""
    gold = np.asarray(gold, bool)
    slots = list(zip(decisions_list, rated_list, strict=True))
    point, samples, leave_one_out = (counts.sum(axis=0) for counts in slot_counts(weights, gold, slots))
    return statistics_from_counts(point, samples, leave_one_out, macro_label_set(gold))


def statistics_from_counts(
    point: np.ndarray, samples: np.ndarray, leave_one_out: np.ndarray, label_set: np.ndarray
) -> RaterStatistics:
    """Metrics of point counts (4, K), resampled counts (4, B, K) and leave-one-case-out counts
    (4, N, K), each with its macro average."""

    def with_macro(values: np.ndarray) -> np.ndarray:  # (..., K) -> (..., K + 1)
        return np.concatenate([values, macro_over(values, label_set)[..., None]], axis=-1)

    point_values = {m: with_macro(v) for m, v in metrics_from_counts(*point).items()}
    resamples = {m: with_macro(v) for m, v in metrics_from_counts(*samples).items()}
    jackknife = {m: with_macro(v) for m, v in metrics_from_counts(*leave_one_out).items()}
    return RaterStatistics(tuple(point), point_values, resamples, jackknife)


def metric_rows(name: str, kind: str, labels, stats: RaterStatistics, cases: int | None = None) -> list[MetricRow]:
    """One row per label and the macro average; intervals as the module docstring says."""
    intervals = {metric: stats.interval(metric) for metric in METRICS}
    n_labels = len(labels)
    if kind in ("reader", "model"):  # one rater's reads are independent: the binomial interval
        for metric in PROPORTIONS:
            low, high = intervals[metric]
            low[:n_labels], high[:n_labels] = wilson_interval(*proportion_parts(stats.counts, metric))
    else:  # pooled reads of several readers: the bootstrap, unless it is degenerate
        _wilson_where_degenerate(stats, intervals, n_labels)
    rows = []
    for k, label in enumerate([*labels, MACRO]):
        counts = (
            dict(zip(("tp", "fp", "fn", "tn"), (int(round(c[k])) for c in stats.counts), strict=True))
            if k < n_labels
            else dict.fromkeys(("tp", "fp", "fn", "tn"))
        )
        values = {metric: _none(stats.point[metric][k]) for metric in METRICS}
        low = {metric: _none(intervals[metric][0][k]) for metric in METRICS}
        high = {metric: _none(intervals[metric][1][k]) for metric in METRICS}
        rows.append(MetricRow(label, name, kind, counts, values, low, high, cases=cases))
    return rows


def _wilson_where_degenerate(stats: RaterStatistics, intervals: dict, n_labels: int) -> None:
    """Where a pooled proportion or group mean is defined but its bootstrap is degenerate (its BCa
    interval undefined: at 0 or 1, or several readers of the same cases, 1 of 2 on one case),
    Wilson's interval on one reader's worth of cases, written into ``intervals`` in place."""
    readers = max(1, int(stats.readers))
    for metric in PROPORTIONS:
        low, high = intervals[metric]
        successes, n = proportion_parts(stats.counts, metric)
        wilson = wilson_interval(successes / readers, n / readers)
        point, resamples = stats.point[metric][:n_labels], stats.resamples[metric][:, :n_labels]
        collapsed = np.isfinite(point) & degenerate(resamples)
        low[:n_labels] = np.where(collapsed, wilson[0], low[:n_labels])
        high[:n_labels] = np.where(collapsed, wilson[1], high[:n_labels])


@dataclass
class DifferenceRow:
    label: str
    group: str
    metric: str
    difference: float | None  # network minus the group's pooled reads (or minus ``reader``'s reads)
    low: float | None
    high: float | None
    reader: str = ""  # empty: the group's pooled reads; else one reader of the group
    cases: int | None = None  # reads compared (the network on exactly the cases each reader read)


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
    cases: int | None = None  # cases both the reader and the network rated


@dataclass
class KappaRow:
    label: str
    rater_a: str
    rater_b: str
    kappa: float | None
    cases: int
    low: float | None = None  # 95 % CI: Cohen's large-sample (Fleiss, Cohen & Everitt 1969), Fleiss' bootstrap
    high: float | None = None


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
    auc_ci: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)  # DeLong, per label and macro
    cases_read: dict[str, int] = field(default_factory=dict)  # reader → cases with a gold standard read
    statistics: dict[tuple[str, str], RaterStatistics] = field(default_factory=dict, repr=False)  # (rater, kind)
    unassessable: dict[str, int] = field(default_factory=dict)  # reader → cases read as "cannot be assessed"

    @property
    def incomplete_readers(self) -> dict[str, int]:
        """Readers who have not read every case (name → cases read, "cannot be assessed" not
        counted): an incomplete study. A case the reader could not assess has been read."""
        return {name: n for name, n in self.cases_read.items() if n + self.unassessable.get(name, 0) < self.n_cases}


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
    n_cases = gold.shape[0]
    weights = bootstrap_weights(n_cases, bootstrap, seed)
    labels, label_set = data.labels, macro_label_set(gold)
    counts = _all_counts(data, gold, weights)
    rows: list[MetricRow] = []
    statistics: dict[tuple[str, str], RaterStatistics] = {}

    def add(name: str, kind: str, counts: tuple[np.ndarray, ...], readers: int, cases: int) -> None:
        stats = statistics_from_counts(*counts, label_set)
        stats.readers = readers
        statistics[(name, kind)] = stats
        rows.extend(metric_rows(name, kind, labels, stats, cases))

    for reader in data.readers:
        add(reader.name, "reader", counts[("reader", reader.name)], 1, int(reader.rated.sum()))
    for group, members in _groups(data).items():
        pooled = _summed(counts, [("reader", r.name) for r in members])
        add(group, "group", pooled, len(members), int(sum(r.rated.sum() for r in members)))
        member_stats = [statistics[(r.name, "reader")] for r in members]
        mean_stats, mean_rows = _group_mean_rows(group, labels, member_stats)
        any_read = int(np.any([r.rated for r in members], axis=0).sum())
        for row in mean_rows:
            row.cases = any_read
        statistics[(group, "group_mean")] = mean_stats
        rows += mean_rows
    if data.model is not None:
        add(data.model.name, "model", counts[("model", data.model.name)], 1, int(data.model.rated.sum()))
    differences = _differences(data, counts, label_set) if data.model is not None else []
    aucs, auc_ci, operating_points = _network_auc(data, gold, statistics)
    mcnemar_rows = _mcnemar_rows(data, gold) if data.model is not None else []
    cohen_rows, fleiss_rows = _agreement(data, weights)
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
        auc_ci,
        {r.name: int(r.rated.sum()) for r in data.readers},
        statistics,
        {r.name: r.unassessable for r in data.readers},
    )


def _groups(data: ComparisonInput) -> dict[str, list[Rater]]:
    return {g: [r for r in data.readers if r.group == g] for g in data.groups}


def _all_counts(data: ComparisonInput, gold: np.ndarray, weights: np.ndarray) -> dict[tuple[str, str], tuple]:
    """Point counts (4, K), resampled counts (4, B, K) and leave-one-case-out counts (4, N, K) of
    every reader, the network, and the network on each reader's cases (like with like), from one
    matrix product."""
    slots: dict[tuple[str, str], tuple] = {("reader", r.name): (r.decisions, r.rated) for r in data.readers}
    if data.model is not None:
        model = data.model
        slots[("model", model.name)] = (model.decisions, model.rated)
        for reader in data.readers:  # keyed by the reader: the network on that reader's cases
            slots[("network", reader.name)] = (model.decisions, model.rated.astype(bool) & reader.rated.astype(bool))
    point, samples, leave_one_out = slot_counts(weights, gold, list(slots.values()))
    return {name: (point[s], samples[s], leave_one_out[s]) for s, name in enumerate(slots)}


DIFFERENCE_METRICS = ("sensitivity", "specificity", "ppv", "f1")


def _differences(data: ComparisonInput, counts: dict, label_set: np.ndarray) -> list[DifferenceRow]:
    """Network minus each group's pooled reads and minus each reader, the network counted on
    exactly the cases each reader read (like with like); paired BCa bootstrap."""
    rows = []
    for group, members in _groups(data).items():
        comparisons = [("", members)] + [(r.name, [r]) for r in members]
        for reader, raters in comparisons:
            own = statistics_from_counts(*_summed(counts, [("reader", r.name) for r in raters]), label_set)
            network = statistics_from_counts(*_summed(counts, [("network", r.name) for r in raters]), label_set)
            compared = int(sum(network.counts[i][0] for i in range(4)))  # reads both rated (any label)
            for metric in DIFFERENCE_METRICS:
                point = network.point[metric] - own.point[metric]
                samples = network.resamples[metric] - own.resamples[metric]
                low, high = bca_interval(samples, point, network.leave_one_out[metric] - own.leave_one_out[metric])
                for k, label in enumerate([*data.labels, MACRO]):
                    rows.append(DifferenceRow(label, group, metric, _none(point[k]), _none(low[k]), _none(high[k]),
                                              reader, compared))  # fmt: skip
    return rows


def _summed(counts: dict, names: list[tuple[str, str]]) -> tuple[np.ndarray, ...]:
    """Point, resampled and leave-one-out counts of several slots pooled."""
    return tuple(sum(counts[n][part] for n in names) for part in range(3))


def _network_auc(data: ComparisonInput, gold: np.ndarray, statistics: dict) -> tuple[dict, dict, list]:
    """The network's AUC per label and macro, with DeLong's 95 % CI (the macro's through the
    labels' covariance, ``analysis.label_aucs``), and its operating points."""
    aucs: dict[str, float | None] = {}
    intervals: dict[str, tuple[float | None, float | None]] = {}
    operating_points: list[OperatingPoint] = []
    if data.model_probabilities is None:
        return aucs, intervals, operating_points
    rated = data.model.rated.astype(bool) if data.model is not None else np.ones(len(gold), bool)
    values, covariance = label_aucs_and_covariance(data.model_probabilities[rated], gold[rated])
    for k, label in enumerate(data.labels):
        aucs[label] = _none(values[k])
        intervals[label] = normal_interval(values[k], covariance[k, k])
        truth, scores = gold[rated, k], data.model_probabilities[rated, k]
        for group in data.groups:
            mean_spec = _none(statistics[(group, "group_mean")].point["specificity"][k])
            sens = sensitivity_at_specificity(truth, scores, mean_spec)
            operating_points.append(OperatingPoint(label, group, mean_spec, sens))
    defined = np.isfinite(values)
    aucs[MACRO] = float(values[defined].mean()) if defined.any() else None  # over the labels with both classes
    intervals[MACRO] = macro_auc_interval(values, covariance)
    return aucs, intervals, operating_points


def _group_mean_rows(group: str, labels, members: list[RaterStatistics]) -> tuple[RaterStatistics, list[MetricRow]]:
    """Mean over the group's readers, with the readers' min and max, how many readers' values are
    defined (``{metric}_readers`` of ``readers``; a reader whose value is undefined is left out of
    the mean, and the count says so) and a BCa CI (the leave-one-out values averaged likewise)."""
    n_labels = len(labels)
    point = {m: _nanmean_last(np.stack([s.point[m] for s in members], axis=-1)) for m in METRICS}
    resamples = {m: _nanmean_last(np.stack([s.resamples[m] for s in members], axis=-1)) for m in METRICS}
    jackknife = {m: _nanmean_last(np.stack([s.leave_one_out[m] for s in members], axis=-1)) for m in METRICS}
    counts = tuple(sum(s.counts[i] for s in members) for i in range(4))
    stats = RaterStatistics(counts, point, resamples, jackknife, len(members))
    intervals = {m: stats.interval(m) for m in METRICS}
    _wilson_where_degenerate(stats, intervals, n_labels)
    rows = []
    for k, label in enumerate([*labels, MACRO]):
        values, low, high, extra = {}, {}, {}, {"readers": len(members)}
        for metric in METRICS:
            points = np.array([m.point[metric][k] for m in members])
            values[metric] = _none(point[metric][k])
            low[metric], high[metric] = _none(intervals[metric][0][k]), _none(intervals[metric][1][k])
            defined = points[np.isfinite(points)]
            extra[f"{metric}_min"] = _none(defined.min()) if defined.size else None
            extra[f"{metric}_max"] = _none(defined.max()) if defined.size else None
            extra[f"{metric}_readers"] = int(defined.size)  # readers whose value is defined (of len(members))
        rows.append(
            MetricRow(label, group, "group_mean", dict.fromkeys(("tp", "fp", "fn", "tn")), values, low, high, extra)
        )
    return stats, rows


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
                rows.append(McNemarRow(label, group, reader.name, b, c, statistic, p_value, method, int(both.sum())))
    return rows


def _agreement(data: ComparisonInput, weights: np.ndarray) -> tuple[list[KappaRow], list[KappaRow]]:
    """Cohen's kappa of every pair of raters and Fleiss' kappa of every group, per label (rows in
    label order). Each pair's cases in common, and each group's, are the same for every label, so
    the kappas are computed for all labels at once."""
    raters = list(data.readers) + ([data.model] if data.model is not None else [])
    pairs = []  # (a, b, cases both rated, (value, low, high) per label)
    for i, a in enumerate(raters):
        for b in raters[i + 1 :]:
            both = a.rated.astype(bool) & b.rated.astype(bool)
            pairs.append((a, b, int(both.sum()), cohen_kappas_with_ci(a.decisions[both], b.decisions[both])))
    groups = []  # (group, members, cases every member rated, per-label kappa and CI)
    for group, members in _groups(data).items():
        everyone = np.all([r.rated.astype(bool) for r in members], axis=0)
        decisions = np.stack([r.decisions[everyone] for r in members], axis=1).astype(int)  # (cases, raters, K)
        values = [fleiss_kappa(decisions[:, :, k]) for k in range(len(data.labels))]
        intervals = _fleiss_intervals(decisions, weights[:, everyone], values)
        kappas = [(value, *interval) for value, interval in zip(values, intervals, strict=True)]
        groups.append((group, members, int(everyone.sum()), kappas))
    cohen, fleiss = [], []
    for k, label in enumerate(data.labels):
        for a, b, cases, (values, lows, highs) in pairs:
            cohen.append(KappaRow(label, a.name, b.name, values[k], cases, lows[k], highs[k]))
        for group, members, cases, kappas in groups:
            value, low, high = kappas[k]
            fleiss.append(KappaRow(label, group, f"{len(members)} readers", value, cases, low, high))
    return cohen, fleiss


def cohen_kappa_with_ci(a: np.ndarray, b: np.ndarray) -> tuple[float | None, float | None, float | None]:
    """Cohen's kappa of two binary raters (N,) with its 95 % CI (see ``cohen_kappas_with_ci``)."""
    values, lows, highs = cohen_kappas_with_ci(np.asarray(a)[:, None], np.asarray(b)[:, None])
    return values[0], lows[0], highs[0]


def cohen_kappas_with_ci(a: np.ndarray, b: np.ndarray) -> tuple[list, list, list]:
    """Cohen's kappa, (p_o - p_e) / (1 - p_e), of two binary raters in each column of (N, K)
    decisions, with the large-sample 95 % CI of Fleiss, Cohen & Everitt (1969) (the variance not
    assuming κ = 0), clipped to [−1, 1]: lists of K values, None where p_e = 1 (κ undefined, and
    its CI with it). Every column at once: it is called for every pair of raters."""
    a, b = np.asarray(a, bool), np.asarray(b, bool)
    n, labels = a.shape
    if n == 0:
        return [None] * labels, [None] * labels, [None] * labels
    p_a, p_b = a.mean(axis=0), b.mean(axis=0)
    expected = p_a * p_b + (1 - p_a) * (1 - p_b)
    # p_ij, i the answer of a, j of b (1 before 0)
    p11, p10, p01, p00 = (a & b).mean(axis=0), (a & ~b).mean(axis=0), (~a & b).mean(axis=0), (~a & ~b).mean(axis=0)
    row1, row0, column1, column0 = p11 + p10, p01 + p00, p11 + p01, p10 + p00
    with np.errstate(invalid="ignore", divide="ignore"):
        value = ((a == b).mean(axis=0) - expected) / (1.0 - expected)
        chance = row1 * column1 + row0 * column0
        diagonal = p11 * (1 - (row1 + column1) * (1 - value)) ** 2 + p00 * (1 - (row0 + column0) * (1 - value)) ** 2
        off = p10 * (column1 + row0) ** 2 + p01 * (column0 + row1) ** 2
        variance = (diagonal + (1 - value) ** 2 * off - (value - chance * (1 - value)) ** 2) / (n * (1 - chance) ** 2)
    se = np.sqrt(np.maximum(variance, 0.0))
    defined = expected < 1.0
    values = [float(v) if ok else None for v, ok in zip(value, defined, strict=True)]
    lows = [max(-1.0, float(v - Z_95 * e)) if ok else None for v, e, ok in zip(value, se, defined, strict=True)]
    highs = [min(1.0, float(v + Z_95 * e)) if ok else None for v, e, ok in zip(value, se, defined, strict=True)]
    return values, lows, highs


def _fleiss_intervals(decisions: np.ndarray, weights: np.ndarray, values: list[float | None]) -> list[tuple]:
    """BCa bootstrap CI (low, high) of Fleiss' kappa per label, over cases: decisions (cases,
    raters, K) 0/1, weights (B, cases), kappas ``values`` (K,). The kappa is a function of two
    case sums (agreement, positives), so every resample's and every leave-one-case-out kappa of
    every label comes from those sums, the resamples' from one matrix product."""
    n_cases, raters, n_labels = decisions.shape
    if raters < 2:
        return [(None, None)] * n_labels
    positives = decisions.sum(axis=1).astype(float)  # (cases, K)
    agreement = (positives * (positives - 1) + (raters - positives) * (raters - positives - 1)) / (
        raters * (raters - 1)
    )
    columns = np.concatenate([agreement, positives, np.ones((n_cases, 1))], axis=1)  # (cases, 2K + 1)
    sums = np.asarray(weights, dtype=float) @ columns  # (B, 2K + 1)
    resampled = _fleiss_from_sums(sums[:, :n_labels], sums[:, n_labels:-1], sums[:, -1:], raters)
    leave_one_out = _fleiss_from_sums(
        agreement.sum(axis=0) - agreement,
        positives.sum(axis=0) - positives,
        np.full((n_cases, 1), n_cases - 1.0),
        raters,
    )
    point = np.array([np.nan if value is None else value for value in values])
    low, high = bca_interval(resampled, point, leave_one_out)
    return [(_none(lo), _none(hi)) for lo, hi in zip(low, high, strict=True)]


def _fleiss_from_sums(agreement: np.ndarray, positives: np.ndarray, cases: np.ndarray, raters: int) -> np.ndarray:
    """Fleiss' kappa from the sums over (weighted) cases of each case's agreement and positive
    calls; NaN where chance agreement is 1."""
    with np.errstate(invalid="ignore", divide="ignore"):
        p = positives / (cases * raters)
        chance = p**2 + (1 - p) ** 2
        return np.where(chance < 1, (agreement / cases - chance) / (1 - chance), np.nan)


@dataclass
class PhaseChangeRow:
    label: str
    rater: str
    rater_kind: str
    metric: str
    unaided: float | None
    aided: float | None
    change: float | None  # aided minus unaided; undefined if either is
    low: float | None = None  # paired BCa bootstrap over cases (the same resamples in both phases)
    high: float | None = None


def paired_phases(unaided: ComparisonInput, aided: ComparisonInput) -> tuple[ComparisonInput, ComparisonInput]:
    """The two phases reduced to what a change can be measured on: the readers who read in both,
    each on the cases they rated in both phases, and no network (it has no aided phase). A case
    read in one phase only would make a reader's change compare different cases: one who skips the
    aided reads of the cases they got wrong would seem to improve."""
    if unaided.gold.shape != aided.gold.shape or not np.array_equal(unaided.gold, aided.gold):
        raise ValueError("the unaided and aided phases hold different cases: their reads cannot be paired")
    aided_readers = {rater.name: rater for rater in aided.readers}
    before, after = [], []
    for first in unaided.readers:
        second = aided_readers.get(first.name)
        if second is None:
            continue
        both = first.rated & second.rated
        if both.any():
            before.append(replace(first, rated=both))
            after.append(replace(second, rated=both))
    return (
        replace(unaided, readers=before, model=None, model_probabilities=None),
        replace(aided, readers=after, model=None, model_probabilities=None),
    )


def phase_changes(
    unaided: ComparisonInput, aided: ComparisonInput, bootstrap: int = 1000, seed: int = 0
) -> list[PhaseChangeRow]:
    """How each reader's and group's metrics changed once they had seen the network's opinion, on
    the cases each reader read in both phases (``paired_phases``), with a paired BCa bootstrap CI:
    both phases draw the same resamples of the same cases."""
    before_data, after_data = paired_phases(unaided, aided)
    if not before_data.readers:
        return []
    before_analysis = analyse(before_data, bootstrap=bootstrap, seed=seed)
    after_analysis = analyse(after_data, bootstrap=bootstrap, seed=seed)
    before = {(r.label, r.rater, r.rater_kind): r for r in before_analysis.rows}
    labels = [*after_analysis.labels, MACRO]
    rows = []
    for after in after_analysis.rows:
        first = before[(after.label, after.rater, after.rater_kind)]
        k = labels.index(after.label)
        stats_before = before_analysis.statistics.get((after.rater, after.rater_kind))
        stats_after = after_analysis.statistics.get((after.rater, after.rater_kind))
        for metric in DIFFERENCE_METRICS:
            a, b = first.values[metric], after.values[metric]
            change = None if a is None or b is None else b - a
            low = high = None
            if change is not None and stats_before is not None and stats_after is not None:
                samples = stats_after.resamples[metric][:, k] - stats_before.resamples[metric][:, k]
                jackknife = stats_after.leave_one_out[metric][:, k] - stats_before.leave_one_out[metric][:, k]
                lo, hi = bca_interval(samples[:, None], np.array([change]), jackknife[:, None])
                low, high = _none(lo[0]), _none(hi[0])
            rows.append(PhaseChangeRow(after.label, after.rater, after.rater_kind, metric, a, b, change, low, high))
    return rows
