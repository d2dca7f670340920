"""The reading room driven as a reader would: real widgets, real study file, offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from sqlalchemy import select

from ecgreader.ecg.paper import lay_out
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.gui.ecg_view import EcgView
from ecgreader.gui.main_window import MainWindow
from ecgreader.gui.sign_in_page import SignInPage
from ecgreader.store import open_study
from ecgreader.store.schema import Read
from tests.helpers.reading_room import open_window, press, register, sign_in
from tests.helpers.study_fixtures import (
    COORDINATOR_PASSWORD,
    SECRET_PROBABILITY,
    SECRET_SOURCE_PREFIX,
    make_reading_study,
)

pytestmark = [pytest.mark.qt, pytest.mark.usefixtures("isolated_qt")]  # settings and dialogs kept to the test


@pytest.fixture
def study_path(tmp_path):
    return make_reading_study(tmp_path / "reading.ecgstudy")


def test_read_three_cases_with_the_keyboard_then_resume_in_the_same_order(qtbot, study_path):
    window = open_window(qtbot, study_path)
    page = register(qtbot, window, "Dr Keyboard")
    order = list(page.session.order)
    assert page.case_label.text() == "Case 1 of 6"
    for keys in ([Qt.Key_1], [Qt.Key_6, Qt.Key_7], [Qt.Key_N]):
        for key in keys:
            press(qtbot, window, key)
        press(qtbot, window, Qt.Key_Return)
    assert page.case_label.text() == "Case 4 of 6"
    assert page.progress.value() == 3

    with open_study(study_path) as study, study.reading() as session:
        reads = {r.case_id: r for r in session.scalars(select(Read))}
        stored = {case_id: {link.label.key for link in r.labels} for case_id, r in reads.items()}
        assert stored == {order[0]: {"CRBBB"}, order[1]: {"LVH", "LAE"}, order[2]: set()}
        for read in reads.values():
            assert read.phase == "unaided" and read.revision == 1
            assert read.shown_at <= read.submitted_at and 0 < read.active_seconds < 60
    window.close()

    again = open_window(qtbot, study_path)
    resumed = sign_in(qtbot, again, "Dr Keyboard")
    assert resumed.case_label.text() == "Case 4 of 6"
    assert resumed.session.order == order
    again.close_study()
    again.open_study(study_path)
    other = register(qtbot, again, "Dr Other")
    assert other.session.order != order
    again.close()


def test_none_of_the_listed_is_exclusive_and_submit_needs_an_answer(qtbot, study_path):
    window = open_window(qtbot, study_path)
    panel = register(qtbot, window, "Dr Careful").panel
    assert not panel.submit_button.isEnabled()
    panel.label_boxes["LVH"].setChecked(True)
    panel.none_box.setChecked(True)
    assert panel.selected_labels() == frozenset() and panel.submit_button.isEnabled()
    panel.label_boxes["STE"].setChecked(True)
    assert not panel.none_box.isChecked()
    window.close()


def _all_visible_text(root: QWidget) -> str:
    texts = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        texts += [widget.toolTip(), widget.statusTip(), widget.whatsThis(), widget.accessibleName()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
    return "\n".join(texts)


def test_reader_mode_reveals_no_source_id_gold_or_model_output(qtbot, study_path):
    window = open_window(qtbot, study_path)
    page = register(qtbot, window, "Dr Blind")
    for _ in range(3):
        text = _all_visible_text(window)
        assert SECRET_SOURCE_PREFIX not in text
        assert f"{SECRET_PROBABILITY:.3f}"[:4] not in text and "87.3" not in text
        assert "gold" not in text.lower()
        assert not any(box.isChecked() for box in page.panel.label_boxes.values())
        page.panel.none_box.setChecked(True)
        page.panel.submit()
    window.close()


def _coordinator(qtbot, window):
    sign_in_page = window.pages.currentWidget()
    qtbot.keyClicks(sign_in_page.password, COORDINATOR_PASSWORD)
    qtbot.mouseClick(sign_in_page.coordinator_button, Qt.LeftButton)
    return window.pages.currentWidget()


def test_settings_are_editable_until_the_first_read(qtbot, study_path):
    window = open_window(qtbot, study_path)
    coordinator = _coordinator(qtbot, window).settings_editor
    assert coordinator.save_button.isEnabled()
    coordinator.show_demographics.setChecked(True)
    qtbot.mouseClick(coordinator.save_button, Qt.LeftButton)
    window.close_study()
    window.open_study(study_path)
    page = register(qtbot, window, "Dr Sees Age")
    assert page.demographics_label.isVisible() and page.demographics_label.text()
    page.panel.none_box.setChecked(True)
    page.panel.submit()
    window.close_study()
    window.open_study(study_path)
    coordinator = _coordinator(qtbot, window).settings_editor
    assert not coordinator.save_button.isEnabled() and not coordinator.show_demographics.isEnabled()
    window.close()


def test_coordinator_sees_progress(qtbot, study_path):
    window = open_window(qtbot, study_path)
    page = register(qtbot, window, "Dr Progress")
    page.panel.none_box.setChecked(True)
    page.panel.submit()
    window.close_study()
    window.open_study(study_path)
    coordinator = _coordinator(qtbot, window)
    table = coordinator.readers.table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in (0, 1, 2, 4)] == ["Dr Progress", "General doctor", "active", "1 of 6"]
    assert table.item(0, 6).text().endswith(" s")
    window.close()


def test_wrong_pin_is_refused_on_the_page(qtbot, study_path):
    window = open_window(qtbot, study_path)
    page = window.pages.currentWidget()
    qtbot.keyClicks(page.new_name, "Dr Pin")
    qtbot.keyClicks(page.new_pin, "1234")
    qtbot.mouseClick(page.register_button, Qt.LeftButton)
    window.close_study()
    window.open_study(study_path)
    page = window.pages.currentWidget()
    qtbot.keyClicks(page.pin, "9999")
    qtbot.mouseClick(page.sign_in_button, Qt.LeftButton)
    assert window.pages.currentWidget() is page
    assert page.message.text() == "wrong PIN"
    window.close()


def _drag(view: QWidget, start: QPoint, end: QPoint) -> None:
    for kind, point, buttons in (
        (QEvent.MouseButtonPress, start, Qt.LeftButton),
        (QEvent.MouseMove, end, Qt.LeftButton),
        (QEvent.MouseButtonRelease, end, Qt.NoButton),
    ):
        event = QMouseEvent(
            kind,
            QPointF(point),
            QPointF(view.mapToGlobal(point)),
            Qt.LeftButton,
            buttons,
            Qt.NoModifier,
        )
        view.mouseMoveEvent(event) if kind == QEvent.MouseMove else (
            view.mousePressEvent(event) if kind == QEvent.MouseButtonPress else view.mouseReleaseEvent(event)
        )


def test_calipers_measure_one_second_r_r_as_60_bpm(qtbot):
    view = EcgView()
    qtbot.addWidget(view)
    view.resize(1600, 900)
    view.show()
    record = synthetic_ecg(heart_rate_bpm=60.0, first_r_s=0.5)
    view.set_record(record)
    view.set_caliper_mode(True)
    rhythm = lay_out(view.spec).traces[-1]
    scale = view.px_per_mm()

    def r_peak(t: float) -> QPoint:
        x_mm = rhythm.x_mm + t * view.spec.speed
        return view.to_widget(QPointF(x_mm, rhythm.baseline_mm)).toPoint()

    with qtbot.waitSignal(view.calipers_measured) as measured:
        _drag(view, r_peak(1.5), r_peak(2.5))
    result = measured.args[0]
    one_pixel_ms = 1000.0 / (view.spec.speed * scale)
    assert abs(result.interval_ms - 1000.0) <= one_pixel_ms
    assert round(result.rate_bpm) == 60
    assert abs(result.amplitude_mv) <= 1.0 / (view.spec.gain * scale)


def test_a_vanished_study_file_is_reported_and_the_read_stays_on_screen(qtbot, study_path, tmp_path, isolated_qt):
    window = open_window(qtbot, study_path)
    page = register(qtbot, window, "Dr Moved")
    page.panel.label_boxes["LVH"].setChecked(True)
    study_path.rename(tmp_path / "moved.ecgstudy")
    page.panel.submit()
    assert isolated_qt and "has vanished" in isolated_qt[-1][1]
    assert page.case_label.text() == "Case 1 of 6"
    assert page.panel.selected_labels() == {"LVH"}
    window.close()


def test_a_corrupt_case_is_reported_not_crashed_on(qtbot, study_path, isolated_qt):
    import sqlite3

    window = open_window(qtbot, study_path)
    page = register(qtbot, window, "Dr Corrupt")
    following = page.session.order[1]
    connection = sqlite3.connect(study_path)
    connection.execute("UPDATE cases SET checksum = ? WHERE id = ?", ("0" * 64, following))
    connection.commit()
    connection.close()
    page.panel.none_box.setChecked(True)
    page.panel.submit()
    assert isolated_qt and "Case 2 could not be shown" == isolated_qt[-1][0]
    assert "does not match its checksum" in isolated_qt[-1][1]
    window.close()


def test_create_study_dialog_builds_a_study_with_progress(qtbot, tmp_path, ludb):
    from ecgreader.gui.create_study_dialog import CreateStudyDialog

    records = tmp_path / "records"
    records.mkdir()
    for record_id in ("1", "2", "3"):
        for suffix in (".hea", ".dat"):
            (records / f"{record_id}{suffix}").write_bytes((ludb / "data" / f"{record_id}{suffix}").read_bytes())
    dialog = CreateStudyDialog()
    qtbot.addWidget(dialog)
    dialog.out.setText(str(tmp_path / "made.ecgstudy"))
    dialog.add_records(str(records))
    dialog.gold_from.setCurrentIndex(dialog.gold_from.findData("ludb"))
    dialog.gold_file.setText(str(ludb / "ludb.csv"))
    dialog.password.setText("pw")
    with qtbot.waitSignal(dialog.worker.succeeded, timeout=30_000):  # the dialog then shows the import summary
        dialog.start()
    assert dialog.created_path == tmp_path / "made.ecgstudy"
    assert dialog.progress.value() == dialog.progress.maximum() == 6
    with open_study(dialog.created_path) as study:
        from ecgreader.store import summarise_study

        summary = summarise_study(study)
    assert summary.cases == 3 and {label.key: label.positives for label in summary.labels}["LVH"] == 3


def test_open_demo_builds_the_demo_study_in_the_background_and_signs_in(qtbot, tmp_path, monkeypatch, ludb):
    from ecgreader import demo

    monkeypatch.setattr(demo, "DEMO_STUDY", tmp_path / "demo.ecgstudy")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_demo()
    qtbot.waitUntil(lambda: isinstance(window.pages.currentWidget(), SignInPage), timeout=120_000)
    assert (tmp_path / "demo.ecgstudy").exists()
    window.close()


def test_wheel_zooms_around_the_cursor_and_drag_pans(qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QWheelEvent

    view = EcgView()
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.set_record(synthetic_ecg())
    anchor = QPointF(400, 300)
    paper_point = view.to_paper_mm(anchor)
    wheel = QWheelEvent(anchor, view.mapToGlobal(anchor), QPoint(), QPoint(0, 240), Qt.NoButton, Qt.NoModifier,
                        Qt.NoScrollPhase, False)  # fmt: skip
    view.wheelEvent(wheel)
    assert view.zoom == pytest.approx(1.25**2)
    after = view.to_paper_mm(anchor)
    assert abs(after.x() - paper_point.x()) < 0.01 and abs(after.y() - paper_point.y()) < 0.01
    pan_before = QPointF(view.pan)
    _drag(view, QPoint(500, 400), QPoint(450, 380))
    assert view.pan - pan_before == QPointF(-50, -20)
    view.reset_view()
    assert view.zoom == 1.0 and view.pan == QPointF(0, 0)


FINDING_KEYS = [Qt.Key_1, Qt.Key_2, Qt.Key_3, Qt.Key_4, Qt.Key_5, Qt.Key_6, Qt.Key_7, Qt.Key_8, Qt.Key_9, Qt.Key_0]


def test_rate_every_finding_1_to_5_by_keyboard_then_enter(qtbot, tmp_path):
    """A finding's number key, then its rating 1-5; Enter only once all ten are rated."""
    from ecgreader.gui.rating_panel import RatingPanel
    from ecgreader.store.schema import ReadRevision

    path = make_reading_study(tmp_path / "rated.ecgstudy", rating_scale="1-5")
    window = open_window(qtbot, path)
    page = register(qtbot, window, "Dr Scale")
    assert isinstance(page.panel, RatingPanel)
    order = list(page.session.order)
    ratings = [5, 1, 2, 1, 3, 4, 1, 2, 1, 1]
    rating_keys = {1: Qt.Key_1, 2: Qt.Key_2, 3: Qt.Key_3, 4: Qt.Key_4, 5: Qt.Key_5}
    for finding, rating in zip(FINDING_KEYS[:-1], ratings[:-1], strict=True):
        press(qtbot, window, finding)
        press(qtbot, window, rating_keys[rating])
    press(qtbot, window, Qt.Key_Return)  # not complete: goes to the unrated tenth finding
    assert page.case_label.text() == "Case 1 of 6"
    assert window.focusWidget() is page.panel.rating_edits[page.session.vocabulary.keys[9]]
    press(qtbot, window, rating_keys[ratings[-1]])
    assert page.panel.submit_button.isEnabled()
    press(qtbot, window, Qt.Key_Return)
    assert page.case_label.text() == "Case 2 of 6"

    keys = page.session.vocabulary.keys
    with open_study(path) as study, study.reading() as session:
        read = session.scalars(select(Read)).one()
        assert read.case_id == order[0]
        assert {r.label.key: r.rating for r in read.ratings} == dict(zip(keys, map(float, ratings), strict=True))
        assert {link.label.key for link in read.labels} == {keys[0], keys[5]}  # rated ≥ 4 (the default cut-off)
        assert session.scalars(select(ReadRevision)).one().ratings is not None
    window.close()


def test_rate_0_to_100_by_typing_and_the_aided_read_starts_from_the_unaided_ratings(qtbot, tmp_path):
    path = make_reading_study(
        tmp_path / "percent.ecgstudy", rating_scale="0-100", positive_at=60, second_opinion_mode="after_each_case"
    )
    window = open_window(qtbot, path)
    page = register(qtbot, window, "Dr Percent")
    keys = page.session.vocabulary.keys
    press(qtbot, window, Qt.Key_1)
    for value in ["75", "59.5", "0", "100", "0", "60", "0", "0", "0", "0"]:  # Enter goes to the next unrated
        qtbot.keyClicks(window.focusWidget(), value)
        press(qtbot, window, Qt.Key_Return)
    assert page.opinion_panel.isVisible()  # the unaided read is stored; now the aided read
    assert page.panel.rating_edits[keys[1]].text() == "59.5"
    press(qtbot, window, Qt.Key_2)
    qtbot.keyClicks(window.focusWidget(), "80")
    press(qtbot, window, Qt.Key_Return)
    assert page.case_label.text().startswith("Case 2 of 6")

    with open_study(path) as study, study.reading() as session:
        reads = {r.phase: r for r in session.scalars(select(Read))}
        present = {phase: {link.label.key for link in r.labels} for phase, r in reads.items()}
        assert present == {"unaided": {keys[0], keys[3], keys[5]}, "aided": {keys[0], keys[1], keys[3], keys[5]}}
        assert {r.label.key: r.rating for r in reads["unaided"].ratings}[keys[1]] == 59.5
    window.close()


def test_create_study_dialog_sets_the_answer_format_and_plans_readers_and_cases(qtbot, tmp_path):
    from ecgreader.gui.create_study_dialog import CreateStudyDialog
    from ecgreader.gui.plan_dialog import PlanDialog

    dialog = CreateStudyDialog()
    qtbot.addWidget(dialog)
    dialog.out.setText(str(tmp_path / "rated.ecgstudy"))
    assert not dialog.positive_at.isEnabled() and dialog.options().rating_scale == "binary"
    dialog.rating_scale.setCurrentIndex(dialog.rating_scale.findData("1-5"))
    assert dialog.positive_at.isEnabled() and dialog.positive_at.value() == 4
    dialog.positive_at.setValue(3)
    assert (dialog.options().rating_scale, dialog.options().positive_at) == ("1-5", 3.0)
    dialog.rating_scale.setCurrentIndex(dialog.rating_scale.findData("0-100"))
    assert dialog.options().positive_at == 50.0

    plan = PlanDialog(dialog)
    qtbot.addWidget(plan)
    plan.effect.setValue(0.0438)
    plan.compute()
    cases = {int(plan.table.item(i, 0).text()): int(plan.table.item(i, 1).text()) for i in range(plan.table.rowCount())}
    assert 250 <= cases[6] <= 252  # the Van Dyke example (RJafroc: 251 at the unrounded effect)


def test_plan_dialog_loads_a_pilot_study(qtbot, tmp_path):
    from ecgreader.cli.main import main
    from ecgreader.gui.plan_dialog import PlanDialog

    data = Path(__file__).parent / "data"
    pilot = tmp_path / "vandyke.ecgstudy"
    assert main(["study", "create-from-tables", str(pilot), "--gold", str(data / "vandyke_gold.csv"),
                 "--reads", str(data / "vandyke_reads.csv"), "--rating-scale", "1-5"]) == 0  # fmt: skip
    plan = PlanDialog()
    qtbot.addWidget(plan)
    plan.pilot_path.setText(str(pilot))
    with qtbot.waitSignal(plan.worker.succeeded, timeout=30_000):
        plan.load_pilot()
    assert plan.pilot_cases.value() == 114 and "5 readers" in plan.message.text()
    row = next(i for i in range(plan.table.rowCount()) if plan.table.item(i, 0).text() == "6")
    assert plan.table.item(row, 1).text() == "251"


def test_opening_or_creating_a_study_or_the_demo_ready_asks_before_leaving_a_case(
    qtbot, study_path, tmp_path, monkeypatch
):
    from ecgreader.gui import main_window

    other = make_reading_study(tmp_path / "other.ecgstudy", n_cases=2)
    asked, answer = [], [QMessageBox.No]
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: asked.append(args[1]) or answer[0])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(other), ""))
    monkeypatch.setattr(main_window, "CreateStudyDialog", None)  # kept: the dialog never opens
    window = open_window(qtbot, study_path)
    page = register(qtbot, window, "Dr Stays")
    page.panel.label_boxes["LVH"].setChecked(True)
    press(qtbot, window, Qt.Key_O, Qt.ControlModifier)
    window.create_action.trigger()
    window._demo_built(other)  # the demo build finishing mid-case
    assert asked == ["Leave this case?"] * 3
    assert window.pages.currentWidget() is page and page.panel.selected_labels() == {"LVH"}
    assert str(other) in window.statusBar().currentMessage()  # the demo is ready, not opened
    answer[0] = QMessageBox.Yes
    press(qtbot, window, Qt.Key_O, Qt.ControlModifier)
    assert isinstance(window.pages.currentWidget(), SignInPage) and window.database.path == other
    window.close()
