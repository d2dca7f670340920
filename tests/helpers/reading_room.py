"""Driving the main window as a reader does: open a study, register, press keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from ecgreader.gui.main_window import MainWindow
from ecgreader.gui.reading_page import ReadingPage
from ecgreader.gui.sign_in_page import SignInPage


def open_window(qtbot, study_path: Path) -> MainWindow:
    """A shown main window at the sign-in page of ``study_path``."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_study(study_path)
    return window


def register(qtbot, window: MainWindow, name: str, group: str = "General doctor") -> ReadingPage:
    """Register a new reader from the sign-in page by clicking, and return the reading page."""
    page = window.pages.currentWidget()
    assert isinstance(page, SignInPage)
    qtbot.keyClicks(page.new_name, name)
    page.new_group.setCurrentText(group)
    qtbot.mouseClick(page.register_button, Qt.LeftButton)
    reading = window.pages.currentWidget()
    assert isinstance(reading, ReadingPage)
    return reading


def press(qtbot, window: MainWindow, key, modifier=Qt.NoModifier) -> None:
    """A key press where the keyboard rests in the active window, as shortcuts see it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.focusWidget() or window, key, modifier)


def sign_in(qtbot, window: MainWindow, name: str) -> ReadingPage:
    """Sign a registered reader back in from the sign-in page by choosing their name."""
    page = window.pages.currentWidget()
    assert isinstance(page, SignInPage)
    page.reader_choice.setCurrentIndex(page.reader_choice.findText(name, Qt.MatchStartsWith))
    qtbot.mouseClick(page.sign_in_button, Qt.LeftButton)
    reading = window.pages.currentWidget()
    assert isinstance(reading, ReadingPage)
    return reading
