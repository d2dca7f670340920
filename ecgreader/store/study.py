"""Creating a study file from records, and summarising one. Functions take plain data in and
give plain dataclasses out; no session leaves this module."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import func, select

from ecgreader import __version__
from ecgreader.ecg.display_filters import DEFAULT_BASELINE_HZ, DEFAULT_MAINS_HZ, DEFAULT_MUSCLE_HZ
from ecgreader.ecg.record import ImageRecord, Record
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY, Label, Vocabulary
from ecgreader.store.cases import (
    ExternalCase,
    amplitude_uncalibrated_sources,
    case_content_hash,
    case_from_record,
    cases_digest,
)
from ecgreader.store.database import (
    SessionOrDatabase,
    StudyDatabase,
    StudyFileError,
    finish_atomically,
    new_study_file,
    remove_study_files,
    session_for_reading,
    study_path,
)
from ecgreader.store.schema import (
    Case,
    GoldLabel,
    LabelDefinition,
    ModelRun,
    Prediction,
    Read,
    Reader,
    ReaderGroup,
    StudySettings,
)
from ecgreader.store.secrets import hash_secret
from ecgreader.store.settings import (
    check_baseline_filter,
    check_mains_filter,
    check_muscle_filter,
    check_protocol,
    check_second_opinion_mode,
    check_unassessable_reasons,
    stored_unassessable_reasons,
)

DEFAULT_GROUPS = ("General doctor", "Specialist")
# What a new study shows readers unless the coordinator says otherwise: the display filters'
# defaults (ecg.display_filters; studies migrated from schema 3 keep every filter off), the
# measurement line hidden (it is an aid), "cannot be assessed" with these reasons, and this text.
DEFAULT_UNASSESSABLE_REASONS = ("poor quality", "lead reversal", "paced rhythm")
DEFAULT_PROTOCOL = (
    "Read each ECG as you would in your clinical work and record every finding you see on it; "
    "none is a valid answer. Work on your own: do not discuss cases with other readers or look "
    "them up. Take the time you need; the time you spend on each case is recorded."
)
RATING_SCALES = ("binary", "1-5", "0-100")  # present/absent, a 5-point scale, 0-100 per finding
DEFAULT_POSITIVE_AT = {"1-5": 4.0, "0-100": 50.0}  # rating at or above which a finding counts as present
SCALE_RANGE = {"binary": (0.0, 1.0), "1-5": (1.0, 5.0), "0-100": (0.0, 100.0)}


def answer_format(rating_scale: str, positive_at: float | None = None) -> tuple[str, float | None]:
    """The checked answer format: the scale and its cut-off (the default where None; None for
    present/absent). Raises ValueError naming what is wrong."""
    if rating_scale not in RATING_SCALES:
        raise ValueError(f"rating scale {rating_scale!r} is not one of {', '.join(RATING_SCALES)}")
    if rating_scale == "binary":
        if positive_at is not None:
            raise ValueError("a cut-off (positive at) applies to the 1-5 and 0-100 rating scales, not to 0/1 answers")
        return rating_scale, None
    cut = DEFAULT_POSITIVE_AT[rating_scale] if positive_at is None else float(positive_at)
    low, high = SCALE_RANGE[rating_scale]
    if not low < cut <= high:
        raise ValueError(f"cut-off {cut:g} is outside the {rating_scale} scale (above {low:g}, at most {high:g})")
    return rating_scale, cut


@dataclass(frozen=True)
class StudyOptions:
    name: str
    vocabulary: Vocabulary = DEFAULT_VOCABULARY
    groups: tuple[str, ...] = DEFAULT_GROUPS
    seed: int = 0
    allow_revisit: bool = False
    show_demographics: bool = False
    second_opinion_mode: str = "off"
    coordinator_password: str | None = None
    min_pin_length: int = 4
    require_pin: bool = False
    rating_scale: str = "binary"  # one of RATING_SCALES
    positive_at: float | None = None  # None: the scale's default cut-off (none for binary)
    baseline_filter_hz: float | None = DEFAULT_BASELINE_HZ  # None: off
    muscle_filter_hz: float | None = DEFAULT_MUSCLE_HZ  # None: off
    mains_filter_hz: int | None = DEFAULT_MAINS_HZ  # 50 or 60; None: off
    show_measurements: bool = False
    protocol: str = DEFAULT_PROTOCOL
    unassessable_reasons: tuple[str, ...] = DEFAULT_UNASSESSABLE_REASONS  # empty: the option is off

    def __post_init__(self) -> None:
        check_second_opinion_mode(self.second_opinion_mode)
        check_baseline_filter(self.baseline_filter_hz)
        check_muscle_filter(self.muscle_filter_hz)
        check_mains_filter(self.mains_filter_hz)
        check_unassessable_reasons(self.unassessable_reasons)
        if not self.name.strip():
            raise ValueError("a study needs a name")
        answer_format(self.rating_scale, self.positive_at)
        if not 1 <= self.min_pin_length <= 64:
            raise ValueError(f"the minimum PIN length must be 1-64, not {self.min_pin_length}")
        names = [g.strip() for g in self.groups]
        if not names or any(not g for g in names) or len(set(names)) != len(names):
            raise ValueError(f"reader groups must be distinct and non-empty: {self.groups!r}")


@dataclass(frozen=True)
class CaseInput:
    """A record to add to a study with its gold-standard labels (None: no gold standard)."""

    record: Record | ImageRecord | ExternalCase
    gold: frozenset[str] | None = None
    gold_source: str | None = None


def create_study(
    out: str | Path,
    options: StudyOptions,
    cases: Sequence[CaseInput],
    progress: Callable[[int], None] | None = None,
    populate: Callable[[StudyDatabase], None] | None = None,
) -> Path:
    """Write a new study file at ``out`` atomically: a complete file appears, or none.

    Cases get study positions 1..N in an order shuffled with the study seed, so that a case's
    number reveals nothing of its source. ``progress`` is called with 1 per case written;
    ``populate`` may add readers, reads or model runs before the file is finished.
    """
    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out}: already exists; choose another name or remove it")
    if not cases:
        raise ValueError(f"{out}: a study needs at least one case")
    unknown = sorted({key for c in cases for key in (c.gold or ()) if key not in options.vocabulary.keys})
    if unknown:
        raise ValueError(f"{out}: gold labels not in the vocabulary: {', '.join(unknown)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_partials(out)
    temporary = _partial_name(out, os.getpid())
    remove_study_files(temporary)
    try:
        database = new_study_file(temporary)
        with database.writing() as session:
            session.add(
                StudySettings(
                    name=options.name.strip(),
                    seed=options.seed,
                    allow_revisit=options.allow_revisit,
                    show_demographics=options.show_demographics,
                    second_opinion_mode=options.second_opinion_mode,
                    coordinator_password_hash=(
                        hash_secret(options.coordinator_password) if options.coordinator_password else None
                    ),
                    min_pin_length=options.min_pin_length,
                    require_pin=options.require_pin,
                    rating_scale=options.rating_scale,
                    positive_at=answer_format(options.rating_scale, options.positive_at)[1],
                    baseline_filter_hz=options.baseline_filter_hz,
                    muscle_filter_hz=options.muscle_filter_hz,
                    mains_filter_hz=options.mains_filter_hz,
                    show_measurements=options.show_measurements,
                    protocol=check_protocol(options.protocol),
                    unassessable_reasons=stored_unassessable_reasons(options.unassessable_reasons),
                    chain_length=0,
                    created_at=datetime.now(UTC),
                    created_by_version=__version__,
                )
            )
            labels = {
                label.key: LabelDefinition(key=label.key, finding=label.finding, position=i)
                for i, label in enumerate(options.vocabulary)
            }
            session.add_all(labels.values())
            session.add_all(ReaderGroup(name=name.strip()) for name in options.groups)
        positions = np.random.default_rng(options.seed).permutation(len(cases)) + 1
        for case_input, position in zip(cases, positions, strict=True):
            with database.writing() as session:
                case = case_from_record(case_input.record, int(position), case_input.gold_source)
                for key in sorted(case_input.gold or ()):
                    case.gold_labels.append(GoldLabel(label=session.merge(labels[key])))
                case.content_hash = case_content_hash(case, case_input.gold or frozenset())
                session.add(case)
            if progress:
                progress(1)
        _fix_case_manifest(database)
        if populate is not None:
            populate(database)
        finish_atomically(database, out)
    except StudyFileError as error:
        remove_study_files(temporary)
        raise StudyFileError(out, error.reason) from error  # name the file the user asked for
    except BaseException:
        remove_study_files(temporary)
        raise
    return out


def _fix_case_manifest(database: StudyDatabase) -> None:
    """Record how many cases the study holds and their digest, so ``study verify`` can tell."""
    with database.writing() as session:
        hashes = list(session.scalars(select(Case.content_hash).order_by(Case.position)))
        study = session.scalars(select(StudySettings)).one()
        study.case_count, study.cases_digest = len(hashes), cases_digest(hashes)


def _partial_name(out: Path, pid: int) -> Path:
    return out.with_name(f".{out.name}.{pid}.partial")


def remove_abandoned_partials(out: Path) -> list[Path]:
    """Remove temporary files that a killed ``create_study`` for ``out`` left behind.

    A partial file is abandoned when the process named in it is gone; one still being written
    by a live process is left alone. Returns the files removed.
    """
    removed = []
    leftovers = {Path(str(p).split(".partial")[0] + ".partial") for p in out.parent.glob(f".{out.name}.*.partial*")}
    for candidate in sorted(leftovers):
        pid_text = candidate.name[len(out.name) + 2 : -len(".partial")]
        if not pid_text.isdigit() or _process_alive(int(pid_text)):
            continue
        remove_study_files(candidate)
        removed.append(candidate)
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def read_vocabulary(source: SessionOrDatabase) -> Vocabulary:
    with session_for_reading(source) as session:
        rows = session.scalars(select(LabelDefinition).order_by(LabelDefinition.position)).all()
        return Vocabulary(tuple(Label(row.key, row.finding) for row in rows))


@dataclass(frozen=True)
class LabelPrevalence:
    key: str
    finding: str
    positives: int
    cases_with_gold: int

    @property
    def prevalence(self) -> float | None:
        return self.positives / self.cases_with_gold if self.cases_with_gold else None


@dataclass(frozen=True)
class ReaderProgress:
    name: str
    group: str
    cases_read: int
    total_cases: int


@dataclass(frozen=True)
class ModelRunSummary:
    model_name: str
    model_sha256: str
    created_at: str
    n_predictions: int


@dataclass(frozen=True)
class StudySummary:
    path: str
    name: str
    created_at: str
    seed: int
    allow_revisit: bool
    show_demographics: bool
    second_opinion_mode: str
    cases: int
    image_cases: int
    labels: list[LabelPrevalence]
    groups: dict[str, int]  # group name → number of readers
    readers: list[ReaderProgress]
    reads: int
    model_runs: list[ModelRunSummary] = field(default_factory=list)
    cases_with_gold: int = 0
    uncalibrated_cases: int = 0  # cases whose amplitudes are not true millivolts

    def to_dict(self) -> dict:
        summary = asdict(self)
        for label, row in zip(self.labels, summary["labels"], strict=True):
            row["prevalence"] = label.prevalence
        return summary


def summarise_study(source: SessionOrDatabase) -> StudySummary:
    """Cases, gold prevalence per label, groups, readers with their progress, model runs."""
    with session_for_reading(source) as session:
        settings = session.scalars(select(StudySettings)).one()
        n_cases = session.scalar(select(func.count(Case.id)))
        image_cases = session.scalar(select(func.count(Case.id)).where(Case.kind == "image"))
        with_gold = session.scalar(select(func.count(Case.id)).where(Case.gold_source.is_not(None)))
        uncalibrated = len(amplitude_uncalibrated_sources(session))
        positives = Counter(
            dict(session.execute(select(GoldLabel.label_id, func.count()).group_by(GoldLabel.label_id)).all())
        )
        labels = [
            LabelPrevalence(row.key, row.finding, positives[row.id], with_gold)
            for row in session.scalars(select(LabelDefinition).order_by(LabelDefinition.position))
        ]
        groups = {
            group.name: len(group.readers) for group in session.scalars(select(ReaderGroup).order_by(ReaderGroup.id))
        }
        read_counts = dict(
            session.execute(
                select(Read.reader_id, func.count(func.distinct(Read.case_id)))
                .where(Read.phase == "unaided")
                .group_by(Read.reader_id)
            ).all()
        )
        readers = [
            ReaderProgress(reader.name, reader.group.name, read_counts.get(reader.id, 0), n_cases)
            for reader in session.scalars(select(Reader).order_by(Reader.name))
        ]
        n_reads = session.scalar(select(func.count(Read.id)))
        # counted in SQL: a run's predictions (cases × labels) are not loaded as objects to be counted
        predictions = dict(session.execute(select(Prediction.run_id, func.count()).group_by(Prediction.run_id)).all())
        runs = [
            ModelRunSummary(run.model_name, run.model_sha256, run.created_at.isoformat(), predictions.get(run.id, 0))
            for run in session.scalars(select(ModelRun).order_by(ModelRun.id))
        ]
        return StudySummary(
            path=str(study_path(session)),
            name=settings.name,
            created_at=settings.created_at.isoformat(),
            seed=settings.seed,
            allow_revisit=settings.allow_revisit,
            show_demographics=settings.show_demographics,
            second_opinion_mode=settings.second_opinion_mode,
            cases=n_cases,
            image_cases=image_cases,
            labels=labels,
            groups=groups,
            readers=readers,
            reads=n_reads,
            model_runs=runs,
            cases_with_gold=with_gold,
            uncalibrated_cases=uncalibrated,
        )
