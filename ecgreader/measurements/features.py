"""The measurements as a fixed-length feature vector for the hybrid network.

The order of ``FEATURE_NAMES`` is part of the checkpoint format of any model trained on them:
append new features at the end, never reorder. Unmeasurable values are NaN; so are the
voltage features (mV) of a record whose amplitude is not calibrated. Relative amplitudes
(ST or T over the lead's QRS peak-to-peak, Q over R, R over R+|S|) survive any per-lead scaling.
"""

from __future__ import annotations

import numpy as np

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.measurements import shapes
from ecgreader.measurements.amplitudes import pr_baselined
from ecgreader.measurements.result import Measurements

LEAD_GROUPS: dict[str, tuple[str, ...]] = {
    "inferior": ("II", "III", "aVF"),
    "lateral": ("I", "aVL", "V5", "V6"),
    "anterior": ("V1", "V2", "V3", "V4"),
}
_GLOBAL = (
    "heart_rate_bpm", "rr_ms", "rr_sd_ms", "rr_irregularity", "p_present", "p_ms", "pr_ms", "qrs_ms", "qt_ms",
    "qtc_ms", "qtc_fridericia_ms", "p_axis_deg", "qrs_axis_deg", "t_axis_deg",
)  # fmt: skip
_SHAPE = (
    "p_notched_ii", "p_negative_fraction_v1", "s_width_i_ms", "s_width_v6_ms", "r_prime_v1", "r_prime_v2",
    "r_fraction_v1", "r_fraction_v2", "r_fraction_v5", "r_fraction_v6",
)  # fmt: skip
_PER_GROUP = ("q_width_max_ms", "q_to_r_max", "st_j60_rel_min", "st_j60_rel_max", "t_inverted_fraction", "t_rel_min")
_VOLTAGE_PER_GROUP = ("st_j60_min_mv", "st_j60_max_mv")
_VOLTAGE = ("sokolow_lyon_mv", "cornell_mv", "qrs_peak_to_peak_max_mv")

FEATURE_NAMES: tuple[str, ...] = (
    _GLOBAL
    + _SHAPE
    + tuple(f"{name}_{group}" for group in LEAD_GROUPS for name in _PER_GROUP)
    + tuple(f"{name}_{group}" for group in LEAD_GROUPS for name in _VOLTAGE_PER_GROUP)
    + _VOLTAGE
)


def measurement_features(m: Measurements) -> np.ndarray:
    """The features of ``m`` in ``FEATURE_NAMES`` order, float32, NaN where unmeasurable."""
    values = dict.fromkeys(FEATURE_NAMES, np.nan)
    for name in _GLOBAL:
        if hasattr(m, name):  # the Measurements fields; rr_irregularity and p_present follow
            values[name] = _value(getattr(m, name))
    if m.rr_sd_ms is not None and m.rr_ms:
        values["rr_irregularity"] = m.rr_sd_ms / m.rr_ms
    if m.qrs_on is not None and m.qrs_off is not None:
        values["p_present"] = float(m.p_on is not None)
        values.update(_shape_features(m))
    return np.array([values[name] for name in FEATURE_NAMES], dtype=np.float32)


def _shape_features(m: Measurements) -> dict[str, float]:
    fs = m.median_beat_fs
    beat = pr_baselined(m.median_beats.astype(np.float64), m.qrs_on, fs)
    qrs = {lead: beat[i, m.qrs_on : m.qrs_off + 1] for i, lead in enumerate(STANDARD_LEADS)}
    peak_to_peak = {lead: float(np.ptp(wave)) or np.nan for lead, wave in qrs.items()}
    features: dict[str, float] = {
        "s_width_i_ms": 1000.0 * shapes.s_width_s(qrs["I"], fs),
        "s_width_v6_ms": 1000.0 * shapes.s_width_s(qrs["V6"], fs),
        "r_prime_v1": float(shapes.has_r_prime(qrs["V1"])),
        "r_prime_v2": float(shapes.has_r_prime(qrs["V2"])),
    }
    for lead in ("V1", "V2", "V5", "V6"):
        amplitudes = m.amplitudes[lead]
        total = amplitudes.r_mv - amplitudes.s_mv
        features[f"r_fraction_{lead.lower()}"] = amplitudes.r_mv / total if total > 0 else np.nan
    if m.p_on is not None and m.p_off is not None:
        p_wave = {lead: beat[i, m.p_on : m.p_off + 1] for i, lead in enumerate(STANDARD_LEADS)}
        features["p_notched_ii"] = float(shapes.is_notched_p(p_wave["II"], fs))
        features["p_negative_fraction_v1"] = shapes.negative_fraction(p_wave["V1"])
    for group, leads in LEAD_GROUPS.items():
        features.update(_group_features(m, group, leads, qrs, peak_to_peak))
    if m.amplitude_calibrated:
        features["sokolow_lyon_mv"] = _value(m.sokolow_lyon_mv)
        features["cornell_mv"] = _value(m.cornell_mv)
        features["qrs_peak_to_peak_max_mv"] = float(np.nanmax(list(peak_to_peak.values())))
    return features


def _group_features(m: Measurements, group: str, leads, qrs, peak_to_peak) -> dict[str, float]:
    fs = m.median_beat_fs
    amplitudes = [m.amplitudes[lead] for lead in leads]
    st = np.array([_value(a.st_j60_mv) for a in amplitudes])
    st_rel = st / np.array([peak_to_peak[lead] for lead in leads])
    t = np.array([_value(a.t_mv) for a in amplitudes])
    t_rel = t / np.array([peak_to_peak[lead] for lead in leads])
    q_to_r = [-a.q_mv / a.r_mv for a in amplitudes if a.r_mv > 0]
    features = {
        f"q_width_max_ms_{group}": 1000.0 * max(shapes.q_width_s(qrs[lead], fs) for lead in leads),
        f"q_to_r_max_{group}": max(q_to_r) if q_to_r else np.nan,
        f"st_j60_rel_min_{group}": _nan_reduce(np.nanmin, st_rel),
        f"st_j60_rel_max_{group}": _nan_reduce(np.nanmax, st_rel),
        f"t_inverted_fraction_{group}": float(np.mean(t[np.isfinite(t)] < 0)) if np.isfinite(t).any() else np.nan,
        f"t_rel_min_{group}": _nan_reduce(np.nanmin, t_rel),
    }
    if m.amplitude_calibrated:
        features[f"st_j60_min_mv_{group}"] = _nan_reduce(np.nanmin, st)
        features[f"st_j60_max_mv_{group}"] = _nan_reduce(np.nanmax, st)
    return features


def _nan_reduce(reduce, values: np.ndarray) -> float:
    return float(reduce(values)) if np.isfinite(values).any() else np.nan


def _value(value: float | None) -> float:
    return np.nan if value is None else float(value)
