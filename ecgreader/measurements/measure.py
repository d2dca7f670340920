"""The measuring pipeline of an electrocardiograph: beats on all leads → median beat per lead →
global delineation → intervals, axes and amplitudes."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import Record
from ecgreader.measurements.amplitudes import cornell_mv, lead_amplitudes, pr_baselined, sokolow_lyon_mv
from ecgreader.measurements.axes import flat_axis_leads, frontal_axis_deg
from ecgreader.measurements.beat_agreement import MIN_BEAT_AGREEMENT, beat_agreement
from ecgreader.measurements.beats import detect_beats
from ecgreader.measurements.delineation import DEFAULT_SETTINGS, DelineationSettings, delineate
from ecgreader.measurements.filters import conditioned
from ecgreader.measurements.intervals import global_intervals
from ecgreader.measurements.median_beat import MedianBeat, median_beat
from ecgreader.measurements.pacing import pacing_spikes, ventricular_stimulus, without_spikes
from ecgreader.measurements.result import MEASUREMENTS_UNRELIABLE, NO_AXIS, NO_BEAT_FOUND, Measurements
from ecgreader.measurements.sampling import to_measuring_rate


def representative_beat(record: Record) -> tuple[MedianBeat | None, np.ndarray]:
    """The median beat of ``record``'s dominant beats (None without a whole beat) and its RR
    intervals in seconds: everything before delineation, which the bench computes once.

    Pacing spikes are found and blanked at the rate the record was stored at, the rate their
    thresholds were set for (none below 250 Hz, where a spike cannot be told from a QRS peak);
    then a record slower than 500 Hz is interpolated (``sampling``), so the median beat's rate
    (``MedianBeat.fs``) may differ from the record's. The ventricular spike's place is kept on the
    median beat."""
    spikes = pacing_spikes(record.signal, record.fs)
    cleaned, fs = to_measuring_rate(without_spikes(record.signal, record.fs, spikes), record.fs)
    spikes = np.round(spikes * fs / record.fs).astype(int)
    signal = conditioned(cleaned, fs)
    beats = detect_beats(signal, fs)
    median = median_beat(signal, fs, beats)
    if median is not None:
        median = replace(median, pacing_spike=ventricular_stimulus(spikes, median))
    return median, beats.rr_s(fs)


def measure(record: Record, settings: DelineationSettings = DEFAULT_SETTINGS) -> Measurements:
    """The global measurements of ``record``; values that cannot be measured are None, and
    ``warnings`` says why where the record would otherwise pass for a good one."""
    median, rr_s = representative_beat(record)
    mean_rr_s = float(rr_s.mean()) if rr_s.size else None
    name = record.source or record.record_id
    if median is None:
        return _unmeasurable(record, f"{name}: {NO_BEAT_FOUND}")
    fs = median.fs
    fiducials = delineate(median, mean_rr_s, settings)
    intervals = global_intervals(fiducials, fs)
    baselined = pr_baselined(median.waveform, fiducials.qrs_on, fs)
    amplitudes = lead_amplitudes(median.waveform, fs, fiducials)
    qt_ms = intervals.qt_ms
    calibrated = record.amplitude_calibrated and not record.zscored  # z-scores are never mV
    flat = flat_axis_leads(median.waveform, record.zscored)

    def axis_deg(start: int | None, stop: int | None) -> float | None:
        return None if flat else frontal_axis_deg(baselined, start, stop)

    return Measurements(
        record=record.record_id,
        heart_rate_bpm=None if mean_rr_s is None else 60.0 / mean_rr_s,
        rr_ms=None if mean_rr_s is None else mean_rr_s * 1000.0,
        p_ms=intervals.p_ms,
        pr_ms=intervals.pr_ms,
        qrs_ms=intervals.qrs_ms,
        qt_ms=qt_ms,
        qtc_ms=None if qt_ms is None or mean_rr_s is None else qt_ms / math.sqrt(mean_rr_s),
        qtc_fridericia_ms=None if qt_ms is None or mean_rr_s is None else qt_ms / mean_rr_s ** (1.0 / 3.0),
        p_axis_deg=axis_deg(fiducials.p_on, fiducials.p_off),
        qrs_axis_deg=axis_deg(fiducials.qrs_on, fiducials.qrs_off),
        t_axis_deg=axis_deg(fiducials.qrs_off, fiducials.t_off),
        amplitudes=amplitudes,
        sokolow_lyon_mv=sokolow_lyon_mv(amplitudes) if calibrated else None,
        cornell_mv=cornell_mv(amplitudes) if calibrated else None,
        amplitude_calibrated=calibrated,
        median_beats=median.waveform.astype(np.float32),
        median_beat_fs=fs,
        p_on=fiducials.p_on,
        p_off=fiducials.p_off,
        qrs_on=fiducials.qrs_on,
        qrs_off=fiducials.qrs_off,
        t_off=fiducials.t_off,
        rr_sd_ms=float(rr_s.std() * 1000.0) if rr_s.size > 1 else None,
        beat_count=int(rr_s.size + 1),
        warnings=_doubts(name, median, flat),
    )


def _doubts(name: str, median: MedianBeat, flat_leads: tuple[str, ...]) -> tuple[str, ...]:
    """Warnings about measurements that were taken but may mislead. Beats that disagree only warn:
    the values stay, as the shipped network was trained on them."""
    warnings = []
    agreement = beat_agreement(median)
    if agreement is not None and agreement < MIN_BEAT_AGREEMENT:
        warnings.append(
            f"{name}: no consistent beats (QRS correlation {agreement:.2f} between successive beats, "
            f"under {MIN_BEAT_AGREEMENT:g}): {MEASUREMENTS_UNRELIABLE}"
        )
    if flat_leads:
        leads = "leads" if len(flat_leads) > 1 else "lead"
        warnings.append(f"{name}: {leads} {' and '.join(flat_leads)} flat: {NO_AXIS}")
    return tuple(warnings)


def _unmeasurable(record: Record, reason: str) -> Measurements:
    """A record without a single whole beat: nothing but the flag is known."""
    return Measurements(
        record=record.record_id,
        **dict.fromkeys(
            ("heart_rate_bpm", "rr_ms", "p_ms", "pr_ms", "qrs_ms", "qt_ms", "qtc_ms", "qtc_fridericia_ms"), None
        ),
        **dict.fromkeys(("p_axis_deg", "qrs_axis_deg", "t_axis_deg", "sokolow_lyon_mv", "cornell_mv"), None),
        amplitudes={},
        amplitude_calibrated=record.amplitude_calibrated and not record.zscored,
        median_beats=np.zeros((len(STANDARD_LEADS), 0), dtype=np.float32),
        median_beat_fs=record.fs,
        warnings=(reason,),
    )
