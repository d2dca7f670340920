"""Every control a reader can use says what it does when the mouse rests on it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)

from tests.helpers.reading_room import open_window, register
from tests.helpers.study_fixtures import make_reading_study

pytestmark = pytest.mark.qt

INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QSlider, QTextEdit, QPlainTextEdit)
COMPOSITE = (QComboBox, QAbstractSpinBox, QTabBar)  # their inner editors and arrows are theirs, not controls


@pytest.fixture(autouse=True)
def isolated_settings(isolated_qt):
    return isolated_qt


def _name(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    where = widget.parent().__class__.__name__ if widget.parent() is not None else ""
    return f"{type(widget).__name__} {widget.objectName() or text!r} in {where}"


def controls_without_tooltips(window: QWidget) -> list[str]:
    """The visible controls of ``window`` whose tooltip is empty, named so they can be found."""
    missing = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisible() or widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget.parent(), COMPOSITE):
            continue
        if not widget.toolTip().strip():
            missing.append(_name(widget))
    return missing


def test_every_control_of_the_sign_in_page_has_a_tooltip(qtbot, tmp_path):
    window = open_window(qtbot, make_reading_study(tmp_path / "sign-in.ecgstudy"))
    assert controls_without_tooltips(window) == []
    window.close()


@pytest.mark.parametrize("rating_scale", ["binary", "1-5"])
def test_every_control_of_the_reading_room_has_a_tooltip(qtbot, tmp_path, rating_scale):
    path = make_reading_study(
        tmp_path / "tips.ecgstudy", rating_scale=rating_scale, second_opinion_mode="after_each_case"
    )
    window = open_window(qtbot, path)
    page = register(qtbot, window, "Dr Tooltip")
    assert controls_without_tooltips(window) == []

    keys = page.session.vocabulary.keys
    if rating_scale == "binary":
        page.panel.none_box.setChecked(True)
        page.panel.submit()
    else:
        page.panel.show_read(None)
        for key in keys:
            page.panel.rating_edits[key].setText("1")
        page.panel.submit()
    assert page.opinion_panel.isVisible()  # the network's second opinion, ready for the aided read
    assert controls_without_tooltips(window) == []
    window.close()
