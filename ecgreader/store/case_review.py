"""One case as the coordinator reviews it: gold standard, every reader's reads and the latest
model run's output, read in one snapshot. Coordinator only: it holds what readers must never see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ecgreader.ecg.record import ImageRecord, Record
from ecgreader.store.cases import get_case, record_from_case
from ecgreader.store.database import SessionOrDatabase, session_for_reading
from ecgreader.store.model_runs import NetworkOpinion, latest_model_run, opinion_of_run
from ecgreader.store.schema import Read, Reader, ReadLabel
from ecgreader.store.study import read_vocabulary


@dataclass(frozen=True)
class ReviewedRead:
    reader: str
    group: str
    phase: str
    labels: frozenset[str]


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
            ReviewedRead(r.reader.name, r.reader.group.name, r.phase, frozenset(link.label.key for link in r.labels))
            for r in session.scalars(query)
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
