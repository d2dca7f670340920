"""HL7 v3 annotated ECG (``<AnnotatedECG>``, HL7 aECG release 1, the FDA's format for trial ECGs).

The rhythm ``<series>`` (code ``RHYTHM``; median beats sit in ``derivedSeries`` and are ignored)
holds a ``<sequenceSet>``: a time sequence (``GLIST_TS``/``GLIST_PQ``, whose ``increment`` is the
sampling interval) and one ``SLIST_PQ`` sequence per lead, coded ``MDC_ECG_LEAD_*``, whose value
is ``origin + scale × digits`` in the units of ``origin`` and ``scale``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from ecgreader.ecg.formats.lead_sets import age_years, lead_name, millivolts_per, sex_code, twelve_lead_record
from ecgreader.ecg.formats.xml_files import parse_xml
from ecgreader.ecg.record import Record, RecordError

ROOT_TAG = "AnnotatedECG"
_REPORTED_AGE = "21612-7"  # LOINC "Reported age"
_SECONDS_PER_UNIT = {"s": 1.0, "ms": 1e-3, "us": 1e-6}


def read_hl7_aecg(path: str | Path) -> Record:
    """Read the rhythm series of an HL7 aECG file.

    Raises
    ------
    RecordError
        Naming the file: no rhythm series, no sampling interval, bad scale or digits, missing leads.
    """
    path = Path(path)
    root = parse_xml(path)
    if root.tag != ROOT_TAG:
        raise RecordError(path, f"not an HL7 aECG file (root element <{root.tag}>)")
    series = root.findall("component/series")
    rhythm = next((s for s in series if _code(s) == "RHYTHM"), series[0] if series else None)
    sequence_set = rhythm.find("component/sequenceSet") if rhythm is not None else None
    if sequence_set is None:
        raise RecordError(path, "no rhythm series")
    fs = None
    leads: dict[str, np.ndarray] = {}
    for sequence in sequence_set.findall("component/sequence"):
        code, value = _code(sequence), sequence.find("value")
        if value is None:
            continue
        if code.startswith("TIME_"):
            fs = _sampling_rate(path, value.find("increment"))
        elif (name := lead_name(code)) is not None:
            leads[name] = _lead_millivolts(path, value, name)
    if fs is None:
        raise RecordError(path, "the rhythm series has no time sequence (sampling interval)")
    return twelve_lead_record(path, leads, fs, age=_age(root), sex=_sex(root))


def _code(element: ET.Element) -> str:
    code = element.find("code")
    return code.get("code", "") if code is not None else ""


def _sampling_rate(path: Path, increment: ET.Element | None) -> float:
    unit = increment.get("unit", "s") if increment is not None else "s"
    try:
        interval = float(increment.get("value", "")) * _SECONDS_PER_UNIT[unit]  # type: ignore[union-attr]
    except (AttributeError, KeyError, ValueError):
        raise RecordError(path, "the time sequence has no usable increment (sampling interval)") from None
    if interval <= 0:
        raise RecordError(path, f"sampling interval {interval:g} s is not positive")
    return 1.0 / interval


def _lead_millivolts(path: Path, value: ET.Element, name: str) -> np.ndarray:
    """``origin + scale × digits`` of one lead's SLIST_PQ, in mV."""
    origin_element, scale_element = value.find("origin"), value.find("scale")
    if scale_element is None:
        raise RecordError(path, f"lead {name}: no scale (amplitude per digit)")
    origin = _quantity(path, origin_element, f"lead {name} origin") if origin_element is not None else 0.0
    scale = _quantity(path, scale_element, f"lead {name} scale")
    digits = value.find("digits")
    try:
        counts = np.array((digits.text or "").split() if digits is not None else [], dtype=np.float64)
    except ValueError as error:
        raise RecordError(path, f"lead {name}: digits are not numbers ({error})") from None
    return origin + scale * counts


def _quantity(path: Path, element: ET.Element, what: str) -> float:
    """A physical quantity (``value`` + ``unit``) in mV."""
    per_unit = millivolts_per(path, element.get("unit", "uV"), what)
    try:
        return float(element.get("value", "")) * per_unit
    except ValueError:
        raise RecordError(path, f"{what} {element.get('value')!r} is not a number") from None


def _age(root: ET.Element) -> int | None:
    for observation in root.iter("relatedObservation"):
        value = observation.find("value")
        if _code(observation) == _REPORTED_AGE and value is not None and value.get("unit", "a") == "a":
            return age_years(value.get("value"))
    return None


def _sex(root: ET.Element) -> str | None:
    gender = next(root.iter("administrativeGenderCode"), None)
    return sex_code(gender.get("code")) if gender is not None else None
