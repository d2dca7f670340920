"""XML parsing the vendor readers share: namespaces dropped (elements are found by local name),
encodings as declared (UTF-8, ISO-8859-1, UTF-16 with its byte-order mark), and Base64 decoded
strictly so that a truncated or damaged waveform is refused rather than misread."""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ecgreader.ecg.record import RecordError

_WHITESPACE = re.compile(rb"\s+")


def parse_xml(path: Path) -> ET.Element:
    """The root element of the XML file ``path``, tags without their namespace."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise RecordError(path, f"not well-formed XML ({error})") from error
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag[0] == "{":
            element.tag = element.tag.rpartition("}")[2]
    return root


def child_text(element: ET.Element, path: str) -> str | None:
    """The stripped text at ``path`` below ``element`` (ElementTree path syntax), or None."""
    found = element.find(path)
    return found.text.strip() if found is not None and found.text is not None else None


def decode_base64(path: Path, text: str | None, what: str) -> bytes:
    """Base64 ``text`` as bytes; RecordError naming ``what`` when it is missing, truncated or not Base64."""
    compact = _WHITESPACE.sub(b"", (text or "").encode("ascii", "replace"))
    if not compact:
        raise RecordError(path, f"{what}: no waveform data")
    if len(compact) % 4:
        raise RecordError(path, f"{what}: truncated Base64 ({len(compact)} characters, not a multiple of 4)")
    try:
        return base64.b64decode(compact, validate=True)
    except binascii.Error as error:
        raise RecordError(path, f"{what}: corrupt Base64 ({error})") from error
