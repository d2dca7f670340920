"""Render speed: our QPainter renderer against a plain matplotlib 12-lead plot of the same record.

Both draw the same LUDB record at 8 px/mm (the matplotlib figure is the same paper size at the
matching dpi, with the same 1/5 mm grid, 3x4+II layout and lead labels) in this process; the
script prints both medians and their ratio. Targets: ours <= 30 ms and >= 5x faster. It also
times what the reading view draws when zoomed: only the 1366x700 px on screen of a 50 mm/s page
at 16 px/mm (the whole page would be 8240x2720 px). Target <= 30 ms.

    python bench/render.py [--record PATH] [--repeats 30]
"""

from __future__ import annotations

import argparse
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from PySide6.QtCore import QRectF  # noqa: E402

from ecgreader.config import require_data_dir  # noqa: E402
from ecgreader.ecg import read_record  # noqa: E402
from ecgreader.ecg.paper import PaperSpec, lay_out  # noqa: E402
from ecgreader.ecg.render import render_image  # noqa: E402

PX_PER_MM = 8.0
ZOOMED_PX_PER_MM = 16.0
SCREEN_PX = (1366, 700)


def render_with_matplotlib(record, spec: PaperSpec) -> np.ndarray:
    paper = lay_out(spec)
    dpi = PX_PER_MM * 25.4
    figure = plt.figure(figsize=(paper.width_mm / 25.4, paper.height_mm / 25.4), dpi=dpi)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, paper.width_mm)
    axes.set_ylim(paper.height_mm, 0)
    axes.axis("off")
    for x in range(int(paper.width_mm) + 1):
        axes.axvline(x, color="#e26e6e" if x % 5 == 0 else "#f6c4c4", lw=0.5 if x % 5 else 1)
    for y in range(int(paper.height_mm) + 1):
        axes.axhline(y, color="#e26e6e" if y % 5 == 0 else "#f6c4c4", lw=0.5 if y % 5 else 1)
    for trace in paper.traces:
        first, last = int(trace.start_s * record.fs), int(trace.end_s * record.fs)
        values = record.lead(trace.lead)[first:last]
        times = np.arange(len(values)) / record.fs
        axes.plot(trace.x_mm + times * spec.speed, trace.baseline_mm - values * spec.gain, "k", lw=0.7)
        axes.text(trace.x_mm + 1, trace.row_top_mm + 4, trace.lead, fontsize=9, weight="bold")
    figure.canvas.draw()
    pixels = np.asarray(figure.canvas.buffer_rgba())
    plt.close(figure)
    return pixels


def median_ms(function, repeats: int) -> float:
    function()  # warm-up (font caches, grid cache)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", help="WFDB record (default: LUDB record 1 of the data directory)")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    record = read_record(args.record or require_data_dir() / "ludb" / "data" / "1")
    spec = PaperSpec()
    ours = median_ms(lambda: render_image(record, spec, PX_PER_MM), args.repeats)
    baseline = median_ms(lambda: render_with_matplotlib(record, spec), max(5, args.repeats // 5))
    print(f"record {record.record_id}, {record.fs:g} Hz, 3x4+II at {PX_PER_MM:g} px/mm")
    print(f"ecgreader renderer median: {ours:.1f} ms (target <= 30 ms)")
    print(f"matplotlib baseline median: {baseline:.1f} ms")
    print(f"speed-up: {baseline / ours:.1f}x (target >= 5x)")
    on_screen = QRectF(120.0, 40.0, SCREEN_PX[0] / ZOOMED_PX_PER_MM, SCREEN_PX[1] / ZOOMED_PX_PER_MM)
    zoomed = median_ms(
        lambda: render_image(record, PaperSpec(speed=50.0), ZOOMED_PX_PER_MM, region_mm=on_screen), args.repeats
    )
    print(
        f"zoomed view, {SCREEN_PX[0]}x{SCREEN_PX[1]} px of a 50 mm/s page at {ZOOMED_PX_PER_MM:g} px/mm: "
        f"{zoomed:.1f} ms (target <= 30 ms)"
    )


if __name__ == "__main__":
    main()
