"""The side panel of a rating-scale study: the reader rates every finding (1–5 or 0–100).

Keyboard first, like the present/absent panel: a finding's number key (1–9, 0 for the tenth)
puts the cursor in its rating; on the 1–5 scale one more digit rates it and returns to choosing
a finding, on 0–100 the reader types the number and Enter moves to the next unrated finding.
Enter submits once every finding is rated. The panel only collects answers; the session derives
the decisions and the store checks them.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ecgreader.gui.label_panel import SHORTCUT_KEYS, add_comment_and_submit
from ecgreader.labels.vocabulary import Vocabulary
from ecgreader.store.reads import SubmittedRead

SCALE_HINTS = {
    "1-5": "1 definitely absent · 2 probably absent · 3 possibly present · 4 probably present · 5 definitely present",
    "0-100": "0 certainly absent … 100 certainly present",
}


class RatingPanel(QWidget):
    """Emits ``submitted(ratings, comment)`` with a rating of every finding; holds no study logic."""

    submitted = Signal(dict, str)

    def __init__(self, vocabulary: Vocabulary, scale: str, positive_at: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.vocabulary = vocabulary
        self.scale = scale
        self.setFocusPolicy(Qt.StrongFocus)  # where the keyboard rests while a finding is being chosen
        layout = QVBoxLayout(self)
        box = QGroupBox(f"Rate every finding ({scale}; present from {positive_at:g})")
        grid = QGridLayout(box)
        hint = QLabel(SCALE_HINTS[scale])
        hint.setWordWrap(True)
        grid.addWidget(hint, 0, 0, 1, 2)
        self.rating_edits: dict[str, QLineEdit] = {}
        for index, label in enumerate(vocabulary):
            key_hint = f"{SHORTCUT_KEYS[index]}  " if index < len(SHORTCUT_KEYS) else ""
            grid.addWidget(QLabel(f"{key_hint}{label.finding} ({label.key})"), index + 1, 0)
            edit = QLineEdit()
            edit.setObjectName(f"rating_{label.key}")
            edit.setMaximumWidth(64)
            edit.setValidator(_validator(scale, edit))
            edit.setPlaceholderText("–")
            edit.textChanged.connect(self._update_submit)
            edit.textEdited.connect(lambda _text, key=label.key: self._on_rating_typed(key))
            grid.addWidget(edit, index + 1, 1)
            self.rating_edits[label.key] = edit
            if index < len(SHORTCUT_KEYS):
                shortcut = QShortcut(QKeySequence(SHORTCUT_KEYS[index]), self)
                shortcut.setContext(Qt.WindowShortcut)
                shortcut.activated.connect(lambda key=label.key: self.focus_finding(key))
        layout.addWidget(box)

        self.comment, self.submit_button = add_comment_and_submit(
            self, layout, "Rate every finding first", self.submit, self._enter
        )
        QShortcut(QKeySequence(Qt.Key_Escape), self, activated=self.setFocus)

    # --- state -----------------------------------------------------------------------
    def ratings(self) -> dict[str, float]:
        """The findings rated so far, with their ratings."""
        return {key: float(edit.text()) for key, edit in self.rating_edits.items() if edit.hasAcceptableInput()}

    def complete(self) -> bool:
        return len(self.ratings()) == len(self.rating_edits)

    def clear(self) -> None:
        for edit in self.rating_edits.values():
            edit.clear()
        self.comment.clear()
        self._update_submit()

    def show_read(self, read: SubmittedRead | None) -> None:
        """Fill the panel with a read submitted earlier (a revisit, or the unaided read before the
        aided one), or clear it; the keyboard goes back to choosing a finding."""
        self.clear()
        if self.isVisible():
            self.setFocus(Qt.OtherFocusReason)
        if read is None:
            return
        for key, rating in read.ratings or ():
            if key in self.rating_edits:
                self.rating_edits[key].setText(f"{rating:g}")
        self.comment.setText(read.comment or "")

    def focus_finding(self, key: str) -> None:
        edit = self.rating_edits[key]
        edit.setFocus(Qt.ShortcutFocusReason)
        edit.selectAll()  # typing replaces an earlier rating

    def submit(self) -> None:
        if self.complete():
            self.submitted.emit(self.ratings(), self.comment.text().strip())

    # --- slots -------------------------------------------------------------------------
    def _on_rating_typed(self, key: str) -> None:
        """On 1–5 a single digit is the whole answer: back to choosing a finding."""
        if self.scale == "1-5" and self.rating_edits[key].hasAcceptableInput():
            self.setFocus(Qt.OtherFocusReason)

    def _enter(self) -> None:
        """Enter submits a complete read; otherwise it goes to the first finding not yet rated."""
        if self.complete():
            self.submit()
            return
        unrated = next(key for key, edit in self.rating_edits.items() if not edit.hasAcceptableInput())
        self.focus_finding(unrated)

    def _update_submit(self) -> None:
        self.submit_button.setEnabled(self.complete())


def _validator(scale: str, parent: QWidget) -> QIntValidator | QDoubleValidator:
    """Only answers on the study's scale can be typed (a dot as the decimal sign everywhere)."""
    if scale == "1-5":
        return QIntValidator(1, 5, parent)
    validator = QDoubleValidator(0.0, 100.0, 2, parent)
    validator.setNotation(QDoubleValidator.StandardNotation)
    validator.setLocale(QLocale.c())
    return validator
