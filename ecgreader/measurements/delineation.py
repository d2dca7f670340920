"""Global wave boundaries on the median beats, taken across all leads at once.

A cart's global QRS onset is the earliest onset in any lead and its offset the latest; the
combined curves below give the same thing without per-lead decisions: the spatial velocity
(the length of the 8 independent leads' slope vector) rises above its noise at the first lead's
QRS onset and falls back after the last lead's offset. P and T boundaries are found on the
root-mean-square of the leads around their own baseline, where a wave present in any lead shows.
The thresholds are fractions of each wave's own peak above the noise and were tuned on LUDB's
training half (bench/measurements.py) against its cardiologists' boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.signal import find_peaks

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.measurements.filters import band_pass, for_delineation
from ecgreader.measurements.median_beat import MedianBeat
from ecgreader.measurements.pacing import SPIKE_BLANK_S

# I, II and V1–V6 carry all the information of the 12 leads (the other four are sums of I and II).
INDEPENDENT_LEADS = tuple(STANDARD_LEADS.index(name) for name in ("I", "II", "V1", "V2", "V3", "V4", "V5", "V6"))
P_WAVE_LOW_PASS_HZ = 20.0
MAJOR_PEAK_SHARE = 0.5
P_HALF_MAX_S = 0.10  # a P wave's onset and offset lie within this of its peak
P_GAP_S = 0.02  # the P search ends this long before the QRS, out of reach of its filtered slope


@dataclass(frozen=True)
class DelineationSettings:
    """Thresholds of the delineator (fractions of a wave's peak above the noise) and the
    constant corrections (ms) that bring each boundary onto the cardiologists' on average."""

    qrs_on_fraction: float = 0.05
    qrs_off_fraction: float = 0.08
    qrs_search_before_s: float = 0.08
    qrs_search_after_s: float = 0.14
    qrs_hold_s: float = 0.010  # a crossing counts when held this long (not a single noisy sample)
    t_search_rr: float = 0.6  # the T wave ends before this share of the RR, where the next P may begin
    t_fall_s: float = 0.12  # the T wave's descending limb lies within this of its peak
    p_on_fraction: float = 0.30
    p_off_fraction: float = 0.20
    p_presence: float = 0.02  # the P wave's RMS peak must reach this fraction of the QRS's
    p_search_s: float = 0.40
    p_consistency: float = 0.7  # mean correlation of each beat's P wave with the median's
    # The same asked of the T wave, or its end is not measured: on LUDB's training half only a flat
    # T wave lost in noise (record 133, 0.59; its tangent ran to 190 ms past the cardiologists') fails.
    t_consistency: float = 0.7
    # Corrections tuned on LUDB's training half before pacing spikes were blanked. Re-tuning after it
    # moved them by 0.4-2.1 ms and the mean differences by under 1 ms, but cost the network's
    # measurement-only cross-validated macro AUC 0.005 (LAFB 0.889 -> 0.844, measured when 100 Hz
    # records were still delineated at 100 Hz, where a boundary moves by whole 10 ms samples), so
    # they stay: model_training/reports/ablation.md.
    qrs_on_bias_ms: float = -14.3
    qrs_off_bias_ms: float = 17.5
    t_end_bias_ms: float = 37.5
    p_on_bias_ms: float = -26.0
    p_off_bias_ms: float = 15.8


DEFAULT_SETTINGS = DelineationSettings()


@dataclass(frozen=True)
class Fiducials:
    """Global boundaries in median-beat samples; P ones are None when no P wave is found."""

    qrs_on: int
    qrs_off: int
    t_off: int | None
    p_on: int | None
    p_off: int | None


def delineate(median: MedianBeat, rr_s: float | None, settings: DelineationSettings = DEFAULT_SETTINGS) -> Fiducials:
    """The global P onset/offset, QRS onset/offset and T offset of ``median``."""
    fs, length = median.fs, median.waveform.shape[1]
    median = replace(median, waveform=for_delineation(median.waveform, fs))
    qrs_on, qrs_off = _qrs_bounds(median, settings)
    baselined = median.waveform - pr_level(median.waveform, qrs_on, fs)[:, None]
    t_end = _t_end(baselined, median.fiducial, qrs_off, rr_s, fs, settings)
    t_off = None if t_end is None else _shifted(t_end, settings.t_end_bias_ms, fs, length)
    p_on, p_off = _p_bounds(median, qrs_on, qrs_off, t_off, rr_s, settings)
    if t_off is not None and wave_consistency(median, qrs_off, t_off) < settings.t_consistency:
        t_off = None  # no T wave that repeats beat after beat: its end would be a guess
    paced_on = _paced_onset(median.pacing_spike, qrs_on, fs)
    return Fiducials(
        qrs_on=_shifted(qrs_on, settings.qrs_on_bias_ms, fs, length) if paced_on is None else paced_on,
        qrs_off=_shifted(qrs_off, settings.qrs_off_bias_ms, fs, length),
        t_off=t_off,
        p_on=None if p_on is None else _shifted(p_on, settings.p_on_bias_ms, fs, length),
        p_off=None if p_off is None else _shifted(p_off, settings.p_off_bias_ms, fs, length),
    )


def _paced_onset(spike: int | None, qrs_on: int, fs: float) -> int | None:
    """The onset of a paced QRS: its stimulus (LUDB's cardiologists mark the onset 0–6 ms after the
    spike on the training half's paced records), or None for an unpaced beat and for a fusion
    beat, whose QRS was under way before the spike (measured as any other). The slope of the
    blanked spike's straight line can start the onset up to the blanking width early; a slope
    rising further before the spike is the QRS's own."""
    if spike is None or spike - qrs_on > int(round(SPIKE_BLANK_S * fs)):
        return None
    return spike


def spatial_velocity(waveform: np.ndarray, fs: float) -> np.ndarray:
    """The length of the slope vector of the independent leads, in units per second."""
    slopes = np.gradient(waveform[list(INDEPENDENT_LEADS)], axis=1) * fs
    return np.sqrt((slopes**2).sum(axis=0))


def _qrs_bounds(median: MedianBeat, settings: DelineationSettings) -> tuple[int, int]:
    fs, fiducial = median.fs, median.fiducial
    velocity = spatial_velocity(median.waveform, fs)
    noise = float(np.percentile(velocity, 10))
    near = slice(max(0, fiducial - int(0.05 * fs)), fiducial + int(0.05 * fs) + 1)
    peak = float(velocity[near].max())
    hold = max(1, int(round(settings.qrs_hold_s * fs)))
    start = max(0, fiducial - int(round(settings.qrs_search_before_s * fs)))
    stop = min(velocity.size, fiducial + int(round(settings.qrs_search_after_s * fs)))
    above_on = _held(velocity[start : fiducial + 1] > noise + settings.qrs_on_fraction * (peak - noise), hold)
    above_off = _held(velocity[fiducial:stop] > noise + settings.qrs_off_fraction * (peak - noise), hold)
    on = start + int(np.flatnonzero(above_on)[0]) if above_on.any() else start
    off = fiducial + int(np.flatnonzero(above_off)[-1]) + hold - 1 if above_off.any() else stop - 1
    return on, min(off, velocity.size - 1)


def _held(above: np.ndarray, hold: int) -> np.ndarray:
    """True at i when ``above`` holds for ``hold`` samples from i on."""
    if hold <= 1 or above.size < hold:
        return above
    return np.convolve(above.astype(int), np.ones(hold, dtype=int), mode="valid") == hold


def pr_level(waveform: np.ndarray, qrs_on: int, fs: float) -> np.ndarray:
    """Each lead's isoelectric level: its median over the 20 ms before the QRS onset."""
    start = max(0, qrs_on - max(2, int(round(0.02 * fs))))
    return np.median(waveform[:, start : max(start + 1, qrs_on)], axis=1)


def _rms(waveform: np.ndarray) -> np.ndarray:
    return np.sqrt((waveform[list(INDEPENDENT_LEADS)] ** 2).mean(axis=0))


def _t_end(
    baselined: np.ndarray, fiducial: int, qrs_off: int, rr_s: float | None, fs: float, settings: DelineationSettings
) -> int | None:
    """The T wave's end by the tangent method on the leads' RMS: the steepest fall after the T peak,
    followed down to the baseline (the method of most carts, less sensitive to noise than a
    threshold; Lepeschkin & Surawicz 1952)."""
    rms = _rms(baselined)
    limit = (
        baselined.shape[1]
        if rr_s is None
        else min(baselined.shape[1], fiducial + int(settings.t_search_rr * rr_s * fs))
    )
    start = qrs_off + int(round(0.06 * fs))
    if limit - start < int(0.05 * fs):
        return None
    peak_index = start + int(np.argmax(rms[start:limit]))
    fall_stop = min(limit, peak_index + int(round(settings.t_fall_s * fs)))
    if fall_stop - peak_index < 3:
        return None
    slope = np.gradient(rms[peak_index:fall_stop])
    steepest = int(np.argmin(slope))
    base = float(rms[peak_index:limit].min())
    if slope[steepest] >= 0:
        return None
    return peak_index + steepest + int(round((rms[peak_index + steepest] - base) / -slope[steepest]))


def _p_bounds(
    median: MedianBeat,
    qrs_on: int,
    qrs_off: int,
    t_off: int | None,
    rr_s: float | None,
    settings: DelineationSettings,
) -> tuple[int | None, int | None]:
    """P onset and offset on the RMS of the P-band median beat, or (None, None) without a P wave."""
    fs = median.fs
    end = qrs_on - max(1, int(round(P_GAP_S * fs)))
    start = max(0, qrs_on - int(round(settings.p_search_s * fs)))
    if rr_s is not None and t_off is not None:  # not into the previous beat's T wave
        start = max(start, median.fiducial - int(round(rr_s * fs)) + (t_off - median.fiducial))
    if end - start < int(0.06 * fs):
        return None, None
    smooth = band_pass(median.waveform, fs, None, P_WAVE_LOW_PASS_HZ)
    edge = max(1, int(round(0.01 * fs)))
    first = smooth[:, start : start + edge].mean(axis=1)
    last = smooth[:, end - edge : end].mean(axis=1)
    ramp = np.linspace(0.0, 1.0, end - start)
    window = smooth[:, start:end] - (first[:, None] + (last - first)[:, None] * ramp[None, :])
    rms = _rms(window)
    qrs_rms = _rms(median.waveform[:, qrs_on : qrs_off + 1] - pr_level(median.waveform, qrs_on, fs)[:, None])
    base = float(np.percentile(rms, 10))
    peak_index = _latest_major_peak(rms, base)
    height = float(rms[peak_index]) - base
    if height < settings.p_presence * float(qrs_rms.max()) or peak_index in (0, rms.size - 1):
        return None, None
    reach = int(round(P_HALF_MAX_S * fs))
    rising = rms[max(0, peak_index - reach) : peak_index + 1]
    falling = rms[peak_index : peak_index + reach + 1]
    before = np.flatnonzero(rising < base + settings.p_on_fraction * height)
    after = np.flatnonzero(falling < base + settings.p_off_fraction * height)
    onset = int(before[-1]) if before.size else int(np.argmin(rising))
    offset = int(after[0]) if after.size else int(np.argmin(falling))
    p_on, p_off = start + peak_index - (rising.size - 1) + onset, start + peak_index + offset
    if wave_consistency(median, p_on, p_off) < settings.p_consistency:
        return None, None
    return p_on, p_off


def wave_consistency(median: MedianBeat, onset: int, offset: int) -> float:
    """Mean correlation of each beat's wave between ``onset`` and ``offset`` (all independent
    leads, below 20 Hz) with the median beat's.

    A sinus P wave repeats beat after beat; the fibrillatory waves of atrial fibrillation are
    not locked to the QRS, so their median is a small wave no single beat resembles. The same
    holds for a T wave too flat to stand out of the noise."""
    if len(median.beats) < 2:
        return 1.0
    leads = list(INDEPENDENT_LEADS)
    beats = band_pass(median.beats[:, leads], median.fs, None, P_WAVE_LOW_PASS_HZ)[:, :, onset : offset + 1]
    beats = beats - beats.mean(axis=2, keepdims=True)
    beats = beats.reshape(len(beats), -1)
    reference = np.median(beats, axis=0)
    norms = np.linalg.norm(beats, axis=1) * np.linalg.norm(reference) + 1e-12
    return float(np.mean(beats @ reference / norms))


def _latest_major_peak(rms: np.ndarray, base: float) -> int:
    """The local maximum nearest the QRS reaching half the highest: the P wave, not the tail of
    the previous T or U wave that can rise higher at the start of the search window."""
    peaks, _ = find_peaks(rms)
    highest = float(rms.max())
    major = [p for p in peaks if rms[p] - base >= MAJOR_PEAK_SHARE * (highest - base)]
    return int(major[-1]) if major else int(np.argmax(rms))


def _shifted(sample: int, bias_ms: float, fs: float, length: int) -> int:
    """``sample`` moved by a correction in ms, kept inside the median beat."""
    return min(length - 1, max(0, int(round(sample + bias_ms * fs / 1000.0))))
