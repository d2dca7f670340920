"""Frontal-plane axes from the net areas of a wave in leads I and aVF.

With Einthoven's triangle and Goldberger's leads, a frontal vector H gives I = Hx and
aVF = (√3/2)·Hy, so the axis is atan2(2·aVF/√3, I), in degrees (-180, 180], 0° pointing to the
left arm and +90° to the feet.
"""

from __future__ import annotations

import math

import numpy as np

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import flat_lines

AXIS_LEADS = ("I", "aVF")
_I, _AVF = (STANDARD_LEADS.index(name) for name in AXIS_LEADS)


def frontal_axis_deg(baselined: np.ndarray, start: int | None, stop: int | None) -> float | None:
    """The axis of the wave between samples ``start`` and ``stop`` of the baselined median beats."""
    if start is None or stop is None or stop <= start:
        return None
    lead_i = float(baselined[_I, start : stop + 1].sum())
    lead_avf = float(baselined[_AVF, start : stop + 1].sum())
    if lead_i == 0.0 and lead_avf == 0.0:
        return None
    return math.degrees(math.atan2(2.0 * lead_avf / math.sqrt(3.0), lead_i))


def flat_axis_leads(median_beats: np.ndarray, zscored: bool) -> tuple[str, ...]:
    """The leads of ``AXIS_LEADS`` that are flat lines on the median beats (12, n), by the record
    intake's test. A flat lead is a missing one, not a zero projection: a flat lead I would put
    every axis at exactly ±90° and a flat aVF at 0° or 180°, so no axis is taken then."""
    flat = flat_lines(median_beats[[_I, _AVF]], zscored)
    return tuple(name for name, is_flat in zip(AXIS_LEADS, flat, strict=True) if is_flat)
