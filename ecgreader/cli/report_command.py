"""``ecgreader report``: the comparison as HTML, PDF, or a folder of CSV files."""

from __future__ import annotations

from pathlib import Path


def add_parser(commands) -> None:
    parser = commands.add_parser("report", help="write the comparison report (.html, .pdf, or a CSV folder)")
    parser.add_argument("study", help="a study file")
    parser.add_argument("--out", required=True, help="report.html, report.pdf, or a folder for CSV files")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the CIs")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    parser.add_argument("--include-source-ids", action="store_true", help="add source record ids to the reads")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ecgreader.analysis.report import write_report
    from ecgreader.cli.study_commands import warn_if_not_verified
    from ecgreader.store.database import open_study

    if args.bootstrap < 100:
        from ecgreader.cli.main import CommandError

        raise CommandError(f"--bootstrap {args.bootstrap}: use at least 100 resamples")
    with open_study(args.study, read_only=True) as database:
        out, verification = write_report(database, Path(args.out), args.bootstrap, args.seed, args.include_source_ids)
    warn_if_not_verified(args.study, verification)
    print(f"wrote {out}")
    return 0
