"""Time from Submit to the next ECG fully painted, in the real reading view.

A 500 Hz, 10 s, 12-lead synthetic case in a 1600x1000 window; median of 100 switches.
Target: <= 50 ms.

    python bench/reading.py [--switches 100]
"""

from __future__ import annotations

import argparse
import statistics
import time

from gui_study import isolated_application, synthetic_study, window_with_new_reader


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--switches", type=int, default=100)
    args = parser.parse_args()
    app = isolated_application()
    study = synthetic_study(args.switches + 1)
    window, page = window_with_new_reader(study, "Bench reader")
    app.processEvents()
    page.view.repaint()
    timings = []
    for _ in range(args.switches):
        page.panel.none_box.setChecked(True)
        start = time.perf_counter()
        page.panel.submit()  # commits the read, loads and renders the next case
        page.view.repaint()  # paints it now, synchronously
        timings.append(1000 * (time.perf_counter() - start))
        app.processEvents()
    timings.sort()
    print(f"view {page.view.width()}x{page.view.height()} px at {page.view.px_per_mm():.2f} px/mm")
    print(
        f"submit -> next ECG painted: median {statistics.median(timings):.1f} ms, "
        f"90th percentile {timings[int(0.9 * len(timings))]:.1f} ms over {len(timings)} switches "
        "(target <= 50 ms)"
    )
    window.close()


if __name__ == "__main__":
    main()
