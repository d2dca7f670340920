"""Per-class and macro metrics of a model's probabilities on a labelled set, and the paired
bootstrap of the augmentation ablation; every formula is the comparison's (``ecgreader.analysis``)."""

from __future__ import annotations

import numpy as np

from ecgreader.analysis.binary import auc, binary_metrics, macro
from ecgreader.analysis.engine import bootstrap_weights, percentile_interval, rater_statistics


def evaluate(probabilities: np.ndarray, labels: np.ndarray, thresholds: np.ndarray, keys) -> dict:
    """F1, sensitivity, specificity, PPV and AUC per class (None where undefined) plus macro."""
    per_class = {}
    for k, key in enumerate(keys):
        truth = labels[:, k] > 0
        counts = binary_metrics(truth, probabilities[:, k] >= thresholds[k])
        per_class[key] = {
            **counts.to_dict(),
            "auc": auc(truth, probabilities[:, k]),
            "positives": int(truth.sum()),
            "n": int(len(truth)),
        }
    summary = {
        name: macro([per_class[key][name] for key in keys])
        for name in ("f1", "sensitivity", "specificity", "ppv", "auc")
    }
    return {"per_class": per_class, "macro": summary}


def macro_f1(probabilities: np.ndarray, labels: np.ndarray, thresholds: np.ndarray) -> float:
    """Macro F1 over the classes with positives (the early-stopping criterion)."""
    keys = [str(k) for k in range(labels.shape[1])]
    value = evaluate(probabilities, labels, thresholds, keys)["macro"]["f1"]
    return 0.0 if value is None else value


def paired_bootstrap(
    with_decisions: np.ndarray, without_decisions: np.ndarray, labels: np.ndarray, resamples: int, seed: int
) -> dict:
    """Mean over seeds of macro-F1(with) - macro-F1(without), with a bootstrap CI over test cases.

    with_decisions / without_decisions: (S, N, K) decisions of S seeds; labels: (N, K). Both
    conditions are counted on the same resamples (paired), by the comparison's own bootstrap.
    """
    truth = labels > 0
    weights = bootstrap_weights(len(truth), resamples, seed)  # (B, N)
    point_with, samples_with = _macro_f1_per_seed(with_decisions, truth, weights)
    point_without, samples_without = _macro_f1_per_seed(without_decisions, truth, weights)
    observed = np.array([(point_with - point_without).mean()])
    differences = (samples_with - samples_without).mean(axis=1)  # (B,)
    low, high = percentile_interval(differences[:, None], observed)
    return {"mean": float(observed[0]), "low": float(low[0]), "high": float(high[0]), "resamples": resamples}


def _macro_f1_per_seed(decisions: np.ndarray, truth: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Macro-F1 of each seed's decisions (S, N, K): on the data (S,) and per resample (B, S)."""
    everyone = np.ones(len(truth), dtype=bool)
    stats = [rater_statistics(truth, [seed_decisions], [everyone], weights) for seed_decisions in decisions]
    return np.array([s.point["f1"][-1] for s in stats]), np.stack([s.resamples["f1"][:, -1] for s in stats], axis=1)
