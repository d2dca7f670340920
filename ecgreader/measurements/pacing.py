"""Pacemaker spikes: found on the raw record and blanked before anything is measured.

A pacing stimulus is a pulse 0.1 to 2 ms wide (the range ANSI/AAMI EC13 has monitors reject),
followed by the electrode's short recharge tail, and it appears on many leads at the same
instant. A QRS is never that narrow: over ±4 ms even its sharpest peak stays close to the local
median, while a spike stands far above it. Left in the signal, the spike is the steepest thing in
the beat: the beat detector aligns on it, the 40 Hz delineation filter spreads it backwards, and
the QRS onset lands tens of milliseconds before the stimulus. Electrocardiographs detect the
spikes and blank them before measuring; the stimulus itself then marks the paced QRS's onset.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import median_filter

from ecgreader.measurements.median_beat import MedianBeat

SPIKE_HALF_WIDTH_S = 0.004  # a spike is narrower than this either side of its peak
SPIKE_MIN_FS_HZ = 250.0  # ±4 ms spans at least two samples either side (checked on LUDB's 500 Hz)
# A spike rises above its ±4 ms median by this many times the lead's steep QRS slope (99th
# percentile of the sample-to-sample change) on at least SPIKE_LEADS leads at once. On LUDB's
# training half the sixth-highest lead reaches 3.7 to 32 at the paced records' spikes (not in the
# bipolar-paced record 111, whose spikes are too small to see) and at most 2.3 in unpaced records.
SPIKE_SLOPE_MULTIPLE = 2.5
SPIKE_LEADS = 6  # half of the 12 leads
SPIKE_BLANK_S = 0.006  # samples blanked either side of a spike's peak (the pulse and its tail's start)
# A ventricular stimulus precedes its QRS's steepest slope (the beat fiducial) by less than this: up to
# 92 ms in the wide paced complexes of LUDB's training half; an atrial stimulus lies an AV delay back.
STIMULUS_SEARCH_S = 0.12


def pacing_spikes(signal: np.ndarray, fs: float) -> np.ndarray:
    """The samples of ``signal`` (12, n) where a pacing spike peaks, one per spike, sorted.

    Records sampled below SPIKE_MIN_FS_HZ have none: there a QRS peak is itself only a few samples
    wide and a spike cannot be told from it."""
    half = int(round(SPIKE_HALF_WIDTH_S * fs))
    if fs < SPIKE_MIN_FS_HZ or signal.shape[1] < 2 * half + 2:
        return np.zeros(0, dtype=int)
    signal = np.asarray(signal, dtype=np.float64)
    smooth = median_filter(signal, size=(1, 2 * half + 1), mode="nearest")  # the spikes taken out
    narrow = np.abs(signal - smooth)
    # The slope scale comes from the spike-free signal: measured on the raw one, frequent spikes
    # (dual-chamber pacing at 80 bpm and more, or any pacing at 250 Hz) are themselves its 99th
    # percentile and no longer stand out from it.
    steep = np.percentile(np.abs(np.diff(smooth, axis=1)), 99, axis=1)
    live = steep > 0  # a flat lead (lead off) has neither slope nor spikes
    leads_spiking = (narrow[live] > SPIKE_SLOPE_MULTIPLE * steep[live, None]).sum(axis=0)
    candidates = np.flatnonzero(leads_spiking >= SPIKE_LEADS)
    if candidates.size == 0:
        return candidates
    # Neighbouring samples of one spike form one cluster; keep the sample where most leads spike.
    clusters = np.split(candidates, np.flatnonzero(np.diff(candidates) > 2 * half) + 1)
    return np.array([c[int(np.argmax(leads_spiking[c]))] for c in clusters], dtype=int)


def without_spikes(signal: np.ndarray, fs: float, spikes: np.ndarray) -> np.ndarray:
    """``signal`` (12, n) with each spike's samples replaced by the straight line between the
    samples either side, in every lead."""
    if spikes.size == 0:
        return signal
    blank = max(1, int(round(SPIKE_BLANK_S * fs)))
    cleaned = np.array(signal, dtype=np.float64)
    last = signal.shape[1] - 1
    for spike in spikes:
        before, after = max(0, spike - blank), min(last, spike + blank)
        ramp = np.linspace(0.0, 1.0, after - before + 1)
        cleaned[:, before : after + 1] = cleaned[:, [before]] + (cleaned[:, [after]] - cleaned[:, [before]]) * ramp
    return cleaned


def ventricular_stimulus(spikes: np.ndarray, median: MedianBeat) -> int | None:
    """The median beat's sample of the spike that paces its QRS, or None when the dominant beats
    are not paced: a spike in the STIMULUS_SEARCH_S before at least half of their QRS fiducials
    (the latest one, an atrial spike lies further back)."""
    if spikes.size == 0:
        return None
    reach = int(round(STIMULUS_SEARCH_S * median.fs))
    offsets = []
    for position in median.beat_positions:
        preceding = spikes[(spikes >= position - reach) & (spikes <= position)]
        if preceding.size:
            offsets.append(int(preceding[-1]) - int(position))
    if 2 * len(offsets) < len(median.beat_positions):
        return None
    return median.fiducial + int(round(float(np.median(offsets))))
