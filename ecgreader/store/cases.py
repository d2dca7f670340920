"""Storing ECG records compactly in a study and reading them back.

Signals are stored as zlib-compressed int16 counts at 1 µV (0.001 mV) per count, coarser only
when a record exceeds ±32 mV; that keeps a 10 s 500 Hz 12-lead case near 100 kB while staying
well under ECG amplifiers' own resolution. A sha256 of the stored bytes detects corruption.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import ImageRecord, Record
from ecgreader.store.schema import Case

MICROVOLT = 1e-3  # mV per count
_INT16_MAX = 32767


class CorruptCaseError(ValueError):
    """A case whose stored bytes no longer match their checksum."""


@dataclass(frozen=True)
class ExternalCase:
    """A case of a published reader study known only by its id: no signal or image is stored."""

    record_id: str
    age: int | None = None
    sex: str | None = None
    source: str = ""
    warnings: tuple[str, ...] = ()


def case_from_record(record: Record | ImageRecord | ExternalCase, position: int, gold_source: str | None) -> Case:
    """A new Case row holding ``record``."""
    common = dict(
        position=position,
        source_id=record.record_id,
        age=record.age,
        sex=record.sex,
        gold_source=gold_source,
    )
    if isinstance(record, ExternalCase):
        return Case(kind="external", checksum=hashlib.sha256(record.record_id.encode()).hexdigest(), **common)
    if isinstance(record, ImageRecord):
        return Case(
            kind="image",
            image=record.image_bytes,
            image_format=record.image_format,
            checksum=hashlib.sha256(record.image_bytes).hexdigest(),
            **common,
        )
    peak = float(np.abs(record.signal).max())
    scale = max(MICROVOLT, peak / _INT16_MAX)
    counts = np.round(record.signal / scale).astype("<i2")
    raw = counts.tobytes()
    return Case(
        kind="signal",
        fs=record.fs,
        lead_names=",".join(STANDARD_LEADS),
        n_samples=record.n_samples,
        signal_units="z" if record.zscored else "mV",
        signal_scale=scale,
        signal=zlib.compress(raw, 6),
        checksum=hashlib.sha256(raw).hexdigest(),
        **common,
    )


def record_from_case(case: Case) -> Record | ImageRecord:
    """The Record (or ImageRecord) stored in ``case``, checked against its checksum."""
    label = f"case {case.position}"
    if case.kind == "external":
        raise LookupError(f"{label} has no ECG: it comes from an external reader study's tables")
    if case.kind == "image":
        if hashlib.sha256(case.image).hexdigest() != case.checksum:
            raise CorruptCaseError(f"{label}: stored image does not match its checksum")
        with Image.open(io.BytesIO(case.image)) as image:
            width, height = image.size
        return ImageRecord(
            record_id=case.source_id,
            image_bytes=case.image,
            image_format=case.image_format,
            width=width,
            height=height,
            age=case.age,
            sex=case.sex,
        )
    try:
        raw = zlib.decompress(case.signal)
    except zlib.error as error:
        raise CorruptCaseError(f"{label}: stored signal cannot be decompressed ({error})") from error
    if hashlib.sha256(raw).hexdigest() != case.checksum:
        raise CorruptCaseError(f"{label}: stored signal does not match its checksum")
    leads = case.lead_names.split(",")
    counts = np.frombuffer(raw, dtype="<i2").reshape(len(leads), case.n_samples)
    return Record(
        record_id=case.source_id,
        fs=case.fs,
        signal=(counts.astype(np.float32) * np.float32(case.signal_scale)),
        zscored=case.signal_units == "z",
        age=case.age,
        sex=case.sex,
    )
