"""AUCs of one set of scores over several labels on the same cases, with DeLong's covariance
across the labels, so that the macro AUC (their mean) gets an interval too.

The labels' AUCs are correlated (the same cases, often the same diseased ones), so the macro
AUC's variance is not the mean of their variances: it is 1ᵀ S 1 / L² with S (L, L) their
covariance. S comes from DeLong's structural components (DeLong, DeLong & Clarke-Pearson,
Biometrics 1988;44:837-845), each case's contribution to each label's AUC:

    ψ_k(c) = (V10_k(c) − AUC_k) / √(m_k (m_k − 1))   if c is diseased for label k,
    ψ_k(c) = (V01_k(c) − AUC_k) / √(n_k (n_k − 1))   if not,

with V10, V01 the placement values (``mrmc.auc_placements``) and m_k, n_k the label's diseased and
non-diseased cases; S = Ψ Ψᵀ. Its diagonal is exactly DeLong's S10 / m + S01 / n; where every label
has the same diseased cases it is DeLong's covariance of correlated AUCs; otherwise each case
still contributes once, through every label it belongs to, which is what makes the labels'
estimates covary. DeLong rather than the bootstrap: the per-label intervals beside it are DeLong's,
and it needs no resampling. Labels without both classes leave the macro AUC (as they leave its
point estimate); a label with fewer than two cases of a class has no variance estimate, and then
the macro AUC has no interval.
"""

from __future__ import annotations

import numpy as np

from ecgreader.analysis.intervals import Z_95
from ecgreader.analysis.mrmc import auc_placements


def label_aucs_and_covariance(scores: np.ndarray, gold: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """AUC (L,) of each column of ``scores`` (N, L) against ``gold`` (N, L), NaN without both
    classes, and DeLong's covariance (L, L) across labels, NaN in the rows and columns of labels
    with fewer than two diseased or two non-diseased cases (no variance estimate)."""
    scores, gold = np.asarray(scores, dtype=float), np.asarray(gold, dtype=bool)
    n_cases, n_labels = gold.shape
    aucs = np.full(n_labels, np.nan)
    contributions = np.full((n_labels, n_cases), np.nan)  # Ψ (L, N)
    for k in range(n_labels):
        truth = gold[:, k]
        m, n = int(truth.sum()), int((~truth).sum())
        if m == 0 or n == 0:
            continue
        auc, v10, v01 = auc_placements(scores[None, :, k], truth)
        aucs[k] = auc[0]
        if m >= 2 and n >= 2:
            contributions[k, truth] = (v10[0] - auc[0]) / np.sqrt(m * (m - 1))
            contributions[k, ~truth] = (v01[0] - auc[0]) / np.sqrt(n * (n - 1))
    return aucs, contributions @ contributions.T


def normal_interval(estimate: float, variance: float) -> tuple[float | None, float | None]:
    """estimate ± 1.96 √variance clipped to [0, 1]; (None, None) where the variance is undefined or
    0: DeLong's variance is 0 when every positive outscores every negative (AUC 1) or all scores
    tie, and a point interval there would claim a certainty the cases cannot give."""
    if not (np.isfinite(estimate) and np.isfinite(variance) and variance > 0):
        return None, None
    se = float(np.sqrt(variance))
    return max(0.0, float(estimate) - Z_95 * se), min(1.0, float(estimate) + Z_95 * se)


def macro_auc_interval(aucs: np.ndarray, covariance: np.ndarray) -> tuple[float | None, float | None]:
    """95 % CI of the mean of the defined AUCs (L,): variance 1ᵀ S 1 / L² over those labels;
    (None, None) where any of them has no variance estimate."""
    defined = np.isfinite(aucs)
    if not defined.any():
        return None, None
    block = covariance[np.ix_(defined, defined)]
    return normal_interval(float(aucs[defined].mean()), float(block.sum()) / int(defined.sum()) ** 2)
