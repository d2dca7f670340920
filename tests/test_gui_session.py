"""The reader's session in the window: its size on small screens, Pause, Sign out, Ctrl+Q, F1."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QToolButton
from sqlalchemy import select

from ecgreader.gui.main_window import PREFERRED_SIZE, MainWindow
from ecgreader.gui.reading_page import ReadingPage
from ecgreader.gui.shortcut_sheet import ShortcutSheet
from ecgreader.gui.sign_in_page import SignInPage
from ecgreader.reading import session as session_module
from ecgreader.reading.timer import PAUSED_BY_READER, WINDOW_INACTIVE, ActiveTimer
from ecgreader.store import open_study
from ecgreader.store.schema import Read
from tests.helpers.reading_room import open_window, press, register
from tests.helpers.study_fixtures import make_reading_study

pytestmark = [pytest.mark.qt, pytest.mark.usefixtures("isolated_qt")]  # settings and dialogs kept to the test

LAPTOP = QRect(0, 0, 1366, 728)  # a 1366×768 screen less a 40-pixel task bar


@pytest.fixture
def study_path(tmp_path):
    return make_reading_study(tmp_path / "session.ecgstudy")


@pytest.fixture
def questions(monkeypatch):
    """Answer the window's yes/no questions with ``questions.answer`` and record them."""

    class Questions(list):
        answer = QMessageBox.No

    asked = Questions()

    def question(parent, title, text, *_buttons):
        asked.append(title)
        return asked.answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


@pytest.fixture
def reading_clock(monkeypatch) -> list[float]:
    """The reading sessions' clock, moved by hand: ``now[0] += seconds``."""
    now = [1000.0]
    monkeypatch.setattr(session_module, "ActiveTimer", lambda: ActiveTimer(clock=lambda: now[0]))
    return now


def stored_active_seconds(study_path, case_id: int) -> float:
    with open_study(study_path) as study, study.reading() as session:
        return session.scalars(select(Read.active_seconds).where(Read.case_id == case_id)).one()


def available(monkeypatch, rect: QRect) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(rect))


def inside_window(window: MainWindow, widget) -> bool:
    return window.rect().contains(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))


def toolbar_button(window: MainWindow, action: QAction) -> QToolButton:
    button = window.reading_toolbar.widgetForAction(action)
    assert button is not None and button.isVisible()
    return button


# --- the window on the screen -------------------------------------------------------------


def test_the_first_window_fits_a_laptop_screen_with_the_findings_and_submit_in_view(qtbot, monkeypatch, study_path):
    available(monkeypatch, LAPTOP)
    window = open_window(qtbot, study_path)
    assert LAPTOP.contains(window.frameGeometry())
    page = register(qtbot, window, "Dr Laptop")
    for widget in (page.view, page.panel, page.panel.submit_button, *page.panel.label_boxes.values()):
        assert widget.isVisible() and inside_window(window, widget)
    window.close()


def test_on_a_large_screen_the_first_window_takes_the_preferred_size_centred(qtbot, monkeypatch):
    screen = QRect(0, 0, 2560, 1400)
    available(monkeypatch, screen)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.size() == PREFERRED_SIZE
    assert abs(window.geometry().center().x() - screen.center().x()) <= 16
    assert screen.contains(window.geometry())


def test_the_window_reopens_where_and_as_large_as_it_was_left(qtbot):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(700, 500)
    first.move(30, 40)
    qtbot.waitUntil(lambda: first.size() == QSize(700, 500) and first.pos() == QPoint(30, 40))
    first.close()

    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == QSize(700, 500) and second.pos() == QPoint(30, 40)
    second.close()


# --- pause --------------------------------------------------------------------------------


def test_pause_hides_the_ecg_and_the_pause_is_not_counted_as_reading_time(qtbot, reading_clock, study_path):
    now = reading_clock
    window = open_window(qtbot, study_path)
    page = register(qtbot, window, "Dr Pause")
    case_id = page.session.order[0]
    now[0] += 5.0  # reading

    qtbot.mouseClick(toolbar_button(window, window.pause_action), Qt.LeftButton)
    assert window.pages.currentWidget() is window.pause_cover
    assert not page.view.isVisible() and not page.panel.isVisible()
    now[0] += 100.0  # away, and the window losing and regaining focus meanwhile must not restart the clock
    app = QGuiApplication.instance()
    app.applicationStateChanged.emit(Qt.ApplicationInactive)
    app.applicationStateChanged.emit(Qt.ApplicationActive)
    now[0] += 20.0
    press(qtbot, window, Qt.Key_1)  # the findings' keys do nothing behind the cover
    assert not any(box.isChecked() for box in page.panel.label_boxes.values())

    qtbot.mouseClick(window.resume_button, Qt.LeftButton)
    assert window.pages.currentWidget() is page and page.view.isVisible()
    now[0] += 3.0  # reading again
    page.panel.none_box.setChecked(True)
    qtbot.mouseClick(page.panel.submit_button, Qt.LeftButton)

    assert stored_active_seconds(study_path, case_id) == pytest.approx(5.0 + 3.0)
    window.close()


def test_time_on_the_protocol_page_mid_case_is_not_reading_time(qtbot, reading_clock, tmp_path):
    now = reading_clock
    path = make_reading_study(tmp_path / "protocol.ecgstudy", protocol="Read every ECG as in clinic.")
    window = open_window(qtbot, path)
    page = register(qtbot, window, "Dr Protocol")
    assert page.stack.currentWidget() is page.protocol_page  # before the first case
    now[0] += 30.0
    qtbot.mouseClick(page.protocol_page.continue_button, Qt.LeftButton)
    case_id = page.session.order[0]
    now[0] += 4.0  # reading

    qtbot.mouseClick(page.protocol_button, Qt.LeftButton)
    assert page.stack.currentWidget() is page.protocol_page and not page.session.timer.running
    now[0] += 60.0  # reading the protocol and the criteria, the case out of sight
    qtbot.mouseClick(page.protocol_page.continue_button, Qt.LeftButton)
    assert page.stack.currentWidget() is not page.protocol_page and page.session.timer.running
    now[0] += 2.0  # reading again
    page.panel.none_box.setChecked(True)
    qtbot.mouseClick(page.panel.submit_button, Qt.LeftButton)

    assert stored_active_seconds(path, case_id) == pytest.approx(4.0 + 2.0)
    window.close()


def test_the_reading_clock_counts_only_while_nothing_holds_it():
    now = [0.0]
    timer = ActiveTimer(clock=lambda: now[0])
    timer.pause(PAUSED_BY_READER)
    timer.restart()  # a case opened behind the cover does not start counting
    now[0] = 10.0
    timer.pause(WINDOW_INACTIVE)
    timer.resume(WINDOW_INACTIVE)  # the window back in focus: the reader's pause still holds
    now[0] = 20.0
    assert timer.elapsed() == 0.0 and not timer.running
    timer.resume(PAUSED_BY_READER)
    now[0] = 23.0
    assert timer.elapsed() == 3.0 and timer.running


def test_ctrl_p_pauses_and_resumes(qtbot, study_path):
    window = open_window(qtbot, study_path)
    page = register(qtbot, window, "Dr Keys")
    press(qtbot, window, Qt.Key_P, Qt.ControlModifier)
    assert window.pages.currentWidget() is window.pause_cover and not page.session.timer.running
    press(qtbot, window, Qt.Key_P, Qt.ControlModifier)
    assert window.pages.currentWidget() is page and page.session.timer.running
    window.close()


# --- leaving: sign out and quit -----------------------------------------------------------


def test_sign_out_asks_mid_case_then_returns_to_sign_in_and_the_case_comes_back(qtbot, study_path, questions):
    window = open_window(qtbot, study_path)
    page = register(qtbot, window, "Dr Leaves")
    page.panel.label_boxes["LVH"].setChecked(True)

    questions.answer = QMessageBox.No
    qtbot.mouseClick(toolbar_button(window, window.sign_out_action), Qt.LeftButton)
    assert len(questions) == 1 and window.pages.currentWidget() is page
    assert page.panel.selected_labels() == {"LVH"}

    questions.answer = QMessageBox.Yes
    qtbot.mouseClick(toolbar_button(window, window.sign_out_action), Qt.LeftButton)
    assert len(questions) == 2 and isinstance(window.pages.currentWidget(), SignInPage)
    assert window.reading_page is None and not window.reading_toolbar.isVisible()
    assert not window.sign_out_action.isEnabled() and not window.pause_action.isEnabled()
    with open_study(study_path) as study, study.reading() as session:
        assert session.scalars(select(Read)).all() == []

    sign_in = window.pages.currentWidget()
    sign_in.reader_choice.setCurrentIndex(sign_in.reader_choice.findText("Dr Leaves", Qt.MatchStartsWith))
    qtbot.mouseClick(sign_in.sign_in_button, Qt.LeftButton)
    again = window.pages.currentWidget()
    assert isinstance(again, ReadingPage) and again.case_label.text() == "Case 1 of 6"
    window.close()


def test_sign_out_while_paused_leaves_no_cover_behind(qtbot, study_path, questions):
    window = open_window(qtbot, study_path)
    register(qtbot, window, "Dr Paused")
    window.pause_action.trigger()
    questions.answer = QMessageBox.Yes
    window.sign_out_action.trigger()
    assert isinstance(window.pages.currentWidget(), SignInPage)
    assert not window.pause_action.isChecked()
    assert not [p for p in map(window.pages.widget, range(window.pages.count())) if isinstance(p, ReadingPage)]
    window.close()


def test_ctrl_q_asks_before_quitting_mid_case(qtbot, study_path, questions):
    window = open_window(qtbot, study_path)
    register(qtbot, window, "Dr Quits")
    questions.answer = QMessageBox.No
    press(qtbot, window, Qt.Key_Q, Qt.ControlModifier)
    assert len(questions) == 1 and window.isVisible()
    questions.answer = QMessageBox.Yes
    press(qtbot, window, Qt.Key_Q, Qt.ControlModifier)
    assert len(questions) == 2 and not window.isVisible()


def test_ctrl_q_quits_without_asking_when_no_case_is_open(qtbot, study_path, questions):
    window = open_window(qtbot, study_path)  # at sign-in
    press(qtbot, window, Qt.Key_Q, Qt.ControlModifier)
    assert questions == [] and not window.isVisible()


def title_bar_close(window: MainWindow) -> None:
    """Close as the title bar's X does: a close event to the native window, which Qt hands on to
    the widget as spontaneous, as it does the window manager's (close() from code is not)."""
    QCoreApplication.sendEvent(window.windowHandle(), QCloseEvent())


def test_the_title_bar_close_asks_mid_case_like_ctrl_q(qtbot, study_path, questions):
    window = open_window(qtbot, study_path)
    register(qtbot, window, "Dr Closes")
    questions.answer = QMessageBox.No
    title_bar_close(window)
    assert len(questions) == 1 and window.isVisible() and window.database is not None
    questions.answer = QMessageBox.Yes
    title_bar_close(window)
    assert len(questions) == 2 and not window.isVisible() and window.database is None


def test_close_from_code_and_the_title_bar_at_sign_in_do_not_ask(qtbot, study_path, questions):
    window = open_window(qtbot, study_path)
    register(qtbot, window, "Dr Scripted")
    window.close()  # what Ctrl+Q calls once answered, and what tests call: never a second question
    assert questions == [] and not window.isVisible()
    at_sign_in = open_window(qtbot, study_path)
    title_bar_close(at_sign_in)
    assert questions == [] and not at_sign_in.isVisible()


# --- the shortcut sheet -------------------------------------------------------------------


def _defined_shortcuts(window: MainWindow) -> set[str]:
    """Every key sequence an action, QShortcut or button of the window answers to."""
    sequences: list[QKeySequence] = []
    for action in window.findChildren(QAction):
        sequences += action.shortcuts()
    for shortcut in window.findChildren(QShortcut):
        sequences += shortcut.keys()
    for button in window.findChildren(QAbstractButton):
        sequences.append(button.shortcut())
    return {sequence.toString(QKeySequence.NativeText) for sequence in sequences if not sequence.isEmpty()}


@pytest.mark.parametrize("key", [Qt.Key_F1, Qt.Key_Question])
def test_f1_or_question_mark_lists_every_shortcut_of_the_reading_room(qtbot, study_path, key):
    window = open_window(qtbot, study_path)
    register(qtbot, window, "Dr Keys")
    press(qtbot, window, key)
    sheet = window.findChild(ShortcutSheet)
    assert sheet is not None and sheet.isVisible()
    listed = {keys for row in range(sheet.table.rowCount()) for keys in sheet.table.item(row, 0).text().split(", ")}
    defined = _defined_shortcuts(window)
    assert {"Ctrl+Q", "Ctrl+P", "F1", "?", "1", "N", "Return"} <= defined
    assert defined - listed == set()
    sheet.close()
    window.close()


@pytest.mark.parametrize("rating_scale", ["binary", "1-5"])
def test_every_shortcut_in_the_sheet_says_what_it_does(qtbot, tmp_path, rating_scale):
    window = open_window(qtbot, make_reading_study(tmp_path / "keys.ecgstudy", rating_scale=rating_scale))
    register(qtbot, window, "Dr Reads The Sheet")
    sheet = window.show_shortcuts()
    rows = {sheet.table.item(row, 0).text(): sheet.table.item(row, 1).text() for row in range(sheet.table.rowCount())}
    assert len(rows) >= 14  # the window's own, ten findings, Enter
    assert [keys for keys, does in rows.items() if not does or does == "(no description)"] == []
    sheet.close()
    window.close()


def test_a_question_mark_typed_in_the_comment_is_text_not_the_shortcut_sheet(qtbot, study_path):
    window = open_window(qtbot, study_path)
    page = register(qtbot, window, "Dr Asks")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.panel.comment.setFocus()
    qtbot.keyClicks(page.panel.comment, "LVH?")
    assert page.panel.comment.text() == "LVH?" and window.findChild(ShortcutSheet) is None
    window.close()
