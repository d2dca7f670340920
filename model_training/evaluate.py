"""Per-class and macro metrics of a model's probabilities on a labelled set."""

from __future__ import annotations

import numpy as np

from ecgreader.analysis.binary import auc, binary_metrics, macro


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
