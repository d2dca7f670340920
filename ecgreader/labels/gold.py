"""Gold-standard labels from each source's own terms, mapped through ``mappings``.

Every function returns sets of vocabulary keys; an empty set means "none of the listed".
"""

from __future__ import annotations

import ast
import csv
from collections.abc import Iterable
from pathlib import Path

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
    csv_path = Path(csv_path)
    if not csv_path.exists():
        raise FileNotFoundError(f"{csv_path}: file missing")
    with csv_path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "ID" not in rows[0]:
        raise ValueError(f"{csv_path}: not LUDB's ludb.csv (no ID column)")
    return {
        row["ID"].strip(): labels_from_ludb_lines(
            line for column, cell in row.items() if column != "ID" for line in (cell or "").split("\n")
        )
        for row in rows
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
    database_csv = Path(database_csv)
    if not database_csv.exists():
        raise FileNotFoundError(f"{database_csv}: file missing")
    gold: dict[str, LabelSet] = {}
    with database_csv.open(newline="") as handle:
        for line_number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                labels = labels_from_scp(ast.literal_eval(row["scp_codes"]).keys())
                ecg_id = int(float(row["ecg_id"]))
            except (KeyError, ValueError, SyntaxError) as error:
                raise ValueError(f"{database_csv}:{line_number}: bad row ({error})") from error
            gold[f"ptbxl-{ecg_id}"] = labels
            for column in ("filename_lr", "filename_hr"):
                if row.get(column):
                    gold[Path(row[column]).name] = labels
    return gold


class LabelTableError(ValueError):
    """Bad rows in a label table; ``problems`` lists each one (the message joins them)."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


def read_gold_table(csv_path: str | Path, vocabulary: Vocabulary, id_column: str = "record_id") -> dict[str, LabelSet]:
    """Gold labels from a CSV: ``id_column`` then one 0/1 column per vocabulary key.

    Raises LabelTableError listing every offending row.
    """
    csv_path = Path(csv_path)
    if not csv_path.exists():
        raise FileNotFoundError(f"{csv_path}: file missing")
    with csv_path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = [c.strip() for c in reader.fieldnames or []]
        if not columns or columns[0] != id_column:
            raise LabelTableError(csv_path, [f"the first column must be {id_column}"])
        unknown = [c for c in columns[1:] if c not in vocabulary.keys]
        missing = [k for k in vocabulary.keys if k not in columns]
        if unknown or missing:
            raise LabelTableError(
                csv_path,
                ["label columns do not match the vocabulary"]
                + ([f"unknown: {', '.join(unknown)}"] if unknown else [])
                + ([f"missing: {', '.join(missing)}"] if missing else []),
            )
        gold: dict[str, LabelSet] = {}
        problems: list[str] = []
        for line_number, row in enumerate(reader, start=2):
            row_id = (row[id_column] or "").strip()
            bad = [k for k in vocabulary.keys if (row[k] or "").strip() not in {"0", "1"}]
            if not row_id:
                problems.append(f"line {line_number}: empty {id_column}")
            elif row_id in gold:
                problems.append(f"line {line_number}: duplicate {id_column} {row_id}")
            elif bad:
                problems.append(f"line {line_number}: values other than 0/1 in {', '.join(bad)}")
            else:
                gold[row_id] = frozenset(k for k in vocabulary.keys if row[k].strip() == "1")
    if problems:
        raise LabelTableError(csv_path, problems)
    return gold
