"""Textbook binary-classification metrics, with undefined values as None (never 0).

sensitivity = TP / (TP + FN), specificity = TN / (TN + FP), PPV = TP / (TP + FP),
NPV = TN / (TN + FN), F1 = 2TP / (2TP + FP + FN), accuracy = (TP + TN) / N.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import ArrayLike
from sklearn.metrics import roc_auc_score


@dataclass(frozen=True)
class BinaryMetrics:
    tp: int
    fp: int
    fn: int
    tn: int
    sensitivity: float | None
    specificity: float | None
    ppv: float | None
    npv: float | None
    f1: float | None
    accuracy: float | None

    def to_dict(self) -> dict:
        return asdict(self)


METRICS = ("sensitivity", "specificity", "ppv", "npv", "f1", "accuracy")


def f1_from_counts(tp: ArrayLike, fp: ArrayLike, fn: ArrayLike) -> np.ndarray:
    """F1 = 2TP / (2TP + FP + FN) from count arrays of any (equal) shape, the textbook formula.

    The one F1 of the project: the comparison, threshold tuning and the training ablation all
    call it. It is 0 when TP = 0 and FP + FN > 0 (also without gold positives: every call was a
    false positive), and undefined (NaN) only when TP + FP + FN = 0 (nothing to find, nothing found).
    """
    tp, fp, fn = (np.asarray(x, dtype=float) for x in (tp, fp, fn))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), np.nan)


def metrics_from_counts(tp: ArrayLike, fp: ArrayLike, fn: ArrayLike, tn: ArrayLike) -> dict[str, np.ndarray]:
    """Textbook metrics from count arrays of any (equal) shape; NaN where undefined."""
    tp, fp, fn, tn = (np.asarray(x, dtype=float) for x in (tp, fp, fn, tn))
    with np.errstate(invalid="ignore", divide="ignore"):
        positives = tp + fn
        return {
            "sensitivity": np.where(positives > 0, tp / positives, np.nan),
            "specificity": np.where(tn + fp > 0, tn / (tn + fp), np.nan),
            "ppv": np.where(tp + fp > 0, tp / (tp + fp), np.nan),
            "npv": np.where(tn + fn > 0, tn / (tn + fn), np.nan),
            "f1": f1_from_counts(tp, fp, fn),
            "accuracy": np.where(tp + fp + fn + tn > 0, (tp + tn) / (tp + fp + fn + tn), np.nan),
        }


def binary_metrics(truth: np.ndarray, predicted: np.ndarray) -> BinaryMetrics:
    truth = np.asarray(truth).astype(bool)
    predicted = np.asarray(predicted).astype(bool)
    counts = (
        int((truth & predicted).sum()),
        int((~truth & predicted).sum()),
        int((truth & ~predicted).sum()),
        int((~truth & ~predicted).sum()),
    )
    values = metrics_from_counts(*counts)
    return BinaryMetrics(*counts, **{name: _defined(values[name]) for name in METRICS})


def _defined(value: np.ndarray) -> float | None:
    return float(value) if np.isfinite(value) else None


def auc(truth: np.ndarray, scores: np.ndarray) -> float | None:
    """ROC AUC; undefined (None) unless both classes are present."""
    truth = np.asarray(truth).astype(bool)
    if truth.all() or not truth.any():
        return None
    return float(roc_auc_score(truth, scores))
