"""Screenshots of each screen for the README: start, sign-in, reading view with calipers, the
paper as 6x2, at 50 mm/s and at true size, coordinator view, dashboard, second opinion, and the
reading view and second opinion in Simplified Chinese. Uses a synthetic study (never
shared-data records), offscreen. The Chinese shots need a CJK font on the machine (e.g.
Debian/Ubuntu ``fonts-noto-cjk``), else Qt draws empty boxes.

    python bench/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gui_study import (
    COORDINATOR_PASSWORD,
    isolated_application,
    register_and_read,
    synthetic_study,
    window_with_new_reader,
)
from PySide6.QtCore import QPointF

from ecgreader.ecg.paper import lay_out
from ecgreader.gui.main_window import MainWindow
from ecgreader.gui.translation import ENGLISH, SIMPLIFIED_CHINESE, install_language, save_language, saved_language

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = isolated_application()
    study = synthetic_study(12)
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()

    def shoot(name: str) -> None:
        save_grab(app, window, args.out, name)

    window.start_page.set_recent([str(study)])
    shoot("start")
    window.open_study(study)
    sign_in = window.pages.currentWidget()
    sign_in.new_name.setText("Dr Example")
    shoot("sign-in")
    page = register_and_read(window)
    read_a_few_then_mark_lvh(page, 3)
    page.paper_controls.calipers_button.setChecked(True)
    app.processEvents()
    view = page.view
    rhythm = lay_out(view.spec).traces[-1]
    record = view.record
    lead_ii = record.lead("II")
    peaks = [
        i
        for i in range(1, len(lead_ii) - 1)
        if lead_ii[i] > 0.8 and lead_ii[i] >= lead_ii[i - 1] and lead_ii[i] > lead_ii[i + 1]
    ]
    start, end = (
        QPointF(
            rhythm.x_mm + p / record.fs * view.spec.speed,
            rhythm.baseline_mm - lead_ii[p] * view.spec.gain,
        )
        for p in peaks[1:3]
    )
    view.caliper_points = (start, end)
    view.calipers_measured.emit(view.measurement())
    view.update()
    app.processEvents()  # the readout's width reaches the page's row one event round later
    shoot("reading-calipers")
    shoot_paper_settings(page.paper_controls, shoot)
    window.close_study()
    window.open_study(study)
    sign_in = window.pages.currentWidget()
    sign_in.password.setText(COORDINATOR_PASSWORD)
    sign_in.coordinator_button.click()
    shoot("coordinator")
    from ecgreader.model.inference import DEFAULT_MODEL, EcgModel, predict_study
    from ecgreader.reading import ReadingSession
    from ecgreader.store.sign_in import register_reader

    for name, group in (("Dr Second", "General doctor"), ("Dr Third", "Specialist")):
        session = ReadingSession(window.database, register_reader(window.database, name, group))
        for index in range(session.total):
            session.open(index)
            session.submit(
                frozenset(
                    k for k in ("LVH", "LAE", "IRBBB") if (index + len(name)) % 3 == "LVH LAE IRBBB".split().index(k)
                )
            )

    predict_study(window.database, EcgModel.load(DEFAULT_MODEL))  # the shipped network
    window.show_dashboard()
    dashboard = window.pages.currentWidget()
    while "network:" not in dashboard.status.text() and "No comparison" not in dashboard.status.text():
        app.processEvents()
    dashboard.label_choice.setCurrentText("LVH")
    dashboard.figures.setCurrentIndex(2)  # ROC with readers as points
    shoot("dashboard")
    window.close_study()
    shoot_second_opinion(app, args.out, "second-opinion")
    window.close()
    shoot_chinese(app, args.out)


def save_grab(app, window, out: Path, name: str) -> None:
    """``window`` as it is drawn now, saved as ``out/name.png``."""
    app.processEvents()
    path = out / f"{name}.png"
    window.grab().save(str(path))
    print(f"wrote {path}")


def read_a_few_then_mark_lvh(page, reads: int) -> None:
    """Submit ``reads`` cases as "none of the listed", so the progress shows, then mark LVH on
    the case now on screen."""
    for _ in range(reads):
        page.panel.none_box.setChecked(True)
        page.panel.submit()
    page.panel.label_boxes["LVH"].setChecked(True)


def shoot_chinese(app, out: Path) -> None:
    """The reading view and the second opinion with Simplified Chinese chosen on the start page:
    the choice is saved, then installed before the windows are built, as at the next start."""
    save_language(SIMPLIFIED_CHINESE)
    install_language(saved_language())
    window, page = window_with_new_reader(synthetic_study(6), "Dr Example")
    read_a_few_then_mark_lvh(page, 2)
    save_grab(app, window, out, f"reading-{SIMPLIFIED_CHINESE}")
    window.close()
    shoot_second_opinion(app, out, f"second-opinion-{SIMPLIFIED_CHINESE}")
    save_language(ENGLISH)
    install_language(ENGLISH)


def shoot_paper_settings(controls, shoot) -> None:
    """The paper as 6x2, at 50 mm/s (scrolling sideways) and at true size, then back to 3x4 at
    25 mm/s, fitted."""
    controls.calipers_button.setChecked(False)
    controls.layout_choice.setCurrentText("6x2")
    shoot("reading-6x2")
    controls.layout_choice.setCurrentText("3x4+II")
    controls.speed_choice.setCurrentText("50 mm/s")
    shoot("reading-50mm-s")
    controls.speed_choice.setCurrentText("25 mm/s")
    controls.true_size_button.click()
    shoot("reading-true-size")
    controls.fit_button.click()


def shoot_second_opinion(app, out: Path, name: str) -> None:
    """A reader in "after each case" mode, right after an unaided read: the network's output and
    where it looked for LVH, saved as ``out/name.png``."""
    from ecgreader.model.inference import DEFAULT_MODEL, EcgModel, predict_study
    from ecgreader.store.database import open_study
    from ecgreader.store.settings import update_settings

    study = synthetic_study(4)
    with open_study(study) as database:
        update_settings(database, allow_revisit=False, show_demographics=False, second_opinion_mode="after_each_case")
        predict_study(database, EcgModel.load(DEFAULT_MODEL))
    window, page = window_with_new_reader(study, "Dr Aided")
    page.panel.label_boxes["LVH"].setChecked(True)
    page.panel.submit()
    page.opinion_panel.saliency_choice.setCurrentText("LVH")
    while page.saliency_worker.running:  # saliency is computed off the GUI thread
        app.processEvents()
    save_grab(app, window, out, name)
    window.close()


if __name__ == "__main__":
    main()
