"""Readers, sign-in and reads: the repository functions the reading room calls.

Each function takes the open StudyDatabase, runs one unit of work, and returns plain
dataclasses, so no ORM object or session leaves the store (and none crosses threads).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from ecgreader.ecg.record import ImageRecord, Record
from ecgreader.store.cases import record_from_case
from ecgreader.store.database import StudyDatabase
from ecgreader.store.schema import (
    READ_PHASES,
    Case,
    LabelDefinition,
    ModelRun,
    Prediction,
    Read,
    Reader,
    ReaderGroup,
    ReadLabel,
    ReadRevision,
    StudySettings,
    check_second_opinion_mode,
)
from ecgreader.store.secrets import hash_secret, verify_secret


class SignInError(ValueError):
    """Wrong PIN or password, unknown reader, or a name already taken."""


class RevisitNotAllowed(ValueError):
    """The study does not let readers change a read they have submitted."""


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
class ReaderInfo:
    id: int
    name: str
    group: str
    has_pin: bool


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


def list_readers(database: StudyDatabase) -> list[ReaderInfo]:
    with database.reading() as session:
        return [
            ReaderInfo(r.id, r.name, r.group.name, r.pin_hash is not None)
            for r in session.scalars(select(Reader).order_by(Reader.name))
        ]


def register_reader(database: StudyDatabase, name: str, group: str, pin: str | None = None) -> ReaderInfo:
    """Add a reader to a group; the optional PIN is stored as a salted hash."""
    name = name.strip()
    if not name:
        raise SignInError("a reader needs a name")
    with database.writing() as session:
        group_row = session.scalars(select(ReaderGroup).where(ReaderGroup.name == group)).first()
        if group_row is None:
            raise SignInError(f"no reader group called {group!r}")
        if session.scalar(select(func.count(Reader.id)).where(Reader.name == name)):
            raise SignInError(f"a reader called {name!r} already exists; sign in instead")
        reader = Reader(
            name=name,
            group=group_row,
            pin_hash=hash_secret(pin) if pin else None,
            created_at=datetime.now(UTC),
        )
        session.add(reader)
        session.flush()
        return ReaderInfo(reader.id, reader.name, group_row.name, reader.pin_hash is not None)


def sign_in_reader(database: StudyDatabase, reader_id: int, pin: str | None) -> ReaderInfo:
    with database.reading() as session:
        reader = session.get(Reader, reader_id)
        if reader is None:
            raise SignInError("unknown reader")
        if reader.pin_hash and not verify_secret(pin or "", reader.pin_hash):
            raise SignInError("wrong PIN")
        return ReaderInfo(reader.id, reader.name, reader.group.name, reader.pin_hash is not None)


def sign_in_coordinator(database: StudyDatabase, password: str) -> None:
    with database.reading() as session:
        stored = session.scalars(select(StudySettings.coordinator_password_hash)).one()
    if stored is None:
        raise SignInError("this study has no coordinator password; set one with study create")
    if not verify_secret(password, stored):
        raise SignInError("wrong coordinator password")


def case_ids(database: StudyDatabase) -> list[int]:
    """All case ids in study-position order."""
    with database.reading() as session:
        return list(session.scalars(select(Case.id).order_by(Case.position)))


def load_case(database: StudyDatabase, case_id: int) -> Record | ImageRecord:
    with database.reading() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise LookupError(f"case {case_id} is not in the study")
        return record_from_case(case)


def reads_of(database: StudyDatabase, reader_id: int, phase: str = "unaided") -> dict[int, SubmittedRead]:
    """The reader's current reads in ``phase``, by case id."""
    with database.reading() as session:
        rows = session.scalars(select(Read).where(Read.reader_id == reader_id, Read.phase == phase)).all()
        return {row.case_id: _as_submitted(row) for row in rows}


def submit_read(database: StudyDatabase, reader_id: int, read: SubmittedRead) -> SubmittedRead:
    """Store one read in a single committed transaction, with its history entry.

    A second submission of the same case and phase becomes a new revision (when the study
    allows revisits); the earlier revision stays in the append-only history.
    """
    if read.phase not in READ_PHASES:
        raise ValueError(f"phase {read.phase!r} is not one of {', '.join(READ_PHASES)}")
    if read.confidence is not None and not 1 <= read.confidence <= 5:
        raise ValueError(f"confidence {read.confidence} is not 1-5")
    with database.writing() as session:
        labels = {
            row.key: row for row in session.scalars(select(LabelDefinition).where(LabelDefinition.key.in_(read.labels)))
        }
        unknown = sorted(set(read.labels) - set(labels))
        if unknown:
            raise ValueError(f"labels not in the study's vocabulary: {', '.join(unknown)}")
        existing = session.scalars(
            select(Read).where(Read.reader_id == reader_id, Read.case_id == read.case_id, Read.phase == read.phase)
        ).first()
        if existing is not None:
            allowed = session.scalars(select(StudySettings.allow_revisit)).one()
            if not allowed and read.phase == "unaided":
                raise RevisitNotAllowed("this study does not allow changing a submitted read")
            row = existing
            row.revision += 1
            row.labels.clear()
        else:
            row = Read(reader_id=reader_id, case_id=read.case_id, phase=read.phase, revision=1)
            session.add(row)
        row.confidence = read.confidence
        row.comment = read.comment or None
        row.shown_at = read.shown_at
        row.submitted_at = read.submitted_at
        row.active_seconds = read.active_seconds
        session.flush()
        row.labels.extend(ReadLabel(label_id=labels[key].id) for key in sorted(read.labels))
        session.add(
            ReadRevision(
                reader_id=reader_id,
                case_id=read.case_id,
                phase=read.phase,
                revision=row.revision,
                label_keys=json.dumps(sorted(read.labels)),
                confidence=read.confidence,
                comment=read.comment or None,
                shown_at=read.shown_at,
                submitted_at=read.submitted_at,
                active_seconds=read.active_seconds,
            )
        )
        session.flush()
        return _as_submitted(row, labels=frozenset(read.labels))


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

    model_name: str
    model_sha256: str
    probabilities: dict[str, float]
    thresholds: dict[str, float]

    def decision(self, key: str) -> bool:
        return self.probabilities[key] >= self.thresholds[key]


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
        return NetworkOpinion(run.model_name, run.model_sha256, probabilities, thresholds)
