"""Fitting the hybrid's final per-label decision: L2 logistic regressions on the CNN's out-of-fold
logits and the measurements, regularisation chosen and calibration fitted by repeated stratified
cross-validation, thresholds chosen on the calibrated out-of-fold probabilities.

Measurement features that could not be measured in more than ``max_missing_share`` of the training
records are left out: the model could not learn them, and their missing flag would only say which
source a record came from (the voltage criteria exist for calibrated records only).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold

from model_training.thresholds import tune_thresholds


@dataclass(frozen=True)
class DecisionSettings:
    regularisation_grid: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3)  # sklearn's C (inverse strength)
    folds: int = 5
    repeats: int = 2
    max_missing_share: float = 0.5
    seed: int = 0


@dataclass
class FittedDecision:
    """What the model file stores (see ``ecgreader.model.hybrid``) and the cross-validation behind it."""

    measurement_names: tuple[str, ...]
    measurement_median: np.ndarray  # (M,)
    input_mean: np.ndarray  # (D,)
    input_scale: np.ndarray  # (D,)
    weight: np.ndarray  # (K, D)
    bias: np.ndarray  # (K,)
    calibration_slope: np.ndarray  # (K,)
    calibration_intercept: np.ndarray  # (K,)
    thresholds: np.ndarray  # (K,)
    tuned: list[bool]
    regularisation: list[float | None]  # the chosen C per label (None: not fitted, too few positives)
    out_of_fold: np.ndarray = field(repr=False)  # (N, K) calibrated out-of-fold probabilities

    def inputs(self, cnn_logits: np.ndarray | None, measurements: np.ndarray | None) -> np.ndarray:
        """Standardised decision inputs (N, D), as ``HybridClassifier.decision_inputs`` builds them."""
        return (
            _unscaled_inputs(self.measurement_median, cnn_logits, measurements) - self.input_mean
        ) / self.input_scale

    def probabilities(self, cnn_logits: np.ndarray | None, measurements: np.ndarray | None) -> np.ndarray:
        logits = self.inputs(cnn_logits, measurements) @ self.weight.T + self.bias
        return _sigmoid(self.calibration_slope * logits + self.calibration_intercept)


def usable_measurements(measurements: np.ndarray, names: tuple[str, ...], max_missing_share: float) -> list[int]:
    """Columns measured in enough training records and not constant there."""
    columns = []
    for j in range(measurements.shape[1]):
        values = measurements[:, j]
        finite = values[np.isfinite(values)]
        if np.isnan(values).mean() <= max_missing_share and finite.size and finite.std() > 0:
            columns.append(j)
    return columns


def fit_decision(
    cnn_logits: np.ndarray | None,
    measurements: np.ndarray | None,
    names: tuple[str, ...],
    labels: np.ndarray,
    weights: np.ndarray,
    settings: DecisionSettings = DecisionSettings(),
) -> FittedDecision:
    """The decision for out-of-fold CNN logits (N, K) and/or measurements (N, M) of the training
    records (one of the two may be None), their labels (N, K) and weights (N,)."""
    if measurements is not None:
        columns = usable_measurements(measurements, names, settings.max_missing_share)
        measurements, names = measurements[:, columns], tuple(names[j] for j in columns)
        median = np.nanmedian(measurements, axis=0).astype(np.float32)
    else:
        names, median = (), np.zeros(0, np.float32)
    unscaled = _unscaled_inputs(median, cnn_logits, measurements)
    mean, scale = unscaled.mean(axis=0), unscaled.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    x = (unscaled - mean) / scale
    k_labels = labels.shape[1]
    weight, bias = np.zeros((k_labels, x.shape[1])), np.zeros(k_labels)
    slope, intercept = np.ones(k_labels), np.zeros(k_labels)
    out_of_fold = np.zeros(labels.shape)
    chosen: list[float | None] = []
    for k in range(k_labels):
        truth = labels[:, k] > 0
        positives = min(int(truth.sum()), int((~truth).sum()))
        if positives < settings.folds:  # too few to cross-validate: the training prevalence
            prevalence = np.clip(np.average(truth, weights=weights), 1e-3, 1 - 1e-3)
            bias[k] = np.log(prevalence / (1 - prevalence))
            out_of_fold[:, k] = prevalence
            chosen.append(None)
            continue
        c, oof_logit = _choose_regularisation(x, truth, weights, settings)
        model = _logistic(c).fit(x, truth, sample_weight=weights)
        weight[k], bias[k] = model.coef_[0], model.intercept_[0]
        platt = LogisticRegression(C=1e6).fit(oof_logit[:, None], truth, sample_weight=weights)
        slope[k], intercept[k] = platt.coef_[0, 0], platt.intercept_[0]
        out_of_fold[:, k] = _sigmoid(slope[k] * oof_logit + intercept[k])
        chosen.append(c)
    thresholds, tuned = tune_thresholds(out_of_fold, labels, weights)
    return FittedDecision(
        names, median, mean, scale, weight, bias, slope, intercept, thresholds, tuned, chosen, out_of_fold
    )


def _unscaled_inputs(median: np.ndarray, cnn_logits: np.ndarray | None, measurements: np.ndarray | None) -> np.ndarray:
    """CNN logits, then the measurements with NaN replaced by the training ``median``, then their
    missing flags."""
    parts = [] if cnn_logits is None else [cnn_logits]
    if len(median):
        missing = np.isnan(measurements)
        parts += [np.where(missing, median, measurements), missing.astype(np.float32)]
    if not parts:
        raise ValueError("the decision needs CNN logits, measurements or both")
    return np.concatenate(parts, axis=1).astype(np.float64)


def _choose_regularisation(
    x: np.ndarray, truth: np.ndarray, weights: np.ndarray, settings: DecisionSettings
) -> tuple[float, np.ndarray]:
    """The C with the lowest weighted out-of-fold log loss, and its out-of-fold logits (mean over
    repeats)."""
    splitter = RepeatedStratifiedKFold(n_splits=settings.folds, n_repeats=settings.repeats, random_state=settings.seed)
    splits = list(splitter.split(x, truth))
    best = (np.inf, None, None)
    for c in settings.regularisation_grid:
        logit_sum, count = np.zeros(len(x)), np.zeros(len(x))
        for train, held_out in splits:
            model = _logistic(c).fit(x[train], truth[train], sample_weight=weights[train])
            logit_sum[held_out] += model.decision_function(x[held_out])
            count[held_out] += 1
        logit = logit_sum / count
        p = np.clip(_sigmoid(logit), 1e-6, 1 - 1e-6)
        loss = -np.average(truth * np.log(p) + (~truth) * np.log(1 - p), weights=weights)
        if loss < best[0]:
            best = (loss, c, logit)
    return best[1], best[2]


def _logistic(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=2000)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))
