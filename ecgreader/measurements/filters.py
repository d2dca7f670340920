"""The conditioning every stage starts from: baseline wander out, high-frequency noise out.

Zero-phase Butterworth filters as carts apply them before measuring (IEC 60601-2-25 asks that the
filters not shift the wave boundaries, hence filtfilt). Measuring runs at 500 Hz or faster
(``sampling``); cut-offs are still clipped below Nyquist for any other caller.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.signal import butter, sosfiltfilt

BASELINE_HIGH_PASS_HZ = 0.5  # the diagnostic-mode lower cut-off (AHA 2007)
# Amplitudes need 150 Hz of bandwidth (AHA 2007: a 40 Hz filter takes 10 % and more off a sharp
# R wave); wave boundaries are found below 40 Hz, where there is no muscle noise or mains.
AMPLITUDE_LOW_PASS_HZ = 150.0
DELINEATION_LOW_PASS_HZ = 40.0


def band_pass(signal: np.ndarray, fs: float, low_hz: float | None, high_hz: float | None, order: int = 2) -> np.ndarray:
    """Filter each row of ``signal`` (leads, samples) forward and backward; None skips that edge."""
    nyquist = fs / 2.0
    high_hz = None if high_hz is None or high_hz >= 0.95 * nyquist else high_hz
    if low_hz is None and high_hz is None:
        return np.asarray(signal, dtype=np.float64)
    return sosfiltfilt(_butterworth(order, low_hz, high_hz, fs), np.asarray(signal, dtype=np.float64), axis=-1)


@lru_cache(maxsize=64)
def _butterworth(order: int, low_hz: float | None, high_hz: float | None, fs: float) -> np.ndarray:
    """The filter's second-order sections, designed once per setting: designing takes longer
    than filtering a record, and measure() asks for the same few filters on every record."""
    if low_hz is None:
        sos = butter(order, high_hz, btype="lowpass", fs=fs, output="sos")
    elif high_hz is None:
        sos = butter(order, low_hz, btype="highpass", fs=fs, output="sos")
    else:
        sos = butter(order, (low_hz, high_hz), btype="bandpass", fs=fs, output="sos")
    return sos  # shared by every caller: sosfiltfilt only reads it (its Cython core needs it writable)


def conditioned(signal: np.ndarray, fs: float) -> np.ndarray:
    """The signal the median beats are built from: 0.5 Hz high-pass, 150 Hz low-pass."""
    return band_pass(signal, fs, BASELINE_HIGH_PASS_HZ, AMPLITUDE_LOW_PASS_HZ)


def for_delineation(median_beats: np.ndarray, fs: float) -> np.ndarray:
    """The median beats below 40 Hz, where wave boundaries are looked for."""
    return band_pass(median_beats, fs, None, DELINEATION_LOW_PASS_HZ)
