"""Beat alignment of two ECGs before their latents are mixed.

Interpolating the latents of two records with different heart rates superimposes two rhythms:
the decoded ECG shows doubled QRS complexes. Stretching the second parent in time so that its
median R-R interval matches the first's, and shifting it so their first R peaks coincide, puts
their beats on top of each other before mixing.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import find_peaks

MIN_RR_S = 0.3  # 200 bpm
FS = 100.0


def r_peaks(signal: np.ndarray, fs: float = FS) -> np.ndarray:
    """R-peak sample indices from the summed absolute slope of all leads (z-scored input)."""
    energy = np.abs(np.diff(signal, axis=1)).sum(axis=0)
    height = np.percentile(energy, 98) * 0.4
    peaks, _ = find_peaks(energy, height=height, distance=int(MIN_RR_S * fs))
    return peaks


def _rr(peaks: np.ndarray) -> float:
    """Mean R-R interval in samples over the intervals within 20 % of the median (skips missed
    or extra detections; the mean avoids the median's whole-sample rounding)."""
    intervals = np.diff(peaks).astype(float)
    typical = intervals[np.abs(intervals - np.median(intervals)) <= 0.2 * np.median(intervals)]
    return float(typical.mean())


def align_to(reference: np.ndarray, moving: np.ndarray, fs: float = FS) -> np.ndarray:
    """``moving`` (12, T) stretched and shifted so its beats fall on ``reference``'s beats.

    Returns ``moving`` unchanged when either record has fewer than two detectable beats.
    """
    peaks_ref, peaks_mov = r_peaks(reference, fs), r_peaks(moving, fs)
    if len(peaks_ref) < 2 or len(peaks_mov) < 2:
        return moving
    factor = _rr(peaks_ref) / _rr(peaks_mov)  # > 1: slow the mover
    samples = moving.shape[1]
    # Output sample t shows the mover at time (t - first_ref) / factor + first_mov.
    source = (np.arange(samples) - peaks_ref[0]) / factor + peaks_mov[0]
    source = np.mod(source, samples)  # the 10 s strip wraps, like the circular shifts in training
    grid = np.arange(samples)
    return np.stack([np.interp(source, grid, lead, period=samples) for lead in moving]).astype(moving.dtype)
