"""Where a report may be written, and writing it there so that a failure never costs the previous
report.

A report once wrote wherever it was pointed: over an existing report file, into a folder of
unrelated files, beside a previous report's CSV files (another study's metrics_aided.csv then sat
beside the new tables as if it were theirs), into a folder named by a mistyped suffix ("r.htm1"),
and in place, so that a failure part-way left half a report where the previous one had been.
The checks run before the report is built, as building it takes seconds; the report is then
written beside its target and moved over it only once complete.

The library and the dashboard share these rules, so their messages name no command-line option;
``ecgreader report`` adds its own (``ReportPathError.needs_overwrite``).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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
REPORT_PATH_RULE = "a report path must end in .html, .htm or .pdf, or name a folder for CSV files"
# Temporary siblings start with this, so that a listing shows what they are.
STAGING_PREFIX = ".report-being-written-"


class ReportPathError(ValueError):
    """A report path refused before anything is built or written. ``needs_overwrite``: it would
    be accepted if replacing the previous report were asked for."""

    def __init__(self, message: str, needs_overwrite: bool = False) -> None:
        super().__init__(message)
        self.needs_overwrite = needs_overwrite


def report_kind(out: Path) -> str:
    """The kind of report ``out``'s name asks for: html, pdf or csv (a folder of CSV files).

    One rule, so that a typo ("r.htm1", "r.final") never becomes a folder of CSV files: a name
    with any other suffix (Path.suffix: from its last dot) is refused unless it is an existing
    folder; a new folder's name has no suffix ("results", "run_v2")."""
    kind = FILE_KINDS.get(out.suffix.lower())
    if kind is not None:
        return kind
    if not out.suffix or out.is_dir():
        return "csv"
    raise ReportPathError(
        f"{out}: {REPORT_PATH_RULE}; a new folder's name has no suffix ({out.suffix}), "
        "so make the folder first to use that name"
    )


def check_output(out: Path, overwrite: bool) -> str:
    """The kind of report ``out`` asks for, once it is safe to write there: its parent folder
    exists (it is never created, whatever the kind), and ``out`` is a report file that does not
    exist yet, or a folder that is absent or empty. ``overwrite`` allows replacing a report file,
    or the previous report in a folder holding nothing else; a file or folder of anything else is
    never replaced. Raises :class:`ReportPathError` naming ``out`` and the problem."""
    kind = report_kind(out)
    if not out.parent.is_dir():
        raise ReportPathError(f"{out}: the folder {out.parent} does not exist")
    if kind != "csv":
        if out.is_dir():
            raise ReportPathError(f"{out}: is a folder; a {out.suffix} report is one file")
        if out.exists() and not overwrite:
            raise ReportPathError(f"{out}: already exists, and replacing it was not asked for", needs_overwrite=True)
        return kind
    if out.exists() and not out.is_dir():
        raise ReportPathError(f"{out}: is a file, not a folder for the CSV files")
    present = sorted(out.iterdir()) if out.is_dir() else []
    if present and not overwrite:
        raise ReportPathError(
            f"{out}: the folder is not empty, and replacing the report in it was not asked for", needs_overwrite=True
        )
    foreign = [path for path in present if path.name not in CSV_FOLDER_FILES or not path.is_file()]
    if foreign:
        raise ReportPathError(
            f"{out}: holds {foreign[0].name}, which a report does not write; choose a new or empty folder "
            "(replacing a report replaces only a previous report's files)"
        )
    return kind


@contextmanager
def staged_output(out: Path, kind: str) -> Iterator[Path]:
    """A temporary sibling of ``out`` (a file, or a folder for kind csv) to write the report to;
    moved over ``out`` when the block ends normally, removed when it raises. A report file's
    sibling is left for the writer to create.

    The sibling is in ``out``'s folder, so the move is a rename on one file system: a report file
    is replaced at once (os.replace), and a CSV folder has each new table renamed over the old
    one, then the previous report's tables the new one lacks removed. Nothing else in the folder
    is touched (:func:`check_output` refused folders holding anything else)."""
    # Not tempfile's mkstemp/mkdtemp: their private permissions would stay on the moved report.
    staging = out.parent / f"{STAGING_PREFIX}{out.name}-{uuid.uuid4().hex[:12]}{out.suffix}"
    if kind == "csv":
        staging.mkdir()
    try:
        yield staging
        if not staging.exists():  # Qt's PDF writer reports no error when it cannot open its file
            raise OSError(f"{out}: the report could not be written to {staging}")
        if kind != "csv" or not out.exists():
            os.replace(staging, out)
        else:
            _move_tables_into(staging, out)
    except BaseException:
        _remove_staging(staging)
        raise


def _move_tables_into(staging: Path, folder: Path) -> None:
    """Rename the new report's tables over ``folder``'s, then remove its tables the new one lacks
    (a previous aided report's metrics_aided.csv), then the empty staging folder."""
    written = {path.name for path in staging.iterdir()}
    for name in sorted(written):
        os.replace(staging / name, folder / name)
    for name in CSV_FOLDER_FILES - written:
        (folder / name).unlink(missing_ok=True)
    staging.rmdir()


def _remove_staging(staging: Path) -> None:
    """Remove a half-written report; the error that stopped it is the one raised."""
    if staging.is_dir():
        shutil.rmtree(staging)
    else:
        staging.unlink(missing_ok=True)
