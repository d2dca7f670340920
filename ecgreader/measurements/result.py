"""What an electrocardiograph prints above the tracing: the global measurements of one record,
with the median beats and fiducials they were taken from, so a viewer can show its working."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

# The global values the CLI's JSON object opens with, in this order (the contract of its first
# version; qtc_ms is Bazett's QTc).
GLOBAL_FIELDS: tuple[str, ...] = (
    "heart_rate_bpm", "rr_ms", "p_ms", "pr_ms", "qrs_ms", "qt_ms", "qtc_ms",
    "p_axis_deg", "qrs_axis_deg", "t_axis_deg",
)  # fmt: skip
# Values the table always showed and the JSON object gained later: appended after the first
# version's keys so that their order stands. Field name: decimals.
LATER_FIELDS: dict[str, int] = {"qtc_fridericia_ms": 1, "sokolow_lyon_mv": 3, "cornell_mv": 3}

# The words that end, and so name, each kind of warning ``measure`` gives; a warning opens with the
# record's source, so a blinded reader is shown a fixed text per kind instead (gui.measurement_line).
NO_BEAT_FOUND = "no complete beat found"
MEASUREMENTS_UNRELIABLE = "the measurements are unreliable"
NO_AXIS = "no P, QRS or T axis"


@dataclass(frozen=True)
class LeadAmplitudes:
    """One lead's deflections on its median beat, in mV (or z-score units when not calibrated).

    q_mv and s_mv are negative or zero (0 when the lead has no Q or S wave); st_j_mv and st_j60_mv
    are the level at the J point and 60 ms after it against the PR-segment baseline; t_mv is the
    T wave's largest deflection, signed.
    """

    q_mv: float | None
    r_mv: float | None
    s_mv: float | None
    st_j_mv: float | None
    st_j60_mv: float | None
    t_mv: float | None


@dataclass(frozen=True, eq=False)
class Measurements:
    """The global measurements of one 12-lead record (None where not measurable).

    Intervals are in ms, axes in degrees of the frontal plane, in (-180, 180],
    qtc_ms is Bazett's correction and qtc_fridericia_ms Fridericia's. ``median_beats`` has shape
    (12, n) in ``STANDARD_LEADS`` order at ``median_beat_fs``; the fiducials are sample indices
    into it. sokolow_lyon_mv and cornell_mv are None unless ``amplitude_calibrated``.
    """

    record: str
    heart_rate_bpm: float | None
    rr_ms: float | None
    p_ms: float | None
    pr_ms: float | None
    qrs_ms: float | None
    qt_ms: float | None
    qtc_ms: float | None
    qtc_fridericia_ms: float | None
    p_axis_deg: float | None
    qrs_axis_deg: float | None
    t_axis_deg: float | None
    amplitudes: dict[str, LeadAmplitudes]
    sokolow_lyon_mv: float | None
    cornell_mv: float | None
    amplitude_calibrated: bool
    median_beats: np.ndarray
    median_beat_fs: float
    p_on: int | None = None
    p_off: int | None = None
    qrs_on: int | None = None
    qrs_off: int | None = None
    t_off: int | None = None
    rr_sd_ms: float | None = None
    beat_count: int = 0
    # What makes these values doubtful or missing (no beat, beats that disagree, a flat axis lead).
    warnings: tuple[str, ...] = field(default=())

    def as_json_dict(self, record_warnings: tuple[str, ...] = ()) -> dict:
        """The CLI's JSON object for this record: global values rounded, null where absent;
        ``warnings`` lists ``record_warnings`` (the record's intake warnings), then these
        measurements' own."""
        return {
            "record": self.record,
            **{name: _rounded(getattr(self, name)) for name in GLOBAL_FIELDS},
            "amplitude_calibrated": self.amplitude_calibrated,
            "amplitudes": {
                lead: {name: _rounded(value, 3) for name, value in asdict(amplitudes).items()}
                for lead, amplitudes in self.amplitudes.items()
            },
            **{name: _rounded(getattr(self, name), digits) for name, digits in LATER_FIELDS.items()},
            "warnings": [*record_warnings, *self.warnings],
        }


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)
