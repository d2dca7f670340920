"""Philips Sierra ECG / PhilipsECG XML (``<restingecgdata>``, versions 1.03 to 1.04.02, PageWriter,
TraceMasterVue and IntelliSpace ECG exports, UTF-8 or UTF-16).

``<parsedwaveforms>`` holds the rhythm waveform, Base64, either uncompressed little-endian int16
(lead after lead) or XLI-compressed: one chunk per lead, each an 8-byte header (payload size,
first sample) and a 10-bit LZW stream of second differences with the high and low bytes in two
halves. In XLI data, III, aVR, aVL and aVF are stored as residuals of I and II and rebuilt here.
The layout follows the reference decoder of sierra-ecg-tools (Christopher Watford, MIT licence),
vectorised; amplitude is ``<resolution>`` (``<signalresolution>`` in 1.03) µV per count.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from ecgreader.ecg.formats.lead_sets import age_years, lead_name, sex_code, twelve_lead_record
from ecgreader.ecg.formats.xml_files import child_text, decode_base64, parse_xml
from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import Record, RecordError

ROOT_TAG = "restingecgdata"
VERSIONS = ("1.03", "1.04", "1.04.01", "1.04.02")
_LZW_BITS = 10
_LZW_LAST_CODE = (1 << _LZW_BITS) - 2  # the all-ones code ends a chunk
_XLI_CHUNK_HEADER = 8
_XLI_DELTA_BIAS = 64


def read_philips_xml(path: str | Path) -> Record:
    """Read the rhythm waveform of a Philips Sierra/PhilipsECG XML file.

    Raises
    ------
    RecordError
        Naming the file: unsupported version, encoding or compression, damaged XLI data,
        fewer samples than declared, missing leads.
    """
    path = Path(path)
    root = parse_xml(path)
    if root.tag != ROOT_TAG:
        raise RecordError(path, f"not a Philips ECG XML file (root element <{root.tag}>)")
    version = child_text(root, "documentinfo/documentversion") or "?"
    if version not in VERSIONS:
        raise RecordError(path, f"Philips ECG XML version {version} is not supported ({', '.join(VERSIONS)})")
    signal = root.find("dataacquisition/signalcharacteristics")
    waveforms = root.find("waveforms/parsedwaveforms")
    if signal is None or waveforms is None:
        raise RecordError(path, "no <signalcharacteristics> or <parsedwaveforms>: no rhythm waveform")
    fs = _number(path, child_text(signal, "samplingrate"), "samplingrate")
    microvolts = _number(path, child_text(signal, "resolution") or child_text(signal, "signalresolution"), "resolution")
    duration_ms = _number(path, waveforms.get("durationperchannel"), "durationperchannel")
    n_samples = round(duration_ms * fs / 1000)
    labels = _labels(path, signal, waveforms)
    if waveforms.get("dataencoding", "Base64") != "Base64":
        raise RecordError(path, f"waveform encoding {waveforms.get('dataencoding')!r} is not supported (Base64)")
    data = decode_base64(path, waveforms.text, "parsedwaveforms")
    compression = waveforms.get("compression") or waveforms.get("compressmethod") or "Uncompressed"
    if compression.upper() == "XLI":
        counts = _xli_leads(path, data, labels, n_samples)
    elif compression.lower() in {"uncompressed", "none"}:
        if len(data) < 2 * n_samples * len(labels):
            raise RecordError(path, f"truncated waveform ({len(data)} of {2 * n_samples * len(labels)} bytes)")
        counts = np.frombuffer(data, dtype="<i2", count=n_samples * len(labels)).reshape(len(labels), n_samples)
    else:
        raise RecordError(path, f"unsupported compression {compression!r} (XLI or none)")
    leads = {name: row * (microvolts / 1000) for name, row in zip(labels, counts, strict=True)}
    return twelve_lead_record(
        path, leads, fs, age=_age(root), sex=sex_code(child_text(root, "patient/generalpatientdata/sex"))
    )


def _labels(path: Path, signal: ET.Element, waveforms: ET.Element) -> list[str]:
    """Lead names of the stored channels: ``leadlabels`` (1.04) or the acquisition type's standard order."""
    given = waveforms.get("leadlabels")
    if given:
        count = int(waveforms.get("numberofleads", len(given.split())))
        raw = given.split()[:count]
    elif child_text(signal, "acquisitiontype") in {"STD-12", "10-WIRE"}:
        raw = list(
            STANDARD_LEADS[: int(_number(path, child_text(signal, "numberchannelsallocated") or "12", "channels"))]
        )
    else:
        raise RecordError(path, f"acquisition type {child_text(signal, 'acquisitiontype')!r} has no known lead order")
    return [lead_name(label) or label for label in raw]


def _xli_leads(path: Path, data: bytes, labels: list[str], n_samples: int) -> np.ndarray:
    """Decode the XLI chunks into int32 counts, shape (n_leads, n_samples), limb leads rebuilt."""
    chunks = []
    offset = 0
    while offset + _XLI_CHUNK_HEADER <= len(data) and len(chunks) < len(labels):
        size = int.from_bytes(data[offset : offset + 4], "little", signed=True)
        first = int.from_bytes(data[offset + 6 : offset + 8], "little", signed=True)
        payload = data[offset + _XLI_CHUNK_HEADER : offset + _XLI_CHUNK_HEADER + size]
        offset += _XLI_CHUNK_HEADER + size
        what = f"lead {labels[len(chunks)]}"
        if size < 0 or len(payload) < size:
            raise RecordError(path, f"{what}: truncated XLI chunk ({len(payload)} of {size} bytes)")
        samples = _xli_samples(_lzw_decode(path, payload, what), first)
        if len(samples) < n_samples:
            raise RecordError(path, f"{what}: XLI data holds {len(samples)} of {n_samples} samples")
        chunks.append(samples[:n_samples])
    if len(chunks) < len(labels):
        raise RecordError(path, f"XLI data holds {len(chunks)} of {len(labels)} leads")
    counts = np.stack(chunks)
    if labels[:6] == list(STANDARD_LEADS[:6]):
        _rebuild_limb_leads(counts)
    return counts


def _lzw_decode(path: Path, payload: bytes, what: str) -> bytes:
    """LZW with fixed 10-bit codes, most significant bit first, no clear code."""
    bits = np.unpackbits(np.frombuffer(payload, dtype=np.uint8))
    n_codes = len(bits) // _LZW_BITS
    weights = 1 << np.arange(_LZW_BITS - 1, -1, -1)
    codes = (bits[: n_codes * _LZW_BITS].reshape(n_codes, _LZW_BITS) @ weights).tolist()
    table = [bytes([byte]) for byte in range(256)]
    out = []
    previous = b""
    for code in codes:
        if code > _LZW_LAST_CODE:
            break
        if code < len(table):
            entry = table[code]
        elif code == len(table) and previous:
            entry = previous + previous[:1]
        else:
            raise RecordError(path, f"{what}: corrupt XLI data (LZW code {code} before it is defined)")
        if previous and len(table) <= _LZW_LAST_CODE:
            table.append(previous + entry[:1])
        out.append(entry)
        previous = entry
    return b"".join(out)


def _xli_samples(buffer: bytes, first: int) -> np.ndarray:
    """Samples from the decompressed bytes: int16 deltas (high bytes, then low bytes), integrated twice."""
    raw = np.frombuffer(buffer + b"\0" * (len(buffer) % 2), dtype=np.uint8)
    half = len(raw) // 2
    deltas = ((raw[:half].astype(np.uint16) << 8) | raw[half:]).view(np.int16).astype(np.int64)
    if half < 3:
        return deltas
    # out[i] = 2 out[i-1] - out[i-2] - c[i] for i >= 2, with c[2] = first and c[i] = delta[i-1] - 64.
    second_differences = -np.concatenate(([first], deltas[2:-1] - _XLI_DELTA_BIAS))
    slopes = (deltas[1] - deltas[0]) + np.cumsum(second_differences)
    out = np.empty(half, dtype=np.int64)
    out[:2] = deltas[:2]
    out[2:] = deltas[1] + np.cumsum(slopes)
    return out.astype(np.int16).astype(np.int32)


def _rebuild_limb_leads(counts: np.ndarray) -> None:
    """III, aVR, aVL, aVF from their XLI residuals and I, II (in place, integer arithmetic)."""
    lead_i, lead_ii = counts[0], counts[1]
    counts[2] = lead_ii - lead_i - counts[2]
    counts[3] = -counts[3] - (lead_i + lead_ii) // 2
    counts[4] = (lead_i - counts[2]) // 2 - counts[4]
    counts[5] = (lead_ii + counts[2]) // 2 - counts[5]


def _age(root: ET.Element) -> int | None:
    age = root.find("patient/generalpatientdata/age")
    if age is None:
        return None
    return age_years(child_text(age, "years") or age.text)


def _number(path: Path, text: str | None, what: str) -> float:
    try:
        return float(text or "")
    except ValueError:
        raise RecordError(path, f"<{what}> {text!r} is not a number") from None
