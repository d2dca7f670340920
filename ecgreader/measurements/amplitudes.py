"""Per-lead amplitudes on the median beat and the voltage criteria built on them.

Amplitudes are measured from the isoelectric PR segment (the level over the 20 ms before the
global QRS onset), the reference carts use for Q, R, S and ST (AHA/ACCF/HRS 2009, part II).
"""

from __future__ import annotations

import numpy as np
from scipy.signal import find_peaks

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.measurements.delineation import Fiducials, pr_level
from ecgreader.measurements.result import LeadAmplitudes

ST_LATE_S = 0.06  # the second ST point: J + 60 ms
R_WAVE_PROMINENCE = 0.03  # of the QRS peak-to-peak: smaller bumps are notches, not waves


def pr_baselined(waveform: np.ndarray, qrs_on: int, fs: float) -> np.ndarray:
    """The median beats with each lead's PR-segment level (20 ms before QRS onset) taken away."""
    return waveform - pr_level(waveform, qrs_on, fs)[:, None]


def lead_amplitudes(waveform: np.ndarray, fs: float, fiducials: Fiducials) -> dict[str, LeadAmplitudes]:
    """Q, R, S, ST (J and J+60 ms) and T amplitudes of each lead of the median beats."""
    beat = pr_baselined(waveform, fiducials.qrs_on, fs)
    j60 = fiducials.qrs_off + int(round(ST_LATE_S * fs))
    amplitudes = {}
    for index, lead in enumerate(STANDARD_LEADS):
        q, r, s = qrs_deflections(beat[index, fiducials.qrs_on : fiducials.qrs_off + 1])
        amplitudes[lead] = LeadAmplitudes(
            q_mv=q,
            r_mv=r,
            s_mv=s,
            st_j_mv=float(beat[index, fiducials.qrs_off]),
            st_j60_mv=float(beat[index, j60]) if j60 < beat.shape[1] else None,
            t_mv=_t_amplitude(beat[index], fiducials),
        )
    return amplitudes


def qrs_deflections(qrs: np.ndarray) -> tuple[float, float, float]:
    """(Q, R, S) of one lead's baselined QRS: R the highest positive peak, Q the negative
    deflection before it and S the one after it (0 where absent). A QS complex, with no positive
    peak (a J point above the baseline at its end is not an R wave), reports its depth as Q."""
    peaks, _ = find_peaks(qrs, prominence=R_WAVE_PROMINENCE * float(np.ptp(qrs)))
    peaks = peaks[qrs[peaks] > 0]
    if peaks.size == 0:
        return min(0.0, float(qrs.min())), 0.0, 0.0
    r_index = int(peaks[np.argmax(qrs[peaks])])
    q = min(0.0, float(qrs[: r_index + 1].min()))
    s = min(0.0, float(qrs[r_index:].min()))
    return q, float(qrs[r_index]), s


def _t_amplitude(beat: np.ndarray, fiducials: Fiducials) -> float | None:
    if fiducials.t_off is None or fiducials.t_off <= fiducials.qrs_off:
        return None
    t_wave = beat[fiducials.qrs_off : fiducials.t_off + 1]
    return float(t_wave[int(np.argmax(np.abs(t_wave)))])


def sokolow_lyon_mv(amplitudes: dict[str, LeadAmplitudes]) -> float:
    """S in V1 plus the larger R of V5 and V6 (Sokolow & Lyon 1949; LVH at 3.5 mV)."""
    return -amplitudes["V1"].s_mv + max(amplitudes["V5"].r_mv, amplitudes["V6"].r_mv)


def cornell_mv(amplitudes: dict[str, LeadAmplitudes]) -> float:
    """R in aVL plus S in V3 (Casale 1985; LVH above 2.8 mV in men, 2.0 mV in women)."""
    return amplitudes["aVL"].r_mv - amplitudes["V3"].s_mv
