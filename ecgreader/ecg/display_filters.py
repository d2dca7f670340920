"""The display filters of an electrocardiograph: baseline (high-pass), muscle (low-pass), mains notch.

They change what is drawn on the paper and nothing else: stored signals, measurements and the
network always see the raw record. Every filter runs forwards and backwards (zero phase), so
the ST segment and QRS timing are not shifted; AHA 2007 (Kligfield et al., Circulation
115:1306) accepts a high-pass up to 0.67 Hz when it is linear or zero phase (0.05 Hz otherwise),
so 0.5 Hz removes breathing drift without distorting ST. The cut-offs offered are a cart's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy import signal as sp_signal

from ecgreader.ecg.record import Record

# What a cart offers is 0.05 or 0.5 Hz (baseline), 40 or 150 Hz (muscle) and a 50 or 60 Hz notch;
# a study may set any cut-off within these limits.
BASELINE_LIMITS_HZ = (0.01, 1.0)
MUSCLE_LIMITS_HZ = (20.0, 500.0)
MAINS_FREQUENCIES_HZ = (50, 60)

# Defaults for new studies (the coordinator's study-creation code imports them).
DEFAULT_BASELINE_HZ = 0.5  # zero-phase, so within AHA 2007's limit (see above)
DEFAULT_MUSCLE_HZ = 150.0  # the full diagnostic bandwidth
DEFAULT_MAINS_HZ = None  # off: the coordinator picks 50 or 60 Hz for the country

_BUTTERWORTH_ORDER = 2  # per pass; forwards and backwards makes it 4th order in magnitude
_NOTCH_QUALITY = 30.0  # 50 Hz notch about 1.7 Hz wide at -3 dB


@dataclass(frozen=True)
class DisplayFilters:
    """A study's display filters; ``None`` switches a filter off."""

    baseline_hz: float | None = None
    muscle_hz: float | None = None
    mains_hz: int | None = None

    def __post_init__(self) -> None:
        for name, value, (low, high) in (
            ("baseline filter", self.baseline_hz, BASELINE_LIMITS_HZ),
            ("muscle filter", self.muscle_hz, MUSCLE_LIMITS_HZ),
        ):
            if value is not None and not low <= value <= high:
                raise ValueError(f"{name} {value:g} Hz is outside {low:g}–{high:g} Hz")
        if self.mains_hz is not None and self.mains_hz not in MAINS_FREQUENCIES_HZ:
            raise ValueError(f"mains notch {self.mains_hz} Hz is not one of 50, 60 Hz (or off)")

    def applied(self, fs: float) -> DisplayFilters:
        """The filters that can act at sampling rate ``fs``: a cut-off at or above the Nyquist
        frequency (a 40 or 150 Hz low-pass, a 50 or 60 Hz notch on a 100 Hz record) is skipped."""
        nyquist = fs / 2
        return DisplayFilters(
            baseline_hz=self.baseline_hz,
            muscle_hz=self.muscle_hz if self.muscle_hz is not None and self.muscle_hz < nyquist else None,
            mains_hz=self.mains_hz if self.mains_hz is not None and self.mains_hz < nyquist else None,
        )


NO_FILTERS = DisplayFilters()


def filter_signal(signal: np.ndarray, fs: float, filters: DisplayFilters) -> np.ndarray:
    """``signal`` (leads, samples) filtered zero-phase along time, as float32; unchanged if
    no filter acts. Raises ValueError for a record too short for the filter's padding."""
    applied = filters.applied(fs)
    sections = []
    if applied.baseline_hz is not None:
        sections.append(sp_signal.butter(_BUTTERWORTH_ORDER, applied.baseline_hz, "highpass", fs=fs, output="sos"))
    if applied.muscle_hz is not None:
        sections.append(sp_signal.butter(_BUTTERWORTH_ORDER, applied.muscle_hz, "lowpass", fs=fs, output="sos"))
    if applied.mains_hz is not None:
        b, a = sp_signal.iirnotch(applied.mains_hz, _NOTCH_QUALITY, fs=fs)
        sections.append(sp_signal.tf2sos(b, a))
    if not sections:
        return signal
    filtered = sp_signal.sosfiltfilt(np.vstack(sections), signal.astype(np.float64), axis=-1)
    return filtered.astype(np.float32)


_last_filtered: tuple[np.ndarray, float, DisplayFilters, Record] | None = None


def filter_for_display(record: Record, filters: DisplayFilters) -> Record:
    """A copy of ``record`` whose signal is filtered for drawing; the record itself is untouched.

    The reading view redraws the same record at every zoom and pan step, so the last result is
    kept (with a reference to its source signal, so the identity test cannot be fooled).
    """
    global _last_filtered
    if _last_filtered is not None:
        source, fs, last_filters, filtered = _last_filtered
        if source is record.signal and fs == record.fs and last_filters == filters:
            return replace(record, signal=filtered.signal)
    signal = filter_signal(record.signal, record.fs, filters)
    if signal is record.signal:
        return record
    filtered = replace(record, signal=signal)
    _last_filtered = (record.signal, record.fs, filters, filtered)
    return filtered
