"""EDF and EDF+ (European Data Format, Kemp et al. 1992 and 2003), read with edfio.

Each signal has a label, a physical dimension and its own sampling rate; signals whose label
names a standard lead (``I``, ``ECG V1``, ``EKG aVR``) become that lead, in mV, and every other
channel (respiration, annotations) is ignored. The ECG leads must share one sampling rate.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from ecgreader.ecg.formats.lead_sets import lead_name, millivolts_per, one_sampling_rate, sex_code, twelve_lead_record
from ecgreader.ecg.record import Record, RecordError

EDF_MAGIC = b"0       "


def read_edf(path: str | Path) -> Record:
    """Read the ECG leads of an EDF/EDF+ file.

    Raises
    ------
    RecordError
        Naming the file: unreadable or truncated EDF, leads at different sampling rates,
        non-voltage units, missing leads.
    """
    import edfio

    path = Path(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # edfio warns, and reads on, when the data do not match the header
            edf = edfio.read_edf(path)
        signals = [(lead_name(signal.label), signal) for signal in edf.signals]
        signals = [(name, signal) for name, signal in signals if name is not None]
        fs = one_sampling_rate(path, {float(signal.sampling_frequency) for _, signal in signals})
        leads = {
            name: signal.data * millivolts_per(path, signal.physical_dimension, f"lead {name}")
            for name, signal in signals
        }
    except RecordError:
        raise
    except (ValueError, OSError, IndexError, UnicodeDecodeError, UserWarning) as error:
        raise RecordError(path, f"unreadable EDF ({error})") from error
    return twelve_lead_record(path, leads, fs, sex=_sex(edf.local_patient_identification))


def _sex(patient: str) -> str | None:
    """Sex from an EDF+ patient field (``code sex birthdate name``, sex ``M``, ``F`` or ``X``);
    plain EDF's free text is not guessed at."""
    fields = patient.split()
    return sex_code(fields[1]) if len(fields) >= 4 and fields[1] in {"M", "F", "X"} else None
