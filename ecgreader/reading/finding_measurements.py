"""Which measurement a reader weighs for each finding, taken from a record's measurements.

The second-opinion panel puts it beside the network's probability, so a reader can check the
network against the number the textbook criterion uses: PR > 200 ms for first-degree AV block,
QRS >= 120 ms for complete bundle branch block, a QRS axis beyond -45 degrees for left anterior
fascicular block, Sokolow-Lyon or Cornell voltage for LVH, a P wave >= 120 ms for left atrial
abnormality, the ST level at the J point for ST elevation, ST depression and T inversion for
ischaemia, the deepest Q wave for infarct scar. Plain data: the wording belongs to the GUI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ecgreader.measurements.result import Measurements

# Leads whose ST segment, T wave or Q wave is normally depressed, negative or deep: no sign of
# ischaemia or scar there (aVR looks at the heart from the right shoulder, upside down).
_ST_NORMALLY_DEPRESSED = frozenset({"aVR"})
_T_NORMALLY_INVERTED = frozenset({"aVR", "III", "V1"})
_Q_NORMALLY_DEEP = frozenset({"aVR", "III"})


@dataclass(frozen=True)
class KeyMeasurement:
    """One measured value for a finding; ``value`` None with ``not_calibrated`` False: unmeasurable."""

    kind: str  # "pr", "qrs", "qrs_axis", "p", "sokolow_lyon", "cornell", "st_elevation",
    # "st_depression", "t_inversion" or "q_wave": the GUI words and units each kind
    value: float | None  # ms, degrees or mV as the kind implies
    lead: str | None = None  # the lead it was found in, for per-lead amplitudes (None: no Q wave)
    not_calibrated: bool = False  # an amplitude that the record's calibration cannot give


def _global(kind: str, field: str) -> Callable[[Measurements], tuple[KeyMeasurement, ...]]:
    return lambda measured: (KeyMeasurement(kind, getattr(measured, field)),)


def _voltage_criteria(measured: Measurements) -> tuple[KeyMeasurement, ...]:
    return tuple(
        KeyMeasurement(kind, getattr(measured, kind + "_mv"), not_calibrated=not measured.amplitude_calibrated)
        for kind in ("sokolow_lyon", "cornell")
    )


def _extreme_lead(
    kind: str, field: str, pick: Callable, skip: frozenset[str] = frozenset()
) -> Callable[[Measurements], tuple[KeyMeasurement, ...]]:
    """The lead whose ``field`` amplitude is ``pick`` (max or min) of all leads not in ``skip``."""

    def find(measured: Measurements) -> tuple[KeyMeasurement, ...]:
        if not measured.amplitude_calibrated:
            return (KeyMeasurement(kind, None, not_calibrated=True),)
        values = {
            lead: value
            for lead, amplitudes in measured.amplitudes.items()
            if lead not in skip and (value := getattr(amplitudes, field)) is not None
        }
        if not values:
            return (KeyMeasurement(kind, None),)
        lead = pick(values, key=values.get)
        if kind == "q_wave" and values[lead] >= 0:
            return (KeyMeasurement(kind, 0.0),)  # no lead has a Q wave
        return (KeyMeasurement(kind, values[lead], lead),)

    return find


KEY_MEASUREMENTS: dict[str, Callable[[Measurements], tuple[KeyMeasurement, ...]]] = {
    "IAVB": _global("pr", "pr_ms"),
    "CRBBB": _global("qrs", "qrs_ms"),
    "IRBBB": _global("qrs", "qrs_ms"),
    "CLBBB": _global("qrs", "qrs_ms"),
    "LAFB": _global("qrs_axis", "qrs_axis_deg"),
    "LAE": _global("p", "p_ms"),
    "LVH": _voltage_criteria,
    "STE": _extreme_lead("st_elevation", "st_j_mv", max),
    "ISCH": lambda measured: (
        _extreme_lead("st_depression", "st_j60_mv", min, _ST_NORMALLY_DEPRESSED)(measured)
        + _extreme_lead("t_inversion", "t_mv", min, _T_NORMALLY_INVERTED)(measured)
    ),
    "QWAVE": _extreme_lead("q_wave", "q_mv", min, _Q_NORMALLY_DEEP),
}


def key_measurements(label_key: str, measured: Measurements) -> tuple[KeyMeasurement, ...]:
    """The measurements that matter for ``label_key``; empty for a finding with none listed."""
    pick = KEY_MEASUREMENTS.get(label_key)
    return () if pick is None else pick(measured)
