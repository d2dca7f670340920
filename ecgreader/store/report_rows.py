"""Every current read and every read revision of a study, with reader and case named, for the
report's reads.csv and read_history.csv."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecgreader.store.database import SessionOrDatabase, session_for_reading
from ecgreader.store.read_lookups import snapshot_reads, snapshot_revisions
from ecgreader.store.schema import Case, Reader


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
    unassessable_reason: str | None = None  # "cannot be assessed" and why (no labels then); None: answered


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
    unassessable_reason: str | None = None  # "cannot be assessed" and why; None: answered


def _case_names(session: Session) -> dict[int, CaseName]:
    rows = session.execute(select(Case.id, Case.position, Case.source_id))
    return {case_id: CaseName(position, source) for case_id, position, source in rows}


def read_rows(source: SessionOrDatabase) -> list[ReadRow]:
    """Every current read, ordered by case id and reader id (then by read id).

    From the snapshot's shared column rows (``read_lookups.snapshot_reads``), not ORM objects."""
    with session_for_reading(source) as session:
        cases = _case_names(session)
        stored = snapshot_reads(session)
        readers, labels, ratings = stored.readers, stored.labels, stored.ratings
        return [
            ReadRow(
                case=cases[r.case_id],
                reader=readers[r.reader_id][0],
                group=readers[r.reader_id][1],
                phase=r.phase,
                labels=labels.get(r.id, ()),
                confidence=r.confidence,
                comment=r.comment,
                revision=r.revision,
                shown_at=r.shown_at,
                submitted_at=r.submitted_at,
                active_seconds=r.active_seconds,
                ratings=dict(ratings.get(r.id, {})),  # the caller's own: the lookups are shared
                unassessable_reason=r.unassessable_reason,
            )
            for r in sorted(stored.reads, key=lambda r: (r.case_id, r.reader_id, r.id))
        ]


def revision_rows(source: SessionOrDatabase) -> list[RevisionRow]:
    """Every read revision, in the order they were written (by revision id).

    From the snapshot's shared column rows (``read_lookups.snapshot_revisions``), not ORM objects."""
    with session_for_reading(source) as session:
        cases = _case_names(session)
        readers = dict(session.execute(select(Reader.id, Reader.name)).all())
        return [
            RevisionRow(
                case=cases[h.case_id],
                reader=readers[h.reader_id],
                phase=h.phase,
                revision=h.revision,
                labels=content.labels,
                confidence=h.confidence,
                comment=h.comment,
                submitted_at=h.submitted_at,
                active_seconds=h.active_seconds,
                unassessable_reason=h.unassessable_reason,
            )
            for h, content in sorted(
                ((entry.row, entry.content) for entry in snapshot_revisions(session)), key=lambda pair: pair[0].id
            )
        ]
