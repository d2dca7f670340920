"""``ecgreader convert``: hospital ECG files to WFDB, so that PhysioNet tooling can read them.

Each record becomes ``NAME.hea`` + ``NAME.dat`` in the output folder: the 12 standard leads in mV
at the source's sampling rate (``ecg.formats.write_wfdb``). Every file that cannot be converted
is named with its reason, after the others are written.
"""

from __future__ import annotations

from pathlib import Path

TARGETS = ("wfdb",)


def add_parser(commands) -> None:
    parser = commands.add_parser("convert", help="convert ECG files (DICOM, XML, SCP-ECG, EDF …) to WFDB")
    parser.add_argument("files", nargs="+", metavar="FILE", help="record files or folders, in any supported format")
    parser.add_argument("--to", choices=TARGETS, default="wfdb", help="target format (default wfdb)")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the converted records")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ecgreader.cli.main import CommandError
    from ecgreader.ecg.formats import find_record_paths, read_record, wfdb_record_name, write_wfdb
    from ecgreader.ecg.record import ImageRecord, RecordError

    out_dir = Path(args.out)
    problems: list[str] = []
    used: set[str] = set()
    for path in find_record_paths(args.files):
        try:
            record = read_record(path)
        except RecordError as error:
            problems.append(str(error))
            continue
        if isinstance(record, ImageRecord):
            problems.append(f"{path}: an image-only case has no signal to convert")
            continue
        name = _unique_name(wfdb_record_name(record.record_id), used)
        if (out_dir / f"{name}.hea").resolve() == path.with_suffix(".hea").resolve():
            problems.append(f"{path}: converting it into {out_dir} would overwrite it")
            continue
        header = write_wfdb(record, out_dir, name)
        for warning in record.warnings:
            print(f"warning: {warning}")
        print(f"wrote {header} ({record.fs:g} Hz, {record.duration_s:.2f} s)")
    if problems:
        raise CommandError(*problems)
    return 0


def _unique_name(record_id: str, used: set[str]) -> str:
    """``record_id``, or ``record_id_2``, ``_3`` … when an earlier file of this run took it."""
    name, number = record_id, 1
    while name.lower() in used:
        number += 1
        name = f"{record_id}_{number}"
    used.add(name.lower())
    return name
