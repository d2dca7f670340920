"""The representative beat: the sample-wise median, per lead, of the beats of the dominant form.

Premature ventricular beats and artefacts would bend a mean; the median of the beats that look
like the majority (QRS correlation with the first median) is what a cart measures on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ecgreader.measurements.beats import Beats

# The window around each QRS fiducial: long enough for the P wave of a first-degree AV block
# before it and the T wave of a long QT after it.
BEFORE_S = 0.45
AFTER_S = 0.65
QRS_HALF_WINDOW_S = 0.08
DOMINANT_CORRELATION = 0.90  # a beat of the dominant form correlates at least this well
MIN_DOMINANT_BEATS = 3


@dataclass(frozen=True)
class MedianBeat:
    """The median beat of each lead; ``fiducial`` is the QRS fiducial's sample in it."""

    waveform: np.ndarray  # (12, n)
    fs: float
    fiducial: int
    beats: np.ndarray  # (n_beats, 12, n): the dominant beats it is the median of
    beat_positions: np.ndarray  # the dominant beats' fiducials in the record
    pacing_spike: int | None = None  # the ventricular pacing stimulus's sample, in paced beats


def median_beat(signal: np.ndarray, fs: float, beats: Beats) -> MedianBeat | None:
    """The median beat of the dominant beats of ``signal`` (12, n); None without a whole beat."""
    before = int(round(BEFORE_S * fs))
    after = int(round(AFTER_S * fs))
    inside = beats.fiducials[(beats.fiducials - before >= 0) & (beats.fiducials + after < signal.shape[1])]
    if inside.size == 0:
        return None
    segments = np.stack([signal[:, f - before : f + after] for f in inside])  # (beats, leads, n)
    dominant = _dominant(segments, before, int(round(QRS_HALF_WINDOW_S * fs)))
    return MedianBeat(
        waveform=np.median(segments[dominant], axis=0),
        fs=fs,
        fiducial=before,
        beats=segments[dominant],
        beat_positions=inside[dominant],
    )


def _dominant(segments: np.ndarray, fiducial: int, half: int) -> np.ndarray:
    """Which beats share the majority's QRS form (all, when too few would be left)."""
    qrs = segments[:, :, fiducial - half : fiducial + half + 1].reshape(len(segments), -1)
    qrs = qrs - qrs.mean(axis=1, keepdims=True)
    reference = np.median(qrs, axis=0)
    norms = np.linalg.norm(qrs, axis=1) * np.linalg.norm(reference) + 1e-12
    correlation = qrs @ reference / norms
    keep = correlation >= DOMINANT_CORRELATION
    return keep if keep.sum() >= MIN_DOMINANT_BEATS else np.ones(len(segments), dtype=bool)
