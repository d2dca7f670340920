"""The CSV and JSON files people hand the product (gold standards, vocabularies, reads, model
output), read in one place: UTF-8 decoded with the file and line named when it is not, the
spaces typed after commas stripped (``case_id, IRBBB`` means ``case_id,IRBBB``), and headers
with blank or repeated columns refused, so every reader of a table refuses the same way."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path


class TableFileError(ValueError):
    """A table file that cannot be read as a table; the message names the file and line."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class TableRow:
    line: int  # where the row starts in the file, counting the header as line 1
    cells: dict[str, str]  # column -> value, spaces stripped


@dataclass(frozen=True)
class Table:
    path: Path
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]


def read_utf8_text(path: str | Path) -> str:
    """The text of ``path`` (a UTF-8 byte-order mark is dropped).

    Raises FileNotFoundError for a missing file and TableFileError naming the line and byte
    where the file stops being UTF-8.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: file missing")
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TableFileError(path, "the file is UTF-16 text; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        column = error.start - line_start + 1
        raise TableFileError(path, f"byte 0x{byte:02x} at column {column} is not UTF-8; save as UTF-8", line) from error


def read_table(path: str | Path) -> Table:
    """Read a CSV whose first line names the columns.

    Raises TableFileError for text that is not UTF-8, an empty file, a blank or repeated column
    name, or a row whose number of values differs from the header's (a comma too many or too
    few shifts every later value). Blank lines are skipped.
    """
    path = Path(path)
    reader = csv.reader(io.StringIO(read_utf8_text(path), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise TableFileError(path, "empty file: no header line")
        columns = _header_columns(path, header)
        return Table(path, columns, tuple(_rows(path, reader, columns)))
    except csv.Error as error:
        raise TableFileError(path, f"not a readable CSV ({error})", reader.line_num) from error


def _header_columns(path: Path, header: list[str]) -> tuple[str, ...]:
    columns = tuple(cell.strip() for cell in header)
    for number, column in enumerate(columns, start=1):
        if not column:
            raise TableFileError(path, f"column {number} of the header is blank", 1)
        first = columns.index(column) + 1
        if first != number:
            problem = f"column {column!r} is duplicated in the header (columns {first} and {number})"
            raise TableFileError(path, problem, 1)
    return columns


def _rows(path: Path, reader, columns: tuple[str, ...]):
    start = reader.line_num + 1
    for cells in reader:
        values = [cell.strip() for cell in cells]
        if any(values):
            if len(values) != len(columns):
                raise TableFileError(path, f"{len(values)} values but the header has {len(columns)} columns", start)
            yield TableRow(start, dict(zip(columns, values, strict=True)))
        start = reader.line_num + 1
