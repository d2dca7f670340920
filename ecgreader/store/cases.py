"""Storing ECG records compactly in a study and reading them back, and finding the study's cases.

Signals are stored as zlib-compressed int16 counts at 1 µV (0.001 mV) per count, coarser only
when a record exceeds ±32 mV; that keeps a 10 s 500 Hz 12-lead case near 100 kB while staying
well under ECG amplifiers' own resolution. A sha256 of the stored bytes detects corruption.
"""

from __future__ import annotations

import hashlib
import io
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from ecgreader.ecg.formats.images import without_metadata
from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import ImageRecord, Record
from ecgreader.store.database import SessionOrDatabase, session_for_reading
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
        derived_leads=",".join(record.derived_leads) or None,
        amplitude_calibrated=record.amplitude_calibrated and not record.zscored,
        **common,
    )


def case_content_hash(case: Case, gold_keys: frozenset[str] | set[str]) -> str:
    """sha256 of what defines a case in the study: position, source, stored-data checksum,
    demographics and gold labels; computed at creation and checked by ``study verify``."""
    canonical = {
        "position": case.position,
        "source_id": case.source_id,
        "kind": case.kind,
        "checksum": case.checksum,
        "age": case.age,
        "sex": case.sex,
        "gold_source": case.gold_source,
        "gold": sorted(gold_keys),
    }
    if case.derived_leads:  # only where set, so the hashes of earlier studies stay valid
        canonical["derived_leads"] = case.derived_leads
    if case.amplitude_calibrated is False:
        canonical["amplitude_calibrated"] = False
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def stored_data_matches_checksum(case: Case) -> bool:
    """Whether the case's stored signal, image or external id still hashes to its checksum."""
    if case.kind == "external":
        data = case.source_id.encode()
    elif case.kind == "image":
        data = case.image or b""
    else:
        try:
            data = zlib.decompress(case.signal or b"")
        except zlib.error:
            return False
    return hashlib.sha256(data).hexdigest() == case.checksum


def record_from_case(case: Case, record_id: str | None = None, with_demographics: bool = True) -> Record | ImageRecord:
    """The Record (or ImageRecord) stored in ``case``, checked against its checksum.

    ``record_id`` replaces the source id (the reading room's blinded view passes one), and
    ``with_demographics=False`` leaves age and sex out.
    """
    label = f"case {case.position}"
    record_id = case.source_id if record_id is None else record_id
    age, sex = (case.age, case.sex) if with_demographics else (None, None)
    if case.kind == "external":
        raise LookupError(f"{label} has no ECG: it comes from an external reader study's tables")
    if case.kind == "image":
        if hashlib.sha256(case.image).hexdigest() != case.checksum:
            raise CorruptCaseError(f"{label}: stored image does not match its checksum")
        with Image.open(io.BytesIO(case.image)) as image:
            width, height = image.size
        return ImageRecord(
            record_id=record_id,
            image_bytes=case.image,
            image_format=case.image_format,
            width=width,
            height=height,
            age=age,
            sex=sex,
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
        record_id=record_id,
        fs=case.fs,
        signal=(counts.astype(np.float32) * np.float32(case.signal_scale)),
        zscored=case.signal_units == "z",
        age=age,
        sex=sex,
        derived_leads=tuple(case.derived_leads.split(",")) if case.derived_leads else (),
        amplitude_calibrated=case.amplitude_calibrated is not False,
    )


def case_positions(source: SessionOrDatabase) -> dict[int, int]:
    """Every case's study position (1..N) by case id, in study order."""
    with session_for_reading(source) as session:
        return dict(session.execute(select(Case.id, Case.position).order_by(Case.position)).all())


def case_ids(source: SessionOrDatabase) -> list[int]:
    """All case ids in study-position order."""
    return list(case_positions(source))


def signal_case_ids(source: SessionOrDatabase) -> list[int]:
    """The ids of the cases holding a signal (those a network can read), in study order."""
    with session_for_reading(source) as session:
        return list(session.scalars(select(Case.id).where(Case.kind == "signal").order_by(Case.position)))


def case_ids_by_source(source: SessionOrDatabase) -> dict[str, int]:
    """Case ids by the source id they were made from (for tables that name cases that way)."""
    with session_for_reading(source) as session:
        return dict(session.execute(select(Case.source_id, Case.id)).all())


def amplitude_uncalibrated_sources(source: SessionOrDatabase) -> list[str]:
    """The source ids of the signal cases whose amplitude is not calibrated (rescaled per lead,
    z-scored or implausible as mV), in study order: no voltage criterion holds on them."""
    with session_for_reading(source) as session:
        query = (
            select(Case.source_id)
            .where(Case.kind == "signal", Case.amplitude_calibrated.is_(False))
            .order_by(Case.position)
        )
        return list(session.scalars(query))


def load_records(source: SessionOrDatabase, ids: list[int]) -> list[Record | ImageRecord]:
    """The records of the cases ``ids``, in that order, with their source ids (not blinded)."""
    with session_for_reading(source) as session:
        return [record_from_case(get_case(session, case_id)) for case_id in ids]


def load_blinded_case(
    source: SessionOrDatabase, case_id: int, blinded_id: str, with_demographics: bool
) -> Record | ImageRecord:
    """A case's ECG for a reader: its source id replaced by ``blinded_id``, age and sex dropped
    unless the study shows them, and an image's metadata removed. The source id never leaves the
    store on this path."""
    with session_for_reading(source) as session:
        record = record_from_case(get_case(session, case_id), record_id=blinded_id, with_demographics=with_demographics)
    return without_metadata(record) if isinstance(record, ImageRecord) else record


def get_case(session: Session, case_id: int) -> Case:
    """The case row ``case_id`` (for the store's own use: rows never leave the store)."""
    case = session.get(Case, case_id)
    if case is None:
        raise LookupError(f"case {case_id} is not in the study")
    return case


def cases_digest(content_hashes: Iterable[str | None]) -> str:
    """sha256 over the cases' content hashes in position order: the study's case manifest."""
    return hashlib.sha256("\n".join(h or "" for h in content_hashes).encode()).hexdigest()
