"""Per-label decision thresholds, chosen on out-of-fold predictions of the training records only.

Maximising F1 alone puts a common label's threshold where nearly everything is called positive
(the old model called LVH on 93 of 100 cases): F1 rewards sensitivity cheaply when prevalence is
high. So the threshold maximises F1 among the operating points whose cross-validated sensitivity
and specificity both reach a floor (set with a margin above the clinical goal of 0.40 / 0.60,
since cross-validated figures are optimistic for a new hospital), and falls back to Youden's J
where no point reaches both floors.
"""

from __future__ import annotations

import numpy as np

from ecgreader.analysis.binary import f1_from_counts

DEFAULT_THRESHOLD = 0.5
MIN_SENSITIVITY = 0.5
MIN_SPECIFICITY = 0.7


def choose_threshold(probabilities: np.ndarray, truth: np.ndarray, weights: np.ndarray) -> float:
    """The threshold for one label (see the module docstring); ``weights`` are the records'."""
    candidates = np.unique(probabilities)
    predicted = probabilities[None, :] >= candidates[:, None]  # (C, N)
    tp = (predicted & truth) @ weights
    fp = (predicted & ~truth) @ weights
    fn = weights[truth].sum() - tp
    tn = weights[~truth].sum() - fp
    sensitivity, specificity = tp / np.maximum(tp + fn, 1e-12), tn / np.maximum(tn + fp, 1e-12)
    f1 = f1_from_counts(tp, fp, fn)
    allowed = (sensitivity >= MIN_SENSITIVITY) & (specificity >= MIN_SPECIFICITY)
    score = np.where(allowed, f1, -np.inf) if allowed.any() else sensitivity + specificity - 1
    return float(candidates[int(np.argmax(score))])  # ties: the lowest threshold


def tune_thresholds(
    probabilities: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, list[bool]]:
    """Thresholds (K,) and a per-label "tuned" flag; a label without positives or without
    negatives among the records cannot be tuned and keeps 0.5."""
    weights = np.ones(len(labels)) if weights is None else np.asarray(weights, dtype=float)
    thresholds = np.full(labels.shape[1], DEFAULT_THRESHOLD)
    tuned = []
    for k in range(labels.shape[1]):
        truth = labels[:, k] > 0
        tuned.append(bool(truth.any() and not truth.all()))
        if tuned[-1]:
            thresholds[k] = choose_threshold(probabilities[:, k], truth, weights)
    return thresholds, tuned
