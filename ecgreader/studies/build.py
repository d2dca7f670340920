"""Building a study file from records: the one path the command line, the create-study dialog
and the demo all take, so they read, check, report progress and cancel the same way.

Long work in the plain-function shape the GUI's worker runs: ``progress(done, total)`` and a
``cancelled()`` check polled between records. Nothing is written unless every step succeeds:
the store creates the file atomically, so a refusal, an error or a cancel leaves no file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ecgreader.ecg.formats import find_record_paths
from ecgreader.store.database import StudyDatabase, open_study
from ecgreader.store.study import StudyOptions, create_study, summarise_study
from ecgreader.studies.intake import NO_GOLD, GoldStandard, Intake, gather_cases

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


class BuildCancelled(Exception):
    """The build was cancelled between two records; nothing was written."""


class RecordsRefused(ValueError):
    """No study was written because of the records: some are unusable (and were not to be
    skipped), or none is usable. ``intake`` holds the problems and warnings to show."""

    def __init__(self, message: str, intake: Intake):
        self.intake = intake
        super().__init__(message)


@dataclass(frozen=True)
class BuiltStudy:
    path: Path
    cases: int
    skipped: list[str]  # one line per unusable record left out, naming it and why
    warnings: list[str]  # about records that went in (flat-line leads …)
    cases_with_gold: int = 0  # cases that have a gold standard
    gold_findings: int = 0  # gold-standard findings over all cases (label present in a case)
    uncalibrated_cases: int = 0  # cases whose amplitudes are not true millivolts


def build_study(
    out: str | Path,
    sources: Iterable[str | Path],
    gold: GoldStandard = NO_GOLD,
    options: StudyOptions | None = None,
    skip_bad: bool = False,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    populate: Callable[[StudyDatabase], None] | None = None,
) -> BuiltStudy:
    """Read every record under ``sources`` (files or folders) with its ``gold`` labels and write
    the study file ``out`` with ``options`` (default: named after the file, default settings).

    Unusable records stop the build with :class:`RecordsRefused` listing them all, unless
    ``skip_bad``: then they are left out and listed in the result. ``progress(done, total)``
    counts record files read, then cases written, and ends at ``done == total``; ``cancelled()``
    is asked after each and raises :class:`BuildCancelled` when true. ``populate`` may add reads
    or model runs before the file is finished (see ``create_study``).
    """
    out = Path(out)
    if out.exists():  # before reading every record, only to be refused at the end
        raise FileExistsError(f"{out}: already exists; choose another name or remove it")
    options = options or StudyOptions(name=out.stem)
    paths = find_record_paths(sources)
    total = 2 * len(paths)  # a guess until the records are read: one case per file
    done = 0

    def step(count: int) -> None:
        nonlocal done
        if cancelled is not None and cancelled():
            raise BuildCancelled(f"{out}: creation cancelled; nothing written")
        done += count
        if progress:
            progress(done, total)

    intake = gather_cases(paths, gold, options.vocabulary, step)
    if intake.problems and not skip_bad:
        problems = "\n".join(intake.problems)
        raise RecordsRefused(f"{len(intake.problems)} unusable record(s); nothing written:\n{problems}", intake)
    if not intake.cases:
        raise RecordsRefused("no usable records; nothing written", intake)
    total = len(paths) + len(intake.cases)
    create_study(out, options, intake.cases, step, populate)
    with open_study(out, read_only=True) as database:  # the import summary, as the file holds it
        summary = summarise_study(database)
    return BuiltStudy(
        out,
        summary.cases,
        intake.problems,
        intake.warnings,
        summary.cases_with_gold,
        sum(label.positives for label in summary.labels),
        summary.uncalibrated_cases,
    )
