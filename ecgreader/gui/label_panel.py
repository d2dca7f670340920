"""The side panel where a reader ticks labels, rates confidence, comments and submits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ecgreader.labels.vocabulary import NONE_OF_THE_LISTED, Vocabulary
from ecgreader.store.reads import SubmittedRead

SHORTCUT_KEYS = "1234567890"


class LabelPanel(QWidget):
    """Emits ``submitted(labels, confidence, comment)``; holds no study logic."""

    submitted = Signal(frozenset, object, str)

    def __init__(self, vocabulary: Vocabulary, parent: QWidget | None = None):
        super().__init__(parent)
        self.vocabulary = vocabulary
        layout = QVBoxLayout(self)
        box = QGroupBox("Findings")
        box_layout = QVBoxLayout(box)
        self.label_boxes: dict[str, QCheckBox] = {}
        for index, label in enumerate(vocabulary):
            key_hint = f"{SHORTCUT_KEYS[index]}  " if index < len(SHORTCUT_KEYS) else ""
            check = QCheckBox(f"{key_hint}{label.finding} ({label.key})")
            check.toggled.connect(self._on_label_toggled)
            box_layout.addWidget(check)
            self.label_boxes[label.key] = check
            if index < len(SHORTCUT_KEYS):
                shortcut = QShortcut(QKeySequence(SHORTCUT_KEYS[index]), self)
                shortcut.setContext(Qt.WindowShortcut)
                shortcut.activated.connect(check.toggle)
        self.none_box = QCheckBox(f"N  {NONE_OF_THE_LISTED}")
        self.none_box.toggled.connect(self._on_none_toggled)
        QShortcut(QKeySequence("N"), self, activated=self.none_box.toggle)
        box_layout.addWidget(self.none_box)
        layout.addWidget(box)

        confidence_box = QGroupBox("Confidence (optional)")
        confidence_layout = QHBoxLayout(confidence_box)
        self.confidence_group = QButtonGroup(self)
        self.confidence_group.setExclusive(False)  # allow un-rating by clicking again
        for value in range(1, 6):
            button = QRadioButton(str(value))
            self.confidence_group.addButton(button, value)
            confidence_layout.addWidget(button)
        self.confidence_group.idClicked.connect(self._on_confidence_clicked)
        layout.addWidget(confidence_box)

        self.comment, self.submit_button = add_comment_and_submit(
            self, layout, "Tick at least one finding, or 'none of the listed'", self.submit, self.submit
        )

    # --- state -----------------------------------------------------------------------
    def selected_labels(self) -> frozenset[str]:
        return frozenset(key for key, box in self.label_boxes.items() if box.isChecked())

    def confidence(self) -> int | None:
        checked = self.confidence_group.checkedId()
        return checked if checked > 0 else None

    def clear(self) -> None:
        for box in [*self.label_boxes.values(), self.none_box]:
            box.setChecked(False)
        self._set_confidence(None)
        self.comment.clear()
        self._update_submit()

    def show_read(self, read: SubmittedRead | None) -> None:
        """Fill the panel with a read submitted earlier (a revisit), or clear it."""
        self.clear()
        if read is None:
            return
        for key in read.labels:
            self.label_boxes[key].setChecked(True)
        self.none_box.setChecked(not read.labels)
        self._set_confidence(read.confidence)
        self.comment.setText(read.comment or "")

    def submit(self) -> None:
        if not self.submit_button.isEnabled():
            return
        self.submitted.emit(self.selected_labels(), self.confidence(), self.comment.text().strip())

    # --- slots: keep "none of the listed" exclusive ------------------------------------
    def _on_label_toggled(self, checked: bool) -> None:
        if checked and self.none_box.isChecked():
            self.none_box.setChecked(False)
        self._update_submit()

    def _on_none_toggled(self, checked: bool) -> None:
        if checked:
            for box in self.label_boxes.values():
                box.setChecked(False)
        self._update_submit()

    def _on_confidence_clicked(self, value: int) -> None:
        for button in self.confidence_group.buttons():
            if self.confidence_group.id(button) != value:
                button.setChecked(False)

    def _set_confidence(self, value: int | None) -> None:
        for button in self.confidence_group.buttons():
            button.setChecked(self.confidence_group.id(button) == value)

    def _update_submit(self) -> None:
        self.submit_button.setEnabled(bool(self.selected_labels()) or self.none_box.isChecked())


def add_comment_and_submit(
    panel: QWidget, layout: QVBoxLayout, requirement: str, submit: Callable[[], None], on_enter: Callable[[], None]
) -> tuple[QLineEdit, QPushButton]:
    """The optional comment and the Submit button at the foot of an answer panel, and Enter.

    Enter calls ``on_enter`` anywhere in the window except in a drop-down, where it chooses an
    item (e.g. the saliency label) and must not submit a read.
    """
    layout.addWidget(QLabel("Comment (optional)"))
    comment = QLineEdit()
    comment.setPlaceholderText("free text")
    layout.addWidget(comment)
    button = QPushButton("Submit && next  (Enter)")
    button.setDefault(True)
    button.setEnabled(False)
    button.setToolTip(requirement)
    button.clicked.connect(submit)

    def enter() -> None:
        if not isinstance(QApplication.focusWidget(), QComboBox | QAbstractItemView):
            on_enter()

    for key in (Qt.Key_Return, Qt.Key_Enter):
        QShortcut(QKeySequence(key), panel, activated=enter)
    layout.addWidget(button)
    layout.addStretch(1)
    return comment, button
