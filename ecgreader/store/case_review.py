"""The coordinator's review of a study: one case with its gold standard, every reader's reads and
the latest model run's output; and, per reader, which cases they have read, when, how confident
they were and what they wrote. Coordinator only: it holds what readers must never see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ecgreader.ecg.record import ImageRecord, Record
from ecgreader.store.cases import get_case, record_from_case
from ecgreader.store.database import SessionOrDatabase, session_for_reading
from ecgreader.store.model_runs import NetworkOpinion, latest_model_run, opinion_of_run
from ecgreader.store.read_lookups import label_keys_by_read
from ecgreader.store.schema import Case, Read, Reader, ReaderGroup, ReadLabel
from ecgreader.store.study import read_vocabulary


@dataclass(frozen=True)
class ReviewedRead:
    reader: str
    group: str
    phase: str
    labels: frozenset[str]
    confidence: int | None = None  # 1-5; None where the reader gave none
    comment: str | None = None
    submitted_at: datetime | None = None
    unassessable_reason: str | None = None  # the reader judged the ECG unreadable, and why


@dataclass(frozen=True)
class CaseReview:
    case_id: int
    position: int
    source_id: str
    gold_source: str | None
    labels: tuple[str, ...]  # the study's label keys, in vocabulary order
    gold: frozenset[str] | None  # None: the case has no gold standard
    reads: tuple[ReviewedRead, ...]  # every reader's reads of the case, by reader id
    network: NetworkOpinion | None  # the latest model run (its own thresholds); None: no run
    record: Record | ImageRecord | None  # None: an external case, with no ECG stored


@dataclass(frozen=True)
class ReaderCaseRead:
    """One of a reader's reads, as the per-reader review lists it."""

    case_id: int
    position: int  # the case's study number (not the reader's own order)
    read: ReviewedRead


@dataclass(frozen=True)
class ReaderReview:
    name: str
    group: str
    active: bool  # False: the coordinator has deactivated the reader
    reads: tuple[ReaderCaseRead, ...]  # by submission time


def case_review(source: SessionOrDatabase, case_id: int) -> CaseReview:
    """Everything the coordinator's case view shows of ``case_id``."""
    with session_for_reading(source) as session:
        case = get_case(session, case_id)
        query = (
            select(Read)
            .where(Read.case_id == case_id)
            .order_by(Read.reader_id, Read.id)
            .options(
                selectinload(Read.reader).selectinload(Reader.group),
                selectinload(Read.labels).joinedload(ReadLabel.label),
            )
        )
        reads = tuple(
            _reviewed(read, read.reader.name, read.reader.group.name, {link.label.key for link in read.labels})
            for read in session.scalars(query)
        )
        run = latest_model_run(session)
        return CaseReview(
            case_id=case.id,
            position=case.position,
            source_id=case.source_id,
            gold_source=case.gold_source,
            labels=read_vocabulary(session).keys,
            gold=frozenset(link.label.key for link in case.gold_labels) if case.gold_source else None,
            reads=reads,
            network=None if run is None else opinion_of_run(session, run, case_id),
            record=None if case.kind == "external" else record_from_case(case),
        )


def reader_reviews(source: SessionOrDatabase) -> tuple[ReaderReview, ...]:
    """Every reader, in registration order, with all their reads (both phases) by submission time."""
    with session_for_reading(source) as session:
        labels = label_keys_by_read(session)
        readers = session.execute(
            select(Reader.id, Reader.name, ReaderGroup.name, Reader.active)
            .join(ReaderGroup, Reader.group_id == ReaderGroup.id)
            .order_by(Reader.id)
        ).all()
        reads: dict[int, list[ReaderCaseRead]] = {reader_id: [] for reader_id, *_ in readers}
        names = {reader_id: (name, group) for reader_id, name, group, _ in readers}
        query = select(Read, Case.position).join(Case, Read.case_id == Case.id).order_by(Read.submitted_at, Read.id)
        for read, position in session.execute(query):
            name, group = names[read.reader_id]
            reviewed = _reviewed(read, name, group, labels.get(read.id, ()))
            reads[read.reader_id].append(ReaderCaseRead(read.case_id, position, reviewed))
        return tuple(
            ReaderReview(name, group, active, tuple(reads[reader_id])) for reader_id, name, group, active in readers
        )


def _reviewed(read: Read, reader: str, group: str, labels) -> ReviewedRead:
    return ReviewedRead(
        reader,
        group,
        read.phase,
        frozenset(labels),
        read.confidence,
        read.comment,
        read.submitted_at,
        read.unassessable_reason,
    )
