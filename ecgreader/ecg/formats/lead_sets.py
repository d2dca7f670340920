"""What the readers of hospital formats share: naming leads, units, demographics, and turning the
leads a file stores into the 12 standard leads.

Lead codes are those of SCP-ECG (EN 1064:2005, section 3 lead identification), which DICOM's
``SCPECG`` coding scheme (``5.6.3-9-N``) and the MDC lead codes (ISO/IEEE 11073-10101,
``MDC_ECG_LEAD_*`` = ``2:N``) reuse. Devices that record 8 leads (I, II, V1–V6) leave the other
four limb leads to Einthoven's and Goldberger's equations, which ``twelve_lead_record`` applies
and marks as derived.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from ecgreader.ecg.leads import STANDARD_LEADS, normalise_lead_name
from ecgreader.ecg.record import Record, RecordError, make_record

SCP_LEAD_CODES: dict[int, str] = {
    1: "I", 2: "II", 3: "V1", 4: "V2", 5: "V3", 6: "V4", 7: "V5", 8: "V6",
    61: "III", 62: "aVR", 63: "aVL", 64: "aVF",
}  # fmt: skip
DERIVABLE_LEADS = ("III", "aVR", "aVL", "aVF")
_MILLIVOLTS_PER_UNIT = {
    "nv": 1e-6, "uv": 1e-3, "µv": 1e-3, "μv": 1e-3, "microvolt": 1e-3, "microvolts": 1e-3,
    "mv": 1.0, "millivolt": 1.0, "millivolts": 1.0, "v": 1e3, "volt": 1e3, "volts": 1e3,
}  # fmt: skip
# Prefixes and qualifiers files put around a lead's name: "Lead I (Einthoven)", "MDC_ECG_LEAD_AVR",
# "ECG V1", "EKG-II".
_LEAD_DECORATION = re.compile(r"^(?:mdc_ecg_lead_|lead\s+|ecg[\s_-]*|ekg[\s_-]*)|\s*\(.*\)\s*$", re.IGNORECASE)
_SCP_CODE = re.compile(r"^(?:5\.6\.3-9-|2:)(\d+)$")
_SEXES = {"m": "M", "male": "M", "f": "F", "female": "F"}


def lead_name(label: str) -> str | None:
    """The standard name of a lead as a file labels it, or None for any other channel.

    Accepts plain names (``avr``), decorated ones (``Lead I (Einthoven)``, ``MDC_ECG_LEAD_AVR``,
    ``ECG V1``) and SCP-ECG/MDC codes (``5.6.3-9-61``, ``2:61``).
    """
    label = label.strip()
    if match := _SCP_CODE.match(label):
        return SCP_LEAD_CODES.get(int(match.group(1)))
    return normalise_lead_name(_LEAD_DECORATION.sub("", label)) or normalise_lead_name(label)


def millivolts_per(path: str | Path, unit: str, what: str) -> float:
    """How many mV one ``unit`` is (``uV`` → 0.001); RecordError naming ``what`` when it is not a voltage."""
    per_unit = _MILLIVOLTS_PER_UNIT.get(unit.strip().lower())
    if per_unit is None:
        raise RecordError(path, f"{what}: amplitude unit {unit!r} is not a voltage")
    return per_unit


def one_sampling_rate(path: str | Path, rates: set[float]) -> float:
    """The sampling rate all leads share; RecordError when they differ (0 when there are no leads:
    the missing leads are reported then)."""
    if len(rates) > 1:
        raise RecordError(path, f"leads at different sampling rates ({', '.join(f'{r:g}' for r in sorted(rates))} Hz)")
    return next(iter(rates), 0.0)


def sex_code(text: str | None) -> str | None:
    """``M`` or ``F`` from the ways files write it (``Male``, ``FEMALE``, ``m``); None otherwise."""
    return _SEXES.get((text or "").strip().lower())


def age_years(text: str | None) -> int | None:
    """A whole, plausible age in years from a number as text; None when absent or implausible."""
    try:
        age = int(float((text or "").strip()))
    except ValueError:
        return None
    return age if 0 <= age <= 130 else None


def derive_limb_leads(lead_i: np.ndarray, lead_ii: np.ndarray) -> dict[str, np.ndarray]:
    """III, aVR, aVL and aVF from I and II (Einthoven: III = II − I; Goldberger: aVR = −(I + II)/2,
    aVL = I − II/2, aVF = II − I/2)."""
    return {
        "III": lead_ii - lead_i,
        "aVR": -(lead_i + lead_ii) / 2,
        "aVL": lead_i - lead_ii / 2,
        "aVF": lead_ii - lead_i / 2,
    }


def twelve_lead_record(
    path: str | Path,
    leads: Mapping[str, np.ndarray],
    fs: float,
    *,
    age: int | None = None,
    sex: str | None = None,
) -> Record:
    """The Record of the standard leads in ``leads`` (name → samples in mV); other channels are
    ignored, and III, aVR, aVL, aVF are derived from I and II when the file lacks all four.

    Raises RecordError naming ``path`` for missing leads, unequal lengths and every check of
    ``make_record``.
    """
    leads = {name: np.asarray(samples, dtype=np.float64) for name, samples in leads.items() if name in STANDARD_LEADS}
    derived: tuple[str, ...] = ()
    if "I" in leads and "II" in leads and not any(name in leads for name in DERIVABLE_LEADS):
        leads.update(derive_limb_leads(leads["I"], leads["II"]))
        derived = DERIVABLE_LEADS
    missing = [name for name in STANDARD_LEADS if name not in leads]
    if missing:
        raise RecordError(path, f"missing leads: {', '.join(missing)} (has {len(leads)} of 12)")
    lengths = {len(samples) for samples in leads.values()}
    if len(lengths) > 1:
        counts = ", ".join(f"{name} {len(leads[name])}" for name in STANDARD_LEADS)
        raise RecordError(path, f"leads of unequal length ({counts} samples)")
    return make_record(
        path,
        record_id=Path(path).stem,
        fs=fs,
        signal=np.stack([leads[name] for name in STANDARD_LEADS]),
        lead_names=STANDARD_LEADS,
        age=age,
        sex=sex,
        derived_leads=derived,
    )
