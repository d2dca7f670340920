"""File formats that become Records, one module per format, and the dispatcher that tells them
apart by content: WFDB (.dat or .mat), DICOM ECG waveforms, Philips Sierra/PhilipsECG XML,
GE MUSE XML, HL7 aECG, SCP-ECG, EDF/EDF+, the PTB-XL array subset and plain images.
Each library is wrapped here once; the rest of the product sees only Records."""

from ecgreader.ecg.formats.dicom_ecg import read_dicom_ecg
from ecgreader.ecg.formats.dispatch import FORMATS, detect_format, find_record_paths, read_record
from ecgreader.ecg.formats.edf import read_edf
from ecgreader.ecg.formats.hl7_aecg import read_hl7_aecg
from ecgreader.ecg.formats.images import IMAGE_SUFFIXES, MAX_IMAGE_PIXELS, read_image
from ecgreader.ecg.formats.lead_sets import derive_limb_leads
from ecgreader.ecg.formats.muse_xml import read_muse_xml
from ecgreader.ecg.formats.philips_xml import read_philips_xml
from ecgreader.ecg.formats.ptbxl import PTBXL_SUBSET_FILE, read_ptbxl_subset
from ecgreader.ecg.formats.scp_ecg import read_scp_ecg
from ecgreader.ecg.formats.wfdb_files import WFDB_FORMATS, WFDB_SUFFIXES, read_wfdb, wfdb_record_name, write_wfdb

__all__ = [
    "FORMATS",
    "IMAGE_SUFFIXES",
    "MAX_IMAGE_PIXELS",
    "PTBXL_SUBSET_FILE",
    "WFDB_FORMATS",
    "WFDB_SUFFIXES",
    "derive_limb_leads",
    "detect_format",
    "find_record_paths",
    "read_dicom_ecg",
    "read_edf",
    "read_hl7_aecg",
    "read_image",
    "read_muse_xml",
    "read_philips_xml",
    "read_ptbxl_subset",
    "read_record",
    "read_scp_ecg",
    "read_wfdb",
    "wfdb_record_name",
    "write_wfdb",
]
