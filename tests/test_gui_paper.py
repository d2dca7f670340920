"""Paper behaviour in the reading room (issue #12), driven through the real widgets offscreen:
speed, fit and scrolling, pinned lead labels, true size and its calibration, display filters,
calipers."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QScreen, QWheelEvent
from PySide6.QtWidgets import QAbstractButton, QComboBox, QVBoxLayout, QWidget

from ecgreader.ecg.display_filters import DisplayFilters
from ecgreader.ecg.paper import CaliperMeasurement, lay_out
from ecgreader.ecg.render import footer
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.gui.ecg_view import EcgView, format_measurement
from ecgreader.gui.paper_controls import PaperControls
from ecgreader.gui.screen_calibration_dialog import ScreenCalibrationDialog, screen_px_per_mm

pytestmark = pytest.mark.qt

SMALL_SCREEN_VIEW = (1100, 560)  # what is left for the paper on a 1366x768 display


@pytest.fixture(autouse=True)
def isolated_settings(isolated_qt):
    return isolated_qt


@pytest.fixture
def paper_room(qtbot):
    """Makes the view under its controls, as the reading page places them, showing a record;
    holds the windows until the test ends."""
    windows = []

    def make(size=SMALL_SCREEN_VIEW, record=None) -> tuple[EcgView, PaperControls]:
        window, view, controls = _paper_room(qtbot, size, record)
        windows.append(window)
        return view, controls

    return make


def _paper_room(qtbot, size, record) -> tuple[QWidget, EcgView, PaperControls]:
    window = QWidget()
    view = EcgView()
    controls = PaperControls(view)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(controls)
    layout.addWidget(view, 1)
    qtbot.addWidget(window)
    window.resize(size[0], size[1] + controls.sizeHint().height())
    window.show()
    qtbot.waitExposed(window)
    view.set_record(record or synthetic_ecg(heart_rate_bpm=60.0))
    return window, view, controls


def viewport_pixels(view: EcgView) -> np.ndarray:
    """(height, width, 3) RGB of what the view shows now."""
    image = view.viewport().grab().toImage().convertToFormat(QImage.Format_RGB888)
    buffer = np.frombuffer(image.constBits(), dtype=np.uint8)
    rows = buffer.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3]
    return rows.reshape(image.height(), image.width(), 3).copy()


def wheel(view: EcgView, steps: int, at: QPointF | None = None) -> None:
    if at is None:
        at = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
    event = QWheelEvent(at, view.mapToGlobal(at), QPoint(), QPoint(0, 120 * steps), Qt.NoButton, Qt.NoModifier,
                        Qt.NoScrollPhase, False)  # fmt: skip
    view.wheelEvent(event)


def r_peaks_on_screen_px(view: EcgView) -> np.ndarray:
    """Screen x of each R wave of the rhythm strip in view: where its ink crosses 0.5 mV."""
    rhythm = lay_out(view.spec).traces[-1]
    y = round(view.to_widget(QPointF(0, rhythm.baseline_mm - 0.5 * view.gain)).y())
    ink = viewport_pixels(view)[y].max(axis=-1) < 128
    columns = np.flatnonzero(ink)
    groups = np.split(columns, np.flatnonzero(np.diff(columns) > 3 * view.px_per_mm()) + 1)  # up and down strokes
    return np.array([group.mean() for group in groups if len(group)])


def test_50_mm_per_s_spreads_each_beat_over_twice_the_paper_and_scrolls_to_the_end(qtbot, paper_room):
    view, controls = paper_room()
    spacing_px = {}
    for speed in ("25 mm/s", "50 mm/s"):
        controls.speed_choice.setCurrentText(speed)
        peaks = r_peaks_on_screen_px(view)
        assert len(peaks) >= 3
        spacing_px[speed] = float(np.median(np.diff(peaks)))
        # One R-R interval of 1 s is 25 or 50 mm of paper, within a pixel.
        assert spacing_px[speed] / view.px_per_mm() == pytest.approx(view.speed, abs=1.5 / view.px_per_mm())
    assert spacing_px["50 mm/s"] == pytest.approx(2 * spacing_px["25 mm/s"], rel=0.03)  # the page did not shrink
    bar = view.horizontalScrollBar()
    qtbot.waitUntil(bar.isVisible)  # the scroll area shows its bars once their range is set
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    assert view.visible_paper_mm().right() == pytest.approx(lay_out(view.spec).width_mm, abs=0.5)


@pytest.mark.parametrize("layout", ["6x2", "12x1"])
def test_tall_layouts_fit_whole_then_zoom_and_scroll_to_their_last_row(qtbot, paper_room, layout):
    view, controls = paper_room()
    controls.layout_choice.setCurrentText(layout)
    paper = lay_out(view.spec)
    controls.fit_button.click()
    seen = view.visible_paper_mm()
    assert (seen.width(), seen.height()) == pytest.approx((paper.width_mm, paper.height_mm), abs=0.01)
    qtbot.waitUntil(lambda: not view.horizontalScrollBar().isVisible() and not view.verticalScrollBar().isVisible())

    wheel(view, 4)  # zoom in: the page no longer fits, and scroll bars reach all of it
    assert view.zoom == pytest.approx(1.25**4)
    for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
        qtbot.waitUntil(bar.isVisible)
    for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
        bar.setValue(bar.maximum())
    last_row = paper.traces[-1]
    assert last_row.lead == "V6"
    seen = view.visible_paper_mm()
    assert seen.bottom() == pytest.approx(paper.height_mm, abs=0.5)
    assert seen.right() == pytest.approx(paper.width_mm, abs=0.5)
    baseline_y = round(view.to_widget(QPointF(0, last_row.baseline_mm)).y())
    band = viewport_pixels(view)[baseline_y - 3 : baseline_y + 4]
    assert (band.max(axis=-1) < 128).any(axis=0).sum() > 50  # V6's trace is drawn there

    wheel(view, -20)  # zooming out stops at the whole page
    assert view.zoom == pytest.approx(1.0)
    qtbot.waitUntil(lambda: not view.verticalScrollBar().isVisible())


def test_fit_page_undoes_a_zoom(paper_room):
    view, controls = paper_room()
    wheel(view, 3)
    assert view.zoom > 1.9
    controls.fit_button.click()
    assert view.zoom == pytest.approx(1.0)
    assert view.pan == QPointF(0, 0)


def test_lead_labels_stay_pinned_at_the_left_edge_when_scrolled(paper_room):
    view, _ = paper_room()
    wheel(view, 3, QPointF(0, 0))
    assert view.pinned_labels() == []  # the page's own labels are on screen
    second_column = [t for t in lay_out(view.spec).traces if t.lead == "aVR"][0]
    view.horizontalScrollBar().setValue(round((second_column.x_mm + 20) * view.px_per_mm()))
    pinned = dict(view.pinned_labels())
    assert set(pinned) == {"aVR", "aVL"}  # the rows of aVF and the rhythm strip are below the fold
    rgb = viewport_pixels(view).astype(int)
    top = round(pinned["aVR"])
    label = rgb[top : top + round(4 * view.px_per_mm()), :40]
    assert (label.max(axis=-1) < 100).sum() > 20  # black letters …
    assert (label.min(axis=-1) > 235).mean() > 0.3  # … on a white box over the pink grid


def test_true_size_uses_the_monitors_physical_dpi(qtbot, paper_room, monkeypatch):
    monkeypatch.setattr(QScreen, "physicalDotsPerInch", lambda _screen: 254.0)
    view, controls = paper_room()
    controls.true_size_button.click()
    assert view.px_per_mm() == pytest.approx(10.0)  # 254 dots per 25.4 mm
    bar = view.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.isVisible() and view.verticalScrollBar().isVisible())
    assert bar.maximum() == pytest.approx(lay_out(view.spec).width_mm * 10.0 - view.viewport().width(), abs=1)


def test_calibrating_with_a_ruler_corrects_true_size(qtbot, paper_room, monkeypatch):
    monkeypatch.setattr(QScreen, "physicalDotsPerInch", lambda _screen: 254.0)
    view, controls = paper_room()
    dialog = ScreenCalibrationDialog(view.screen())
    qtbot.addWidget(dialog)
    assert dialog.bar.length_px == pytest.approx(1000.0)  # 100 mm at the reported 10 px/mm
    dialog.measured.setValue(125.0)  # the ruler says the bar is 125 mm: the monitor is 8 px/mm
    dialog.accept()
    assert screen_px_per_mm(view.screen()) == pytest.approx(8.0)
    controls.true_size_button.click()
    assert view.px_per_mm() == pytest.approx(8.0)


def test_a_monitor_without_a_physical_size_falls_back_to_the_logical_dpi(paper_room, monkeypatch):
    monkeypatch.setattr(QScreen, "physicalDotsPerInch", lambda _screen: 0.0)
    view, _ = paper_room()
    assert screen_px_per_mm(view.screen()) == pytest.approx(view.screen().logicalDotsPerInch() / 25.4)


def test_the_studys_display_filters_reach_the_paper_and_its_footer(qtbot, tmp_path):
    from ecgreader.gui.reading_page import ReadingPage
    from ecgreader.reading import ReadingSession
    from ecgreader.store import open_study
    from ecgreader.store.sign_in import register_reader
    from tests.helpers.study_fixtures import make_reading_study

    path = make_reading_study(tmp_path / "filtered.ecgstudy", baseline_filter_hz=0.5, muscle_filter_hz=40.0,
                              mains_filter_hz=50)  # fmt: skip
    with open_study(path) as study:
        page = ReadingPage(ReadingSession(study, register_reader(study, "Dr Filter", "Specialist")))
        qtbot.addWidget(page)
        page.start()
        assert page.view.filters == DisplayFilters(baseline_hz=0.5, muscle_hz=40.0, mains_hz=50)
        assert footer(page.view.spec, page.view.record) == (
            "25 mm/s   10 mm/mV   0.5–40 Hz  50 Hz notch   sampled at 500 Hz"
        )
        page.close()


def test_calipers_give_no_rate_for_a_span_under_200_ms(qtbot, paper_room):
    assert "bpm" not in format_measurement(CaliperMeasurement(interval_ms=150.0, amplitude_mv=1.0))
    assert "bpm" not in format_measurement(CaliperMeasurement(interval_ms=0.0, amplitude_mv=1.0))
    assert format_measurement(CaliperMeasurement(interval_ms=1000.0, amplitude_mv=0.0)).endswith("60 bpm")
    view, controls = paper_room()
    controls.calipers_button.click()
    start, end = QPoint(300, 100), QPoint(300, 250)  # a vertical caliper: Δt = 0
    qtbot.mousePress(view.viewport(), Qt.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.LeftButton, pos=end)
    assert controls.caliper_readout.text().startswith("Δt 0 ms")
    assert "bpm" not in controls.caliper_readout.text()


def test_every_paper_control_explains_itself(paper_room):
    _, controls = paper_room()
    widgets = controls.findChildren(QAbstractButton) + controls.findChildren(QComboBox)
    assert len(widgets) == 7
    assert all(widget.toolTip() for widget in widgets)


def test_the_paper_choices_are_remembered_for_the_next_session(paper_room):
    _, controls = paper_room()
    controls.layout_choice.setCurrentText("12x1")
    controls.gain_choice.setCurrentText("20 mm/mV")
    controls.speed_choice.setCurrentText("50 mm/s")
    view, _ = paper_room()
    assert (view.layout_name, view.gain, view.speed) == ("12x1", 20.0, 50.0)


def test_a_long_caliper_readout_never_cuts_the_gain_and_speed_choices(qtbot, paper_room):
    view, controls = paper_room(size=(900, 400))
    controls.calipers_button.click()
    start, end = QPoint(100, 200), QPoint(800, 200)  # a long span: the readout's widest text
    qtbot.mousePress(view.viewport(), Qt.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.LeftButton, pos=end)
    assert controls.caliper_readout.text().startswith("Δt ")
    # Room for every control but not for the readout's whole text, as in a splitter at 1600 px.
    row = controls.layout()
    others = [
        row.itemAt(i).widget() for i in range(row.count()) if row.itemAt(i).widget() is not controls.caliper_readout
    ]
    room = sum(widget.sizeHint().width() + row.spacing() for widget in others) + 40
    assert room < sum(widget.sizeHint().width() for widget in [*others, controls.caliper_readout])
    controls.window().setFixedWidth(room)
    qtbot.waitUntil(lambda: controls.width() == room)
    for combo in (controls.layout_choice, controls.gain_choice, controls.speed_choice):
        assert combo.width() >= combo.sizeHint().width(), combo.currentText()
    assert controls.caliper_readout.width() >= 40  # what is left over: the readout's start shows
