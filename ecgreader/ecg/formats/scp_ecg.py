"""SCP-ECG (EN 1064:2005+A1:2007 / ISO 11073-91064, protocol versions 1.3 to 3.0), read with
ECGDataKit's decoder.

ECGDataKit checks every section's CRC, decodes sections 2–6 (default or stored Huffman tables,
first and second differences, decimated rhythm with the reference beat of sections 4/5 added
back) and names the leads of section 3. Its samples are ADC counts with the section 6 amplitude
multiplier (``resolution`` in ``resolution_unit``); devices that store 8 leads get III, aVR, aVL
and aVF derived here.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from ecgreader.ecg.formats.lead_sets import (
    age_years,
    lead_name,
    millivolts_per,
    one_sampling_rate,
    sex_code,
    twelve_lead_record,
)
from ecgreader.ecg.record import Record, RecordError

SCP_MAGIC = b"SCPECG"  # the reserved bytes of section 0's header
SCP_MAGIC_OFFSET = 16


def read_scp_ecg(path: str | Path) -> Record:
    """Read the rhythm data of an SCP-ECG file.

    Raises
    ------
    RecordError
        Naming the file: CRC mismatch, truncated or inconsistent sections, unsupported content
        (long-term section 12 only), non-voltage units, missing leads.
    """
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
