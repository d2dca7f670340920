"""Published reader studies without signals, read from their tables and checked row by row.

GOLD.csv: ``case_id`` then one 0/1 column per label (its header defines the vocabulary).
READS.csv: ``case_id, reader, group``, optionally ``phase`` (``unaided``, the default when
empty or absent, or ``aided``: each aided row needs the same reader's unaided row of that case,
in the file or the study, which ``store.table_import`` checks), then the same label columns
holding 0/1 in a present/absent study, or the rating (an integer 1-5, or a number 0-100) in a
rating-scale study, where a finding counts as present when its rating is at least the study's
cut-off.
PROBS.csv: ``case_id`` then one probability column per label.
THRESHOLDS.json: ``{label: threshold}`` for every label.
Every problem is collected and raised together as a :class:`TableError` naming the file and
rows, before anything is written; the store writes what these functions return.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ecgreader.labels.csv_table import Table, TableRow, read_table, read_utf8_text
from ecgreader.labels.gold import LabelTableError, gold_from_table
from ecgreader.labels.vocabulary import Label, Vocabulary
from ecgreader.store.study import SCALE_RANGE, answer_format
from ecgreader.store.table_import import TableError, TableRead

__all__ = [
    "PHASES",
    "AnswerFormat",
    "TableError",
    "TableRead",
    "read_gold_csv",
    "read_probabilities_csv",
    "read_reads_csv",
    "read_thresholds_json",
    "second_opinion_mode_of",
    "uniform_thresholds",
]


def read_gold_csv(path: Path) -> tuple[Vocabulary, dict[str, frozenset[str]]]:
    """GOLD.csv, whose header (after ``case_id``) defines the study's vocabulary."""
    table = read_table(path)
    if table.columns[0] != "case_id" or len(table.columns) < 2:
        raise TableError([f"{path}:1: header must be case_id followed by label columns"])
    vocabulary = Vocabulary(tuple(Label(key, key) for key in table.columns[1:]))
    try:
        return vocabulary, gold_from_table(table, vocabulary, id_column="case_id")
    except LabelTableError as error:
        raise TableError([f"{path}: {problem}" for problem in error.problems]) from error


PHASES = ("unaided", "aided")


@dataclass(frozen=True)
class AnswerFormat:
    """How READS.csv answers each finding: ``scale`` "binary" (0/1), "1-5" (integers) or "0-100"
    (any number in range); with ratings a finding is present when its rating is >= ``positive_at``."""

    scale: str = "binary"
    positive_at: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "positive_at", answer_format(self.scale, self.positive_at)[1])

    def parse(self, text: str) -> float | None:
        """The rating written as ``text``, or None if it is not a valid answer on this scale."""
        if self.scale == "binary":
            return float(text) if text in {"0", "1"} else None
        try:
            value = float(text)
        except ValueError:
            return None
        low, high = SCALE_RANGE[self.scale]
        if not low <= value <= high or (self.scale == "1-5" and value != int(value)):
            return None
        return value

    def expected(self) -> str:
        return {"binary": "0/1", "1-5": "integer ratings 1-5", "0-100": "ratings 0-100"}[self.scale]


def read_reads_csv(
    path: Path,
    vocabulary: Vocabulary,
    case_ids: set[str],
    groups: tuple[str, ...] | None,
    new_groups_hint: str = "",
    answers: AnswerFormat = AnswerFormat(),  # noqa: B008 (frozen, immutable)
) -> list[TableRead]:
    """Reads checked against the study: known labels, cases and groups (any group when ``groups``
    is None), values valid on the study's scale, phases, one row per case, reader and phase.
    ``new_groups_hint`` ends the message about an unknown group (how to allow it)."""
    table = read_table(path)
    leading = ["case_id", "reader", "group"] + (["phase"] if table.columns[3:4] == ("phase",) else [])
    _check_label_columns(path, table.columns, leading, vocabulary)
    unknown_groups = _unknown_groups(table, groups)
    problems = [
        f"{path}:{lines[0]}: group {group!r}{_also_on(lines[1:])} is not one of {', '.join(groups)}{new_groups_hint}"
        for group, lines in unknown_groups.items()
    ]
    reads: list[TableRead] = []
    first_line: dict[tuple[str, str, str], int] = {}
    group_of: dict[str, str] = {}
    for row in table.rows:
        if row.cells["group"] in unknown_groups:
            continue
        problem = _read_row_problem(row, vocabulary, case_ids, first_line, group_of, answers)
        if problem:
            problems.append(f"{path}:{row.line}: {problem}")
            continue
        values = {k: answers.parse(row.cells[k]) for k in vocabulary.keys}
        if answers.scale == "binary":
            labels, ratings = frozenset(k for k, v in values.items() if v == 1), None
        else:
            labels = frozenset(k for k, v in values.items() if v >= answers.positive_at)
            ratings = tuple(sorted(values.items()))
        reads.append(TableRead(row.cells["case_id"], row.cells["reader"], row.cells["group"], labels,
                               f"{path}:{row.line}", _phase(row), ratings))  # fmt: skip
    if problems:
        raise TableError(problems)
    return reads


def second_opinion_mode_of(reads: list[TableRead]) -> str:
    """The second-opinion mode of a study made from these reads: "off" without aided reads, else
    "after_each_case". A study whose mode is off holds no aided reads (its readers never see the
    network), so a published two-condition study (unaided/aided, or modality A/B mapped onto
    them) needs a mode that shows the network; the tables do not say when the aided pass came,
    and "after each case" is the pairing the import enforces: each aided read beside the same
    reader's unaided read of that case."""
    return "after_each_case" if any(read.phase == "aided" for read in reads) else "off"


def _also_on(lines: list[int]) -> str:
    if not lines:
        return ""
    shown = ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")
    return f" (also on line{'s' if len(lines) > 1 else ''} {shown})"


def _phase(row: TableRow) -> str:
    return row.cells.get("phase") or "unaided"


def _read_row_problem(
    row: TableRow,
    vocabulary: Vocabulary,
    case_ids: set[str],
    first_line: dict[tuple[str, str, str], int],
    group_of: dict[str, str],
    answers: AnswerFormat,
) -> str | None:
    """What is wrong with one row of READS.csv, or None (then the row is noted as seen)."""
    case_id, reader, group = (row.cells[c] for c in ("case_id", "reader", "group"))
    phase = _phase(row)
    bad = [k for k in vocabulary.keys if answers.parse(row.cells[k]) is None]
    if case_id not in case_ids:
        return f"case {case_id!r} is not in the gold standard"
    if not reader or not group:
        return "empty reader or group"
    if phase not in PHASES:
        return f"phase {phase!r} is not one of {', '.join(PHASES)}"
    key = (case_id, reader, phase)
    if key in first_line:
        which = " aided" if phase == "aided" else ""
        return f"duplicate{which} read of case {case_id} by {reader} (first on line {first_line[key]})"
    if group_of.setdefault(reader, group) != group:
        return f"reader {reader} is in group {group_of[reader]!r} on an earlier line"
    if bad:
        return f"values other than {answers.expected()} in {', '.join(bad)}"
    first_line[key] = row.line
    return None


def _check_label_columns(path: Path, columns: tuple[str, ...], leading: list[str], vocabulary: Vocabulary) -> None:
    """The header is ``leading`` then exactly the vocabulary's labels, in any order."""
    if list(columns[: len(leading)]) != leading:
        raise TableError([f"{path}:1: header must start with {','.join(leading)}"])
    unknown = [c for c in columns[len(leading) :] if c not in vocabulary.keys]
    missing = [k for k in vocabulary.keys if k not in columns[len(leading) :]]
    mismatch = ([f"unknown label columns: {', '.join(unknown)}"] if unknown else []) + (
        [f"missing label columns: {', '.join(missing)}"] if missing else []
    )
    if mismatch:
        raise TableError([f"{path}:1: " + "; ".join(mismatch)])


def _unknown_groups(table: Table, groups: tuple[str, ...] | None) -> dict[str, list[int]]:
    """Each group of READS.csv that is not one of ``groups``, with the lines it is on."""
    unknown: dict[str, list[int]] = {}
    for row in table.rows:
        group = row.cells["group"]
        if groups is not None and group and group not in groups:
            unknown.setdefault(group, []).append(row.line)
    return unknown


def read_probabilities_csv(path: Path, vocabulary: Vocabulary, case_ids: set[str]) -> dict[str, dict[str, float]]:
    """PROBS.csv: one probability in [0, 1] per label for every case of the gold standard."""
    table = read_table(path)
    _check_label_columns(path, table.columns, ["case_id"], vocabulary)
    problems: list[str] = []
    probabilities: dict[str, dict[str, float]] = {}
    for row in table.rows:
        case_id = row.cells["case_id"]
        where = f"{path}:{row.line}"
        values, value_problem = _probabilities(row.cells, vocabulary)
        if value_problem:
            problems.append(f"{where}: {value_problem}")
        elif case_id not in case_ids:
            problems.append(f"{where}: case {case_id!r} is not in the gold standard")
        elif case_id in probabilities:
            problems.append(f"{where}: duplicate case {case_id}")
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


def _probabilities(cells: dict[str, str], vocabulary: Vocabulary) -> tuple[dict[str, float], str | None]:
    """One row's probabilities, or the first problem with them (naming the column)."""
    values: dict[str, float] = {}
    for key in vocabulary.keys:
        try:
            values[key] = float(cells[key])
        except ValueError:
            return values, f"{key} value {cells[key]!r} is not a number"
        if not 0 <= values[key] <= 1:
            return values, f"{key} probability {cells[key]} is outside [0, 1]"
    return values, None


def read_thresholds_json(path: Path, vocabulary: Vocabulary) -> dict[str, float]:
    """A JSON object ``{label: threshold}`` with a number in [0, 1] for every label of the study."""
    try:
        thresholds = json.loads(read_utf8_text(path))
    except json.JSONDecodeError as error:
        raise TableError([f"{path}: not JSON ({error})"]) from error
    if not isinstance(thresholds, dict):
        raise TableError([f"{path}: expected a JSON object {{label: threshold}}, not a {type(thresholds).__name__}"])
    problems = [f"{path}: {problem}" for problem in _threshold_problems(thresholds, vocabulary)]
    if problems:
        raise TableError(problems)
    return {key: float(thresholds[key]) for key in vocabulary.keys}


def _threshold_problems(thresholds: dict, vocabulary: Vocabulary) -> list[str]:
    problems = []
    for key, value in thresholds.items():
        if key not in vocabulary.keys:
            problems.append(f"unknown label {key!r} (the labels are {', '.join(vocabulary.keys)})")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"threshold of {key} is {json.dumps(value)}, not a number")
        elif not 0 <= value <= 1:
            problems.append(f"threshold of {key} is {value}, outside [0, 1]")
    missing = [key for key in vocabulary.keys if key not in thresholds]
    if missing:
        problems.append(f"no threshold for {', '.join(missing)}")
    return problems


def uniform_thresholds(vocabulary: Vocabulary, threshold: float) -> dict[str, float]:
    """The same decision threshold for every label."""
    if not 0 <= threshold <= 1:
        raise ValueError(f"decision threshold {threshold:g} is outside [0, 1]")
    return dict.fromkeys(vocabulary.keys, threshold)
