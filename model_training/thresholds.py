"""Per-class decision thresholds, chosen on validation data only."""

from __future__ import annotations

import numpy as np

from ecgreader.analysis.binary import f1_from_counts

DEFAULT_THRESHOLD = 0.5


def tune_thresholds(probabilities: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, list[bool]]:
    """For each class the threshold that maximises validation F1.

    A class without validation positives cannot be tuned: it keeps 0.5 and is reported as
    untuned. Returns thresholds (K,) and a per-class "tuned" flag.
    """
    thresholds = np.full(labels.shape[1], DEFAULT_THRESHOLD)
    tuned = []
    for k in range(labels.shape[1]):
        truth = labels[:, k] > 0
        if not truth.any():
            tuned.append(False)
            continue
        candidates = np.unique(probabilities[:, k])
        predicted = probabilities[:, k][None, :] >= candidates[:, None]  # (C, N)
        tp = (predicted & truth).sum(axis=1)
        fp = (predicted & ~truth).sum(axis=1)
        f1 = f1_from_counts(tp, fp, truth.sum() - tp)  # defined: this class has positives
        best = int(np.argmax(f1))  # ties: the lowest threshold (highest sensitivity)
        thresholds[k] = float(candidates[best])
        tuned.append(True)
    return thresholds, tuned
