"""``ecgreader demo``: build the LUDB demo study and open it."""

from __future__ import annotations

from pathlib import Path


def add_parser(commands) -> None:
    parser = commands.add_parser("demo", help="build the LUDB demo study and open it")
    parser.add_argument("--source", help="LUDB folder (default: the data directory's ludb/)")
    parser.add_argument(
        "--no-gui", action="store_true", help="print the study instead of opening it"
    )
    parser.set_defaults(run=run)


def build_demo_study(source: str | Path | None) -> Path:
    """Create ``study_data/demo.ecgstudy`` from LUDB's study half, unless it already exists."""
    from tqdm import tqdm

    from ecgreader.demo import DEMO_STUDY, STUDY, download_ludb, find_ludb, read_split
    from ecgreader.store.database import check_study_file
    from ecgreader.store.intake import gather_cases
    from ecgreader.store.study import StudyOptions, create_study

    if DEMO_STUDY.exists():
        check_study_file(DEMO_STUDY)
        print(f"using the existing demo study {DEMO_STUDY}")
        return DEMO_STUDY
    ludb = find_ludb(source, download=download_ludb)
    study_ids = [record_id for record_id, half in read_split().items() if half == STUDY]
    paths = [ludb / "data" / f"{record_id}.hea" for record_id in study_ids]
    with tqdm(total=len(paths), desc="reading LUDB", unit="record") as bar:
        intake = gather_cases(paths, "ludb", ludb / "ludb.csv", progress=bar.update)
    if intake.problems:
        from ecgreader.cli.main import CommandError

        raise CommandError("the LUDB study half has unusable records:", *intake.problems)
    options = StudyOptions(name="LUDB demo study", seed=2020)
    with tqdm(total=len(intake.cases), desc="writing study", unit="case") as bar:
        create_study(DEMO_STUDY, options, intake.cases, bar.update)
    return DEMO_STUDY


def run(args) -> int:
    from ecgreader.cli.study_commands import format_summary
    from ecgreader.store.database import open_study
    from ecgreader.store.study import summarise_study

    study = build_demo_study(args.source)
    # The reading-room GUI is not built yet; until it is, the demo prints the study.
    with open_study(study) as database:
        print(format_summary(summarise_study(database)))
    return 0
