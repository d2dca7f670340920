"""``ecgreader render``: draw one record on ECG paper as PNG or vector PDF."""

from __future__ import annotations

from ecgreader.ecg.paper import GAINS_MM_PER_MV, LAYOUTS, SPEEDS_MM_PER_S


def add_parser(commands) -> None:
    parser = commands.add_parser("render", help="draw a record on ECG paper (PNG or PDF)")
    parser.add_argument(
        "record", help="an ECG file in any supported format (WFDB X.hea/X.dat/X.mat, DICOM, XML, SCP, EDF, image)"
    )
    parser.add_argument("--out", required=True, help="output .png or .pdf")
    parser.add_argument("--layout", choices=list(LAYOUTS), default="3x4+II")
    parser.add_argument("--gain", type=float, choices=GAINS_MM_PER_MV, default=10.0, help="mm/mV")
    parser.add_argument("--speed", type=float, choices=SPEEDS_MM_PER_S, default=25.0, help="mm/s")
    parser.add_argument("--px-per-mm", type=float, default=8.0, help="raster resolution")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ecgreader.cli.main import CommandError
    from ecgreader.ecg.amplitude import NOT_CALIBRATED_CONSEQUENCE, amplitude_problem
    from ecgreader.ecg.formats import read_record
    from ecgreader.ecg.record import ImageRecord
    from ecgreader.ecg.render import paper_spec_for, save_rendering

    if not 1.0 <= args.px_per_mm <= 40.0:
        raise CommandError(f"--px-per-mm {args.px_per_mm:g} is outside 1-40")
    record = read_record(args.record)
    if isinstance(record, ImageRecord):
        raise CommandError(f"{args.record}: an image-only case has no signal to render")
    for warning in record.warnings:
        print(f"warning: {warning}")
    if not record.amplitude_calibrated:
        reason = amplitude_problem(record)
        print(f"warning: {args.record}: amplitude not calibrated, {reason}: {NOT_CALIBRATED_CONSEQUENCE}")
    spec = paper_spec_for(record, layout=args.layout, gain=args.gain, speed=args.speed)
    save_rendering(record, args.out, spec, args.px_per_mm)
    print(f"wrote {args.out}")
    return 0
