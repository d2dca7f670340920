"""Gathering records and their gold standard before a study is written.

Every bad file is collected, not just the first, so that the person creating a study sees the
whole list at once and can fix or skip them together. Messages speak about the data (files,
records, labels), never about how the caller asked for them (command-line flags, dialog fields).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ecgreader.ecg.amplitude import with_amplitude_assessed
from ecgreader.ecg.formats import (
    PTBXL_SUBSET_FILE,
    find_record_paths,
    read_ptbxl_subset,
    read_record,
)
from ecgreader.ecg.record import ImageRecord, Record, RecordError
from ecgreader.labels.gold import (
    LabelSet,
    read_dx_gold,
    read_gold_table,
    read_ludb_gold,
    read_ptbxl_gold,
)
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY, Vocabulary
from ecgreader.store.study import CaseInput

GOLD_SOURCES = ("ludb", "ptbxl", "dx", "csv")
MAPPED_GOLD_SOURCES = ("ludb", "ptbxl", "dx")  # diagnoses mapped onto the default vocabulary's keys
_GOLD_FILE_NAMES = {"ludb": "ludb.csv", "ptbxl": "ptbxl_database.csv"}


class LabelsFileNeeded(ValueError):
    """A gold standard from a CSV table, without the table."""


class MissingGold(ValueError):
    """A record without gold-standard labels; the message names the record and why."""


@dataclass(frozen=True)
class GoldStandard:
    """Where a study's gold-standard labels come from.

    ``source`` is one of GOLD_SOURCES (None: no gold standard). ``labels_file`` is
    ``ludb.csv``, ``ptbxl_database.csv`` or a CSV of ``record_id`` + 0/1 label columns; it is
    needed for ``csv`` and found beside the records for LUDB and PTB-XL when not given.
    """

    source: str | None = None
    labels_file: str | Path | None = None

    def __post_init__(self) -> None:
        if self.source is not None and self.source not in GOLD_SOURCES:
            raise ValueError(f"gold standard source {self.source!r} is not one of {', '.join(GOLD_SOURCES)}")
        if self.source == "csv" and not self.labels_file:
            raise LabelsFileNeeded("a gold standard from a CSV table needs the labels file")


NO_GOLD = GoldStandard()


@dataclass(frozen=True)
class Intake:
    cases: list[CaseInput]
    problems: list[str]  # one line per unusable file, naming it and why
    warnings: list[str]


def gather_cases(
    paths: Iterable[str | Path],
    gold: GoldStandard = NO_GOLD,
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
    progress: Callable[[int], None] | None = None,
) -> Intake:
    """Read every record under ``paths`` with its labels from the ``gold`` standard.

    Mapped sources (ludb, ptbxl, dx) need the default vocabulary's keys. A record without
    labels is a problem of that record; a labels file that cannot be read stops the intake.
    ``progress`` is called with 1 per record file read.
    """
    if gold.source in MAPPED_GOLD_SOURCES and not set(vocabulary.keys) <= set(DEFAULT_VOCABULARY.keys):
        extra = sorted(set(vocabulary.keys) - set(DEFAULT_VOCABULARY.keys))
        raise ValueError(
            f"labels {', '.join(extra)} have no mapping from {gold.source}; give their gold standard as a CSV table"
        )
    gold_lookup = _GoldLookup(gold, vocabulary)
    cases: list[CaseInput] = []
    problems: list[str] = []
    warnings: list[str] = []
    first_source: dict[str, str] = {}
    for record in _read_all(paths, problems, progress):
        warnings.extend(record.warnings)
        if record.record_id in first_source:
            earlier = first_source[record.record_id]
            problems.append(f"{record.source}: record id {record.record_id} also in {earlier}")
            continue
        first_source[record.record_id] = record.source
        try:
            labels = gold_lookup.labels_for(record)
        except MissingGold as error:
            problems.append(str(error))
            continue
        cases.append(CaseInput(record, labels, gold.source if labels is not None else None))
    return Intake(cases, problems, warnings)


def _read_all(
    paths: Iterable[str | Path], problems: list[str], progress: Callable[[int], None] | None
) -> Iterable[Record | ImageRecord]:
    for path in find_record_paths(paths):
        try:
            if path.name == PTBXL_SUBSET_FILE:  # z-scored: read_record's amplitude check, applied here
                yield from map(with_amplitude_assessed, read_ptbxl_subset(path))
            else:
                yield read_record(path)
        except RecordError as error:
            problems.append(str(error))
        if progress:
            progress(1)


class _GoldLookup:
    def __init__(self, gold: GoldStandard, vocabulary: Vocabulary):
        self.source = gold.source
        self.gold_file = Path(gold.labels_file) if gold.labels_file else None
        self.vocabulary = vocabulary

    def labels_for(self, record: Record | ImageRecord) -> LabelSet | None:
        if self.source is None:
            return None
        if self.source == "dx":
            if isinstance(record, ImageRecord) or not record.source.endswith(".hea"):
                raise MissingGold(f"{record.source}: no WFDB header to read '#Dx:' from")
            try:
                return read_dx_gold(record.source)
            except ValueError as error:
                raise MissingGold(str(error)) from error
        table_path = self.gold_file or self._find_beside(record)
        table = self._table(table_path)
        if record.record_id not in table:
            raise MissingGold(f"{record.source}: no gold-standard labels for {record.record_id} in {table_path}")
        return table[record.record_id]

    def _find_beside(self, record: Record | ImageRecord) -> Path:
        name = _GOLD_FILE_NAMES[self.source]
        for folder in list(Path(record.source).parents)[:3]:
            if (folder / name).exists():
                return folder / name
        raise MissingGold(f"{record.source}: no {name} found beside it; name the labels file")

    @cache  # noqa: B019 - one lookup object per intake; tables are read once each
    def _table(self, path: Path) -> dict[str, LabelSet]:
        if self.source == "ludb":
            return read_ludb_gold(path)
        if self.source == "ptbxl":
            return read_ptbxl_gold(path)
        return read_gold_table(path, self.vocabulary)
