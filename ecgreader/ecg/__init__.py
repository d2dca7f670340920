"""ECG records: reading, checking and drawing them. No Qt widgets here."""

from ecgreader.ecg.formats import (
    find_record_paths,
    read_image,
    read_ptbxl_subset,
    read_record,
    read_wfdb,
    write_wfdb,
)
from ecgreader.ecg.leads import STANDARD_LEADS, normalise_lead_name
from ecgreader.ecg.record import ImageRecord, Record, RecordError, make_record

__all__ = [
    "STANDARD_LEADS",
    "ImageRecord",
    "Record",
    "RecordError",
    "find_record_paths",
    "make_record",
    "normalise_lead_name",
    "read_image",
    "read_ptbxl_subset",
    "read_record",
    "read_wfdb",
    "write_wfdb",
]
