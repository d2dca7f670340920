"""The side panel of a rating-scale study: the reader rates every finding (1–5 or 0–100).

Keyboard first, like the present/absent panel: a finding's number key (1–9, 0 for the tenth)
puts the cursor in its rating; on the 1–5 scale one more digit rates it and returns to choosing
a finding (a digit off the scale, 6–9 or 0, keeps the rating and chooses that finding), on
0–100 the reader types the number and Enter moves to the next unrated finding.
Enter submits once every finding is rated. The panel only collects answers; the session derives
the decisions and the store checks them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QKeySequence, QRegularExpressionValidator, QShortcut, QValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ecgreader.gui.display_names import display_name, rating_scales
from ecgreader.gui.label_panel import SHORTCUT_KEYS, add_comment_and_submit, add_criteria_button, finding_tooltip
from ecgreader.gui.translation import finding_name
from ecgreader.gui.unassessable_choice import UnassessableChoice
from ecgreader.labels.vocabulary import Vocabulary
from ecgreader.store.reads import SubmittedRead


def scale_hint(scale: str) -> str:
    """What the values of a rating scale mean (its anchors), shown above the ratings."""
    hints = {
        "1-5": QCoreApplication.translate(
            "RatingScale",
            "1 definitely absent · 2 probably absent · 3 possibly present · 4 probably present · 5 definitely present",
        ),
        "0-100": QCoreApplication.translate("RatingScale", "0 certainly absent … 100 certainly present"),
    }
    return hints[scale]


class RatingPanel(QWidget):
    """Emits ``submitted(ratings, comment)`` with a rating of every finding, or
    ``unassessable(reason, comment)`` for a case the reader cannot assess, and
    ``criteria_requested`` for the study protocol; holds no study logic."""

    submitted = Signal(dict, str)
    unassessable = Signal(str, str)
    criteria_requested = Signal()

    def __init__(
        self,
        vocabulary: Vocabulary,
        scale: str,
        positive_at: float,
        criteria: dict[str, str] | None = None,
        unassessable_reasons: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.vocabulary = vocabulary
        self.scale = scale
        criteria = criteria or {}
        self.setFocusPolicy(Qt.StrongFocus)  # where the keyboard rests while a finding is being chosen
        layout = QVBoxLayout(self)
        self.findings_box = QGroupBox(
            self.tr("Rate every finding ({scale}; present from {cut_off})").format(
                scale=display_name(rating_scales(), scale), cut_off=f"{positive_at:g}"
            )
        )
        grid = QGridLayout(self.findings_box)
        hint = QLabel(scale_hint(scale))
        hint.setWordWrap(True)
        grid.addWidget(hint, 0, 0, 1, 2)
        self.rating_edits: dict[str, QLineEdit] = {}
        for index, label in enumerate(vocabulary):
            key_hint = f"{SHORTCUT_KEYS[index]}  " if index < len(SHORTCUT_KEYS) else ""
            name = QLabel(f"{key_hint}{finding_name(label.finding)} ({label.key})")
            name.setToolTip(finding_tooltip(label.finding, criteria.get(label.key, "")))
            grid.addWidget(name, index + 1, 0)
            edit = QLineEdit()
            edit.setToolTip(
                self.tr("Your rating of {finding} on the {scale} scale").format(
                    finding=finding_name(label.finding), scale=display_name(rating_scales(), scale)
                )
            )
            edit.setObjectName(f"rating_{label.key}")
            edit.setMaximumWidth(64)
            edit.setValidator(_validator(scale, edit))
            edit.setPlaceholderText("–")
            edit.textChanged.connect(self._update_submit)
            edit.textEdited.connect(lambda _text, key=label.key: self._on_rating_typed(key))
            edit.installEventFilter(self)  # a digit off the 1–5 scale chooses a finding (eventFilter)
            grid.addWidget(edit, index + 1, 1)
            self.rating_edits[label.key] = edit
            if index < len(SHORTCUT_KEYS):
                shortcut = QShortcut(QKeySequence(SHORTCUT_KEYS[index]), self)
                shortcut.setContext(Qt.WindowShortcut)
                shortcut.activated.connect(lambda key=label.key: self.focus_finding(key))
                shortcut.setWhatsThis(self.tr("Rate {finding}").format(finding=finding_name(label.finding)))
        criteria_row = QVBoxLayout()
        self.criteria_button = add_criteria_button(self, criteria_row)
        grid.addLayout(criteria_row, len(vocabulary) + 1, 0, 1, 2)
        layout.addWidget(self.findings_box)
        self.unassessable_choice = UnassessableChoice(unassessable_reasons)
        self.unassessable_choice.changed.connect(self._on_unassessable_toggled)
        layout.addWidget(self.unassessable_choice)

        self.comment, self.submit_button = add_comment_and_submit(
            self, layout, self.tr("Rate every finding first"), self.submit, self._enter
        )
        QShortcut(QKeySequence(Qt.Key_Escape), self, activated=self.setFocus, whatsThis=self.tr("Leave the rating"))

    # --- state -----------------------------------------------------------------------
    def ratings(self) -> dict[str, float]:
        """The findings rated so far, with their ratings."""
        return {key: float(edit.text()) for key, edit in self.rating_edits.items() if edit.hasAcceptableInput()}

    def complete(self) -> bool:
        return len(self.ratings()) == len(self.rating_edits)

    def clear(self) -> None:
        for edit in self.rating_edits.values():
            edit.clear()
        self.unassessable_choice.show_reason(None)
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
        self.unassessable_choice.show_reason(read.unassessable_reason)
        for key, rating in read.ratings or ():
            if key in self.rating_edits:
                self.rating_edits[key].setText(f"{rating:g}")
        self.comment.setText(read.comment or "")

    def focus_finding(self, key: str) -> None:
        edit = self.rating_edits[key]
        edit.setFocus(Qt.ShortcutFocusReason)
        edit.selectAll()  # typing replaces an earlier rating

    def submit(self) -> None:
        reason = self.unassessable_choice.chosen_reason()
        if reason is not None:
            self.unassessable.emit(reason, self.comment.text().strip())
        elif self.complete():
            self.submitted.emit(self.ratings(), self.comment.text().strip())

    # --- slots -------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On 1–5, a finding's number key off the scale (6–9, 0) pressed in a rating chooses that
        finding, as it does while no rating has the cursor; the rating typed before stays. A line
        edit takes every digit before the shortcuts see it, so the key is caught here."""
        if (
            self.scale == "1-5"
            and event.type() == QEvent.KeyPress
            and event.modifiers() in (Qt.NoModifier, Qt.KeypadModifier)
            and len(event.text()) == 1
            and event.text() in SHORTCUT_KEYS
            and not _validator_accepts(watched, event.text())
        ):
            keys = list(self.rating_edits)
            index = SHORTCUT_KEYS.index(event.text())
            if index < len(keys):
                self.focus_finding(keys[index])
            return True  # never typed into the rating: it would replace a valid one
        return super().eventFilter(watched, event)

    def _on_rating_typed(self, key: str) -> None:
        """On 1–5 a single digit is the whole answer: back to choosing a finding."""
        if self.scale == "1-5" and self.rating_edits[key].hasAcceptableInput():
            self.setFocus(Qt.OtherFocusReason)

    def _enter(self) -> None:
        """Enter submits a complete read; otherwise it goes to the first finding not yet rated."""
        if self.complete() or self.unassessable_choice.chosen_reason() is not None:
            self.submit()
            return
        unrated = next(key for key, edit in self.rating_edits.items() if not edit.hasAcceptableInput())
        self.focus_finding(unrated)

    def _on_unassessable_toggled(self, unassessable: bool) -> None:
        """A case that cannot be assessed is rated on no finding."""
        self.findings_box.setEnabled(not unassessable)
        self._update_submit()

    def _update_submit(self) -> None:
        self.submit_button.setEnabled(self.complete() or self.unassessable_choice.chosen_reason() is not None)


def _validator(scale: str, parent: QWidget) -> QValidator:
    """Only answers on the study's scale can be typed (a dot as the decimal sign everywhere). On 1–5
    one digit from 1 to 5 and nothing else: QIntValidator(1, 5) let "8" stand as unfinished input,
    which replaced the rating."""
    if scale == "1-5":
        return QRegularExpressionValidator(QRegularExpression("[1-5]"), parent)
    validator = QDoubleValidator(0.0, 100.0, 2, parent)
    validator.setNotation(QDoubleValidator.StandardNotation)
    validator.setLocale(QLocale.c())
    return validator


def _validator_accepts(edit: QObject, text: str) -> bool:
    """Whether ``text`` alone is a complete rating on ``edit``'s scale."""
    return isinstance(edit, QLineEdit) and edit.validator().validate(text, 0)[0] == QValidator.Acceptable
