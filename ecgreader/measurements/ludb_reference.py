"""The cardiologists' global intervals of a LUDB record, from its per-lead delineation files.

LUDB annotates each lead separately (``N.i``, ``N.ii`` … ``N.v6``): for every P, QRS (``N``) and
T wave an onset ``(``, a peak and an offset ``)``. A global boundary is, as on a cart, the
earliest onset and the latest offset over the 12 leads of the same beat; each record's interval is
the median over its annotated beats (Kalyakulina et al., IEEE Access 2020).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import wfdb

LUDB_LEAD_EXTENSIONS = ("i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6")
SAME_BEAT_S = 0.10  # a lead's QRS peak within this of another lead's belongs to the same beat


@dataclass(frozen=True)
class Wave:
    symbol: str  # "p", "N" or "t"
    onset: int
    peak: int
    offset: int


@dataclass(frozen=True)
class ReferenceIntervals:
    """Median over beats of the global intervals, in ms (None where no beat had the waves)."""

    p_ms: float | None
    pr_ms: float | None
    qrs_ms: float | None
    qt_ms: float | None
    beats: int


def read_lead_waves(record_path: Path, extension: str) -> list[Wave]:
    """The complete (onset, peak, offset) waves of one lead's annotation file."""
    try:
        annotation = wfdb.rdann(str(record_path), extension)
    except (OSError, ValueError) as error:
        raise ValueError(f"{record_path}.{extension}: not a readable LUDB annotation ({error})") from error
    symbols, samples = annotation.symbol, annotation.sample
    waves = []
    for i in range(1, len(symbols) - 1):
        if symbols[i] in ("p", "N", "t") and symbols[i - 1] == "(" and symbols[i + 1] == ")":
            waves.append(Wave(symbols[i], int(samples[i - 1]), int(samples[i]), int(samples[i + 1])))
    return waves


@dataclass(frozen=True)
class GlobalBeat:
    """One beat's global boundaries in record samples (None where the wave was not annotated)."""

    qrs_on: int
    qrs_off: int
    p_on: int | None
    p_off: int | None
    t_off: int | None


def reference_beats(record_path: str | Path, fs: float = 500.0) -> list[GlobalBeat]:
    """The cardiologists' global boundaries of each annotated beat of a LUDB record
    (``…/data/N`` without suffix): earliest onset and latest offset over the 12 leads."""
    record_path = Path(record_path)
    waves = [wave for extension in LUDB_LEAD_EXTENSIONS for wave in read_lead_waves(record_path, extension)]
    complexes = sorted((w for w in waves if w.symbol == "N"), key=lambda w: w.peak)
    groups: list[list[Wave]] = []
    for wave in complexes:
        if groups and wave.peak - groups[-1][0].peak <= SAME_BEAT_S * fs:
            groups[-1].append(wave)
        else:
            groups.append([wave])
    beats = []
    for index, group in enumerate(groups):
        qrs_on, qrs_off = min(w.onset for w in group), max(w.offset for w in group)
        previous_off = max(w.offset for w in groups[index - 1]) if index else -1
        next_on = min(w.onset for w in groups[index + 1]) if index + 1 < len(groups) else np.inf
        p_waves = [w for w in waves if w.symbol == "p" and previous_off < w.peak < qrs_on]
        t_waves = [w for w in waves if w.symbol == "t" and qrs_off <= w.peak < next_on]
        beats.append(
            GlobalBeat(
                qrs_on=qrs_on,
                qrs_off=qrs_off,
                p_on=min(w.onset for w in p_waves) if p_waves else None,
                p_off=max(w.offset for w in p_waves) if p_waves else None,
                t_off=max(w.offset for w in t_waves) if t_waves else None,
            )
        )
    return beats


def reference_intervals(record_path: str | Path, fs: float = 500.0) -> ReferenceIntervals:
    """The global P duration, PR, QRS and QT of a LUDB record (``…/data/N`` without suffix)."""
    return intervals_of(reference_beats(record_path, fs), fs)


def intervals_of(beats: list[GlobalBeat], fs: float) -> ReferenceIntervals:
    """Median over ``beats`` of each global interval."""
    with_p = [b for b in beats if b.p_on is not None]
    with_t = [b for b in beats if b.t_off is not None]
    ms = 1000.0 / fs

    def median(values: list[int]) -> float | None:
        return float(np.median(values)) * ms if values else None

    return ReferenceIntervals(
        p_ms=median([b.p_off - b.p_on for b in with_p]),
        pr_ms=median([b.qrs_on - b.p_on for b in with_p]),
        qrs_ms=median([b.qrs_off - b.qrs_on for b in beats]),
        qt_ms=median([b.t_off - b.qrs_on for b in with_t]),
        beats=len(beats),
    )
