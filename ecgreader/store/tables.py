"""Published reader studies without signals: gold standard, reads and model output from CSV.

GOLD.csv: ``case_id`` then one 0/1 column per label (its header defines the vocabulary).
READS.csv: ``case_id, reader, group`` then the same label columns.
PROBS.csv: ``case_id`` then one probability column per label.
Every problem is collected and reported together, naming the file and rows; nothing is written.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from ecgreader.labels.gold import LabelTableError, read_gold_table
from ecgreader.labels.vocabulary import Label, Vocabulary
from ecgreader.store.cases import ExternalCase
from ecgreader.store.database import StudyDatabase
from ecgreader.store.schema import (
    Case,
    LabelDefinition,
    ModelRun,
    Prediction,
    Read,
    Reader,
    ReaderGroup,
    ReadLabel,
    ReadRevision,
)
from ecgreader.store.study import CaseInput, StudyOptions, create_study


class TableError(ValueError):
    """Bad rows in the tables; the message lists every one."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing written:\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True)
class TableRead:
    case_id: str
    reader: str
    group: str
    labels: frozenset[str]


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    if not path.exists():
        raise FileNotFoundError(f"{path}: file missing")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return [c.strip() for c in (reader.fieldnames or [])], list(reader)


def read_gold_csv(path: Path) -> tuple[Vocabulary, dict[str, frozenset[str]]]:
    """GOLD.csv, whose header (after ``case_id``) defines the study's vocabulary."""
    columns, _ = _rows(path)
    if not columns or columns[0] != "case_id" or len(columns) < 2:
        raise TableError([f"{path}: header must be case_id followed by label columns"])
    vocabulary = Vocabulary(tuple(Label(key, key) for key in columns[1:]))
    try:
        return vocabulary, read_gold_table(path, vocabulary, id_column="case_id")
    except LabelTableError as error:
        raise TableError([f"{path}: {problem}" for problem in error.problems]) from error


def read_reads_csv(
    path: Path, vocabulary: Vocabulary, case_ids: set[str], groups: tuple[str, ...] | None
) -> list[TableRead]:
    """Reads checked against the study: known labels and cases, 0/1 values, one row per case and reader."""
    columns, rows = _rows(path)
    problems: list[str] = []
    if columns[:3] != ["case_id", "reader", "group"]:
        raise TableError([f"{path}: header must start with case_id,reader,group"])
    unknown = [c for c in columns[3:] if c not in vocabulary.keys]
    missing = [k for k in vocabulary.keys if k not in columns[3:]]
    if unknown:
        problems.append(f"{path}: unknown label columns: {', '.join(unknown)}")
    if missing:
        problems.append(f"{path}: missing label columns: {', '.join(missing)}")
    if problems:
        raise TableError(problems)
    reads: list[TableRead] = []
    seen: dict[tuple[str, str], int] = {}
    group_of: dict[str, str] = {}
    for line, row in enumerate(rows, start=2):
        case_id, reader, group = ((row.get(c) or "").strip() for c in ("case_id", "reader", "group"))
        bad = [k for k in vocabulary.keys if (row.get(k) or "").strip() not in {"0", "1"}]
        if case_id not in case_ids:
            problems.append(f"{path}:{line}: case {case_id!r} is not in the gold standard")
        elif not reader or not group:
            problems.append(f"{path}:{line}: empty reader or group")
        elif groups is not None and group not in groups:
            problems.append(f"{path}:{line}: group {group!r} is not one of {', '.join(groups)}")
        elif (case_id, reader) in seen:
            problems.append(
                f"{path}:{line}: duplicate read of case {case_id} by {reader} (first on line {seen[(case_id, reader)]})"
            )
        elif group_of.setdefault(reader, group) != group:
            problems.append(f"{path}:{line}: reader {reader} is in group {group_of[reader]!r} on an earlier line")
        elif bad:
            problems.append(f"{path}:{line}: values other than 0/1 in {', '.join(bad)}")
        else:
            seen[(case_id, reader)] = line
            reads.append(
                TableRead(case_id, reader, group, frozenset(k for k in vocabulary.keys if row[k].strip() == "1"))
            )
    if problems:
        raise TableError(problems)
    return reads


def read_probabilities_csv(path: Path, vocabulary: Vocabulary, case_ids: set[str]) -> dict[str, dict[str, float]]:
    columns, rows = _rows(path)
    problems: list[str] = []
    if not columns or columns[0] != "case_id" or sorted(columns[1:]) != sorted(vocabulary.keys):
        raise TableError([f"{path}: header must be case_id followed by the labels {', '.join(vocabulary.keys)}"])
    probabilities: dict[str, dict[str, float]] = {}
    for line, row in enumerate(rows, start=2):
        case_id = (row.get("case_id") or "").strip()
        try:
            values = {k: float(row[k]) for k in vocabulary.keys}
        except (TypeError, ValueError):
            problems.append(f"{path}:{line}: a probability is not a number")
            continue
        if case_id not in case_ids:
            problems.append(f"{path}:{line}: case {case_id!r} is not in the gold standard")
        elif case_id in probabilities:
            problems.append(f"{path}:{line}: duplicate case {case_id}")
        elif any(not 0 <= v <= 1 for v in values.values()):
            problems.append(f"{path}:{line}: probabilities must lie in [0, 1]")
        else:
            probabilities[case_id] = values
    absent = sorted(case_ids - set(probabilities))
    if absent and not problems:
        problems.append(
            f"{path}: no probabilities for cases {', '.join(absent[:10])}{' …' if len(absent) > 10 else ''}"
        )
    if problems:
        raise TableError(problems)
    return probabilities


def add_reads(database: StudyDatabase, reads: list[TableRead]) -> int:
    """Store imported reads (phase unaided, no timing) in one transaction; returns how many."""
    now = datetime.now(UTC)
    with database.writing() as session:
        labels = {row.key: row.id for row in session.scalars(select(LabelDefinition))}
        cases = {row.source_id: row.id for row in session.scalars(select(Case))}
        groups = {row.name: row for row in session.scalars(select(ReaderGroup))}
        readers = {row.name: row for row in session.scalars(select(Reader))}
        existing = {(r.case_id, r.reader_id) for r in session.scalars(select(Read).where(Read.phase == "unaided"))}
        problems = []
        for read in reads:
            if read.group not in groups:
                groups[read.group] = ReaderGroup(name=read.group)
                session.add(groups[read.group])
            reader = readers.get(read.reader)
            if reader is None:
                reader = readers[read.reader] = Reader(name=read.reader, group=groups[read.group], created_at=now)
                session.add(reader)
                session.flush()
            elif reader.group.name != read.group:
                problems.append(f"reader {read.reader} is already in group {reader.group.name!r}")
                continue
            if (cases[read.case_id], reader.id) in existing:
                problems.append(f"case {read.case_id} already has a read by {read.reader}")
                continue
            row = Read(reader_id=reader.id, case_id=cases[read.case_id], phase="unaided", revision=1,
                       shown_at=now, submitted_at=now, active_seconds=None)  # fmt: skip
            row.labels = [ReadLabel(label_id=labels[key]) for key in sorted(read.labels)]
            session.add(row)
            session.add(ReadRevision(reader_id=reader.id, case_id=cases[read.case_id], phase="unaided", revision=1,
                                     label_keys=json.dumps(sorted(read.labels)), confidence=None, comment=None,
                                     shown_at=now, submitted_at=now, active_seconds=None))  # fmt: skip
        if problems:
            raise TableError(problems)  # rolls the whole import back
    return len(reads)


def add_model_run(
    database: StudyDatabase, name: str, probabilities: dict[str, dict[str, float]], thresholds: dict[str, float]
) -> None:
    with database.writing() as session:
        labels = {row.key: row.id for row in session.scalars(select(LabelDefinition))}
        cases = {row.source_id: row.id for row in session.scalars(select(Case))}
        run = ModelRun(model_name=name, model_sha256="external (probabilities imported from a table)",
                       thresholds=json.dumps(thresholds), model_metadata=json.dumps({"name": name, "source": "table"}),
                       created_at=datetime.now(UTC))  # fmt: skip
        for case_id, values in probabilities.items():
            for key, value in values.items():
                run.predictions.append(Prediction(case_id=cases[case_id], label_id=labels[key], probability=value))
        session.add(run)


def create_from_tables(
    out: Path,
    gold_csv: Path,
    reads_csv: Path,
    groups: tuple[str, ...] | None = None,
    probabilities_csv: Path | None = None,
    model_name: str | None = None,
    thresholds: dict[str, float] | None = None,
    seed: int = 0,
) -> Path:
    """A study file holding an external reader study; every table is checked before writing."""
    vocabulary, gold = read_gold_csv(gold_csv)
    reads = read_reads_csv(reads_csv, vocabulary, set(gold), groups)
    probabilities = None
    if probabilities_csv is not None:
        probabilities = read_probabilities_csv(probabilities_csv, vocabulary, set(gold))
        if not model_name:
            raise ValueError("--model-probs needs --model-name")
        missing = [k for k in vocabulary.keys if k not in (thresholds or {})]
        if missing:
            raise ValueError(f"thresholds missing for {', '.join(missing)}")
    study_groups = groups or tuple(dict.fromkeys(r.group for r in reads))
    options = StudyOptions(name=out.stem, vocabulary=vocabulary, groups=study_groups, seed=seed)
    cases = [CaseInput(ExternalCase(case_id), labels, str(gold_csv)) for case_id, labels in gold.items()]

    def populate(database: StudyDatabase) -> None:
        add_reads(database, reads)
        if probabilities is not None:
            add_model_run(database, model_name, probabilities, thresholds)

    return create_study(out, options, cases, populate=populate)
