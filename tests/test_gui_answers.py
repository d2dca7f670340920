"""The reading workflow around the answer: the protocol page, each finding's criteria, "cannot be
assessed", N asking before it clears ticked findings, undo of the last submission, the confidence
scale's anchors and a tooltip on every control. Real widgets, real study files, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QMessageBox, QWidget
from sqlalchemy import select

from ecgreader.gui.label_panel import LabelPanel
from ecgreader.gui.rating_panel import RatingPanel
from ecgreader.gui.reading_page import ReadingPage
from ecgreader.labels.criteria import TEXTBOOK_CRITERIA
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY
from ecgreader.reading import ReadingSession
from ecgreader.reading.session import UNDO_WINDOW
from ecgreader.store import open_study
from ecgreader.store.schema import Read, ReadRevision
from ecgreader.store.settings import update_settings
from ecgreader.store.sign_in import register_reader
from tests.helpers.clock import FakeClock
from tests.helpers.reading_room import press
from tests.helpers.study_fixtures import make_reading_study

pytestmark = pytest.mark.qt

PROTOCOL = "Read at 25 mm/s and 10 mm/mV.\nDo not discuss cases with other readers."
REASONS = ("poor quality", "lead reversal", "paced rhythm")


@pytest.fixture(autouse=True)
def isolated(isolated_qt):
    return isolated_qt


def shown_page(qtbot, study, name: str = "Dr Reader", clock: FakeClock | None = None) -> ReadingPage:
    reader = register_reader(study, name, "Specialist")
    session = ReadingSession(study, reader, now=clock) if clock else ReadingSession(study, reader)
    page = ReadingPage(session)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.start()
    return page


def test_the_protocol_comes_before_the_first_case_and_stays_available(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "s.ecgstudy", protocol=PROTOCOL)
    with open_study(path) as study:
        update_settings(study, finding_criteria={"LVH": "Cornell product > 2440 mm·ms"})
        page = shown_page(qtbot, study)
        assert page.stack.currentWidget() is page.protocol_page and page.session.index is None
        text = page.protocol_page.text.toPlainText()
        assert "Do not discuss cases with other readers." in text
        assert "Cornell product > 2440 mm·ms" in text and TEXTBOOK_CRITERIA["IAVB"] in text
        assert page.protocol_page.continue_button.text() == "Begin reading"
        qtbot.mouseClick(page.protocol_page.continue_button, Qt.LeftButton)
        assert page.case_label.text() == "Case 1 of 6" and page.stack.currentIndex() == 0

        assert "Cornell product" in page.panel.label_boxes["LVH"].toolTip()
        assert TEXTBOOK_CRITERIA["CRBBB"] in page.panel.label_boxes["CRBBB"].toolTip()
        qtbot.mouseClick(page.panel.criteria_button, Qt.LeftButton)
        assert page.stack.currentWidget() is page.protocol_page
        assert page.protocol_page.continue_button.text() == "Back to reading"
        qtbot.mouseClick(page.protocol_page.continue_button, Qt.LeftButton)
        assert page.session.index == 0 and page.case_label.text() == "Case 1 of 6"

        page.panel.none_box.setChecked(True)
        qtbot.mouseClick(page.panel.submit_button, Qt.LeftButton)
        resumed = ReadingPage(ReadingSession(study, page.session.reader))  # a reader with reads goes straight on
        qtbot.addWidget(resumed)
        resumed.start()
        assert resumed.stack.currentIndex() == 0 and resumed.case_label.text() == "Case 2 of 6"


def test_cannot_be_assessed_is_submitted_with_its_reason_and_no_findings(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "s.ecgstudy", unassessable_reasons=REASONS)
    with open_study(path) as study:
        page = shown_page(qtbot, study)
        choice = page.panel.unassessable_choice
        assert choice.isVisible() and not choice.reason.isEnabled()
        page.panel.label_boxes["LVH"].setChecked(True)
        choice.check.setChecked(True)
        choice.reason.setCurrentText("lead reversal")
        assert not page.panel.findings_box.isEnabled() and page.panel.submit_button.isEnabled()
        qtbot.mouseClick(page.panel.submit_button, Qt.LeftButton)
        assert page.case_label.text() == "Case 2 of 6" and not choice.check.isChecked()
        with study.reading() as snapshot:
            read = snapshot.scalars(select(Read)).one()
            assert read.unassessable_reason == "lead reversal" and not read.labels

    off = make_reading_study(tmp_path / "off.ecgstudy", unassessable_reasons=())
    with open_study(off) as study:
        assert not shown_page(qtbot, study).panel.unassessable_choice.isVisible()


def test_cannot_be_assessed_in_a_rating_study_needs_no_ratings(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "s.ecgstudy", rating_scale="1-5", unassessable_reasons=REASONS)
    with open_study(path) as study:
        page = shown_page(qtbot, study)
        assert isinstance(page.panel, RatingPanel) and not page.panel.submit_button.isEnabled()
        page.panel.unassessable_choice.check.setChecked(True)
        page.panel.unassessable_choice.reason.setCurrentText("paced rhythm")
        press(qtbot, page, Qt.Key_Return)
        assert page.case_label.text() == "Case 2 of 6"
        with study.reading() as snapshot:
            read = snapshot.scalars(select(Read)).one()
            assert read.unassessable_reason == "paced rhythm" and not read.ratings


def test_n_asks_before_it_clears_ticked_findings(qtbot, tmp_path):
    with open_study(make_reading_study(tmp_path / "s.ecgstudy")) as study:
        page = shown_page(qtbot, study)
        panel = page.panel
        press(qtbot, page, Qt.Key_6)  # LVH
        press(qtbot, page, Qt.Key_N)
        assert panel.clear_confirmation is not None and panel.clear_confirmation.isVisible()
        assert panel.label_boxes["LVH"].isChecked()
        panel.clear_confirmation.button(QMessageBox.No).click()
        assert panel.label_boxes["LVH"].isChecked() and not panel.none_box.isChecked()
        assert panel.clear_confirmation is None

        press(qtbot, page, Qt.Key_N)
        panel.clear_confirmation.button(QMessageBox.Yes).click()
        assert panel.selected_labels() == frozenset() and panel.none_box.isChecked()
        press(qtbot, page, Qt.Key_N)  # nothing ticked to lose: no question
        assert panel.clear_confirmation is None and not panel.none_box.isChecked()


def test_undo_goes_back_to_the_last_case_until_thirty_seconds_pass(qtbot, tmp_path):
    clock = FakeClock()
    with open_study(make_reading_study(tmp_path / "s.ecgstudy")) as study:
        page = shown_page(qtbot, study, clock=clock)
        assert page.undo_button.isHidden()
        page.panel.label_boxes["LVH"].setChecked(True)
        qtbot.mouseClick(page.panel.submit_button, Qt.LeftButton)
        assert page.case_label.text() == "Case 2 of 6" and page.undo_button.isVisible()

        qtbot.mouseClick(page.undo_button, Qt.LeftButton)
        assert page.case_label.text() == "Case 1 of 6" and page.panel.selected_labels() == {"LVH"}
        page.panel.label_boxes["IAVB"].setChecked(True)
        qtbot.mouseClick(page.panel.submit_button, Qt.LeftButton)
        assert page.case_label.text() == "Case 2 of 6"
        with study.reading() as snapshot:
            history = snapshot.scalars(select(ReadRevision).order_by(ReadRevision.id)).all()
            assert [r.revision for r in history] == [1, 2] and history[1].label_keys == '["IAVB", "LVH"]'

        assert page.undo_button.isVisible()
        clock.advance(UNDO_WINDOW.total_seconds())
        qtbot.waitUntil(page.undo_button.isHidden, timeout=3000)  # the page's timer checks every second


def test_confidence_anchors_and_a_tooltip_on_every_control(qtbot, tmp_path):
    label_panel = LabelPanel(DEFAULT_VOCABULARY, {}, REASONS)
    rating_panel = RatingPanel(DEFAULT_VOCABULARY, "0-100", 50.0, {}, REASONS)
    for panel in (label_panel, rating_panel):
        qtbot.addWidget(panel)
    anchors = [label_panel.findChild(QLabel, f"confidenceAnchor{value}").text() for value in (1, 5)]
    assert anchors == ["very unsure", "certain"]
    assert "very unsure" in label_panel.confidence_group.button(1).toolTip()
    with open_study(make_reading_study(tmp_path / "s.ecgstudy")) as study:
        page = shown_page(qtbot, study)
        own = (page.undo_button, page.protocol_button, page.previous_button, page.next_button)
        for root in (label_panel, rating_panel, page.panel):
            untipped = [_name(w) for w in _controls(root) if not w.toolTip()]
            assert untipped == [], f"controls without a tooltip in {type(root).__name__}"
        assert all(button.toolTip() for button in own)


def _controls(root: QWidget) -> list[QWidget]:
    return [w for kind in (QAbstractButton, QComboBox, QLineEdit) for w in root.findChildren(kind)]


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r}"


def test_a_digit_off_the_1_to_5_scale_keeps_the_rating_and_chooses_that_finding(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "s.ecgstudy", rating_scale="1-5")
    with open_study(path) as study:
        page = shown_page(qtbot, study)
        first, eighth = list(page.panel.rating_edits)[0], list(page.panel.rating_edits)[7]
        press(qtbot, page, Qt.Key_1)
        press(qtbot, page, Qt.Key_4)
        press(qtbot, page, Qt.Key_1)  # back to the first finding, its rating selected
        press(qtbot, page, Qt.Key_8)  # meant: finding 8, not a rating of 8
        assert page.panel.ratings() == {first: 4.0}
        assert page.panel.rating_edits[first].text() == "4"
        assert page.panel.rating_edits[eighth].hasFocus()
        press(qtbot, page, Qt.Key_2)
        assert page.panel.ratings() == {first: 4.0, eighth: 2.0}
