"""File formats that become Records: WFDB (.dat or .mat), the PTB-XL array subset,
and plain images. wfdb is wrapped here once; the rest of the product sees only Records."""

from __future__ import annotations

import csv
import io
import math
import re
import struct
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import wfdb
from PIL import Image, UnidentifiedImageError

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import ImageRecord, Record, RecordError, make_record

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
WFDB_SUFFIXES = {".hea", ".dat", ".mat"}
PTBXL_SUBSET_FILE = "signals_100hz_zscored.npy"

# The reading room shows an image through Qt, whose QImageReader refuses (and shows nothing for)
# an image that needs more than 256 MB once decoded. Qt decodes 16-bit-per-channel PNG and TIFF
# to 8 bytes a pixel: 32 million pixels x 8 bytes = 256 MB (244 MiB) stays under that limit, for
# every image accepted here. An A4 page scanned at 300 dpi is 8.7 million pixels.
MAX_IMAGE_PIXELS = 32_000_000
# Pillow modes Qt cannot display within that limit: 32-bit integer samples it does not read at
# all, 32-bit float samples it decodes to 16 bytes a pixel.
_UNDISPLAYABLE_MODES = {"I": "32-bit integer samples", "F": "32-bit floating-point samples"}
# What Pillow raises for a file that is not, or no longer, a readable image.
_UNREADABLE_IMAGE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)

# Bits per sample of the WFDB storage formats, to tell a truncated signal file from a good one.
_BITS_PER_SAMPLE = {
    "8": 8, "16": 16, "24": 24, "32": 32, "61": 16, "80": 8, "160": 16,
    "212": 12, "310": 32 / 3, "311": 32 / 3,
}  # fmt: skip
WFDB_FORMATS = frozenset({*_BITS_PER_SAMPLE, "508", "516", "524"})  # 5xx: FLAC-compressed
# PhysioNet's .mat records (wfdb2mat, the CinC challenges) are MATLAB v4 files whose samples
# follow a 20-byte matrix header and the name "val\0": the header's "+24" byte offset.
_MATLAB_V4_VAL_OFFSET = 24
_LEADING_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_AGE = re.compile(r"^\s*<?age>?\s*:\s*(\d+)", re.IGNORECASE)
_SEX = re.compile(r"^\s*<?sex>?\s*:\s*(\w+)", re.IGNORECASE)


def read_record(path: str | Path) -> Record | ImageRecord:
    """Read one record: a WFDB record (``X``, ``X.hea``, ``X.dat`` or ``X.mat``) or an image.

    Raises
    ------
    RecordError
        Naming the file and why it cannot be used (missing, empty, truncated, bad leads …).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return read_image(path)
    if suffix in WFDB_SUFFIXES or path.with_suffix(".hea").exists() or suffix == "":
        return read_wfdb(path)
    raise RecordError(path, f"unsupported file type '{suffix}' (WFDB .hea/.dat/.mat or an image)")


def read_wfdb(path: str | Path) -> Record:
    """Read a WFDB record given its header, signal file, or stem."""
    path = Path(path)
    stem = path.with_suffix("") if path.suffix.lower() in WFDB_SUFFIXES else path
    header_path = stem.with_suffix(".hea")
    if not header_path.exists():
        raise RecordError(header_path, "file missing")
    if header_path.stat().st_size == 0:
        raise RecordError(header_path, "empty file")
    _check_header_text(header_path)
    try:
        header = wfdb.rdheader(str(stem))
    except Exception as error:  # wfdb raises bare ValueErrors etc. for bad headers
        raise RecordError(header_path, f"unreadable WFDB header ({error})") from error
    _check_signal_files(stem.parent, header)
    try:
        raw = wfdb.rdrecord(str(stem), physical=True)
    except Exception as error:
        raise RecordError(header_path, f"unreadable signal ({error})") from error
    if raw.p_signal is None or (header.sig_len is not None and raw.p_signal.shape[0] != header.sig_len):
        raise RecordError(header_path, "truncated signal")
    age, sex = _demographics(raw.comments or [])
    return make_record(
        header_path,
        record_id=stem.name,
        fs=float(raw.fs),
        signal=raw.p_signal.T,
        lead_names=list(raw.sig_name),
        age=age,
        sex=sex,
    )


def _check_header_text(header_path: Path) -> None:
    """Refuse what wfdb would silently replace by a default: a sampling rate, sample count or
    ADC gain that is not a usable number (a gain of 0 is WFDB's "uncalibrated"), and a signal
    count that does not match the signal lines. The rest of the syntax is left to wfdb."""
    lines = _header_lines(header_path)
    if not lines:
        raise RecordError(header_path, "no record line (only comments)")
    (record_line_number, record_line), signal_lines = lines[0], lines[1:]
    n_signals = _check_record_line(header_path, record_line_number, record_line.split())
    if n_signals != len(signal_lines):
        raise RecordError(header_path, f"the record line promises {n_signals} signals but {len(signal_lines)} follow")
    for index, (line_number, line) in enumerate(signal_lines, start=1):
        _check_signal_line(header_path, line_number, line.split(), index)


def _header_lines(header_path: Path) -> list[tuple[int, str]]:
    """The record and signal lines with their line numbers; WFDB header lines are ASCII."""
    lines = []
    for number, raw in enumerate(header_path.read_bytes().splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith(b"#"):
            continue  # comments may hold any text; wfdb reads them as Latin-1
        try:
            lines.append((number, raw.decode("ascii")))
        except UnicodeDecodeError as error:
            byte = raw[error.start]
            raise RecordError(header_path, f"line {number}: byte 0x{byte:02x} is not WFDB header text") from error
    return lines


def _check_record_line(header_path: Path, line_number: int, fields: list[str]) -> int:
    """``name[/segments] n_signals [fs[/counter[(base)]] [n_samples …]]``; returns the signal count."""
    where = f"line {line_number} (record line)"
    if "/" in fields[0]:
        raise RecordError(header_path, f"{where}: multi-segment WFDB records are not supported")
    if len(fields) < 2 or not fields[1].isdigit():
        raise RecordError(header_path, f"{where}: number of signals {_quoted(fields, 1)} is not a whole number")
    if len(fields) > 2:
        fs = _leading_number(fields[2])
        if fs is None or not math.isfinite(fs) or fs <= 0:
            raise RecordError(header_path, f"{where}: sampling rate {fields[2]!r} is not a positive number of Hz")
    if len(fields) > 3 and not fields[3].isdigit():
        raise RecordError(header_path, f"{where}: sample count {fields[3]!r} is not a whole number")
    if len(fields) > 3 and int(fields[3]) == 0:
        # WFDB reads 0 as "unspecified", which wfdb-python cannot read; leaving it out works.
        raise RecordError(header_path, f"{where}: sample count 0; give the number of samples or leave it out")
    return int(fields[1])


def _check_signal_line(header_path: Path, line_number: int, fields: list[str], index: int) -> None:
    """``file format[…] [gain[(baseline)][/units] … [description]]``: a known format and a real gain."""
    where = f"line {line_number}"
    storage_format = re.match(r"\d+", fields[1]) if len(fields) > 1 else None
    if storage_format is None or storage_format.group() not in WFDB_FORMATS:
        raise RecordError(header_path, f"{where}: storage format {_quoted(fields, 1)} is not a WFDB format")
    lead = " ".join(fields[8:]) or f"signal {index}"
    if len(fields) < 3:
        raise RecordError(header_path, f"{where}: lead {lead} has no ADC gain (uncalibrated amplitude)")
    gain = _leading_number(fields[2])
    if gain is None:
        raise RecordError(header_path, f"{where}: ADC gain {fields[2]!r} of lead {lead} is not a number")
    if gain == 0:
        raise RecordError(header_path, f"{where}: lead {lead} has ADC gain 0 (uncalibrated amplitude)")


def _quoted(fields: list[str], index: int) -> str:
    """A header field as a message shows it."""
    return repr(fields[index]) if index < len(fields) else "(missing)"


def _leading_number(field: str) -> float | None:
    """The number a WFDB field starts with (``500/1(0)`` -> 500.0, ``1716(6)/mV`` -> 1716.0)."""
    match = _LEADING_NUMBER.match(field)
    return float(match.group()) if match else None


def _check_signal_files(folder: Path, header: wfdb.Record) -> None:
    """Compare each signal file's size with what the header promises (when it gives a sample
    count; without one, wfdb derives the count from the file size)."""
    if not header.file_name:
        raise RecordError(folder / f"{header.record_name}.hea", "header lists no signals")
    for file_name in dict.fromkeys(header.file_name):
        signal_path = folder / file_name
        if not signal_path.exists():
            raise RecordError(signal_path, "file missing")
        channels = [i for i, name in enumerate(header.file_name) if name == file_name]
        offset = int(header.byte_offset[channels[0]] or 0)
        if signal_path.suffix.lower() == ".mat" and offset == _MATLAB_V4_VAL_OFFSET:
            _check_matlab_header(signal_path, len(channels), header.sig_len)
        bits = _BITS_PER_SAMPLE.get(str(header.fmt[channels[0]]))
        if bits is None or header.sig_len is None:
            continue  # an exotic format, or no sample count to check against
        expected = offset + math.ceil(header.sig_len * len(channels) * bits / 8)
        actual = signal_path.stat().st_size
        if actual < expected:
            raise RecordError(signal_path, f"truncated signal: {actual} bytes of the {expected} the header needs")


def _check_matlab_header(mat_path: Path, n_channels: int, n_samples: int | None) -> None:
    """The MATLAB v4 header of a PhysioNet .mat: type, rows, columns, imaginary flag, name length
    (then the name ``val``); rows are the channels, columns the samples."""
    with mat_path.open("rb") as handle:
        head = handle.read(20)
    rows, columns = struct.unpack("<5i", head)[1:3] if len(head) == 20 else (None, None)
    if rows != n_channels or (n_samples is not None and columns != n_samples):
        expected = f"{n_channels} × {n_samples if n_samples is not None else 'N'}"
        raise RecordError(mat_path, f"not the MATLAB v4 matrix of {expected} samples the header describes")


def _demographics(comments: Iterable[str]) -> tuple[int | None, str | None]:
    """Age and sex from header comments (LUDB ``<age>: 51``, CinC ``Age: 78``)."""
    age = sex = None
    for line in comments:
        if (match := _AGE.match(line)) and age is None:
            age = int(match.group(1))
        if (match := _SEX.match(line)) and sex is None:
            sex = {"m": "M", "male": "M", "f": "F", "female": "F"}.get(match.group(1).lower())
    return age, sex


def read_image(path: str | Path) -> ImageRecord:
    """Read a PNG, JPEG or TIFF paper ECG as an image-only case.

    The size is checked from the image header, before any pixel is decoded, against
    ``MAX_IMAGE_PIXELS``: what the reading room can display.
    """
    path = Path(path)
    if not path.exists():
        raise RecordError(path, "file missing")
    data = path.read_bytes()
    if not data:
        raise RecordError(path, "empty file")
    image_format, (width, height), mode = _image_header(path, data)
    if image_format not in {"PNG", "JPEG", "TIFF"}:
        raise RecordError(path, f"image format {image_format} is not PNG, JPEG or TIFF")
    if width * height > MAX_IMAGE_PIXELS:
        raise RecordError(path, _too_large(f"{width} × {height} = {width * height:,} pixels"))
    if mode in _UNDISPLAYABLE_MODES:
        raise RecordError(path, f"an image with {_UNDISPLAYABLE_MODES[mode]} cannot be displayed; save it with 8 bits")
    _decode(path, data)
    return ImageRecord(
        record_id=path.stem,
        image_bytes=data,
        image_format=image_format,
        width=width,
        height=height,
        source=str(path),
    )


def _image_header(path: Path, data: bytes) -> tuple[str, tuple[int, int], str]:
    """Format, size and Pillow mode, read from the header only (no pixel is decoded)."""
    with warnings.catch_warnings():
        # Pillow warns from 89 million pixels and refuses from twice that; both are over the budget.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                return image.format, image.size, image.mode
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise RecordError(path, _too_large(f"over {Image.MAX_IMAGE_PIXELS:,} pixels")) from error
        except _UNREADABLE_IMAGE as error:
            raise RecordError(path, f"not a readable PNG/JPEG/TIFF image ({error})") from error


def _decode(path: Path, data: bytes) -> None:
    """Check every byte of the image: a truncated or corrupt file is refused now, not shown blank later."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except _UNREADABLE_IMAGE as error:
        raise RecordError(path, f"not a readable PNG/JPEG/TIFF image ({error})") from error


def _too_large(size: str) -> str:
    return f"image of {size} is over the {MAX_IMAGE_PIXELS:,}-pixel budget the reading room can display"


def read_ptbxl_subset(array_path: str | Path) -> Iterator[Record]:
    """Yield the records of the z-scored 100 Hz PTB-XL array (``signals_100hz_zscored.npy``).

    Its lead order is the standard one; ids come from ``records.csv`` beside it.
    """
    array_path = Path(array_path)
    ids_path = array_path.with_name("records.csv")
    for required in (array_path, ids_path):
        if not required.exists():
            raise RecordError(required, "file missing")
    signals = np.load(array_path, mmap_mode="r")
    with ids_path.open(newline="") as handle:
        ecg_ids = [row["ecg_id"] for row in csv.DictReader(handle)]
    if signals.ndim != 3 or signals.shape[0] != len(ecg_ids) or signals.shape[2] != 12:
        raise RecordError(
            array_path,
            f"array shape {signals.shape} does not match {len(ecg_ids)} ids × samples × 12 leads",
        )
    for index, ecg_id in enumerate(ecg_ids):
        yield make_record(
            f"{array_path}[{index}]",
            record_id=f"ptbxl-{ecg_id}",
            fs=100.0,
            signal=np.asarray(signals[index], dtype=np.float32).T,
            lead_names=STANDARD_LEADS,
            zscored=True,
        )


def find_record_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the record files they hold (WFDB headers and images), sorted.

    A path that is itself a file (or a WFDB stem) is kept as given, even if it does not exist,
    so that reading it reports the problem.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and (p.suffix.lower() == ".hea" or p.suffix.lower() in IMAGE_SUFFIXES)
                )
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))
