"""The ``ecgreader`` command line.

Every command reports a problem as one readable line (or a list of offending files) and a
non-zero exit status; ``--debug`` shows the Python traceback instead. Commands import their
heavy dependencies lazily so that, for instance, ``render`` never loads torch.
"""

from __future__ import annotations

import argparse
import sys

from ecgreader import __version__


class CommandError(Exception):
    """A failure already explained to the user; carries the lines to print."""

    def __init__(self, *lines: str):
        super().__init__("\n".join(lines))


def build_parser() -> argparse.ArgumentParser:
    from ecgreader.cli import (
        convert_command,
        demo_command,
        doctor_command,
        measure_command,
        plan_command,
        predict_command,
        render_command,
        report_command,
        study_commands,
    )

    parser = argparse.ArgumentParser(
        prog="ecgreader", description="Reader studies of 12-lead ECGs: doctors and a network."
    )
    parser.add_argument("--version", action="version", version=f"ecgreader {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.set_defaults(run=_run_app)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    opener = commands.add_parser("open", help="open a study in the reading room, at sign-in")
    opener.add_argument("study", help="a study file")
    opener.set_defaults(run=_run_app)
    render_command.add_parser(commands)
    measure_command.add_parser(commands)
    study_commands.add_parser(commands)
    demo_command.add_parser(commands)
    predict_command.add_parser(commands)
    report_command.add_parser(commands)
    convert_command.add_parser(commands)
    plan_command.add_parser(commands)
    doctor_command.add_parser(commands)
    return parser


def _run_app(args) -> int:
    """No command: the reading room's start page; ``open STUDY``: straight to sign-in."""
    from ecgreader.gui.app import run_app

    return run_app(getattr(args, "study", None))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except KeyboardInterrupt:
        print("ecgreader: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # every failure becomes one readable message
        if args.debug:
            raise
        if not isinstance(error, CommandError | ValueError | OSError | LookupError):
            print(f"ecgreader: internal error ({type(error).__name__}): {error}", file=sys.stderr)
            print("ecgreader: run again with --debug for the traceback", file=sys.stderr)
            return 3
        print(f"ecgreader: error: {_message(error)}", file=sys.stderr)
        return 1


def _message(error: Exception) -> str:
    """The error as one line; an OS error as "FILE: what went wrong" rather than Python's
    "[Errno 2] No such file or directory: 'FILE'"."""
    if isinstance(error, OSError) and error.filename is not None and error.strerror:
        return f"{error.filename}: {error.strerror.lower()}"
    return str(error)


if __name__ == "__main__":
    sys.exit(main())
