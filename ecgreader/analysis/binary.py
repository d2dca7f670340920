"""Textbook binary-classification metrics, with undefined values as None (never 0).

sensitivity = TP / (TP + FN), specificity = TN / (TN + FP), PPV = TP / (TP + FP),
NPV = TN / (TN + FN), F1 = 2TP / (2TP + FP + FN), accuracy = (TP + TN) / N.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
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


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def binary_metrics(truth: np.ndarray, predicted: np.ndarray) -> BinaryMetrics:
    truth = np.asarray(truth).astype(bool)
    predicted = np.asarray(predicted).astype(bool)
    tp = int((truth & predicted).sum())
    fp = int((~truth & predicted).sum())
    fn = int((truth & ~predicted).sum())
    tn = int((~truth & ~predicted).sum())
    return BinaryMetrics(
        tp, fp, fn, tn,
        sensitivity=_ratio(tp, tp + fn),
        specificity=_ratio(tn, tn + fp),
        ppv=_ratio(tp, tp + fp),
        npv=_ratio(tn, tn + fn),
        f1=_ratio(2 * tp, 2 * tp + fp + fn) if tp + fn else None,
        accuracy=_ratio(tp + tn, tp + fp + fn + tn),
    )  # fmt: skip


def auc(truth: np.ndarray, scores: np.ndarray) -> float | None:
    """ROC AUC; undefined (None) unless both classes are present."""
    truth = np.asarray(truth).astype(bool)
    if truth.all() or not truth.any():
        return None
    return float(roc_auc_score(truth, scores))


def macro(values: list[float | None]) -> float | None:
    """Mean over the labels where the metric is defined; None if it is defined for none."""
    defined = [v for v in values if v is not None]
    return float(np.mean(defined)) if defined else None
