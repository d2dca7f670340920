"""The one ECG representation the network sees, shared by training and the app's inference.

Every record, whatever its source, becomes 12 leads x 10 s at 100 Hz, band-passed 0.5-40 Hz and
z-scored per lead. Z-scoring removes absolute voltage, which findings such as LVH depend on, so
the log of each lead's standard deviation in mV is kept beside it as a separate *amplitude*
feature; sources that were already z-scored (the PTB-XL array) or rescaled per lead (LUDB, any
record not ``amplitude_calibrated``) have none and are masked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from math import gcd

import numpy as np
from scipy.signal import butter, resample_poly, sosfiltfilt

from ecgreader.ecg.record import Record

_STD_FLOOR = 1e-3  # mV or z units; a flat lead stays zero instead of dividing by nothing


@dataclass(frozen=True)
class RepresentationSpec:
    fs: float = 100.0
    duration_s: float = 10.0
    low_hz: float = 0.5
    high_hz: float = 40.0
    filter_order: int = 4

    @property
    def n_samples(self) -> int:
        return int(round(self.fs * self.duration_s))

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Represented:
    signal: np.ndarray  # float32 (12, n_samples), per-lead z-scores
    amplitude: np.ndarray  # float32 (12,), log std in mV (zeros when masked)
    has_amplitude: bool


def represent(record: Record, spec: RepresentationSpec = RepresentationSpec()) -> Represented:
    """Bring ``record`` to the shared representation (see the module docstring)."""
    signal = record.signal.astype(np.float64)
    nyquist = record.fs / 2
    high = min(spec.high_hz, 0.9 * nyquist)
    sos = butter(spec.filter_order, [spec.low_hz, high], btype="bandpass", fs=record.fs, output="sos")
    filtered = sosfiltfilt(sos, signal, axis=1)
    if record.fs != spec.fs:
        up, down = int(round(spec.fs * 100)), int(round(record.fs * 100))
        common = gcd(up, down)
        filtered = resample_poly(filtered, up // common, down // common, axis=1)
    fixed = np.zeros((filtered.shape[0], spec.n_samples))
    length = min(spec.n_samples, filtered.shape[1])
    fixed[:, :length] = filtered[:, :length]
    std = fixed[:, :length].std(axis=1)
    zscored = (fixed - fixed[:, :length].mean(axis=1, keepdims=True)) / np.maximum(std, _STD_FLOOR)[:, None]
    zscored[:, length:] = 0.0
    has_amplitude = record.amplitude_calibrated and not record.zscored
    amplitude = np.log(np.maximum(std, _STD_FLOOR)) if has_amplitude else np.zeros(len(std))
    return Represented(zscored.astype(np.float32), amplitude.astype(np.float32), has_amplitude)


def represent_many(
    records: Iterable[Record], spec: RepresentationSpec = RepresentationSpec()
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stack representations: signals (N, 12, T), amplitudes (N, 12), masks (N,) as float32."""
    items = [represent(record, spec) for record in records]
    return (
        np.stack([item.signal for item in items]),
        np.stack([item.amplitude for item in items]),
        np.array([item.has_amplitude for item in items], dtype=np.float32),
    )
