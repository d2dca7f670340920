"""Where things go on clinical ECG paper, in millimetres. Pure geometry, no drawing.

Time runs at ``speed`` mm/s and voltage at ``gain`` mm/mV; the paper origin is its top-left
corner, and every trace starts on a 5 mm (major) grid line so that a large box is 0.2 s at
25 mm/s and 0.5 mV at 10 mm/mV.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ecgreader.ecg.display_filters import NO_FILTERS, DisplayFilters

LAYOUTS: dict[str, tuple[tuple[str, ...], ...]] = {
    # Rows of columns; each column shows the next stretch of time (simultaneous recording).
    "3x4+II": (
        ("I", "aVR", "V1", "V4"),
        ("II", "aVL", "V2", "V5"),
        ("III", "aVF", "V3", "V6"),
    ),
    "6x2": (
        ("I", "V1"),
        ("II", "V2"),
        ("III", "V3"),
        ("aVR", "V4"),
        ("aVL", "V5"),
        ("aVF", "V6"),
    ),
    "12x1": tuple((lead,) for lead in ("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6")),
}
RHYTHM_STRIP = {"3x4+II": "II"}  # layouts that add a full-length rhythm strip below
GAINS_MM_PER_MV = (5.0, 10.0, 20.0)
SPEEDS_MM_PER_S = (25.0, 50.0)

MAJOR_MM = 5.0
CALIBRATION_MV = 1.0
CALIBRATION_S = 0.2
_EDGE_MM = 5.0  # white-space margin on the top, right and bottom
_ROW_MV = {"3x4+II": 4.0, "6x2": 3.5, "12x1": 2.5}  # row pitch in mV, so rows scale with gain
MIN_RR_INTERVAL_MS = 200.0  # a rate above 300 bpm is no rhythm a caliper span measures
_BASELINE_FRACTION = 0.6  # baseline sits 60 % down a row: QRS complexes are mostly upright


@dataclass(frozen=True)
class PaperSpec:
    """How the ECG is printed: layout, gain (mm/mV), paper speed (mm/s), seconds shown, and the
    display filters the traces are drawn through (stated in the footer)."""

    layout: str = "3x4+II"
    gain: float = 10.0
    speed: float = 25.0
    duration_s: float = 10.0
    filters: DisplayFilters = NO_FILTERS

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout {self.layout!r} is not one of {', '.join(LAYOUTS)}")
        if self.gain not in GAINS_MM_PER_MV:
            raise ValueError(f"gain {self.gain:g} mm/mV is not one of 5, 10, 20")
        if self.speed not in SPEEDS_MM_PER_S:
            raise ValueError(f"speed {self.speed:g} mm/s is not one of 25, 50")
        if not self.duration_s > 0:
            raise ValueError(f"duration {self.duration_s} s must be positive")


@dataclass(frozen=True)
class Trace:
    """One lead's stretch of time drawn from ``x_mm`` rightwards on the baseline ``baseline_mm``."""

    lead: str
    start_s: float
    end_s: float
    x_mm: float
    baseline_mm: float
    row_top_mm: float


@dataclass(frozen=True)
class Paper:
    width_mm: float
    height_mm: float
    traces: tuple[Trace, ...]
    calibration_baselines_mm: tuple[float, ...]  # one pulse at the start of each row
    calibration_x_mm: float
    spec: PaperSpec


def _up_to_major(mm: float) -> float:
    return math.ceil(mm / MAJOR_MM - 1e-9) * MAJOR_MM


def lay_out(spec: PaperSpec) -> Paper:
    """Place every trace and calibration pulse of ``spec`` on the paper."""
    pulse_mm = CALIBRATION_S * spec.speed
    calibration_x = 2.0
    left = _up_to_major(calibration_x + pulse_mm + 3.0)
    row_height = _up_to_major(_ROW_MV[spec.layout] * spec.gain)
    baseline_offset = _up_to_major(_BASELINE_FRACTION * row_height)
    rows = list(LAYOUTS[spec.layout])
    if spec.layout in RHYTHM_STRIP:
        rows.append((RHYTHM_STRIP[spec.layout],))
    traces: list[Trace] = []
    baselines: list[float] = []
    for row_index, row in enumerate(rows):
        top = _EDGE_MM + row_index * row_height
        baseline = top + baseline_offset
        baselines.append(baseline)
        column_s = spec.duration_s / len(row)
        for column_index, lead in enumerate(row):
            start = column_index * column_s
            traces.append(
                Trace(
                    lead=lead,
                    start_s=start,
                    end_s=start + column_s,
                    x_mm=left + start * spec.speed,
                    baseline_mm=baseline,
                    row_top_mm=top,
                )
            )
    width = _up_to_major(left + spec.duration_s * spec.speed + _EDGE_MM)
    height = _up_to_major(2 * _EDGE_MM + len(rows) * row_height)
    return Paper(
        width_mm=width,
        height_mm=height,
        traces=tuple(traces),
        calibration_baselines_mm=tuple(baselines),
        calibration_x_mm=calibration_x,
        spec=spec,
    )


@dataclass(frozen=True)
class CaliperMeasurement:
    """What two caliper points on the paper measure."""

    interval_ms: float  # Δt, always positive
    amplitude_mv: float  # Δ voltage from the first to the second point (up is positive)

    @property
    def rate_bpm(self) -> float | None:
        """The rate if the span is one R-R interval; None for a span under 200 ms, which is no
        R-R interval (over 300 bpm) but a QRS, PR or QT measurement."""
        return 60_000.0 / self.interval_ms if self.interval_ms >= MIN_RR_INTERVAL_MS else None


def caliper_measurement(
    start_mm: tuple[float, float], end_mm: tuple[float, float], spec: PaperSpec
) -> CaliperMeasurement:
    """Measure between two paper points given in mm (x to the right, y downwards)."""
    return CaliperMeasurement(
        interval_ms=abs(end_mm[0] - start_mm[0]) / spec.speed * 1000.0,
        amplitude_mv=(start_mm[1] - end_mm[1]) / spec.gain,
    )
