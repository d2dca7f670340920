"""Metrics of a model on a labelled test set with 95 % intervals, calibration, and the paired
bootstrap of the ablation; the formulas are the comparison's (``ecgreader.analysis``).

Sensitivity, specificity and PPV get Wilson intervals; F1, AUC and the macro averages percentile
bootstrap intervals over test cases. Macro averages run over the labels with at least one positive
in the test set (elsewhere sensitivity and AUC do not exist); undefined values are None, never 0.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import numpy as np

from ecgreader.analysis.binary import auc, binary_metrics, f1_from_counts
from ecgreader.analysis.engine import proportion_parts
from ecgreader.analysis.intervals import bootstrap_weights, percentile_interval, wilson_interval

RELIABILITY_BINS = 10


@contextmanager
def _resamples_may_lack_a_label():
    """A resample can draw no positive of any label: its macro value is NaN, expected, not news."""
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def weighted_auc(truth: np.ndarray, scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """ROC AUC (Mann-Whitney, ties count half) for each row of case weights (B, N); NaN where a
    resample lacks positives or negatives. Vectorised so that a 1,000-resample bootstrap of ten
    labels takes milliseconds."""
    order = np.argsort(scores, kind="stable")
    ordered_scores, positive = scores[order], truth[order].astype(bool)
    w = weights[:, order].astype(float)
    starts = np.flatnonzero(np.r_[True, np.diff(ordered_scores) != 0])  # one group per distinct score
    positives = np.add.reduceat(w * positive, starts, axis=1)  # (B, G)
    negatives = np.add.reduceat(w * ~positive, starts, axis=1)
    below = np.cumsum(negatives, axis=1) - negatives
    pairs = positives.sum(axis=1) * negatives.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(pairs > 0, (positives * (below + 0.5 * negatives)).sum(axis=1) / pairs, np.nan)


def _weighted_f1(truth: np.ndarray, decided: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """F1 for each row of case weights (B, N); NaN where there is no positive and no call."""
    tp = weights @ (decided & truth)
    fp = weights @ (decided & ~truth)
    fn = weights @ (~decided & truth)
    return f1_from_counts(tp, fp, fn)


def _none(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _interval(low: float, high: float) -> list[float] | None:
    return [float(low), float(high)] if np.isfinite(low) and np.isfinite(high) else None


def evaluate(
    probabilities: np.ndarray,
    labels: np.ndarray,
    thresholds: np.ndarray,
    keys,
    resamples: int = 1000,
    seed: int = 0,
) -> dict:
    """Per-label and macro metrics with 95 % intervals, Brier scores and a reliability table."""
    truth_all = labels > 0
    decided_all = probabilities >= thresholds[None, :]
    weights = bootstrap_weights(len(labels), resamples, seed)  # (B, N)
    per_class = {}
    sampled_f1, sampled_auc = [], []
    for k, key in enumerate(keys):
        truth, decided = truth_all[:, k], decided_all[:, k]
        counts = binary_metrics(truth, decided)
        row = {**counts.to_dict(), "auc": auc(truth, probabilities[:, k])}
        tp, fp, fn, tn = (
            int(np.sum(a)) for a in (decided & truth, decided & ~truth, ~decided & truth, ~decided & ~truth)
        )
        for metric in ("sensitivity", "specificity", "ppv"):
            numerator, denominator = proportion_parts((tp, fp, fn, tn), metric)
            low, high = wilson_interval(np.array(numerator), np.array(denominator))
            row[f"{metric}_ci"] = _interval(low, high)
        f1_samples = _weighted_f1(truth, decided, weights)
        auc_samples = weighted_auc(truth, probabilities[:, k], weights)
        for metric, samples in (("f1", f1_samples), ("auc", auc_samples)):
            point = np.array([np.nan if row[metric] is None else row[metric]])
            low, high = percentile_interval(samples[:, None], point)
            row[f"{metric}_ci"] = _interval(low[0], high[0])
        row.update(
            positives=int(truth.sum()),
            n=int(len(truth)),
            brier=float(np.mean((probabilities[:, k] - truth) ** 2)),
        )
        per_class[key] = row
        sampled_f1.append(f1_samples)
        sampled_auc.append(auc_samples)
    with_positives = [k for k, key in enumerate(keys) if per_class[key]["positives"] > 0]
    summary: dict = {"labels": [keys[k] for k in with_positives]}
    for metric, samples in (("f1", sampled_f1), ("auc", sampled_auc)):
        values = [per_class[keys[k]][metric] for k in with_positives]
        point = float(np.mean(values)) if values and None not in values else None
        stacked = np.stack([samples[k] for k in with_positives], axis=1) if with_positives else np.zeros((resamples, 0))
        with _resamples_may_lack_a_label():
            macro_samples = np.nanmean(stacked, axis=1) if with_positives else np.full(resamples, np.nan)
        low, high = percentile_interval(macro_samples[:, None], np.array([np.nan if point is None else point]))
        summary[metric] = point
        summary[f"{metric}_ci"] = _interval(low[0], high[0])
    for metric in ("sensitivity", "specificity", "ppv"):
        values = [per_class[keys[k]][metric] for k in with_positives if per_class[keys[k]][metric] is not None]
        summary[metric] = float(np.mean(values)) if values else None
    summary["brier"] = float(np.mean((probabilities - truth_all) ** 2))
    return {"per_class": per_class, "macro": summary, "reliability": reliability(probabilities, labels)}


def reliability(probabilities: np.ndarray, labels: np.ndarray, bins: int = RELIABILITY_BINS) -> list[dict]:
    """Pooled over labels: per probability bin, the mean predicted probability, the observed share
    of positives and the number of (record, label) pairs."""
    p, truth = probabilities.reshape(-1), (labels > 0).reshape(-1)
    which = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        inside = which == b
        if inside.any():
            rows.append(
                {
                    "bin": [b / bins, (b + 1) / bins],
                    "mean_predicted": float(p[inside].mean()),
                    "observed": float(truth[inside].mean()),
                    "n": int(inside.sum()),
                }
            )
    return rows


def macro_samples(
    probabilities: np.ndarray, labels: np.ndarray, thresholds: np.ndarray, weights: np.ndarray
) -> dict[str, np.ndarray]:
    """Macro AUC and F1 (over labels with positives in the whole set) per resample (B,)."""
    truth = labels > 0
    with_positives = np.flatnonzero(truth.any(axis=0))
    auc_rows = [weighted_auc(truth[:, k], probabilities[:, k], weights) for k in with_positives]
    f1_rows = [_weighted_f1(truth[:, k], probabilities[:, k] >= thresholds[k], weights) for k in with_positives]
    with _resamples_may_lack_a_label():
        return {
            "auc": np.nanmean(np.stack(auc_rows, axis=1), axis=1),
            "f1": np.nanmean(np.stack(f1_rows, axis=1), axis=1),
        }


def paired_difference(first: list[tuple], second: list[tuple], labels: np.ndarray, resamples: int, seed: int) -> dict:
    """Mean over seeds of macro AUC and macro F1 of ``first`` minus ``second``, with percentile
    bootstrap 95 % intervals over test cases; both conditions counted on the same resamples.

    ``first`` and ``second``: one (probabilities (N, K), thresholds (K,)) per seed.
    """
    everyone = np.ones((1, len(labels)))
    weights = np.vstack([everyone, bootstrap_weights(len(labels), resamples, seed)])  # row 0: the data
    results = {}
    for metric in ("auc", "f1"):
        a = np.mean([macro_samples(p, labels, t, weights)[metric] for p, t in first], axis=0)
        b = np.mean([macro_samples(p, labels, t, weights)[metric] for p, t in second], axis=0)
        difference = a - b
        low, high = percentile_interval(difference[1:, None], difference[:1])
        results[metric] = {"mean": _none(difference[0]), "ci": _interval(low[0], high[0])}
    results["resamples"] = resamples
    return results
