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
from ecgreader.store.read_lookups import gold_keys_by_case, snapshot_reads
from ecgreader.store.schema import Case, Reader, StudySettings
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
    unassessable: frozenset[int] = frozenset()  # case ids read as "cannot be assessed" (not in reads)


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
        gold = gold_keys_by_case(session)
        cases = tuple(
            GoldCase(case_id, position, frozenset(gold.get(case_id, ())))
            for case_id, position in session.execute(
                select(Case.id, Case.position).where(Case.gold_source.is_not(None)).order_by(Case.position)
            )
        )
        reads, ratings, unassessable = _reads_of_phase(session, phase)
        readers = tuple(
            ReaderReads(
                reader.name,
                reader.group.name,
                reads.get(reader.id, {}),
                ratings.get(reader.id, {}),
                frozenset(unassessable.get(reader.id, ())),
            )
            for reader in session.scalars(select(Reader).order_by(Reader.name).options(selectinload(Reader.group)))
        )
        run = latest_model_run(session) if model_run_id is None else model_run(session, model_run_id)
        network = None if run is None else RunOutput(run, run_probabilities(session, run))
        settings = session.scalars(select(StudySettings)).one()
        scale = settings.rating_scale or "binary"
        return ComparisonData(read_vocabulary(session).keys, cases, readers, network, scale, settings.positive_at)


def _reads_of_phase(
    session: Session, phase: str
) -> tuple[dict[int, dict[int, frozenset[str]]], dict[int, dict[int, dict[str, float]]], dict[int, set[int]]]:
    """Reader id → case id → label keys ticked, and → label key → rating, for the reads of ``phase``;
    and reader id → case ids read as "cannot be assessed", which are not reads with nothing found
    and so appear in neither of the others.

    From the snapshot's shared column rows (``read_lookups.snapshot_reads``): a study of
    20 readers × 1,000 cases × 10 ratings is read once per report, not once per phase."""
    stored = snapshot_reads(session)
    reads: dict[int, dict[int, frozenset[str]]] = {}
    ratings: dict[int, dict[int, dict[str, float]]] = {}
    unassessable: dict[int, set[int]] = {}
    for read in stored.reads:
        if read.phase != phase:
            continue
        if read.unassessable_reason is None:
            reads.setdefault(read.reader_id, {})[read.case_id] = frozenset(stored.labels.get(read.id, ()))
        else:  # such a read has no labels or ratings (store.reads)
            unassessable.setdefault(read.reader_id, set()).add(read.case_id)
        rated = stored.ratings.get(read.id)
        if rated:
            ratings.setdefault(read.reader_id, {})[read.case_id] = dict(rated)  # the caller's own copy
    return reads, ratings, unassessable
