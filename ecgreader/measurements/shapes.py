"""Wave-shape details of one lead's median beat that the findings turn on: Q width, terminal S
width, an R' after the S, a notched P wave, the negative part of the P wave in V1."""

from __future__ import annotations

import numpy as np
from scipy.signal import find_peaks

SIGNIFICANT_FRACTION = 0.05  # of the QRS peak-to-peak: smaller wiggles are not a wave
R_PRIME_FRACTION = 0.10
P_NOTCH_MIN_S = 0.03  # two P humps at least this far apart make a notched (bifid) P


def q_width_s(qrs: np.ndarray, fs: float) -> float:
    """Duration of the initial negative deflection of a baselined QRS (0 when it starts upward)."""
    threshold = SIGNIFICANT_FRACTION * float(np.ptp(qrs))
    significant = np.flatnonzero(np.abs(qrs) > threshold)
    if significant.size == 0 or qrs[significant[0]] > 0:
        return 0.0
    start = significant[0]
    ends = np.flatnonzero(qrs[start:] >= 0)
    return (int(ends[0]) if ends.size else qrs.size - start) / fs


def s_width_s(qrs: np.ndarray, fs: float) -> float:
    """Duration of the negative deflection after the R peak (0 without an S wave)."""
    r_index = int(np.argmax(qrs))
    after = qrs[r_index:]
    negative = np.flatnonzero(after < -SIGNIFICANT_FRACTION * float(np.ptp(qrs)))
    if qrs[r_index] <= 0 or negative.size == 0:
        return 0.0
    start = int(np.flatnonzero(after[: negative[0] + 1] >= 0)[-1]) if (after[: negative[0] + 1] >= 0).any() else 0
    back_up = np.flatnonzero(after[negative[0] :] >= 0)
    stop = negative[0] + (int(back_up[0]) if back_up.size else after.size - negative[0])
    return (stop - start) / fs


def has_r_prime(qrs: np.ndarray) -> bool:
    """A second positive wave after a negative one inside the QRS (rSR', RSR')."""
    prominence = R_PRIME_FRACTION * float(np.ptp(qrs))
    peaks, _ = find_peaks(qrs, prominence=prominence)
    positive = [p for p in peaks if qrs[p] > prominence]
    return any(qrs[a:b].min() < 0 for a, b in zip(positive, positive[1:], strict=False))


def is_notched_p(p_wave: np.ndarray, fs: float) -> bool:
    """Two humps of the same sign at least 30 ms apart in a P wave."""
    sign = 1.0 if p_wave.max() >= -p_wave.min() else -1.0
    wave = sign * p_wave
    peaks, _ = find_peaks(wave, prominence=0.1 * float(wave.max()), distance=max(1, int(P_NOTCH_MIN_S * fs)))
    return len(peaks) >= 2


def negative_fraction(wave: np.ndarray) -> float:
    """The share of a wave's absolute area that lies below the baseline."""
    total = float(np.abs(wave).sum())
    return float(-wave[wave < 0].sum()) / total if total > 0 else 0.0
