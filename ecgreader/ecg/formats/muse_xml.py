"""GE MUSE XML (``<RestingECG>``, MUSE 7–9 exports of GE MAC resting ECGs).

The rhythm ``<Waveform>`` (not the ``Median`` one) holds one ``<LeadData>`` per stored lead:
``<WaveFormData>`` is Base64 little-endian int16, ``<LeadAmplitudeUnitsPerBit>`` in
``<LeadAmplitudeUnits>`` (µV), ``<LeadDataCRC32>`` the CRC-32 of the decoded bytes. The sampling
rate is the waveform's ``<SampleBase>`` × 10^``<SampleExponent>``. MAC devices store 8 leads
(I, II, V1–V6); the other four are derived.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np

from ecgreader.ecg.formats.lead_sets import age_years, lead_name, millivolts_per, sex_code, twelve_lead_record
from ecgreader.ecg.formats.xml_files import child_text, decode_base64, parse_xml
from ecgreader.ecg.record import Record, RecordError

ROOT_TAG = "RestingECG"
# Exports that leave out <LeadAmplitudeUnitsPerBit> are at the MAC's 4.88 µV per bit.
DEFAULT_MICROVOLTS_PER_BIT = "4.88"


def read_muse_xml(path: str | Path) -> Record:
    """Read the rhythm waveform of a GE MUSE XML file, checking each lead's CRC-32.

    Raises
    ------
    RecordError
        Naming the file: no rhythm waveform, Base64 or CRC errors, sample counts short of
        those declared, unknown units, missing leads.
    """
    path = Path(path)
    root = parse_xml(path)
    if root.tag != ROOT_TAG:
        raise RecordError(path, f"not a GE MUSE XML file (root element <{root.tag}>)")
    rhythm = next((w for w in root.iter("Waveform") if (child_text(w, "WaveformType") or "") == "Rhythm"), None)
    if rhythm is None:
        raise RecordError(path, "no rhythm waveform (only median beats or none)")
    fs = _number(path, child_text(rhythm, "SampleBase"), "SampleBase") * 10 ** _number(
        path, child_text(rhythm, "SampleExponent") or "0", "SampleExponent"
    )
    leads = {}
    for lead_data in rhythm.iter("LeadData"):
        label = child_text(lead_data, "LeadID") or "?"
        leads[lead_name(label) or label] = _lead_millivolts(path, lead_data, label)
    demographics = root.find("PatientDemographics")
    age = sex = None
    if demographics is not None:
        if (child_text(demographics, "AgeUnits") or "YEARS").upper() == "YEARS":
            age = age_years(child_text(demographics, "PatientAge"))
        sex = sex_code(child_text(demographics, "Gender"))
    return twelve_lead_record(path, leads, fs, age=age, sex=sex)


def _lead_millivolts(path: Path, lead_data, label: str) -> np.ndarray:
    """One ``<LeadData>``'s samples in mV, after its CRC and sample count are checked."""
    what = f"lead {label}"
    raw = decode_base64(path, child_text(lead_data, "WaveFormData"), what)
    stored_crc = child_text(lead_data, "LeadDataCRC32")
    if stored_crc is not None and int(_number(path, stored_crc, f"{what} CRC32")) != zlib.crc32(raw):
        raise RecordError(path, f"{what}: CRC-32 mismatch (stored {stored_crc}, data has {zlib.crc32(raw)})")
    declared = child_text(lead_data, "LeadSampleCountTotal")
    samples = np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<i2")
    if declared is not None:
        count = int(_number(path, declared, f"{what} LeadSampleCountTotal"))
        if len(samples) < count:
            raise RecordError(path, f"{what}: truncated waveform ({len(samples)} of {count} samples)")
        samples = samples[:count]
    units = child_text(lead_data, "LeadAmplitudeUnits") or "MICROVOLTS"
    per_unit = millivolts_per(path, units, what)
    units_per_bit = _number(
        path, child_text(lead_data, "LeadAmplitudeUnitsPerBit") or DEFAULT_MICROVOLTS_PER_BIT, f"{what} units per bit"
    )
    return samples * (units_per_bit * per_unit)


def _number(path: Path, text: str | None, what: str) -> float:
    try:
        return float(text or "")
    except ValueError:
        raise RecordError(path, f"{what} {text!r} is not a number") from None
