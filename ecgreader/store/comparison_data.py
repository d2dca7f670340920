"""What comparing readers with the network needs from a study: the cases with a gold standard,
every reader's reads of one phase, and a model run's probabilities, as plain data.

The analysis turns this into arrays (``analysis.from_study``); no SQL is needed there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ecgreader.store.database import SessionOrDatabase, session_for_reading
from ecgreader.store.model_runs import ModelRunInfo, latest_model_run, model_run, run_probabilities
from ecgreader.store.schema import (
    Case,
    GoldLabel,
    LabelDefinition,
    Read,
    Reader,
    ReadLabel,
    ReadRating,
    StudySettings,
)
from ecgreader.store.study import read_vocabulary


@dataclass(frozen=True)
class GoldCase:
    case_id: int
    position: int
    gold: frozenset[str]  # label keys present in the gold standard


@dataclass(frozen=True)
class ReaderReads:
    name: str
    group: str
    reads: dict[int, frozenset[str]]  # case id → label keys ticked
    ratings: dict[int, dict[str, float]] = field(default_factory=dict)  # case id → key → rating (rating scales)


@dataclass(frozen=True)
class RunOutput:
    run: ModelRunInfo
    probabilities: dict[int, dict[str, float]]  # case id → label key → probability


@dataclass(frozen=True)
class ComparisonData:
    labels: tuple[str, ...]  # the study's label keys, in vocabulary order
    cases: tuple[GoldCase, ...]  # cases with a gold standard, in study order
    readers: tuple[ReaderReads, ...]  # every reader, by name; reads of any case of the study
    network: RunOutput | None  # None: no model run
    rating_scale: str = "binary"  # the study's answer format: "binary", "1-5" or "0-100"
    positive_at: float | None = None  # rating at or above which a finding counts as present


def comparison_data(
    source: SessionOrDatabase, phase: str = "unaided", model_run_id: int | None = None
) -> ComparisonData:
    """Gold, reads of ``phase`` and the latest model run's output (or run ``model_run_id``'s)."""
    with session_for_reading(source) as session:
        cases = tuple(
            GoldCase(case.id, case.position, frozenset(link.label.key for link in case.gold_labels))
            for case in session.scalars(
                select(Case)
                .where(Case.gold_source.is_not(None))
                .order_by(Case.position)
                .options(selectinload(Case.gold_labels).joinedload(GoldLabel.label))
            )
        )
        reads, ratings = _reads_of_phase(session, phase)
        readers = tuple(
            ReaderReads(reader.name, reader.group.name, reads.get(reader.id, {}), ratings.get(reader.id, {}))
            for reader in session.scalars(select(Reader).order_by(Reader.name).options(selectinload(Reader.group)))
        )
        run = latest_model_run(session) if model_run_id is None else model_run(session, model_run_id)
        network = None if run is None else RunOutput(run, run_probabilities(session, run))
        settings = session.scalars(select(StudySettings)).one()
        scale = settings.rating_scale or "binary"
        return ComparisonData(read_vocabulary(session).keys, cases, readers, network, scale, settings.positive_at)


def _reads_of_phase(
    session: Session, phase: str
) -> tuple[dict[int, dict[int, frozenset[str]]], dict[int, dict[int, dict[str, float]]]]:
    """Reader id → case id → label keys ticked, and → label key → rating, for the reads of ``phase``.

    Plain column rows rather than ORM objects: a study of 20 readers × 1,000 cases × 10 ratings
    loads in a fraction of a second instead of seconds (bench/report.py)."""
    ticked: dict[tuple[int, int], set[str]] = {}
    for reader_id, case_id in session.execute(select(Read.reader_id, Read.case_id).where(Read.phase == phase)):
        ticked[(reader_id, case_id)] = set()
    label_rows = (
        select(Read.reader_id, Read.case_id, LabelDefinition.key)
        .join(ReadLabel, ReadLabel.read_id == Read.id)
        .join(LabelDefinition, LabelDefinition.id == ReadLabel.label_id)
        .where(Read.phase == phase)
    )
    for reader_id, case_id, key in session.execute(label_rows):
        ticked[(reader_id, case_id)].add(key)
    reads: dict[int, dict[int, frozenset[str]]] = {}
    for (reader_id, case_id), keys in ticked.items():
        reads.setdefault(reader_id, {})[case_id] = frozenset(keys)
    rating_rows = (
        select(Read.reader_id, Read.case_id, LabelDefinition.key, ReadRating.rating)
        .join(ReadRating, ReadRating.read_id == Read.id)
        .join(LabelDefinition, LabelDefinition.id == ReadRating.label_id)
        .where(Read.phase == phase)
    )
    ratings: dict[int, dict[int, dict[str, float]]] = {}
    for reader_id, case_id, key, rating in session.execute(rating_rows):
        ratings.setdefault(reader_id, {}).setdefault(case_id, {})[key] = rating
    return reads, ratings
