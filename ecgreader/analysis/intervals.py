"""Confidence intervals of the comparison: Wilson's score interval for one rater's proportions,
and the bootstrap over cases (resample weights, percentiles, and the BCa interval).

BCa, the bias-corrected and accelerated bootstrap (Efron, J Am Stat Assoc 1987;82:171-185;
Efron & Tibshirani, An Introduction to the Bootstrap, 1993, ch. 14), takes the α1-th and α2-th
percentiles of the resamples instead of the 2.5th and 97.5th,

    α1,2 = Φ(z0 + (z0 + z) / (1 − a (z0 + z))),  z = ∓1.96,

- z0 = Φ⁻¹(share of the resamples below the point estimate, ties counted half): the bootstrap's
  median bias (ties matter: a proportion of few counts often equals its point estimate);
- a = Σ d³ / (6 (Σ d²)^{3/2}), d = mean of the leave-one-case-out estimates − each of them: the
  skewness of the estimate, from the jackknife over cases.

It is second-order accurate where the percentile interval is first-order, which matters for the
skewed estimates here: proportions near 0 or 1 and ratios of few counts such as F1.

Fallbacks, per estimate: a = 0 (Efron's BC interval) where the leave-one-out estimates do not
vary or none is defined; the percentile interval where z0 is infinite (the point estimate lies
beyond every resample) or 1 − a (z0 + z) ≤ 0 (the adjusted level is no longer monotone); NaN
where the point estimate, or every resample, is undefined, and where every defined resample has
the same value. Such a degenerate bootstrap says nothing about the spread: an F1 of 0 from no
true positive, or of 1 from a single one, gives the same value in every resample, and [x, x]
would claim a certainty a handful of cases cannot give (as DeLong's zero variance does for an
AUC, ``label_aucs.normal_interval``). The engine gives a proportion whose bootstrap is
degenerate Wilson's interval instead.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri

Z_95 = 1.959963984540054  # the normal 97.5th percentile
PERCENTILE_LEVELS = (2.5, 97.5)
TIE_TOLERANCE = 1e-12  # relative: a resample "equals" the point estimate up to rounding of the same ratio


def wilson_interval(successes: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Wilson's (1927) score interval for a binomial proportion, element-wise; NaN where n = 0.

    Unlike the bootstrap or Wald interval it is not a point at 0 % or 100 % (10 of 10 gives
    0.72–1.00)."""
    successes, n = np.asarray(successes, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = successes / n
        centre = (p + Z_95**2 / (2 * n)) / (1 + Z_95**2 / n)
        half = Z_95 * np.sqrt(p * (1 - p) / n + Z_95**2 / (4 * n**2)) / (1 + Z_95**2 / n)
        low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
        low, high = np.where(p == 0, 0.0, low), np.where(p == 1, 1.0, high)  # exact ends, not 1 - 1e-16
    return np.where(n > 0, low, np.nan), np.where(n > 0, high, np.nan)


def bootstrap_weights(n_cases: int, resamples: int, seed: int) -> np.ndarray:
    """(resamples, n_cases) counts of each case in each bootstrap resample."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_cases, size=(resamples, n_cases))
    flat = (np.arange(resamples)[:, None] * n_cases + draws).ravel()  # bincount: ~10x np.add.at
    return np.bincount(flat, minlength=resamples * n_cases).reshape(resamples, n_cases).astype(np.int32)


def nan_percentiles(samples: np.ndarray, percents) -> list[np.ndarray]:
    """Linear-interpolation percentiles over axis 0 ignoring NaN; NaN where a column has none.

    Each of ``percents`` is a number or an array with one percent per column (BCa's levels
    differ by column). Equal to ``np.nanpercentile`` but for every column at once: that one loops
    over columns in Python, which once took a third of the analysis."""
    samples = np.asarray(samples, dtype=float)
    ordered = np.sort(samples, axis=0)  # NaN sorts last
    defined = np.isfinite(samples).sum(axis=0)
    last = np.maximum(defined - 1, 0)
    results = []
    for percent in percents:
        position = np.asarray(percent, dtype=float) / 100 * last
        below = np.floor(position).astype(int)
        above = np.minimum(below + 1, last)
        low_value = np.take_along_axis(ordered, below[None], axis=0)[0]
        high_value = np.take_along_axis(ordered, above[None], axis=0)[0]
        with np.errstate(invalid="ignore"):
            value = low_value + (high_value - low_value) * (position - below)
        results.append(np.where(defined > 0, value, np.nan))
    return results


def percentile_interval(samples: np.ndarray, point: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2.5th and 97.5th percentiles over resamples (axis 0), NaN where the point is undefined: the
    percentile bootstrap (the training ablation's interval, and BCa's fallback)."""
    low, high = nan_percentiles(samples, PERCENTILE_LEVELS)
    undefined = ~np.isfinite(np.asarray(point, dtype=float))
    return np.where(undefined, np.nan, low), np.where(undefined, np.nan, high)


def bias_correction(samples: np.ndarray, point: np.ndarray) -> np.ndarray:
    """BCa's z0 (C,) = Φ⁻¹(share of the defined resamples (B, C) below ``point`` (C,), ties
    counted half); ±inf where the point lies beyond every resample, NaN where nothing is defined."""
    samples, point = np.asarray(samples, dtype=float), np.asarray(point, dtype=float)
    defined = np.isfinite(samples)
    tolerance = TIE_TOLERANCE * np.maximum(1.0, np.abs(point))
    with np.errstate(invalid="ignore"):
        tied = defined & (np.abs(samples - point) <= tolerance)
        below = defined & (samples < point) & ~tied
        count = defined.sum(axis=0)
        share = (below.sum(axis=0) + 0.5 * tied.sum(axis=0)) / np.maximum(count, 1)
    return np.where((count > 0) & np.isfinite(point), ndtri(share), np.nan)


def acceleration(leave_one_out: np.ndarray) -> np.ndarray:
    """BCa's a (C,) = Σ d³ / (6 (Σ d²)^{3/2}) over the defined leave-one-case-out estimates
    (N, C), d = their mean − each; 0 where they do not vary or none is defined."""
    values = np.asarray(leave_one_out, dtype=float)
    defined = np.isfinite(values)
    count = defined.sum(axis=0)
    mean = np.where(defined, values, 0.0).sum(axis=0) / np.maximum(count, 1)
    d = np.where(defined, mean - values, 0.0)
    squared = d * d  # products, not d**3: numpy's float power is a hundred times slower
    squares, cubes = squared.sum(axis=0), (squared * d).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        a = cubes / (6 * squares**1.5)
    return np.where((squares > 0) & np.isfinite(a), a, 0.0)


def bca_levels(z0: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper percent (C,) of the 95 % BCa interval; the percentile interval's 2.5 and
    97.5 where z0 is not finite or 1 − a (z0 + z) ≤ 0 (see the module docstring)."""
    z = np.array([-Z_95, Z_95])[:, None]  # (2, 1): lower, upper
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        denominator = 1 - a * (z0 + z)
        percent = 100 * ndtr(z0 + (z0 + z) / denominator)  # (2, C)
    usable = np.isfinite(z0) & np.all(denominator > 0, axis=0) & np.all(np.isfinite(percent), axis=0)
    return np.where(usable, percent[0], PERCENTILE_LEVELS[0]), np.where(usable, percent[1], PERCENTILE_LEVELS[1])


def degenerate(samples: np.ndarray) -> np.ndarray:
    """(C,) whether every defined resample (B, C) of a column has one value, up to the rounding
    of the same ratio (TIE_TOLERANCE); False where none is defined."""
    samples = np.asarray(samples, dtype=float)
    defined = np.isfinite(samples)
    highest = np.where(defined, samples, -np.inf).max(axis=0)
    lowest = np.where(defined, samples, np.inf).min(axis=0)
    with np.errstate(invalid="ignore"):
        spread = highest - lowest
    return defined.any(axis=0) & (spread <= TIE_TOLERANCE * np.maximum(1.0, np.abs(lowest)))


def bca_interval(samples: np.ndarray, point: np.ndarray, leave_one_out: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95 % BCa interval of each column: resamples (B, C), point estimates (C,) and
    leave-one-case-out estimates (N, C), all NaN where undefined; NaN where the point is, and where
    the bootstrap is degenerate (see the module docstring)."""
    samples = np.asarray(samples, dtype=float)
    point = np.asarray(point, dtype=float)
    lower, upper = bca_levels(bias_correction(samples, point), acceleration(leave_one_out))
    low, high = nan_percentiles(samples, (lower, upper))
    undefined = ~np.isfinite(point) | degenerate(samples)
    return np.where(undefined, np.nan, low), np.where(undefined, np.nan, high)
