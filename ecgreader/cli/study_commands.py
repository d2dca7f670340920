"""``ecgreader study create|info``: make a study file from records, and describe one."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ecgreader.ecg.display_filters import DEFAULT_BASELINE_HZ, DEFAULT_MUSCLE_HZ
from ecgreader.store.settings import SECOND_OPINION_MODES
from ecgreader.store.study import DEFAULT_GROUPS, DEFAULT_UNASSESSABLE_REASONS, RATING_SCALES


def add_parser(commands) -> None:
    # fmt: off
    study = commands.add_parser("study", help="create or describe a study file")
    actions = study.add_subparsers(dest="action", required=True, metavar="ACTION")

    create = actions.add_parser("create", help="create a study file from ECG records")
    create.add_argument("out", help="the new study file (*.ecgstudy)")
    create.add_argument("--records", nargs="+", required=True, metavar="PATH",
                        help="record files or folders, in any supported format (see the README)")
    create.add_argument("--gold-from", choices=["ludb", "ptbxl", "dx", "csv"],
                        help="where the gold-standard labels come from")
    create.add_argument("--gold", metavar="FILE",
                        help="labels file: ludb.csv, ptbxl_database.csv, or a CSV: record_id, one 0/1 column per label")
    create.add_argument("--vocab", default="default", metavar="default|FILE",
                        help="label vocabulary: the ten defaults or a key,finding CSV")
    create.add_argument("--groups", default=",".join(DEFAULT_GROUPS),
                        help="comma-separated reader groups")
    create.add_argument("--seed", type=int, default=0, help="randomisation seed")
    create.add_argument("--name", help="study name (default: the file name)")
    create.add_argument("--allow-revisit", action="store_true",
                        help="readers may go back and revise earlier cases")
    create.add_argument("--show-demographics", action="store_true", help="show age and sex")
    create.add_argument("--second-opinion", choices=SECOND_OPINION_MODES, default="off")
    create.add_argument("--min-pin-length", type=int, default=4, metavar="N",
                        help="readers' PINs need at least N characters (default 4)")
    create.add_argument("--require-pin", action="store_true", help="every reader must set a PIN")
    create.add_argument("--rating-scale", choices=RATING_SCALES, default="binary",
                        help="how readers answer each finding: present/absent (binary, default), 1-5 or 0-100")
    create.add_argument("--positive-at", type=float, metavar="K",
                        help="rating at or above which a finding counts as present (default 4 on 1-5, 50 on 0-100)")
    create.add_argument("--baseline-filter", type=float, default=DEFAULT_BASELINE_HZ, metavar="HZ",
                        help=f"display high-pass cut-off (default {DEFAULT_BASELINE_HZ:g} Hz; 0: off)")
    create.add_argument("--muscle-filter", type=float, default=DEFAULT_MUSCLE_HZ, metavar="HZ",
                        help=f"display low-pass cut-off (default {DEFAULT_MUSCLE_HZ:g} Hz; 0: off)")
    create.add_argument("--mains-filter", choices=["off", "50", "60"], default="off", help="mains notch (default off)")
    create.add_argument("--show-measurements", action="store_true",
                        help="show readers the machine's measurement line (an aid; default hidden)")
    create.add_argument("--protocol", metavar="FILE", help="text file of instructions shown before the first case"
                        " (default: a short standard text)")
    create.add_argument("--unassessable-reasons", default=";".join(DEFAULT_UNASSESSABLE_REASONS), metavar="A;B",
                        help="';'-separated reasons a reader may give for 'cannot be assessed' (empty: option off)")
    create.add_argument("--coordinator-password", action=_RefusePasswordOnCommandLine, help=argparse.SUPPRESS)
    create.add_argument("--skip-bad", action="store_true",
                        help="skip unusable records (and list them) instead of stopping")
    create.set_defaults(run=run_create)

    tables = actions.add_parser(
        "create-from-tables",
        help="a study from a published reader study's CSV tables",
        description="A study without signals from a published reader study's tables, checked row by row. READS.csv's"
        " phase is unaided (the default) or aided: with any aided row the study's second-opinion mode is"
        " after_each_case, and every aided row needs the same reader's unaided row of that case (before or after it).",
    )
    tables.add_argument("out", help="the new study file")
    tables.add_argument("--gold", required=True, help="GOLD.csv: case_id then one 0/1 column per label")
    tables.add_argument("--reads", required=True,
                        help="READS.csv: case_id,reader,group[,phase] then the label columns (0/1 or ratings)")
    tables.add_argument("--rating-scale", choices=RATING_SCALES, default="binary",
                        help="how READS.csv answers each finding: 0/1 (binary, default), 1-5 or 0-100 ratings")
    tables.add_argument("--positive-at", type=float, metavar="K",
                        help="rating at or above which a finding counts as present (default 4 on 1-5, 50 on 0-100)")
    tables.add_argument("--model-probs", help="PROBS.csv: case_id then one probability column per label")
    tables.add_argument("--model-name", help="name of the model whose probabilities these are")
    cut = tables.add_mutually_exclusive_group()
    cut.add_argument("--threshold", type=float, help="one decision threshold for every label")
    cut.add_argument("--thresholds", help="JSON file {label: threshold}")
    tables.add_argument("--groups", help="comma-separated reader groups (default: those in READS.csv)")
    tables.add_argument("--seed", type=int, default=0)
    tables.set_defaults(run=run_create_from_tables)

    imports = actions.add_parser(
        "import-reads",
        help="add reads from a CSV to an existing study",
        description="Add reads from a CSV to a study, all or nothing. Phases follow the reading room: an aided read"
        " only where the study shows the network (second-opinion mode not off), each beside the reader's"
        " unaided read of that case (stored or in the file), and no unaided read after a stored aided one.",
    )
    imports.add_argument("study", help="a study file")
    imports.add_argument("--reads", required=True,
                         help="READS.csv: case_id,reader,group[,phase] then the label columns, on the study's scale")
    imports.add_argument("--add-groups", action="store_true",
                         help="create the reader groups of READS.csv that the study lacks (default: refuse them)")
    imports.set_defaults(run=run_import_reads)

    info = actions.add_parser("info", help="describe a study: cases, labels, readers, progress")
    info.add_argument("study", help="a study file")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(run=run_info)

    verify = actions.add_parser("verify", help="check the read history's hash chain, the reads and the cases")
    verify.add_argument("study", help="a study file")
    verify.set_defaults(run=run_verify)
    # fmt: on


def run_create(args) -> int:
    from ecgreader.cli.main import CommandError
    from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY, Vocabulary
    from ecgreader.store.study import StudyOptions
    from ecgreader.studies import GoldStandard, LabelsFileNeeded, RecordsRefused, build_study

    out = Path(args.out)
    if out.exists():  # before asking for a password that could not be used
        raise CommandError(f"{out}: already exists; choose another name or remove it")
    try:
        gold = GoldStandard(args.gold_from, args.gold)
    except LabelsFileNeeded:
        raise CommandError("--gold-from csv needs --gold FILE") from None
    if args.positive_at is not None and args.rating_scale == "binary":
        raise CommandError("--positive-at applies to --rating-scale 1-5 or 0-100")
    vocabulary = DEFAULT_VOCABULARY if args.vocab == "default" else Vocabulary.from_file(args.vocab)
    reading_aids = {
        "baseline_filter_hz": args.baseline_filter or None,
        "muscle_filter_hz": args.muscle_filter or None,
        "mains_filter_hz": None if args.mains_filter == "off" else int(args.mains_filter),
        "show_measurements": args.show_measurements,
        "unassessable_reasons": tuple(r for r in args.unassessable_reasons.split(";") if r.strip()),
    }
    if args.protocol:
        reading_aids["protocol"] = Path(args.protocol).read_text(encoding="utf-8")
    options = StudyOptions(
        name=args.name or out.stem,
        vocabulary=vocabulary,
        groups=tuple(g.strip() for g in args.groups.split(",")),
        seed=args.seed,
        allow_revisit=args.allow_revisit,
        show_demographics=args.show_demographics,
        second_opinion_mode=args.second_opinion,
        coordinator_password=coordinator_password_from_user(),
        min_pin_length=args.min_pin_length,
        require_pin=args.require_pin,
        rating_scale=args.rating_scale,
        positive_at=args.positive_at,
        **reading_aids,
    )
    try:
        with progress_bar("creating the study") as progress:
            built = build_study(out, args.records, gold, options, args.skip_bad, progress)
    except RecordsRefused as refused:
        _print_record_notes(refused.intake.warnings, refused.intake.problems if args.skip_bad else [])
        if refused.intake.problems and not args.skip_bad:
            raise CommandError(
                f"{len(refused.intake.problems)} unusable record(s); nothing written (use --skip-bad to skip):",
                *(f"  {problem}" for problem in refused.intake.problems),
            ) from None
        raise CommandError(str(refused)) from None
    _print_record_notes(built.warnings, built.skipped)
    print(f"created {out} with {built.cases} cases")
    _print_amplitude_note(out, built.cases)
    return 0


def _print_amplitude_note(study: Path, n_cases: int) -> None:
    """Say how many cases are not at true millivolts: their paper is not at 10 mm/mV."""
    from ecgreader.ecg.amplitude import NOT_CALIBRATED_CONSEQUENCE
    from ecgreader.store.cases import amplitude_uncalibrated_sources
    from ecgreader.store.database import open_study

    with open_study(study, read_only=True) as database:
        uncalibrated = amplitude_uncalibrated_sources(database)
    if uncalibrated:
        print(
            f"warning: {len(uncalibrated)} of {n_cases} cases are not amplitude-calibrated (leads rescaled by"
            f" their source, z-scored, or not in mV): {NOT_CALIBRATED_CONSEQUENCE}; `ecgreader study info` lists them"
        )


def _print_record_notes(warnings: list[str], skipped: list[str]) -> None:
    for warning in warnings:
        print(f"warning: {warning}")
    if skipped:
        print(f"skipped {len(skipped)} unusable record(s):")
        for problem in skipped:
            print(f"  {problem}")


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """A terminal progress bar fed by ``progress(done, total)``, the shape long work reports in."""
    from tqdm import tqdm

    with tqdm(desc=description, unit="step") as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        yield progress


def run_create_from_tables(args) -> int:
    from ecgreader.studies import AnswerFormat, ModelOutput, create_from_tables

    out = Path(args.out)
    if args.positive_at is not None and args.rating_scale == "binary":
        raise ValueError("--positive-at applies to --rating-scale 1-5 or 0-100")
    answers = AnswerFormat(args.rating_scale, args.positive_at)
    if (args.thresholds or args.threshold is not None) and not args.model_probs:
        raise ValueError("--threshold and --thresholds apply to --model-probs, which is not given")
    model = None
    if args.model_probs:
        if not args.model_name:
            raise ValueError("--model-probs needs --model-name")
        threshold = 0.5 if args.threshold is None else args.threshold
        if not 0 <= threshold <= 1:
            raise ValueError(f"--threshold {threshold:g} is outside [0, 1]")
        thresholds_json = Path(args.thresholds) if args.thresholds else None
        model = ModelOutput(Path(args.model_probs), args.model_name, thresholds_json, threshold)
    groups = tuple(g.strip() for g in args.groups.split(",")) if args.groups else None
    create_from_tables(out, Path(args.gold), Path(args.reads), groups, model, args.seed, answers)
    print(f"created {out}")
    return 0


def run_import_reads(args) -> int:
    from ecgreader.store.cases import case_ids_by_source
    from ecgreader.store.database import open_study
    from ecgreader.store.settings import study_settings
    from ecgreader.store.study import read_vocabulary
    from ecgreader.store.table_import import add_reads, study_answer_format
    from ecgreader.studies.tables import AnswerFormat, read_reads_csv

    with open_study(args.study) as database:
        case_ids = set(case_ids_by_source(database))
        groups = None if args.add_groups else study_settings(database).groups
        vocabulary = read_vocabulary(database)
        answers = AnswerFormat(*study_answer_format(database))
        reads = read_reads_csv(Path(args.reads), vocabulary, case_ids, groups, "; --add-groups creates it", answers)
        count = add_reads(database, reads)
    print(f"imported {count} reads into {args.study}")
    return 0


def run_info(args) -> int:
    print_study_info(args.study, args.json)
    return 0


def print_study_info(study: Path | str, as_json: bool = False) -> None:
    """What ``study info`` prints (``demo --no-gui`` prints the same): the summary, the cases whose
    amplitude is not calibrated, and the integrity check, with a warning on stderr if it fails."""
    from ecgreader.store.cases import amplitude_uncalibrated_sources
    from ecgreader.store.database import open_study
    from ecgreader.store.integrity import verify_study
    from ecgreader.store.study import summarise_study

    with open_study(study, read_only=True) as database:
        summary = summarise_study(database)
        verification = verify_study(database)
        uncalibrated = amplitude_uncalibrated_sources(database)
    warn_if_not_verified(study, verification)
    if as_json:
        extra = {"amplitude_not_calibrated": uncalibrated, "verification": verification.to_dict()}
        print(json.dumps({**summary.to_dict(), **extra}, indent=2))
    else:
        print(format_summary(summary))
        print(format_uncalibrated(uncalibrated))
        print(f"Integrity: {verification.summary()}")


def run_verify(args) -> int:
    from ecgreader.cli.main import CommandError
    from ecgreader.store.database import open_study
    from ecgreader.store.integrity import verify_study

    with open_study(args.study, read_only=True) as database:
        verification = verify_study(database)
    if not verification.verified:
        raise CommandError(
            f"{args.study}: {verification.summary()}:", *(f"  {problem}" for problem in verification.problems)
        )
    print(f"{args.study}: {verification.summary()}")
    return 0


def warn_if_not_verified(study, verification) -> None:
    """A study that fails verification is still described, with a warning on stderr."""
    if not verification.verified:
        print(f"warning: {study}: {verification.summary()}; run `ecgreader study verify` for details", file=sys.stderr)


PASSWORD_VARIABLE = "ECGREADER_COORDINATOR_PASSWORD"


class _RefusePasswordOnCommandLine(argparse.Action):
    """A password on the command line shows in the process list and the shell history."""

    def __call__(self, parser, namespace, values, option_string=None):
        parser.error(
            f"{option_string} is not accepted: a password on the command line is visible to other users; "
            f"you will be asked for it, or set {PASSWORD_VARIABLE}"
        )


def coordinator_password_from_user() -> str | None:
    """The coordinator password from ECGREADER_COORDINATOR_PASSWORD, or asked for (twice) at a
    terminal; None (no coordinator sign-in) when neither is available or the answer is empty."""
    if PASSWORD_VARIABLE in os.environ:
        return os.environ[PASSWORD_VARIABLE] or None
    if not sys.stdin.isatty():
        print(f"note: no coordinator password ({PASSWORD_VARIABLE} not set, no terminal to ask at)", file=sys.stderr)
        return None
    password = getpass.getpass("Coordinator password (empty: none): ")
    if password and getpass.getpass("Repeat it: ") != password:
        raise ValueError("the two coordinator passwords differ; nothing written")
    return password or None


def format_uncalibrated(source_ids: list[str]) -> str:
    """The line of ``study info`` naming the cases whose amplitude is not calibrated."""
    if not source_ids:
        return "Amplitude not calibrated: no case"
    listed = ", ".join(source_ids)
    return f"Amplitude not calibrated ({len(source_ids)} cases; no true mm/mV, no voltage criteria): {listed}"


def format_summary(summary) -> str:
    """The study summary as the plain text ``study info`` prints."""
    revisit = "revisits allowed" if summary.allow_revisit else "no revisits"
    shown = "age/sex shown" if summary.show_demographics else "age/sex hidden"
    lines = [
        f"Study: {summary.name}  ({summary.path})",
        f"Created {summary.created_at[:19]} · seed {summary.seed} · {revisit} · {shown}"
        f" · second opinion: {summary.second_opinion_mode}",
        f"Cases: {summary.cases} ({summary.image_cases} image-only)",
        "Gold standard (positives / cases with gold):",
    ]
    for label in summary.labels:
        share = "undefined" if label.prevalence is None else f"{100 * label.prevalence:.1f} %"
        lines.append(f"  {label.key:<8} {label.finding:<42} {label.positives:>4} / {label.cases_with_gold}  ({share})")
    lines.append("Groups: " + ", ".join(f"{name} ({n} readers)" for name, n in summary.groups.items()))
    if summary.readers:
        lines.append("Readers:")
        lines += [f"  {r.name:<24} {r.group:<20} {r.cases_read:>4} / {r.total_cases} read" for r in summary.readers]
    else:
        lines.append("Readers: none yet")
    lines.append(f"Reads: {summary.reads}")
    if summary.model_runs:
        lines.append("Model runs:")
        lines += [
            f"  {run.model_name} (sha256 {run.model_sha256[:12]}…) {run.created_at[:19]},"
            f" {run.n_predictions} predictions"
            for run in summary.model_runs
        ]
    else:
        lines.append("Model runs: none")
    return "\n".join(lines)
