"""The MRMC analyses of a study, one row of ``mrmc.csv`` each (``analysis.mrmc`` does the arithmetic).

For every label and metric (AUC where readers gave ratings, sensitivity, specificity):

- ``single``: a group's reader mean in one phase with its CI (no test);
- ``network-readers``: the network minus a group's reader mean in one phase (AUC from the
  network's probabilities, sensitivity/specificity from its decisions at the run's thresholds);
- ``aided-unaided``: a group's readers' mean change once aided (readers who read in both phases);
- ``group-group``: group A's reader mean minus group B's in one phase (readers nested in groups).

Each analysis uses the cases that every rater in it rated (the network included where it takes
part), by design RRRC, FRRC and RRFC and, for AUC, both jackknife and DeLong covariance (RRFC
needs no case covariance and is written once, under jackknife). Holm's adjustment runs across
the labels of each family (metric, contrast, group, phase, design, covariance).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from functools import partial
from itertools import combinations

import numpy as np

from ecgreader.analysis import mrmc
from ecgreader.analysis.engine import ComparisonInput, Rater

SINGLE, NETWORK, AIDED, GROUPS = "single", "network-readers", "aided-unaided", "group-group"


@dataclass
class MrmcRow:
    """One analysis: what was estimated (label, metric, contrast, group, phase), how (design,
    covariance) and the result; ``p_holm`` is Holm-adjusted across the labels of its family."""

    label: str
    metric: str
    contrast: str
    group: str
    phase: str
    design: str
    covariance: str
    estimate: float | None
    se: float | None
    df: float | None
    statistic: float | None
    p: float | None
    p_holm: float | None
    ci_low: float | None
    ci_high: float | None
    cases: int | None = None  # cases every rater of the analysis read (not a column of mrmc.csv)
    readers: int | None = None  # readers in the analysis (not a column of mrmc.csv)


MRMC_COLUMNS = tuple(f.name for f in fields(MrmcRow))[:15]  # exactly the 15 columns issue 10 names


def metrics_of(data: ComparisonInput) -> tuple[str, ...]:
    """AUC needs ratings; a present/absent study gives sensitivity and specificity only."""
    return mrmc.METRICS if data.rating_scale != "binary" else ("sensitivity", "specificity")


def _scores(rater: Rater, k: int, metric: str) -> np.ndarray:
    """(N,) what a reader's ``metric`` is computed from: ratings for AUC, else 0/1 decisions."""
    if metric == "auc" and rater.ratings is not None:
        return rater.ratings[:, k]
    return rater.decisions[:, k].astype(float)


def _network_scores(data: ComparisonInput, k: int, metric: str) -> np.ndarray:
    if metric == "auc" and data.model_probabilities is not None:
        return data.model_probabilities[:, k]
    return data.model.decisions[:, k].astype(float)


@dataclass(frozen=True)
class _Block:
    """Score rows (P, N') on the N' cases all P raters rated, and the gold standard (N',)."""

    scores: np.ndarray
    truth: np.ndarray


def _block(truth: np.ndarray, rows: list[tuple[np.ndarray, np.ndarray]]) -> _Block:
    """``rows``: (scores (N,), rated (N,)) per rater; keeps the cases every rater rated."""
    common = np.all([rated for _, rated in rows], axis=0)
    return _Block(np.stack([scores[common] for scores, _ in rows]), truth[common])


def _covariances(metric: str) -> tuple[str, ...]:
    return mrmc.COVARIANCES if metric == "auc" else ("jackknife",)


def _designs(covariance: str) -> tuple[str, ...]:
    return mrmc.DESIGNS if covariance == "jackknife" else ("RRRC", "FRRC")


def _analyses(block: _Block, metric: str, infer, readers: int) -> Iterator[tuple[mrmc.Inference, int, int]]:
    """``infer(θ, Σ, design, covariance)`` for every covariance method and design of ``metric``,
    each with the number of cases and readers it rests on."""
    theta, sigmas = mrmc.foms_and_covariances(block.scores, block.truth, metric, _covariances(metric))
    cases = len(block.truth)
    for covariance, sigma in sigmas.items():
        for design in _designs(covariance):
            yield infer(theta, sigma, design, covariance), cases, readers


def _groups(data: ComparisonInput) -> dict[str, list[Rater]]:
    return {g: [r for r in data.readers if r.group == g] for g in data.groups}


def mrmc_rows(unaided: ComparisonInput, aided: ComparisonInput | None = None) -> list[MrmcRow]:
    """Every MRMC analysis of the study (see the module docstring), Holm-adjusted."""
    phases = {"unaided": unaided, **({"aided": aided} if aided is not None and aided.readers else {})}
    rows: list[MrmcRow] = []
    for k, label in enumerate(unaided.labels):
        truth = unaided.gold[:, k].astype(bool)
        for metric in metrics_of(unaided):
            for contrast, group, phase, results in _label_analyses(phases, truth, k, metric):
                rows += [_row(label, metric, contrast, group, phase, *result) for result in results]
    _adjust(rows)
    return rows


def _label_analyses(phases: dict[str, ComparisonInput], truth: np.ndarray, k: int, metric: str) -> Iterator[tuple]:
    """(contrast, group, phase, inferences) of one label (column ``k``) and metric."""

    def reader_rows(readers) -> list[tuple[np.ndarray, np.ndarray]]:
        return [(_scores(r, k, metric), r.rated) for r in readers]

    for phase, data in phases.items():
        groups = {g: members for g, members in _groups(data).items() if members}
        for group, members in groups.items():
            yield SINGLE, group, phase, _analyses(_block(truth, reader_rows(members)), metric, _single, len(members))
            if data.model is not None:
                network = (_network_scores(data, k, metric), data.model.rated)
                block = _block(truth, [network, *reader_rows(members)])
                yield NETWORK, group, phase, _analyses(block, metric, mrmc.network_minus_readers, len(members))
        for (name_a, a), (name_b, b) in combinations(groups.items(), 2):
            block = _block(truth, reader_rows([*a, *b]))
            analyses = _analyses(block, metric, partial(_nested, len(a)), len(a) + len(b))
            yield GROUPS, f"{name_a}-{name_b}", phase, analyses
    if "aided" in phases:
        after = {r.name: r for r in phases["aided"].readers}
        for group, members in _groups(phases["unaided"]).items():
            paired = [r for r in members if r.name in after]
            if paired:
                block = _block(truth, reader_rows(paired) + reader_rows([after[r.name] for r in paired]))
                yield AIDED, group, "", _analyses(block, metric, partial(_paired, len(paired)), len(paired))


def _nested(n_a: int, theta, sigma, design, covariance) -> mrmc.Inference:
    """Group A (the first ``n_a`` FOMs) minus group B."""
    return mrmc.compare_groups(theta[:n_a], theta[n_a:], sigma, design, covariance)


def _paired(n_readers: int, theta, sigma, design, covariance) -> mrmc.Inference:
    """Aided minus unaided: FOMs ordered [unaided readers…, aided readers…]."""
    return mrmc.compare_treatments(theta.reshape(2, n_readers), sigma, design, covariance)


def _single(theta, sigma, design, covariance) -> mrmc.Inference:
    return mrmc.single_treatment(theta, sigma, design, covariance, test=False)


def _value(x: float | None) -> float | None:
    """NaN (undefined) becomes None; an infinite df (normal distribution) stays inf."""
    return None if x is None or np.isnan(x) else float(x)


def _row(
    label: str, metric: str, contrast: str, group: str, phase: str, result: mrmc.Inference, cases: int, readers: int
) -> MrmcRow:
    """A row with its CI kept within the metric's range ([0, 1]; differences [-1, 1]), as MRMCaov does."""
    floor = 0.0 if contrast == SINGLE else -1.0
    low = None if not np.isfinite(result.ci_low) else max(floor, result.ci_low)
    high = None if not np.isfinite(result.ci_high) else min(1.0, result.ci_high)
    return MrmcRow(label, metric, contrast, group, phase, result.design, result.covariance, _value(result.estimate),
                   _value(result.se), _value(result.df), _value(result.statistic), _value(result.p), None, low,
                   high, cases, readers)  # fmt: skip


def _adjust(rows: list[MrmcRow]) -> None:
    """Holm across the labels of each (metric, contrast, group, phase, design, covariance)."""
    families: dict[tuple, list[MrmcRow]] = {}
    for row in rows:
        families.setdefault((row.metric, row.contrast, row.group, row.phase, row.design, row.covariance), []).append(
            row
        )
    for family in families.values():
        adjusted = mrmc.holm(np.array([np.nan if r.p is None else r.p for r in family]))
        for row, value in zip(family, adjusted, strict=True):
            row.p_holm = _value(value)
