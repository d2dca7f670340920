"""Time from Submit to the next ECG fully painted, in the real reading view.

A 500 Hz, 10 s, 12-lead synthetic case in a 1600x1000 window; median of 100 switches.
Target: <= 50 ms.

    python bench/reading.py [--switches 100]
"""

from __future__ import annotations

import argparse
import statistics
import time

from gui_study import isolated_application, synthetic_study

from ecgreader.gui.main_window import MainWindow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--switches", type=int, default=100)
    args = parser.parse_args()
    app = isolated_application()
    study = synthetic_study(args.switches + 1)
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    window.open_study(study)
    sign_in = window.pages.currentWidget()
    sign_in.new_name.setText("Bench reader")
    sign_in.register_button.click()
    page = window.pages.currentWidget()
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
