"""Global intervals from global fiducials: the arithmetic shared by ``measure`` and the bench."""

from __future__ import annotations

from dataclasses import dataclass

from ecgreader.measurements.delineation import Fiducials


@dataclass(frozen=True)
class GlobalIntervals:
    """P duration, PR, QRS and QT in ms (P ones None without a P wave, QT None without T end)."""

    p_ms: float | None
    pr_ms: float | None
    qrs_ms: float
    qt_ms: float | None


def global_intervals(fiducials: Fiducials, fs: float) -> GlobalIntervals:
    ms = 1000.0 / fs
    has_p = fiducials.p_on is not None and fiducials.p_off is not None
    return GlobalIntervals(
        p_ms=(fiducials.p_off - fiducials.p_on) * ms if has_p else None,
        pr_ms=(fiducials.qrs_on - fiducials.p_on) * ms if has_p else None,
        qrs_ms=(fiducials.qrs_off - fiducials.qrs_on) * ms,
        qt_ms=None if fiducials.t_off is None else (fiducials.t_off - fiducials.qrs_on) * ms,
    )
