"""``ecgreader demo``: build the LUDB demo study and open it."""

from __future__ import annotations


def add_parser(commands) -> None:
    parser = commands.add_parser("demo", help="build the LUDB demo study and open it")
    parser.add_argument("--source", help="LUDB folder (default: the data directory's ludb/)")
    parser.add_argument(
        "--no-gui", action="store_true", help="print the study (as `study info` does) instead of opening it"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from ecgreader import demo
    from ecgreader.cli.study_commands import print_study_info, progress_bar

    if demo.DEMO_STUDY.exists():
        print(f"using the existing demo study {demo.DEMO_STUDY}")
        study = demo.build_demo_study(args.source)
    else:
        with progress_bar("building the demo study") as progress:
            study = demo.build_demo_study(args.source, progress)
    if args.no_gui:
        print_study_info(study)
        print("coordinator password of the demo study: demo")
        return 0
    from ecgreader.gui.app import run_app

    return run_app(study)
