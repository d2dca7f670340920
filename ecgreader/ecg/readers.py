"""Readers that turn files on disk into Records: WFDB (.dat or .mat), the PTB-XL array subset,
and plain images. wfdb is wrapped here once; the rest of the product sees only Records."""

from __future__ import annotations

import csv
import io
import math
import re
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

# Bits per sample of the WFDB storage formats, to tell a truncated signal file from a good one.
_BITS_PER_SAMPLE = {
    "8": 8, "16": 16, "24": 24, "32": 32, "61": 16, "80": 8, "160": 16,
    "212": 12, "310": 32 / 3, "311": 32 / 3,
}  # fmt: skip
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
    try:
        header = wfdb.rdheader(str(stem))
    except Exception as error:  # wfdb raises bare ValueErrors etc. for bad headers
        raise RecordError(header_path, f"unreadable WFDB header ({error})") from error
    _check_signal_files(stem.parent, header)
    try:
        raw = wfdb.rdrecord(str(stem), physical=True)
    except Exception as error:
        raise RecordError(header_path, f"unreadable signal ({error})") from error
    if raw.p_signal is None or raw.p_signal.shape[0] != header.sig_len:
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


def _check_signal_files(folder: Path, header: wfdb.Record) -> None:
    """Compare each signal file's size with what the header promises."""
    if not header.file_name:
        raise RecordError(folder / f"{header.record_name}.hea", "header lists no signals")
    for file_name in dict.fromkeys(header.file_name):
        signal_path = folder / file_name
        if not signal_path.exists():
            raise RecordError(signal_path, "file missing")
        channels = [i for i, name in enumerate(header.file_name) if name == file_name]
        bits = _BITS_PER_SAMPLE.get(str(header.fmt[channels[0]]))
        if bits is None:
            continue  # an exotic format: let wfdb judge it
        offset = int(header.byte_offset[channels[0]] or 0)
        expected = offset + math.ceil(header.sig_len * len(channels) * bits / 8)
        actual = signal_path.stat().st_size
        if actual < expected:
            raise RecordError(signal_path, f"truncated signal: {actual} bytes of the {expected} the header needs")


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
    """Read a PNG, JPEG or TIFF paper ECG as an image-only case."""
    path = Path(path)
    if not path.exists():
        raise RecordError(path, "file missing")
    data = path.read_bytes()
    if not data:
        raise RecordError(path, "empty file")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image_format, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise RecordError(path, f"not a readable PNG/JPEG/TIFF image ({error})") from error
    if image_format not in {"PNG", "JPEG", "TIFF"}:
        raise RecordError(path, f"image format {image_format} is not PNG, JPEG or TIFF")
    return ImageRecord(
        record_id=path.stem,
        image_bytes=data,
        image_format=image_format,
        width=width,
        height=height,
        source=str(path),
    )


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
