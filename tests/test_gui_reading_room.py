"""The reading room driven as a reader would: real widgets, real study file, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from sqlalchemy import select

from ecgreader.ecg.paper import lay_out
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.gui.ecg_view import EcgView
from ecgreader.gui.main_window import MainWindow
from ecgreader.gui.reading_page import ReadingPage
from ecgreader.gui.sign_in_page import SignInPage
from ecgreader.store import open_study
from ecgreader.store.schema import Read
from tests.helpers.study_fixtures import (
    COORDINATOR_PASSWORD,
    SECRET_PROBABILITY,
    SECRET_SOURCE_PREFIX,
    make_reading_study,
)

pytestmark = pytest.mark.qt


@pytest.fixture(autouse=True)
def isolated_settings(isolated_qt):
    return isolated_qt


@pytest.fixture
def study_path(tmp_path):
    return make_reading_study(tmp_path / "reading.ecgstudy")


def open_window(qtbot, study_path) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_study(study_path)
    return window


def register(qtbot, window: MainWindow, name: str, group: str = "General doctor") -> ReadingPage:
    page = window.pages.currentWidget()
    assert isinstance(page, SignInPage)
    qtbot.keyClicks(page.new_name, name)
    page.new_group.setCurrentText(group)
    qtbot.mouseClick(page.register_button, Qt.LeftButton)
    reading = window.pages.currentWidget()
    assert isinstance(reading, ReadingPage)
    return reading


def sign_in(qtbot, window: MainWindow, name: str) -> ReadingPage:
    page = window.pages.currentWidget()
    page.reader_choice.setCurrentIndex(page.reader_choice.findText(name, Qt.MatchStartsWith))
    qtbot.mouseClick(page.sign_in_button, Qt.LeftButton)
    return window.pages.currentWidget()


def press(qtbot, window, key) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.focusWidget() or window, key)


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
    coordinator = _coordinator(qtbot, window)
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
    coordinator = _coordinator(qtbot, window)
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
    table = coordinator.table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(4)] == [
        "Dr Progress",
        "General doctor",
        "1",
        "6",
    ]
    assert table.item(0, 4).text().endswith(" s")
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


def test_a_vanished_study_file_is_reported_and_the_read_stays_on_screen(qtbot, study_path, tmp_path, isolated_settings):
    window = open_window(qtbot, study_path)
    page = register(qtbot, window, "Dr Moved")
    page.panel.label_boxes["LVH"].setChecked(True)
    study_path.rename(tmp_path / "moved.ecgstudy")
    page.panel.submit()
    assert isolated_settings and "has vanished" in isolated_settings[-1][1]
    assert page.case_label.text() == "Case 1 of 6"
    assert page.panel.selected_labels() == {"LVH"}
    window.close()


def test_a_corrupt_case_is_reported_not_crashed_on(qtbot, study_path, isolated_settings):
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
    assert isolated_settings and "Case 2 could not be shown" == isolated_settings[-1][0]
    assert "does not match its checksum" in isolated_settings[-1][1]
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
    dialog.gold_from.setCurrentText("ludb")
    dialog.gold_file.setText(str(ludb / "ludb.csv"))
    dialog.password.setText("pw")
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
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
