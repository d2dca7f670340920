"""Synthetic ECGs with known geometry, for tests, benchmarks and screenshots.

They are not physiological models: each beat is a sum of Gaussian P, Q, R, S and T waves with
per-lead amplitudes chosen to look like a normal 12-lead ECG, at an exact heart rate. Committed
pictures use these, never records from the public data sets.
"""

from __future__ import annotations

import numpy as np

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import Record, make_record

# (centre s after the R peak, width s) of each wave, and its amplitude in mV per lead.
_WAVES = {
    "P": (-0.16, 0.025),
    "Q": (-0.025, 0.008),
    "R": (0.0, 0.010),
    "S": (0.028, 0.010),
    "T": (0.26, 0.045),
}
_AMPLITUDES = {  # lead: P, Q, R, S, T
    "I": (0.10, -0.05, 0.9, -0.15, 0.25),
    "II": (0.15, -0.05, 1.3, -0.20, 0.35),
    "III": (0.05, -0.03, 0.5, -0.10, 0.10),
    "aVR": (-0.12, 0.05, -1.0, 0.15, -0.30),
    "aVL": (0.03, -0.03, 0.3, -0.05, 0.08),
    "aVF": (0.10, -0.04, 0.9, -0.15, 0.22),
    "V1": (0.08, 0.0, 0.3, -1.0, -0.10),
    "V2": (0.08, 0.0, 0.6, -1.4, 0.40),
    "V3": (0.08, -0.02, 1.0, -0.9, 0.45),
    "V4": (0.08, -0.05, 1.5, -0.5, 0.40),
    "V5": (0.08, -0.07, 1.4, -0.3, 0.30),
    "V6": (0.08, -0.06, 1.1, -0.2, 0.25),
}


def synthetic_ecg(
    heart_rate_bpm: float = 60.0,
    fs: float = 500.0,
    duration_s: float = 10.0,
    first_r_s: float = 0.5,
    record_id: str = "synthetic",
    noise_mv: float = 0.0,
    seed: int = 0,
) -> Record:
    """A 12-lead ECG whose R peaks fall exactly every 60/heart_rate_bpm s from ``first_r_s``."""
    t = np.arange(int(round(duration_s * fs))) / fs
    r_peaks = np.arange(first_r_s, duration_s, 60.0 / heart_rate_bpm)
    signal = np.zeros((len(STANDARD_LEADS), t.size))
    for lead_index, lead in enumerate(STANDARD_LEADS):
        for (centre, width), amplitude in zip(_WAVES.values(), _AMPLITUDES[lead], strict=True):
            offsets = t[None, :] - (r_peaks[:, None] + centre)
            signal[lead_index] += amplitude * np.exp(-0.5 * (offsets / width) ** 2).sum(axis=0)
    if noise_mv:
        signal += np.random.default_rng(seed).normal(0.0, noise_mv, signal.shape)
    return make_record(f"<synthetic {record_id}>", record_id, fs, signal, STANDARD_LEADS)


def square_wave_ecg(
    amplitude_mv: float = 1.0, period_s: float = 1.0, fs: float = 500.0, duration_s: float = 10.0
) -> Record:
    """Every lead a square wave between 0 and ``amplitude_mv``, rising at t = 0, period, …"""
    t = np.arange(int(round(duration_s * fs))) / fs
    wave = np.where((t % period_s) < period_s / 2, amplitude_mv, 0.0)
    signal = np.tile(wave, (len(STANDARD_LEADS), 1))
    return make_record("<synthetic square wave>", "square-wave", fs, signal, STANDARD_LEADS)
