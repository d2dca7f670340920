"""Study settings, cases and reads: the repository functions the reading room calls.

Each function takes the open StudyDatabase, runs one unit of work, and returns plain
dataclasses, so no ORM object or session leaves the store (and none crosses threads).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ecgreader.ecg.record import ImageRecord, Record
from ecgreader.store.cases import record_from_case
from ecgreader.store.database import StudyDatabase
from ecgreader.store.read_history import ReadContent, record_read
from ecgreader.store.schema import (
    READ_PHASES,
    Case,
    LabelDefinition,
    ModelRun,
    Prediction,
    Read,
    Reader,
    ReaderGroup,
    SecondOpinionView,
    StudySettings,
    check_second_opinion_mode,
)


class RevisitNotAllowed(ValueError):
    """The study does not let readers change a read they have submitted."""


class ReadSealed(RevisitNotAllowed):
    """The reader has seen the network's output for the case: the unaided read is final."""


@dataclass(frozen=True)
class Settings:
    name: str
    seed: int
    allow_revisit: bool
    show_demographics: bool
    second_opinion_mode: str
    has_coordinator_password: bool
    groups: tuple[str, ...]


@dataclass(frozen=True)
class SubmittedRead:
    case_id: int
    labels: frozenset[str]
    confidence: int | None
    comment: str | None
    shown_at: datetime
    submitted_at: datetime
    active_seconds: float | None
    revision: int
    phase: str = "unaided"


def study_settings(database: StudyDatabase) -> Settings:
    with database.reading() as session:
        row = session.scalars(select(StudySettings)).one()
        groups = tuple(session.scalars(select(ReaderGroup.name).order_by(ReaderGroup.id)))
        return Settings(
            name=row.name,
            seed=row.seed,
            allow_revisit=row.allow_revisit,
            show_demographics=row.show_demographics,
            second_opinion_mode=row.second_opinion_mode,
            has_coordinator_password=row.coordinator_password_hash is not None,
            groups=groups,
        )


def case_ids(database: StudyDatabase) -> list[int]:
    """All case ids in study-position order."""
    with database.reading() as session:
        return list(session.scalars(select(Case.id).order_by(Case.position)))


def load_blinded_case(
    database: StudyDatabase, case_id: int, blinded_id: str, with_demographics: bool
) -> Record | ImageRecord:
    """A case's ECG for a reader: its source id replaced by ``blinded_id``, and age and sex
    dropped unless the study shows them. The source id never leaves the store on this path."""
    with database.reading() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise LookupError(f"case {case_id} is not in the study")
        return record_from_case(case, record_id=blinded_id, with_demographics=with_demographics)


def reads_of(database: StudyDatabase, reader_id: int, phase: str = "unaided") -> dict[int, SubmittedRead]:
    """The reader's current reads in ``phase``, by case id."""
    with database.reading() as session:
        rows = session.scalars(select(Read).where(Read.reader_id == reader_id, Read.phase == phase)).all()
        return {row.case_id: _as_submitted(row) for row in rows}


def submit_read(database: StudyDatabase, reader_id: int, read: SubmittedRead) -> SubmittedRead:
    """Store one read in a single committed transaction, with its history entry.

    A second submission of the same case and phase becomes a new revision (when the study
    allows revisits); the earlier revision stays in the append-only history. An unaided read
    is final once the reader has been shown the network's output for that case.
    """
    if read.phase not in READ_PHASES:
        raise ValueError(f"phase {read.phase!r} is not one of {', '.join(READ_PHASES)}")
    if read.confidence is not None and not 1 <= read.confidence <= 5:
        raise ValueError(f"confidence {read.confidence} is not 1-5")
    with database.writing() as session:
        if read.phase == "unaided":
            _check_unaided_read_may_change(session, reader_id, read.case_id)
        content = ReadContent(
            reader_id, read.case_id, read.phase, 0, tuple(sorted(read.labels)), read.confidence,
            read.comment, read.shown_at, read.submitted_at, read.active_seconds,
        )  # fmt: skip
        row = record_read(session, content)
        return _as_submitted(row, labels=frozenset(read.labels))


def _check_unaided_read_may_change(session: Session, reader_id: int, case_id: int) -> None:
    existing = session.scalar(
        select(func.count(Read.id)).where(Read.reader_id == reader_id, Read.case_id == case_id, Read.phase == "unaided")
    )
    if seen_second_opinion(session, reader_id, case_id):
        raise ReadSealed(
            "your unaided read of this case is final: you have seen the network's opinion on it "
            "(a change can only be an aided read)"
        )
    if existing and not session.scalars(select(StudySettings.allow_revisit)).one():
        raise RevisitNotAllowed("this study does not allow changing a submitted read")


def seen_second_opinion(session: Session, reader_id: int, case_id: int) -> bool:
    """Has the reader been shown the network's output for the case (sealing its unaided read)?"""
    return session.get(SecondOpinionView, (reader_id, case_id)) is not None


def sealed_cases(database: StudyDatabase, reader_id: int) -> frozenset[int]:
    """Case ids whose unaided read by ``reader_id`` is sealed by a second opinion seen."""
    with database.reading() as session:
        query = select(SecondOpinionView.case_id).where(SecondOpinionView.reader_id == reader_id)
        return frozenset(session.scalars(query))


def _as_submitted(row: Read, labels: frozenset[str] | None = None) -> SubmittedRead:
    return SubmittedRead(
        case_id=row.case_id,
        labels=labels if labels is not None else frozenset(link.label.key for link in row.labels),
        confidence=row.confidence,
        comment=row.comment,
        shown_at=row.shown_at,
        submitted_at=row.submitted_at,
        active_seconds=row.active_seconds,
        revision=row.revision,
        phase=row.phase,
    )


@dataclass(frozen=True)
class ReaderOverview:
    name: str
    group: str
    cases_read: int
    total_cases: int
    median_active_seconds: float | None  # None until the reader has read a case


def reader_overview(database: StudyDatabase) -> list[ReaderOverview]:
    """Per-reader progress for the coordinator: done/total and median reading time per case."""
    with database.reading() as session:
        total = session.scalar(select(func.count(Case.id)))
        overview = []
        for reader in session.scalars(select(Reader).order_by(Reader.name)):
            unaided = [r for r in reader.reads if r.phase == "unaided"]
            times = sorted(r.active_seconds for r in unaided if r.active_seconds is not None)
            median = None
            if times:
                middle = len(times) // 2
                median = times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2
            overview.append(ReaderOverview(reader.name, reader.group.name, len(unaided), total, median))
        return overview


class SettingsLocked(ValueError):
    """Study settings cannot change once reads exist: readers would have read under others."""


def update_settings(
    database: StudyDatabase,
    *,
    allow_revisit: bool,
    show_demographics: bool,
    second_opinion_mode: str,
) -> Settings:
    """Change the reading settings; allowed only while the study has no reads."""
    check_second_opinion_mode(second_opinion_mode)
    with database.writing() as session:
        if session.scalar(select(func.count(Read.id))):
            raise SettingsLocked("study settings are fixed once readers have submitted reads")
        row = session.scalars(select(StudySettings)).one()
        row.allow_revisit = allow_revisit
        row.show_demographics = show_demographics
        row.second_opinion_mode = second_opinion_mode
    return study_settings(database)


@dataclass(frozen=True)
class NetworkOpinion:
    """The latest model run's output for one case, shown in second-opinion mode."""

    run_id: int
    model_name: str
    model_sha256: str
    probabilities: dict[str, float]
    thresholds: dict[str, float]

    def decision(self, key: str) -> bool:
        return self.probabilities[key] >= self.thresholds[key]


def has_model_run(database: StudyDatabase) -> bool:
    with database.reading() as session:
        return session.scalar(select(func.count(ModelRun.id))) > 0


def network_opinion(database: StudyDatabase, case_id: int) -> NetworkOpinion | None:
    """What the latest model run said about ``case_id``, or None if it has not been run on it."""
    with database.reading() as session:
        run = session.scalars(select(ModelRun).order_by(ModelRun.id.desc())).first()
        if run is None:
            return None
        rows = session.execute(
            select(LabelDefinition.key, Prediction.probability)
            .join(Prediction, Prediction.label_id == LabelDefinition.id)
            .where(Prediction.run_id == run.id, Prediction.case_id == case_id)
        ).all()
        if not rows:
            return None
        thresholds = json.loads(run.thresholds)
        probabilities = {key: probability for key, probability in rows if key in thresholds}
        return NetworkOpinion(run.id, run.model_name, run.model_sha256, probabilities, thresholds)


def show_network_opinion(database: StudyDatabase, reader_id: int, case_id: int) -> NetworkOpinion | None:
    """The network's output for a case, recorded as seen by the reader before it is returned.

    From then on the reader's unaided read of the case is sealed; the record is committed
    first, so no crash can show the opinion without sealing the read.
    """
    opinion = network_opinion(database, case_id)
    if opinion is None:
        return None
    with database.writing() as session:
        if not seen_second_opinion(session, reader_id, case_id):
            session.add(
                SecondOpinionView(
                    reader_id=reader_id, case_id=case_id, model_run_id=opinion.run_id, shown_at=datetime.now(UTC)
                )
            )
    return opinion
