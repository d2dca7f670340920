"""Every current read and every read revision of a study, with reader and case named, for the
report's reads.csv and read_history.csv."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ecgreader.store.database import SessionOrDatabase, session_for_reading
from ecgreader.store.schema import Case, Read, Reader, ReadLabel, ReadRevision


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


def _readers(session: Session) -> dict[int, Reader]:
    return {reader.id: reader for reader in session.scalars(select(Reader).options(selectinload(Reader.group)))}


def read_rows(source: SessionOrDatabase) -> list[ReadRow]:
    """Every current read, ordered by case id and reader id."""
    with session_for_reading(source) as session:
        cases, readers = _case_names(session), _readers(session)
        query = (
            select(Read)
            .order_by(Read.case_id, Read.reader_id)
            .options(selectinload(Read.labels).joinedload(ReadLabel.label))
        )
        return [
            ReadRow(
                case=cases[r.case_id],
                reader=readers[r.reader_id].name,
                group=readers[r.reader_id].group.name,
                phase=r.phase,
                labels=tuple(sorted(link.label.key for link in r.labels)),
                confidence=r.confidence,
                comment=r.comment,
                revision=r.revision,
                shown_at=r.shown_at,
                submitted_at=r.submitted_at,
                active_seconds=r.active_seconds,
            )
            for r in session.scalars(query)
        ]


def revision_rows(source: SessionOrDatabase) -> list[RevisionRow]:
    """Every read revision, in the order they were written."""
    with session_for_reading(source) as session:
        cases, readers = _case_names(session), _readers(session)
        return [
            RevisionRow(
                case=cases[h.case_id],
                reader=readers[h.reader_id].name,
                phase=h.phase,
                revision=h.revision,
                labels=tuple(json.loads(h.label_keys)),
                confidence=h.confidence,
                comment=h.comment,
                submitted_at=h.submitted_at,
                active_seconds=h.active_seconds,
            )
            for h in session.scalars(select(ReadRevision).order_by(ReadRevision.id))
        ]
