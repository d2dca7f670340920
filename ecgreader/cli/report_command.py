"""``ecgreader report``: the comparison as HTML, PDF, or a folder of CSV files."""

from __future__ import annotations

from pathlib import Path

# ecgreader.gui.translation.LANGUAGES, spelt out so that building the parser does not load Qt
# (tests/test_report.py checks that the two agree).
REPORT_LANGUAGES = ("en", "zh_CN")


def add_parser(commands) -> None:
    parser = commands.add_parser("report", help="write the comparison report (.html, .pdf, or a CSV folder)")
    parser.add_argument("study", help="a study file")
    parser.add_argument(
        "--out",
        required=True,
        help="report.html (or .htm), report.pdf, or a folder for CSV files in an existing folder (a missing parent"
        " folder is refused); a name with any other suffix (.docx, .csv, .htm1, .final) is refused unless that folder"
        " exists",
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="without it an existing --out file or a non-empty folder is refused; with it a report file is replaced,"
        " and in a folder holding only a previous report's files none of them stays (anything else in it is refused)."
        " The report is written beside --out and moved over it once complete: a failure keeps the previous report",
    )
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the CIs")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    parser.add_argument("--include-source-ids", action="store_true", help="add source record ids to the reads")
    parser.add_argument(
        "--language",
        choices=REPORT_LANGUAGES,
        default="en",
        help="language of the HTML/PDF headings, captions and notes (CSV columns stay English)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from ecgreader.analysis.report import write_report
    from ecgreader.analysis.report_output import ReportPathError
    from ecgreader.cli.main import CommandError
    from ecgreader.cli.study_commands import warn_if_not_verified
    from ecgreader.store.database import open_study

    if args.bootstrap < 100:
        raise CommandError(f"--bootstrap {args.bootstrap}: use at least 100 resamples")
    if args.language != "en":
        from ecgreader.ecg.render import ensure_gui_application
        from ecgreader.gui.translation import install_language

        ensure_gui_application()  # the translator lives in the Qt application
        install_language(args.language)
    with open_study(args.study, read_only=True) as database:
        try:
            out, verification = write_report(
                database, Path(args.out), args.bootstrap, args.seed, args.include_source_ids, args.overwrite
            )
        except ReportPathError as error:
            hint = "; use --overwrite to replace it" if error.needs_overwrite else ""
            raise CommandError(f"--out {error}{hint}") from error
    warn_if_not_verified(args.study, verification)
    print(f"wrote {out}")
    return 0
