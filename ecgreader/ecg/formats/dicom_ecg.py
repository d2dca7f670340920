"""DICOM ECG waveforms (PS3.3 A.34: 12-lead ECG, General ECG and Ambulatory ECG Waveform Storage),
read with pydicom's waveform support.

The multiplex group labelled ``RHYTHM`` (else the first ``ORIGINAL`` one) is read; median beats
(``MEDIAN BEAT``, ``DERIVED``) are ignored. pydicom applies each channel's sensitivity, correction
factor and baseline; the channel sensitivity units code (``uV``, ``mV``) gives the scale to mV, and
the channel source code (SCP-ECG ``5.6.3-9-N`` or MDC) names the lead. A waveform padding value
is not treated as a gap: converters declare values that occur in the signal (the ECG Toolkit: 0).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from ecgreader.ecg.formats.lead_sets import age_years, lead_name, millivolts_per, sex_code, twelve_lead_record
from ecgreader.ecg.record import Record, RecordError

ECG_SOP_CLASSES = {
    "1.2.840.10008.5.1.4.1.1.9.1.1": "12-lead ECG Waveform Storage",
    "1.2.840.10008.5.1.4.1.1.9.1.2": "General ECG Waveform Storage",
    "1.2.840.10008.5.1.4.1.1.9.1.3": "Ambulatory ECG Waveform Storage",
}


def read_dicom_ecg(path: str | Path) -> Record:
    """Read the rhythm waveform of a DICOM ECG.

    Raises
    ------
    RecordError
        Naming the file: not DICOM, not an ECG waveform, no rhythm group, truncated waveform data,
        unknown units, missing leads.
    """
    import pydicom
    from pydicom.errors import InvalidDicomError

    path = Path(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom warns about harmless value-representation quirks
        try:
            dataset = pydicom.dcmread(path)
        except (InvalidDicomError, EOFError, OSError, ValueError, KeyError) as error:
            raise RecordError(path, f"unreadable DICOM ({error})") from error
        sop_class = str(dataset.get("SOPClassUID", ""))
        if sop_class not in ECG_SOP_CLASSES:
            name = getattr(dataset.get("SOPClassUID"), "name", "") or "no SOP class"
            raise RecordError(path, f"not an ECG waveform DICOM ({name}, {sop_class or 'no UID'})")
        groups = list(dataset.get("WaveformSequence", []))
        index = _rhythm_group(groups)
        if index is None:
            raise RecordError(path, "no rhythm waveform (only median beats or none)")
        group = groups[index]
        try:
            samples = dataset.waveform_array(index)  # (n_samples, n_channels), sensitivity and baseline applied
        except (ValueError, AttributeError, KeyError) as error:
            raise RecordError(path, f"unreadable waveform data ({error})") from error
    leads = {}
    for channel, column in zip(group.ChannelDefinitionSequence, samples.T, strict=True):
        name = _channel_lead(channel)
        if name is not None:
            units_code = channel.get("ChannelSensitivityUnitsSequence") or [{}]
            units = str(units_code[0].get("CodeValue", ""))
            leads[name] = np.asarray(column) * millivolts_per(path, units, f"lead {name}")
    sex = sex_code(dataset.get("PatientSex"))
    return twelve_lead_record(path, leads, float(group.SamplingFrequency), age=_age(dataset), sex=sex)


def _age(dataset) -> int | None:
    """Patient's Age (``042Y``) in years; ages given in months, weeks or days are left out."""
    text = str(dataset.get("PatientAge", ""))
    return age_years(text[:-1]) if text.endswith("Y") else None


def _rhythm_group(groups: list) -> int | None:
    """The index of the rhythm multiplex group: labelled RHYTHM, else the first ORIGINAL one."""
    labels = [str(group.get("MultiplexGroupLabel", "")).upper() for group in groups]
    if "RHYTHM" in labels:
        return labels.index("RHYTHM")
    for index, group in enumerate(groups):
        if group.get("WaveformOriginality") == "ORIGINAL" and "MEDIAN" not in labels[index]:
            return index
    return None


def _channel_lead(channel) -> str | None:
    """The standard lead a channel records, from its source code value or meaning."""
    if "ChannelSourceSequence" not in channel or not channel.ChannelSourceSequence:
        return None
    source = channel.ChannelSourceSequence[0]
    return lead_name(str(source.get("CodeValue", ""))) or lead_name(str(source.get("CodeMeaning", "")))
