"""WFDB records (PhysioNet): reading ``.hea`` + ``.dat``/``.mat`` and writing ``.hea`` + ``.dat``.

wfdb-python is wrapped here once; its header syntax is checked first so that what it would
silently replace by a default is refused with a reason (WFDB header format,
https://physionet.org/physiotools/wag/header-5.htm).
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import wfdb

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import Record, RecordError, make_record

WFDB_SUFFIXES = {".hea", ".dat", ".mat"}

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
_DERIVED = re.compile(r"^\s*derived leads\s*:\s*(.+)$", re.IGNORECASE)
# Written records use as much of int16 as the largest sample allows (-32768 is WFDB's missing
# sample), in whole counts per mV: at least 1000 (1 µV) for anything within ±32.767 mV, finer
# than the amplitude step of every source format read here.
_INT16_MAX = 32767
_MAX_COUNTS_PER_MV = 1_000_000
_RECORD_NAME = re.compile(r"[^-\w]")


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
        derived_leads=_derived_leads(raw.comments or []),
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


def _derived_leads(comments: Iterable[str]) -> tuple[str, ...]:
    """The leads a header comment ``derived leads: III, aVR`` marks as computed (written by ``write_wfdb``)."""
    for line in comments:
        if match := _DERIVED.match(line):
            return tuple(name.strip() for name in match.group(1).split(",") if name.strip() in STANDARD_LEADS)
    return ()


def wfdb_record_name(text: str) -> str:
    """``text`` as a WFDB record name: letters, digits, ``_`` and ``-`` (others become ``_``)."""
    return _RECORD_NAME.sub("_", text) or "record"


def write_wfdb(record: Record, out_dir: str | Path, record_name: str | None = None) -> Path:
    """Write ``record`` as a WFDB record (``NAME.hea`` + ``NAME.dat``, format 16) in ``out_dir``.

    The 12 standard leads are stored in mV at the record's sampling rate, as many whole counts
    per mV as int16 allows for the largest sample (at least 1 µV per count within ±32.767 mV);
    age, sex and derived leads go into header comments that ``read_wfdb`` reads back.

    Returns
    -------
    Path
        The header written.
    """
    if record.zscored:
        raise ValueError(f"{record.source or record.record_id}: a z-scored record has no physical units to write")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = wfdb_record_name(record_name or record.record_id)
    peak = float(np.abs(record.signal).max()) if record.signal.size else 0.0
    gain = float(max(1, math.floor(min(_MAX_COUNTS_PER_MV, _INT16_MAX / peak)))) if peak > 0 else 1000.0
    counts = np.round(record.signal.astype(np.float64) * gain).astype(np.int64).T
    comments = [f"<age>: {record.age}"] if record.age is not None else []
    comments += [f"<sex>: {record.sex}"] if record.sex else []
    comments += [f"derived leads: {', '.join(record.derived_leads)}"] if record.derived_leads else []
    wfdb.wrsamp(
        name,
        fs=record.fs,
        units=["mV"] * len(STANDARD_LEADS),
        sig_name=list(STANDARD_LEADS),
        d_signal=counts,
        fmt=["16"] * len(STANDARD_LEADS),
        adc_gain=[gain] * len(STANDARD_LEADS),
        baseline=[0] * len(STANDARD_LEADS),
        comments=comments,
        write_dir=str(out_dir),
    )
    return out_dir / f"{name}.hea"
