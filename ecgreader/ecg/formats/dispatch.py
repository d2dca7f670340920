"""Which reader a file needs, told from its content: the DICOM preamble, the EDF version field,
SCP-ECG's section 0 marker, an XML file's root element, an image's signature. WFDB records are
known by their ``.hea``/``.dat``/``.mat`` files (their signal files carry no signature)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from ecgreader.ecg.amplitude import with_amplitude_assessed
from ecgreader.ecg.formats import dicom_ecg, edf, hl7_aecg, muse_xml, philips_xml, scp_ecg
from ecgreader.ecg.formats.images import IMAGE_SUFFIXES, read_image
from ecgreader.ecg.formats.wfdb_files import WFDB_SUFFIXES, read_wfdb
from ecgreader.ecg.record import ImageRecord, Record, RecordError

# What each detected format is called in messages, and its reader.
FORMATS: dict[str, tuple[str, Callable[[Path], Record | ImageRecord]]] = {
    "dicom": ("DICOM ECG waveform", dicom_ecg.read_dicom_ecg),
    "philips": ("Philips Sierra/PhilipsECG XML", philips_xml.read_philips_xml),
    "muse": ("GE MUSE XML", muse_xml.read_muse_xml),
    "aecg": ("HL7 aECG", hl7_aecg.read_hl7_aecg),
    "scp": ("SCP-ECG", scp_ecg.read_scp_ecg),
    "edf": ("EDF/EDF+", edf.read_edf),
    "image": ("image", read_image),
}
# Files with these suffixes are expected to be one of the formats: when their content is not,
# the message says so (rather than "unsupported file type").
EXPECTED_BY_SUFFIX = {
    ".dcm": "dicom", ".xml": "XML", ".scp": "scp", ".edf": "edf", ".rec": "edf",
}  # fmt: skip
_XML_ROOTS = {philips_xml.ROOT_TAG: "philips", muse_xml.ROOT_TAG: "muse", hl7_aecg.ROOT_TAG: "aecg"}
_SNIFF_BYTES = 8192
_DICOM_MAGIC, _DICOM_MAGIC_OFFSET = b"DICM", 128
_IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_XML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
SUPPORTED = "WFDB (.hea/.dat/.mat), DICOM ECG, Philips XML, GE MUSE XML, HL7 aECG, SCP-ECG, EDF/EDF+ or an image"


def detect_format(path: str | Path) -> str | None:
    """The format of the file ``path`` from its first bytes (a key of ``FORMATS``), or None."""
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head[_DICOM_MAGIC_OFFSET : _DICOM_MAGIC_OFFSET + 4] == _DICOM_MAGIC:
        return "dicom"
    if head.startswith(edf.EDF_MAGIC):
        return "edf"
    if head[scp_ecg.SCP_MAGIC_OFFSET : scp_ecg.SCP_MAGIC_OFFSET + len(scp_ecg.SCP_MAGIC)] == scp_ecg.SCP_MAGIC:
        return "scp"
    if head.startswith(_IMAGE_MAGICS):
        return "image"
    return _XML_ROOTS.get(_xml_root(head) or "")


def _xml_root(head: bytes) -> str | None:
    """The local name of an XML document's root element, from its first bytes."""
    if head.startswith((b"\xff\xfe", b"<\x00")):
        text = head.decode("utf-16-le", "ignore")
    elif head.startswith((b"\xfe\xff", b"\x00<")):
        text = head.decode("utf-16-be", "ignore")
    else:
        text = head.decode("latin-1")
    text = _XML_COMMENT.sub("", text.lstrip("\ufeff\ufffe \t\r\n"))
    if not text.startswith("<"):
        return None
    for match in _XML_ROOT.finditer(text):
        if text[match.start() + 1] not in "?!":
            return match.group(2)
    return None


def read_record(path: str | Path) -> Record | ImageRecord:
    """Read one record, whatever its format: WFDB (``X``, ``X.hea``, ``X.dat`` or ``X.mat``),
    DICOM ECG, Philips XML, GE MUSE XML, HL7 aECG, SCP-ECG, EDF/EDF+ or an image.

    Raises
    ------
    RecordError
        Naming the file and why it cannot be used (missing, empty, truncated, corrupt, bad leads …).

    Notes
    -----
    A signal whose leads were rescaled one by one (LUDB 1.0.1) or whose values cannot be
    millivolts comes back with ``amplitude_calibrated`` False: decided here, once for every
    format, by ``ecgreader.ecg.amplitude``.
    """
    record = _read_by_format(Path(path))
    return with_amplitude_assessed(record) if isinstance(record, Record) else record


def _read_by_format(path: Path) -> Record | ImageRecord:
    suffix = path.suffix.lower()
    if suffix in WFDB_SUFFIXES:
        return read_wfdb(path)
    if path.is_file():
        if path.stat().st_size == 0:
            raise RecordError(path, "empty file")
        kind = detect_format(path)
        if kind is not None:
            return FORMATS[kind][1](path)
        if suffix in IMAGE_SUFFIXES:
            return read_image(path)  # it says what is wrong with the image
        if path.with_suffix(".hea").exists():
            return read_wfdb(path)
        if suffix in EXPECTED_BY_SUFFIX:
            expected = FORMATS.get(EXPECTED_BY_SUFFIX[suffix], (EXPECTED_BY_SUFFIX[suffix],))[0]
            raise RecordError(path, f"not a readable {expected} file (its content is none of {SUPPORTED})")
        raise RecordError(path, f"unsupported file type '{suffix}' (neither {SUPPORTED})")
    if suffix in IMAGE_SUFFIXES or suffix in EXPECTED_BY_SUFFIX:
        raise RecordError(path, "file missing")
    if suffix == "" or path.with_suffix(".hea").exists():
        return read_wfdb(path)
    raise RecordError(path, f"unsupported file type '{suffix}' ({SUPPORTED})")


def find_record_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the record files they hold (WFDB headers, and files whose content is
    one of the other formats), sorted.

    A path that is itself a file (or a WFDB stem) is kept as given, even if it does not exist,
    so that reading it reports the problem.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and _is_record_file(p)))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _is_record_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".hea" or suffix in IMAGE_SUFFIXES:
        return True
    if suffix in WFDB_SUFFIXES or path.name.startswith("."):
        return False
    try:
        return detect_format(path) not in {None, "image"}
    except OSError:
        return False
