"""Writing what the tables of a published reader study hold: imported reads and a model's
imported probabilities. ``ecgreader.studies.tables`` parses and checks the CSV files first; the
rows it returns (:class:`TableRead`) are checked once more here against what the study already
holds, and every problem is raised together so that nothing is written.

Imported reads keep the reading room's order of phases (``store.reads.submit_read``): an aided
read exists only where the study shows readers the network's opinion, and only beside the same
reader's unaided read of that case, which it seals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecgreader.store.cases import case_ids_by_source
from ecgreader.store.database import SessionOrDatabase, StudyDatabase, session_for_reading
from ecgreader.store.model_runs import add_model_run
from ecgreader.store.read_history import ReadContent, record_read
from ecgreader.store.reader_names import same_reader_name
from ecgreader.store.reads import sealed_reads
from ecgreader.store.schema import Case, Read, Reader, ReaderGroup, StudySettings


class TableError(ValueError):
    """Bad rows in the tables: one problem reads as one line, several as a list."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        if len(problems) == 1:
            super().__init__(f"{problems[0]}; nothing written")
        else:
            super().__init__(f"{len(problems)} problem(s); nothing written:\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True)
class TableRead:
    """One read of an external study (READS.csv), as ``ecgreader.studies.tables`` checked it."""

    case_id: str
    reader: str
    group: str
    labels: frozenset[str]  # the findings present (rating >= the study's cut-off in rating studies)
    source: str = ""  # "READS.csv:LINE", to name the row in later problems
    phase: str = "unaided"  # "unaided" or "aided" (or a published study's modality A / B)
    ratings: tuple[tuple[str, float], ...] | None = None  # (key, rating) per finding; None: present/absent


def study_answer_format(source: SessionOrDatabase) -> tuple[str, float | None]:
    """The study's rating scale ("binary", "1-5", "0-100") and its cut-off (None for binary)."""
    with session_for_reading(source) as session:
        settings = session.scalars(select(StudySettings)).one()
        return settings.rating_scale or "binary", settings.positive_at


def add_reads(database: StudyDatabase, reads: list[TableRead]) -> int:
    """Store imported reads (their phase and ratings, no timing) in one transaction; returns how many."""
    now = datetime.now(UTC)
    with database.writing() as session:
        cases = case_ids_by_source(session)
        groups = {row.name: row for row in session.scalars(select(ReaderGroup))}
        readers = {row.name: row for row in session.scalars(select(Reader))}
        existing = {(r.case_id, r.reader_id, r.phase) for r in session.scalars(select(Read))}
        phases = _PhaseOrder.of(session, reads)
        problems = phases.mode_problems()
        regrouped: set[str] = set()
        for read in reads:
            if read.group not in groups:
                groups[read.group] = ReaderGroup(name=read.group)
                session.add(groups[read.group])
            reader = readers.get(read.reader)
            look_alike = None if reader is not None else _same_reader(readers, read.reader)
            if look_alike is not None:  # "ALICE" or Cyrillic "Аlice" for the reader "Alice"
                if read.reader not in regrouped:
                    problems.append(
                        f"{read.source}: reader {read.reader!r} would be taken for the reader {look_alike.name!r}; "
                        "spell the name the same way"
                    )
                regrouped.add(read.reader)
                continue
            if reader is None:
                reader = readers[read.reader] = Reader(name=read.reader, group=groups[read.group], created_at=now)
                session.add(reader)
                session.flush()
            elif reader.group.name != read.group:
                if read.reader not in regrouped:  # one problem per reader, on its first row
                    problems.append(f"{read.source}: reader {read.reader} is already in group {reader.group.name!r}")
                regrouped.add(read.reader)
                continue
            if (cases[read.case_id], reader.id, read.phase) in existing:
                which = "an aided" if read.phase == "aided" else "a"
                problems.append(f"{read.source}: case {read.case_id} already has {which} read by {read.reader}")
                continue
            phase_problem = phases.problem(read)
            if phase_problem:
                problems.append(f"{read.source}: {phase_problem}")
                continue
            content = ReadContent(reader.id, cases[read.case_id], read.phase, 0, tuple(sorted(read.labels)),
                                  None, None, now, now, None, read.ratings)  # fmt: skip
            record_read(session, content)
        if problems:
            raise TableError(problems)  # rolls the whole import back
    return len(reads)


@dataclass(frozen=True)
class _PhaseOrder:
    """The phases of the reads a table would add, beside those the study holds.

    A table is not a time line: an aided row may come before the unaided row of the same reader
    and case, but one of them must exist, in the study or in the table. Once the reader has seen
    the network's opinion on the case (recorded by the reading room, or an aided read stored), its
    unaided read is sealed. Reads are keyed by (case source id, reader name): new readers have no
    id yet.
    """

    mode: str  # the study's second-opinion mode (store.settings.SECOND_OPINION_MODES)
    read_unaided: frozenset[tuple[str, str]]  # in the study or in the table
    sealed: frozenset[tuple[str, str]]  # opinion shown or aided read stored (store.reads.sealed_reads)
    aided: tuple[TableRead, ...]  # the table's aided reads

    @classmethod
    def of(cls, session: Session, reads: list[TableRead]) -> _PhaseOrder:
        stored = session.execute(
            select(Case.source_id, Reader.name, Read.phase)
            .join(Case, Read.case_id == Case.id)
            .join(Reader, Read.reader_id == Reader.id)
        ).all()
        unaided = {(case, reader) for case, reader, phase in stored if phase == "unaided"}
        unaided |= {(read.case_id, read.reader) for read in reads if read.phase == "unaided"}
        readers = dict(session.execute(select(Reader.id, Reader.name)).all())
        sources = {case_id: source for source, case_id in case_ids_by_source(session).items()}
        sealed = {(sources[case_id], readers[reader_id]) for reader_id, case_id in sealed_reads(session)}
        return cls(
            mode=session.scalars(select(StudySettings.second_opinion_mode)).one(),
            read_unaided=frozenset(unaided),
            sealed=frozenset(sealed),
            aided=tuple(read for read in reads if read.phase == "aided"),
        )

    def mode_problems(self) -> list[str]:
        """One problem, on the first aided row, where the study shows readers no second opinion."""
        if self.mode != "off" or not self.aided:
            return []
        first, others = self.aided[0], len(self.aided) - 1
        more = f" (and {others} more aided read{'s' if others > 1 else ''})" if others else ""
        return [
            f"{first.source}: {first.reader}'s aided read of case {first.case_id}{more} cannot be added: "
            "this study's second-opinion mode is off, so its readers are never shown the network's opinion"
        ]

    def problem(self, read: TableRead) -> str | None:
        """What breaks the order of phases in this row, or None."""
        key = (read.case_id, read.reader)
        if read.phase == "aided" and self.mode != "off" and key not in self.read_unaided:
            return (
                f"{read.reader}'s aided read of case {read.case_id} has no unaided read of that case "
                "(in the study or in this file)"
            )
        if read.phase == "unaided" and key in self.sealed:
            return (
                f"{read.reader}'s unaided read of case {read.case_id} comes after they were shown the network's "
                "opinion of it (recorded in the study): an unaided read is sealed once the reader has seen it"
            )
        return None


def _same_reader(readers: dict[str, Reader], name: str) -> Reader | None:
    """The reader (already stored, or new in this import) whose name would be taken for ``name``."""
    return next((reader for known, reader in readers.items() if same_reader_name(known, name)), None)


IMPORTED_MODEL_SHA256 = "external (probabilities imported from a table)"  # no model file to hash


def add_imported_model_run(
    database: StudyDatabase, name: str, probabilities: dict[str, dict[str, float]], thresholds: dict[str, float]
) -> int:
    """Store probabilities read from a table (by source case id) as a model run; returns its id."""
    with database.writing() as session:
        cases = case_ids_by_source(session)
        by_case = {cases[case_id]: values for case_id, values in probabilities.items()}
        metadata = {"name": name, "source": "table"}
        return add_model_run(session, name, IMPORTED_MODEL_SHA256, metadata, thresholds, by_case)
