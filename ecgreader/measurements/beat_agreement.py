"""Whether the beats a median beat was built from agree with each other: a record of noise still
yields "beats" and a median beat to measure, but its beats do not repeat.

Each dominant beat's QRS is compared with the next one's (independent leads, below 40 Hz, over the
window the dominant beats were chosen on), at the best lag within ``ALIGNMENT_SLACK_S``: beat
detection can leave the beats of a clean record in two groups some tens of ms apart (LUDB 148:
about 40 ms, beyond the reach of ``beats._aligned``, which moves a beat by up to 20 ms a pass),
and such a record is not noise. The median over the pairs is the agreement.

On LUDB's 200 records, the 50 of the CinC 2021 sample and the 4 of the Chapman sample the agreement
was at least 0.93; on Gaussian noise of 2.5 and 10 s at 100-1000 Hz (80 records) at most 0.26.
``MIN_BEAT_AGREEMENT`` lies between the two.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ecgreader.measurements.delineation import INDEPENDENT_LEADS
from ecgreader.measurements.filters import for_delineation
from ecgreader.measurements.median_beat import QRS_HALF_WINDOW_S, MedianBeat

ALIGNMENT_SLACK_S = 0.04  # twice the beat aligner's ±20 ms search: two groups may sit that far apart
MIN_BEAT_AGREEMENT = 0.5


def beat_agreement(median: MedianBeat) -> float | None:
    """The median over consecutive dominant beats of their best QRS correlation, in [-1, 1];
    None with fewer than two beats, where there is nothing to compare."""
    if len(median.beats) < 2:
        return None
    fs = median.fs
    half = int(round(QRS_HALF_WINDOW_S * fs))
    slack = int(round(ALIGNMENT_SLACK_S * fs))
    beats = for_delineation(median.beats[:, list(INDEPENDENT_LEADS)], fs)  # (beats, leads, n)
    qrs = beats[:, :, median.fiducial - half : median.fiducial + half + 1]
    reach = beats[:, :, median.fiducial - half - slack : median.fiducial + half + slack + 1]
    correlations = [_best_correlation(qrs[i], reach[i + 1], 2 * half + 1) for i in range(len(beats) - 1)]
    return float(np.median(correlations))


def _best_correlation(qrs: np.ndarray, reach: np.ndarray, width: int) -> float:
    """The highest correlation of ``qrs`` (leads, width) with a window of ``reach`` (leads, more),
    each lead taken about its own mean."""
    reference = (qrs - qrs.mean(axis=1, keepdims=True)).ravel()
    windows = sliding_window_view(reach, width, axis=1)  # (leads, lags, width)
    windows = windows - windows.mean(axis=2, keepdims=True)
    windows = windows.transpose(1, 0, 2).reshape(windows.shape[1], -1)  # (lags, leads · width)
    norms = np.linalg.norm(windows, axis=1) * np.linalg.norm(reference) + 1e-12
    return float((windows @ reference / norms).max())
