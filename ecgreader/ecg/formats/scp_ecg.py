"""SCP-ECG (EN 1064:2005+A1:2007 / ISO 11073-91064, protocol versions 1.3 to 3.0).

Files with the default Huffman table (what devices write) are decoded by our own numpy decoder
(``scp_decoder``): sections 0–6, every CRC, first and second differences, reference-beat
subtraction (sections 4/5) and the section 6 amplitude multiplier; it gives the same integers as
ECGDataKit, whose Huffman decoder reads bit by bit (6 to 25 times slower). Every other file (stored
Huffman tables, no Huffman coding, bimodal compression) and every file the decoder finds damaged
is read by ECGDataKit, which decodes it or refuses it with its message. Leads are named by the
lead codes of section 3; devices that store 8 leads get III, aVR, aVL and aVF derived here.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from ecgreader.ecg.formats.lead_sets import (
    SCP_LEAD_CODES,
    age_years,
    lead_name,
    millivolts_per,
    one_sampling_rate,
    sex_code,
    twelve_lead_record,
)
from ecgreader.ecg.formats.scp_decoder import ScpDataError, ScpRhythm, decode_scp
from ecgreader.ecg.record import Record, RecordError

SCP_MAGIC = b"SCPECG"  # the reserved bytes of section 0's header
SCP_MAGIC_OFFSET = 16
_MILLIVOLTS_PER_MICROVOLT = 1e-3


def read_scp_ecg(path: str | Path) -> Record:
    """Read the rhythm data of an SCP-ECG file (our decoder, else ECGDataKit's).

    Raises
    ------
    RecordError
        Naming the file: CRC mismatch, truncated or inconsistent sections, unsupported content
        (long-term section 12 only), non-voltage units, missing leads.
    """
    path = Path(path)
    try:
        rhythm = decode_scp(path.read_bytes())
    except ScpDataError as error:
        raise RecordError(path, str(error)) from error
    if rhythm is None:
        return read_scp_ecg_with_ecgdatakit(path)
    return rhythm_record(path, rhythm)


def rhythm_record(path: Path, rhythm: ScpRhythm) -> Record:
    """The Record of decoded SCP-ECG rhythm data: the first lead of each standard lead code, in
    mV, computed as the ECGDataKit path does (counts × AVM/1000 µV × 1e-3) so both agree bit for bit."""
    leads: dict[str, np.ndarray] = {}
    microvolts_per_count = rhythm.nanovolts_per_count / 1000.0
    for code, counts in zip(rhythm.lead_codes, rhythm.samples, strict=True):
        name = SCP_LEAD_CODES.get(code)
        if name is not None and name not in leads:  # a repeated code: ECGDataKit renames it (I_2)
            leads[name] = counts.astype(np.float64) * microvolts_per_count * _MILLIVOLTS_PER_MICROVOLT
    return twelve_lead_record(
        path,
        leads,
        rhythm.fs,
        age=age_years(str(rhythm.age)) if rhythm.age is not None else None,
        sex=sex_code(rhythm.sex),
    )


def read_scp_ecg_with_ecgdatakit(path: str | Path) -> Record:
    """Read an SCP-ECG file with ECGDataKit's decoder (the files our decoder leaves to it; the
    tests and ``bench/formats.py`` compare the two)."""
    from ecgdatakit.exceptions import ChecksumWarning, ECGDataKitError
    from ecgdatakit.parsing.parsers.scp_ecg import SCPECGParser

    path = Path(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            parsed = SCPECGParser().parse(path)
        except ECGDataKitError as error:
            raise RecordError(path, _sentence(error)) from error
        except (ValueError, IndexError, KeyError, OverflowError) as error:  # damage the decoder did not foresee
            raise RecordError(path, f"corrupt SCP-ECG data ({type(error).__name__}: {error})") from error
    for warning in caught:
        if issubclass(warning.category, ChecksumWarning):
            raise RecordError(path, _sentence(warning.message))
    leads = {}
    rates = set()
    for lead in parsed.leads:
        name = lead_name(lead.label)
        if name is None:
            continue
        unit = lead.resolution_unit if lead.is_raw else lead.units
        per_unit = millivolts_per(path, unit or "uV", f"lead {name}")
        physical = lead.samples * lead.resolution + lead.offset if lead.is_raw else lead.samples
        leads[name] = np.asarray(physical, dtype=np.float64) * per_unit
        rates.add(float(lead.sampling_rate))
    patient = parsed.patient
    return twelve_lead_record(
        path,
        leads,
        one_sampling_rate(path, rates),
        age=age_years(str(patient.age)) if patient.age is not None else None,
        sex=sex_code(patient.sex),
    )


def _sentence(error: object) -> str:
    """ECGDataKit's message without its own "SCP-ECG: " prefix."""
    return str(error).removeprefix("SCP-ECG: ").removeprefix("SCP-ECG ")
