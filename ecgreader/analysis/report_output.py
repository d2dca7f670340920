"""Where a report may be written: the kind of output its name asks for, and never over anything but
a previous report unless asked.

A report once wrote wherever it was pointed: over an existing report file, into a folder of
unrelated files, beside a previous report's CSV files (another study's metrics_aided.csv then sat
beside the new tables as if it were theirs), and into a folder named by a mistyped suffix
("r.htm1"). These checks run before the report is built, as building it takes seconds.
"""

from __future__ import annotations

import re
from pathlib import Path

# Every file a CSV folder can hold (write_csv_folder; the aided tables only with aided reads).
CSV_FOLDER_FILES = frozenset(
    {
        "metrics.csv",
        "kappa.csv",
        "mcnemar.csv",
        "differences.csv",
        "auc.csv",
        "operating_points.csv",
        "metrics_aided.csv",
        "phase_change.csv",
        "mrmc.csv",
        "reads.csv",
        "read_history.csv",
        "cases_long.csv",
        "verification.txt",
    }
)
FILE_KINDS = {".html": "html", ".htm": "html", ".pdf": "pdf"}
# A name ending like a file's (".docx", ".csv", a mistyped ".htm1"): a dot, a letter, then up to four
# letters or digits. Such a name is refused unless it is an existing folder, so that a typo never
# becomes a folder of CSV files; "results.2026" or "run_v2" still name folders.
FILE_LIKE_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}")
OUT_RULE = "--out must end in .html or .pdf, or name a folder for CSV files"


def report_kind(out: Path) -> str:
    """The kind of report ``out``'s name asks for: html, pdf or csv (a folder of CSV files); a name
    ending in any other file-like suffix is refused, unless it is an existing folder."""
    kind = FILE_KINDS.get(out.suffix.lower())
    if kind is not None:
        return kind
    if out.is_dir() or not FILE_LIKE_SUFFIX.fullmatch(out.suffix):
        return "csv"
    raise ValueError(
        f"{out}: {OUT_RULE}; {out.suffix} is taken for a file's suffix (a folder so named must exist already)"
    )


def check_output(out: Path, overwrite: bool) -> str:
    """The kind of report ``out`` asks for, once it is safe to write there: a report file that does
    not exist yet, or a folder that is absent or empty. ``overwrite`` allows replacing a report
    file, or the previous report in a folder holding nothing else; a file or folder of anything else
    is never replaced. Raises ``ValueError`` or ``OSError`` naming ``out`` and the problem."""
    kind = report_kind(out)
    if kind != "csv":
        if out.is_dir():
            raise IsADirectoryError(f"{out}: is a folder; a {out.suffix} report is one file")
        if out.exists() and not overwrite:
            raise FileExistsError(f"{out}: already exists; use --overwrite to replace it")
        if not out.parent.is_dir():
            raise FileNotFoundError(f"{out}: the folder {out.parent} does not exist")
        return kind
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out}: is a file, not a folder for the CSV files")
    present = sorted(out.iterdir()) if out.is_dir() else []
    if present and not overwrite:
        raise FileExistsError(f"{out}: the folder is not empty; use --overwrite to replace the report in it")
    foreign = [path for path in present if path.name not in CSV_FOLDER_FILES or not path.is_file()]
    if foreign:
        raise FileExistsError(
            f"{out}: holds {foreign[0].name}, which a report does not write; choose a new or empty folder "
            "(--overwrite replaces only a previous report's files)"
        )
    return kind


def remove_previous_report(folder: Path) -> None:
    """Delete the files a report writes from ``folder`` (checked by :func:`check_output`), so that
    none of a previous report's tables stays beside the new ones."""
    for name in CSV_FOLDER_FILES:
        (folder / name).unlink(missing_ok=True)
