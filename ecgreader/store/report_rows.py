"""Every current read and every read revision of a study, with reader and case named, for the
report's reads.csv and read_history.csv."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecgreader.store.database import SessionOrDatabase, session_for_reading
from ecgreader.store.read_lookups import label_keys_by_read, ratings_by_read, readers_with_groups
from ecgreader.store.schema import (
    Case,
    Read,
    Reader,
    ReadRevision,
)


@dataclass(frozen=True)
class CaseName:
    position: int  # the case's number in reports
    source_id: str  # where it came from; reports leave it out unless asked


@dataclass(frozen=True)
class ReadRow:
    """A reader's current read of a case in one phase."""

    case: CaseName
    reader: str
    group: str
    phase: str
    labels: tuple[str, ...]  # sorted label keys
    confidence: int | None
    comment: str | None
    revision: int
    shown_at: datetime
    submitted_at: datetime
    active_seconds: float | None
    ratings: dict[str, float] = field(default_factory=dict)  # label key → rating (rating-scale studies)


@dataclass(frozen=True)
class RevisionRow:
    """One entry of the append-only read history."""

    case: CaseName
    reader: str
    phase: str
    revision: int
    labels: tuple[str, ...]  # label keys as stored in the revision
    confidence: int | None
    comment: str | None
    submitted_at: datetime
    active_seconds: float | None


def _case_names(session: Session) -> dict[int, CaseName]:
    rows = session.execute(select(Case.id, Case.position, Case.source_id))
    return {case_id: CaseName(position, source) for case_id, position, source in rows}


def read_rows(source: SessionOrDatabase) -> list[ReadRow]:
    """Every current read, ordered by case id and reader id.

    Plain column rows rather than ORM objects (see ``read_lookups``)."""
    with session_for_reading(source) as session:
        cases = _case_names(session)
        readers = readers_with_groups(session)
        labels = label_keys_by_read(session)
        ratings = ratings_by_read(session)
        query = select(
            Read.id, Read.case_id, Read.reader_id, Read.phase, Read.confidence, Read.comment, Read.revision,
            Read.shown_at, Read.submitted_at, Read.active_seconds,
        ).order_by(Read.case_id, Read.reader_id)  # fmt: skip
        return [
            ReadRow(
                case=cases[r.case_id],
                reader=readers[r.reader_id][0],
                group=readers[r.reader_id][1],
                phase=r.phase,
                labels=tuple(sorted(labels.get(r.id, ()))),
                confidence=r.confidence,
                comment=r.comment,
                revision=r.revision,
                shown_at=r.shown_at,
                submitted_at=r.submitted_at,
                active_seconds=r.active_seconds,
                ratings=ratings.get(r.id, {}),
            )
            for r in session.execute(query)
        ]


def revision_rows(source: SessionOrDatabase) -> list[RevisionRow]:
    """Every read revision, in the order they were written (column rows: no ORM object per revision)."""
    with session_for_reading(source) as session:
        cases = _case_names(session)
        readers = dict(session.execute(select(Reader.id, Reader.name)).all())
        return [
            RevisionRow(
                case=cases[h.case_id],
                reader=readers[h.reader_id],
                phase=h.phase,
                revision=h.revision,
                labels=tuple(json.loads(h.label_keys)),
                confidence=h.confidence,
                comment=h.comment,
                submitted_at=h.submitted_at,
                active_seconds=h.active_seconds,
            )
            for h in session.execute(
                select(
                    ReadRevision.case_id,
                    ReadRevision.reader_id,
                    ReadRevision.phase,
                    ReadRevision.revision,
                    ReadRevision.label_keys,
                    ReadRevision.confidence,
                    ReadRevision.comment,
                    ReadRevision.submitted_at,
                    ReadRevision.active_seconds,
                ).order_by(ReadRevision.id)
            )  # fmt: skip
        ]
