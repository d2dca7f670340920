"""Our own decoder of the SCP-ECG rhythm data (EN 1064:2005+A1:2007 / ISO 11073-91064) for the
files most devices write: the default Huffman table of section 2 (code 19999), no, first or
second differences, and reference-beat subtraction with the QRS locations of section 4 and the
reference beats of section 5; it does in numpy what ECGDataKit does bit by bit, and gives the
same integers.

``decode_scp`` answers None for anything it does not read itself (stored Huffman tables, no
Huffman coding, bimodal compression, a CRC mismatch, damaged or inconsistent sections, an
amplitude multiplier of 0): the caller then reads the file with ECGDataKit, which decodes those
or refuses them with its own message. Sections 7–11 (measurements and interpretation) are not
read: a record needs only sections 0–6.

The default Huffman table (EN 1064, annex on the default table), bits first transmitted first:

    0                       0                    (1 bit)
    1…1 0 s  (m ones)       +m (s=0) or −m (s=1) for m = 1…8 (m + 2 bits)
    111111111 0 + 8 bits    the two's complement value of the 8 bits   (18 bits)
    1111111111 + 16 bits    the two's complement value of the 16 bits  (26 bits)

The length of a code is known from the 10 bits where it starts, so the decoder computes the
length of the code that would start at every bit, follows the chain of code starts from each
lead's first bit by pointer doubling (jump tables of 2, 4, … 2^k codes), and reads all values
at once.
"""

from __future__ import annotations

import binascii
import datetime
import math
import struct
from dataclasses import dataclass

import numpy as np

DEFAULT_HUFFMAN = 19999  # section 2's table count meaning "the default table"
_SECTION_HEADER = 16
_LEN_WINDOW = 10  # bits that decide a code's length
_AGE_UNITS = {1: 1.0, 2: 1 / 12, 3: 7 / 365.25, 4: 1 / 365.25, 5: 1 / 8766}  # years per unit, as ECGDataKit
_SEX = {1: "M", 2: "F"}
_JUMP_LEVELS = 5  # codes are found 2^5 at a time by the one Python-level loop


def _default_code_tables() -> tuple[np.ndarray, np.ndarray]:
    """For every 10-bit window (first bit most significant): the length of the code starting
    there, and its value when it needs no extra bits."""
    windows = np.arange(1 << _LEN_WINDOW)
    ones = np.zeros(1 << _LEN_WINDOW, dtype=np.int64)
    still = np.ones(1 << _LEN_WINDOW, dtype=bool)
    for bit in range(_LEN_WINDOW):
        still &= ((windows >> (_LEN_WINDOW - 1 - bit)) & 1) == 1
        ones += still
    length = np.where(ones == 0, 1, np.where(ones <= 8, ones + 2, np.where(ones == 9, 18, 26)))
    sign = (windows >> np.clip(_LEN_WINDOW - 2 - ones, 0, None)) & 1  # the bit after "1…1 0"
    value = np.where((ones >= 1) & (ones <= 8), np.where(sign == 1, -ones, ones), 0)
    return length.astype(np.int32), value


_LENGTH, _VALUE = _default_code_tables()
_NINE_ONES, _TEN_ONES = 0b1111111110, 0b1111111111  # the windows of the 8- and 16-bit codes


class ScpDataError(ValueError):
    """Rhythm data that no decoder could read (the message says why)."""


class HuffmanDataEnds(ValueError):
    """A lead's Huffman bits end before its samples do."""


def decode_default_huffman(chunks: list[bytes], counts: list[int]) -> list[np.ndarray]:
    """The values (int64) of ``counts[i]`` (≥ 1) codes of the default Huffman table read from
    the byte string ``chunks[i]``, for every lead i.

    Raises HuffmanDataEnds when a chunk holds fewer codes than its count.
    """
    if any(count > 8 * len(chunk) for chunk, count in zip(chunks, counts, strict=True)):
        raise HuffmanDataEnds("fewer bits than samples")
    sizes = np.array([len(chunk) for chunk in chunks], dtype=np.int64)
    n_bytes = int(sizes.sum())
    n_bits = 8 * n_bytes
    if n_bits >= 1 << 31:
        raise HuffmanDataEnds("more Huffman data than one SCP-ECG section can hold")
    data = np.frombuffer(b"".join(chunks) + bytes(4), dtype=np.uint8).astype(np.uint32)
    # The 10 bits from every bit position, from the 24 bits starting at its byte.
    word = ((data[:-2] << 16) | (data[1:-1] << 8) | data[2:])[:n_bytes]
    windows = np.empty(n_bits + 1, dtype=np.uint16)
    by_offset = windows[:-1].reshape(-1, 8)
    for offset in range(8):
        np.bitwise_and(word >> (24 - _LEN_WINDOW - offset), (1 << _LEN_WINDOW) - 1, out=by_offset[:, offset])
    windows[-1] = 0  # position n_bits: past the end
    # jumps[k, p]: where the code 2^k codes after the one at bit p starts (n_bits: past the end);
    # one allocation, as fresh megabyte arrays cost more than the gathers that fill them.
    jumps = np.empty((_JUMP_LEVELS + 1, n_bits + 1), dtype=np.int32)
    np.take(_LENGTH, windows, out=jumps[0])
    jumps[0] += np.arange(n_bits + 1, dtype=np.int32)
    np.minimum(jumps[0], n_bits, out=jumps[0])
    for level in range(_JUMP_LEVELS):
        np.take(jumps[level], jumps[level], out=jumps[level + 1])
    starts = np.concatenate(([0], 8 * np.cumsum(sizes)[:-1]))
    anchors = []  # the start of every 2^levels-th code of every lead
    position, leap = starts, jumps[_JUMP_LEVELS]
    for _ in range(-(-max(counts) // (1 << _JUMP_LEVELS))):
        anchors.append(position)
        position = leap[position]
    positions = np.array(anchors)  # (codes / 2^levels, leads)
    for level in range(_JUMP_LEVELS - 1, -1, -1):
        positions = np.stack((positions, np.take(jumps[level], positions)), axis=1).reshape(-1, len(chunks))
    columns = positions.T  # (leads, codes)
    last = columns[np.arange(len(counts)), np.array(counts) - 1]
    short = np.flatnonzero(last + np.take(_LENGTH, windows[last]) > starts + 8 * sizes)
    if len(short):
        lead = int(short[0])
        raise HuffmanDataEnds(f"lead {lead + 1}: Huffman data ends before its {counts[lead]} samples")
    if len(set(counts)) == 1:
        where = columns[:, : counts[0]].ravel()
    else:
        where = np.concatenate([column[:count] for column, count in zip(columns, counts, strict=True)])
    code = windows[where]
    values = _VALUE[code]
    escaped = np.flatnonzero(code >= _NINE_ONES)
    if len(escaped):
        bit = where[escaped] + _LEN_WINDOW  # the 8 or 16 bits after the prefix
        byte, offset = bit >> 3, bit & 7
        raw = ((data[byte] << 16) | (data[byte + 1] << 8) | data[byte + 2]).astype(np.int64)
        bits = np.where(code[escaped] == _TEN_ONES, 16, 8)
        raw = (raw >> (24 - offset - bits)) & ((1 << bits) - 1)
        values[escaped] = np.where(raw >= 1 << (bits - 1), raw - (1 << bits), raw)
    return np.split(values, np.cumsum(counts)[:-1])


def undo_differences(values: np.ndarray, mode: int) -> np.ndarray:
    """Amplitudes from their first (1) or second (2) differences, wrapped to 16 bits like the
    encoders' arithmetic (ECGDataKit's and the C# ECG Toolkit's reconstruction)."""
    if mode == 0 or len(values) == 0:
        return values
    if mode == 1:
        out = np.cumsum(values)
    elif len(values) < 3:
        out = values.copy()
    else:  # x[n] = d[n] + 2 x[n-1] - x[n-2], with x[0] = d[0] and x[1] = d[1]
        slope = np.empty(len(values) - 1, dtype=np.int64)
        slope[0] = values[1] - values[0]
        slope[1:] = slope[0] + np.cumsum(values[2:])
        out = np.concatenate(([values[0]], values[0] + np.cumsum(slope)))
    return out.astype(np.int16).astype(np.int64)


@dataclass(frozen=True)
class ScpRhythm:
    """The rhythm data of an SCP-ECG file: per lead of section 3 its code and samples (int64
    counts of ``nanovolts_per_count`` nV), the sampling rate, and the patient's age and sex as
    stored (age in whole years; sex "M", "F", "U" or None)."""

    lead_codes: tuple[int, ...]
    samples: tuple[np.ndarray, ...]
    nanovolts_per_count: int
    fs: float
    age: int | None
    sex: str | None


class _NotOurs(Exception):
    """Content this decoder leaves to ECGDataKit."""


def _u16(data: bytes, pos: int) -> int:
    return struct.unpack_from("<H", data, pos)[0]


def _u32(data: bytes, pos: int) -> int:
    return struct.unpack_from("<I", data, pos)[0]


def _crc_ok(chunk: bytes) -> bool:
    """CRC-CCITT (polynomial 0x1021, initial 0xFFFF) of all but the first 2 bytes, stored in them."""
    return len(chunk) >= 2 and binascii.crc_hqx(chunk[2:], 0xFFFF) == _u16(chunk, 0)


def decode_scp(data: bytes) -> ScpRhythm | None:
    """The rhythm data of the SCP-ECG file ``data``, or None when this decoder leaves the file
    to ECGDataKit (see the module's docstring).

    Raises ScpDataError for a lead that should hold more samples than its Huffman data has bits
    (ECGDataKit would first allocate them all: up to 32 GB for a damaged section 3).
    """
    try:
        return _decode(data)
    except ScpDataError:
        raise
    except (_NotOurs, HuffmanDataEnds, struct.error, IndexError, ValueError):
        return None


def _decode(data: bytes) -> ScpRhythm:
    if len(data) < 6 + _SECTION_HEADER or _u32(data, 2) > len(data) or _u32(data, 2) < 6 + _SECTION_HEADER:
        raise _NotOurs
    data = data[: _u32(data, 2)]
    sections = _sections(data)
    if not _crc_ok(data) or not all(_crc_ok(body) for sid, body in sections.items() if sid <= 11):
        raise _NotOurs
    if any(sid not in sections for sid in (2, 3, 6)) or _u16(sections[2], _SECTION_HEADER) != DEFAULT_HUFFMAN:
        raise _NotOurs
    leads, lead_flags = _leads(sections[3][_SECTION_HEADER:])
    subtraction = bool(lead_flags & 0x01)
    reference = _qrs_locations(sections[4][_SECTION_HEADER:]) if 4 in sections else None
    beats = None
    if 5 in sections:  # decoded whenever present, as ECGDataKit does (its damage is refused)
        if reference is None or reference[0] == 0:
            raise _NotOurs
        interval = _u16(sections[5], _SECTION_HEADER + 2)
        n_samples = round(reference[0] * 1000 / interval) if interval else 0
        if n_samples < 1:
            raise _NotOurs
        beats = _lead_data(sections[5][_SECTION_HEADER:], [n_samples] * len(leads), 5)
    avm, interval, samples = _lead_data(sections[6][_SECTION_HEADER:], [end - start + 1 for start, end, _ in leads], 6)
    if sections[6][_SECTION_HEADER + 5]:  # bimodal compression (decimated rhythm)
        raise _NotOurs
    if subtraction:
        if beats is None or reference is None or not reference[2]:
            raise _NotOurs
        samples, avm = _add_reference_beats(leads, samples, avm, interval, beats, reference[1], reference[2])
    if avm == 0:
        raise _NotOurs
    age, sex = _patient(sections[1][_SECTION_HEADER:]) if 1 in sections else (None, None)
    return ScpRhythm(
        lead_codes=tuple(code for _, _, code in leads),
        samples=tuple(samples),
        nanovolts_per_count=avm,
        fs=float(round(1_000_000 / interval)),
        age=age,
        sex=sex,
    )


def _sections(data: bytes) -> dict[int, bytes]:
    """Every section that section 0 points to, header included (section 0 too)."""
    if _u16(data, 8) != 0:
        raise _NotOurs
    length0 = _u32(data, 10)
    if length0 < _SECTION_HEADER or 6 + length0 > len(data):
        raise _NotOurs
    sections = {0: data[6 : 6 + length0]}
    for pos in range(6 + _SECTION_HEADER, 6 + length0 - 9, 10):
        sid, length, index = _u16(data, pos), _u32(data, pos + 2), _u32(data, pos + 6)
        if sid == 0 or length == 0:
            continue
        offset = index - 1
        if index == 0 or offset + length > len(data):
            raise _NotOurs
        body = data[offset : offset + length]
        if sid <= 11 and (length < _SECTION_HEADER or _u16(body, 2) != sid or _u32(body, 4) != length):
            raise _NotOurs
        sections[sid] = body
    return sections


def _leads(body: bytes) -> tuple[list[tuple[int, int, int]], int]:
    """Section 3: (first sample, last sample, lead code) of every lead, and the flags byte."""
    count, flags = body[0], body[1]
    if count == 0 or 2 + 9 * count > len(body):
        raise _NotOurs
    leads = [struct.unpack_from("<IIB", body, 2 + 9 * i) for i in range(count)]
    if any(start < 1 or end < start for start, end, _ in leads):
        raise _NotOurs
    return leads, flags


def _qrs_locations(body: bytes) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """Section 4: the reference beat's length (ms) and fiducial point (its sample), and the
    (type, start, fiducial, end) of every QRS complex."""
    if len(body) < 6:
        raise _NotOurs
    length_ms, fiducial, count = struct.unpack_from("<3H", body, 0)
    if 6 + 14 * count > len(body):
        raise _NotOurs  # ECGDataKit warns or refuses, by the lead flags
    return length_ms, fiducial, [struct.unpack_from("<H3I", body, 6 + 14 * i) for i in range(count)]


def _lead_data(body: bytes, counts: list[int], section: int) -> tuple[int, int, list[np.ndarray]]:
    """Section 5 or 6: the amplitude multiplier (nV), the sample interval (µs) and every
    lead's samples, Huffman-decoded with the default table and their differences undone."""
    if len(body) < 6 + 2 * len(counts):
        raise _NotOurs
    avm, interval, differences = _u16(body, 0), _u16(body, 2), body[4]
    if differences not in (0, 1, 2) or interval == 0:
        raise _NotOurs
    sizes = struct.unpack_from(f"<{len(counts)}H", body, 6)
    pos = 6 + 2 * len(counts)
    if pos + sum(sizes) > len(body):
        raise _NotOurs
    chunks = []
    for size in sizes:
        chunks.append(body[pos : pos + size])
        pos += size
    for lead, (chunk, count) in enumerate(zip(chunks, counts, strict=True)):
        if count > 8 * len(chunk):
            raise ScpDataError(
                f"Section {section}: lead {lead + 1} should hold {count} samples "
                f"but its Huffman data has only {8 * len(chunk)} bits"
            )
    values = decode_default_huffman(chunks, counts)
    return avm, interval, [undo_differences(lead, differences) for lead in values]


def _add_reference_beats(
    leads: list[tuple[int, int, int]],
    residuals: list[np.ndarray],
    avm: int,
    interval: int,
    beats: tuple[int, int, list[np.ndarray]],
    fiducial: int,
    qrs: list[tuple[int, int, int, int]],
) -> tuple[list[np.ndarray], int]:
    """Reference-beat subtraction undone: reference beat (type 0) added back around every QRS
    complex of type 0, both in units of gcd(AVM₅, AVM₆) nV (as ECGDataKit adds them)."""
    beat_avm, beat_interval, beat_samples = beats
    if beat_interval != interval or avm == 0 or beat_avm == 0:
        raise _NotOurs
    common = math.gcd(avm, beat_avm)
    out = []
    for (lead_start, lead_end, _), residual, beat in zip(leads, residuals, beat_samples, strict=True):
        signal = residual * (avm // common)
        beat = beat * (beat_avm // common)
        for kind, start, centre, end in qrs:
            if kind != 0:
                continue
            first = max(start, lead_start, centre - fiducial + 1)
            last = min(end, lead_end, centre - fiducial + len(beat))
            if last < first:
                continue
            at, beat_at = first - lead_start, fiducial - centre + first - 1
            signal[at : at + last - first + 1] += beat[beat_at : beat_at + last - first + 1]
        out.append(signal)
    return out, common


def _patient(body: bytes) -> tuple[int | None, str | None]:
    """Section 1: the age in whole years (tag 4, else from the birth date, tag 5, and the date
    of acquisition, tag 25) and the sex (tag 8), as ECGDataKit reads them."""
    age = sex = birth = acquired = None
    pos = 0
    while pos + 3 <= len(body):
        tag, length = body[pos], _u16(body, pos + 1)
        pos += 3
        if tag == 255:
            break
        if pos + length > len(body):
            raise _NotOurs  # wrong tag lengths: ECGDataKit's recovery
        value = body[pos : pos + length]
        pos += length
        if tag == 4 and length >= 3 and _u16(value, 0) and value[2] in _AGE_UNITS:
            age = int(_u16(value, 0) * _AGE_UNITS[value[2]])
        elif tag == 5:
            birth = _date(value)
        elif tag == 25:
            acquired = _date(value)
        elif tag == 8 and value:
            sex = _SEX.get(value[0], "U")
    if not age:
        age = None
        if birth is not None and acquired is not None:
            years = acquired.year - birth.year - ((acquired.month, acquired.day) < (birth.month, birth.day))
            age = years if years >= 0 else None
    return age, sex


def _date(value: bytes) -> datetime.date | None:
    if len(value) < 4 or not _u16(value, 0):
        return None
    try:
        return datetime.date(_u16(value, 0), value[2], value[3])
    except ValueError:
        return None
