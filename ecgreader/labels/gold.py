"""Gold-standard labels from each source's own terms, mapped through ``mappings``.

Every function returns sets of vocabulary keys; an empty set means "none of the listed".
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

from ecgreader.labels.csv_table import Table, read_table
from ecgreader.labels.mappings import LUDB_PHRASES, PTBXL_SCP_CODES, SNOMED_CODES
from ecgreader.labels.vocabulary import Vocabulary

LabelSet = frozenset[str]


def labels_from_snomed(codes: Iterable[str]) -> LabelSet:
    """Keys for SNOMED CT codes as on a CinC/Chapman ``#Dx:`` line."""
    present = {code.strip() for code in codes}
    return frozenset(key for key, known in SNOMED_CODES.items() if present & set(known))


def labels_from_scp(codes: Iterable[str]) -> LabelSet:
    """Keys for PTB-XL SCP statement codes; ``X*`` in the table matches any code starting X."""
    present = [code.strip() for code in codes]

    def matches(pattern: str, code: str) -> bool:
        return code.startswith(pattern[:-1]) if pattern.endswith("*") else code == pattern

    return frozenset(
        key
        for key, patterns in PTBXL_SCP_CODES.items()
        if any(matches(pattern, code) for pattern in patterns for code in present)
    )


def labels_from_ludb_lines(lines: Iterable[str]) -> LabelSet:
    """Keys for the diagnosis lines of one LUDB record (whole-line, case-insensitive match)."""
    cleaned = [line.strip().rstrip(".").strip().lower() for line in lines if line.strip()]

    def matches(phrase: str, line: str) -> bool:
        phrase = phrase.lower()
        return line.startswith(phrase) if phrase.endswith(":") else line == phrase

    return frozenset(
        key
        for key, phrases in LUDB_PHRASES.items()
        if any(matches(phrase, line) for phrase in phrases for line in cleaned)
    )


def read_ludb_gold(csv_path: str | Path) -> dict[str, LabelSet]:
    """Gold labels of every LUDB record from ``ludb.csv``, keyed by record id ("1" … "200")."""
    table = read_table(csv_path)
    if "ID" not in table.columns or not table.rows:
        raise ValueError(f"{csv_path}: not LUDB's ludb.csv (no ID column, or no rows)")
    return {
        row.cells["ID"]: labels_from_ludb_lines(
            line for column, cell in row.cells.items() if column != "ID" for line in cell.split("\n")
        )
        for row in table.rows
    }


def read_dx_gold(header_path: str | Path) -> LabelSet:
    """Gold labels from the ``#Dx:`` line of a CinC/Chapman WFDB header."""
    header_path = Path(header_path)
    if not header_path.exists():
        raise FileNotFoundError(f"{header_path}: file missing")
    for line in header_path.read_text(errors="replace").splitlines():
        text = line.lstrip("#").strip()
        if text.lower().startswith("dx:"):
            return labels_from_snomed(text[3:].split(","))
    raise ValueError(f"{header_path}: no '#Dx:' line")


def read_ptbxl_gold(database_csv: str | Path) -> dict[str, LabelSet]:
    """Gold labels from PTB-XL's ``ptbxl_database.csv``, keyed by the WFDB record names
    (``00001_lr`` and ``00001_hr``) and by ``ptbxl-<ecg_id>``."""
    table = read_table(database_csv)
    absent = [column for column in ("ecg_id", "scp_codes") if column not in table.columns]
    if absent:
        raise ValueError(f"{database_csv}: not PTB-XL's ptbxl_database.csv (no column {', '.join(absent)})")
    gold: dict[str, LabelSet] = {}
    for row in table.rows:
        try:
            labels = labels_from_scp(ast.literal_eval(row.cells["scp_codes"]).keys())
            ecg_id = int(float(row.cells["ecg_id"]))
        except (AttributeError, ValueError, SyntaxError) as error:
            raise ValueError(f"{database_csv}:{row.line}: bad row ({error})") from error
        gold[f"ptbxl-{ecg_id}"] = labels
        for column in ("filename_lr", "filename_hr"):
            if row.cells.get(column):
                gold[Path(row.cells[column]).name] = labels
    return gold


class LabelTableError(ValueError):
    """Bad rows in a label table; ``problems`` lists each one (the message joins them)."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


def read_gold_table(csv_path: str | Path, vocabulary: Vocabulary, id_column: str = "record_id") -> dict[str, LabelSet]:
    """Gold labels from a CSV: ``id_column`` then one 0/1 column per vocabulary key.

    Raises TableFileError for a file that is no table, LabelTableError listing every offending row.
    """
    return gold_from_table(read_table(csv_path), vocabulary, id_column)


def gold_from_table(table: Table, vocabulary: Vocabulary, id_column: str) -> dict[str, LabelSet]:
    """Gold labels from a table already read: ``id_column`` then one 0/1 column per vocabulary key."""
    if table.columns[0] != id_column:
        raise LabelTableError(table.path, [f"the first column must be {id_column}, not {table.columns[0]!r}"])
    unknown = [c for c in table.columns[1:] if c not in vocabulary.keys]
    missing = [k for k in vocabulary.keys if k not in table.columns]
    if unknown or missing:
        raise LabelTableError(
            table.path,
            ["label columns do not match the vocabulary"]
            + ([f"unknown: {', '.join(unknown)}"] if unknown else [])
            + ([f"missing: {', '.join(missing)}"] if missing else []),
        )
    if not table.rows:
        raise LabelTableError(table.path, ["no rows below the header"])
    gold: dict[str, LabelSet] = {}
    problems: list[str] = []
    for row in table.rows:
        row_id = row.cells[id_column]
        bad = [k for k in vocabulary.keys if row.cells[k] not in {"0", "1"}]
        if not row_id:
            problems.append(f"line {row.line}: empty {id_column}")
        elif row_id in gold:
            problems.append(f"line {row.line}: duplicate {id_column} {row_id}")
        elif bad:
            problems.append(f"line {row.line}: values other than 0/1 in {', '.join(bad)}")
        else:
            gold[row_id] = frozenset(k for k in vocabulary.keys if row.cells[k] == "1")
    if problems:
        raise LabelTableError(table.path, problems)
    return gold
