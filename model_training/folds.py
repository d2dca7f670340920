"""Label-stratified folds of multi-label records for repeated cross-validation.

For each label, from the rarest up, its still-unplaced records go one by one to the fold holding
the fewest of that label (then the fewest records), in a seeded random order (iterative
stratification, Sechidis et al., ECML PKDD 2011); records without any label fill the smallest
folds. A label with five positives lands in five folds instead of by chance in two.
"""

from __future__ import annotations

import numpy as np


def stratified_folds(labels: np.ndarray, n_folds: int, seed: int) -> np.ndarray:
    """The fold (0 .. n_folds - 1) of each record of ``labels`` (N, K)."""
    if not 2 <= n_folds <= len(labels):
        raise ValueError(f"{n_folds} folds for {len(labels)} records: need 2 <= folds <= records")
    rng = np.random.default_rng(seed)
    positive = labels > 0
    fold = np.full(len(labels), -1)
    per_fold = np.zeros((n_folds, labels.shape[1]), dtype=int)
    sizes = np.zeros(n_folds, dtype=int)
    for label in np.argsort(positive.sum(axis=0), kind="stable"):
        for record in rng.permutation(np.flatnonzero(positive[:, label] & (fold < 0))):
            chosen = min(range(n_folds), key=lambda f: (per_fold[f, label], sizes[f], rng.random()))
            fold[record] = chosen
            per_fold[chosen] += positive[record]
            sizes[chosen] += 1
    for record in rng.permutation(np.flatnonzero(fold < 0)):
        chosen = min(range(n_folds), key=lambda f: (sizes[f], rng.random()))
        fold[record] = chosen
        sizes[chosen] += 1
    return fold
