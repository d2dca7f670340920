"""``ecgreader measure``: the global measurements of records, as a table or as JSON."""

from __future__ import annotations

import json

from ecgreader.ecg.leads import STANDARD_LEADS

# Table columns: heading, Measurements field, decimals.
_COLUMNS = (
    ("HR/min", "heart_rate_bpm", 0), ("RR", "rr_ms", 0), ("P", "p_ms", 0), ("PR", "pr_ms", 0),
    ("QRS", "qrs_ms", 0), ("QT", "qt_ms", 0), ("QTcB", "qtc_ms", 0), ("QTcF", "qtc_fridericia_ms", 0),
    ("P ax", "p_axis_deg", 0), ("QRS ax", "qrs_axis_deg", 0), ("T ax", "t_axis_deg", 0),
    ("SL mV", "sokolow_lyon_mv", 2), ("Cornell", "cornell_mv", 2),
)  # fmt: skip


def add_parser(commands) -> None:
    parser = commands.add_parser("measure", help="measure intervals, axes and amplitudes of ECG records")
    parser.add_argument("records", nargs="+", metavar="RECORD", help="ECG files in any format `render` reads")
    parser.add_argument("--json", action="store_true", help="a JSON array, one object per record")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ecgreader.cli.main import CommandError
    from ecgreader.ecg.formats import read_record
    from ecgreader.ecg.record import ImageRecord
    from ecgreader.measurements import measure

    measured = []  # (record's intake warnings, its measurements)
    for path in args.records:
        record = read_record(path)
        if isinstance(record, ImageRecord):
            raise CommandError(f"{path}: an image-only case has no signal to measure")
        measured.append((record.warnings, measure(record)))
    if args.json:
        print(json.dumps([m.as_json_dict(warnings) for warnings, m in measured], indent=2))
    else:
        print(_table(measured))
    return 0


def _table(measured) -> str:
    """One line per record (ms, degrees, mV) with its warnings under it, then each record's
    per-lead amplitudes."""
    results = [m for _, m in measured]
    width = max(len("record"), *(len(m.record) for m in results))
    lines = [f"{'record':<{width}}" + "".join(f"{heading:>9}" for heading, _, _ in _COLUMNS)]
    for record_warnings, m in measured:
        cells = "".join(f"{_cell(getattr(m, field), digits):>9}" for _, field, digits in _COLUMNS)
        lines.append(f"{m.record:<{width}}{cells}")
        lines.extend(f"  warning: {warning}" for warning in (*record_warnings, *m.warnings))
    lines.append("intervals in ms, axes in degrees; SL = Sokolow-Lyon; - = not measurable")
    for m in results:
        unit = "mV" if m.amplitude_calibrated else "not calibrated: relative units"
        lines.append(f"\n{m.record}: amplitudes ({unit})")
        lines.append(f"{'lead':<5}" + "".join(f"{h:>8}" for h in ("Q", "R", "S", "ST J", "ST J60", "T")))
        for lead in STANDARD_LEADS:
            if lead in m.amplitudes:
                a = m.amplitudes[lead]
                values = (a.q_mv, a.r_mv, a.s_mv, a.st_j_mv, a.st_j60_mv, a.t_mv)
                lines.append(f"{lead:<5}" + "".join(f"{_cell(v, 2):>8}" for v in values))
    return "\n".join(lines)


def _cell(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"
