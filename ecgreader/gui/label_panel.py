"""The side panel where a reader ticks labels, rates confidence, comments and submits.

Also the pieces every answer panel shares: the comment and Submit button, the "Criteria" button
and each finding's criteria as its tooltip.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ecgreader.gui.translation import criteria_text, finding_name
from ecgreader.gui.unassessable_choice import UnassessableChoice
from ecgreader.labels.vocabulary import NONE_OF_THE_LISTED, Vocabulary
from ecgreader.store.reads import SubmittedRead

SHORTCUT_KEYS = "1234567890"


class LabelPanel(QWidget):
    """Emits ``submitted(labels, confidence, comment)``, or ``unassessable(reason, comment)`` for
    a case the reader cannot assess, and ``criteria_requested`` for the study protocol; holds no
    study logic."""

    submitted = Signal(frozenset, object, str)
    unassessable = Signal(str, str)
    criteria_requested = Signal()

    def __init__(
        self,
        vocabulary: Vocabulary,
        criteria: dict[str, str] | None = None,
        unassessable_reasons: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.vocabulary = vocabulary
        criteria = criteria or {}
        layout = QVBoxLayout(self)
        self.findings_box = QGroupBox(self.tr("Findings"))
        box_layout = QVBoxLayout(self.findings_box)
        self.label_boxes: dict[str, QCheckBox] = {}
        for index, label in enumerate(vocabulary):
            key_hint = f"{SHORTCUT_KEYS[index]}  " if index < len(SHORTCUT_KEYS) else ""
            check = QCheckBox(f"{key_hint}{finding_name(label.finding)} ({label.key})")
            check.setToolTip(finding_tooltip(label.finding, criteria.get(label.key, "")))
            check.toggled.connect(self._on_label_toggled)
            box_layout.addWidget(check)
            self.label_boxes[label.key] = check
            if index < len(SHORTCUT_KEYS):
                shortcut = QShortcut(QKeySequence(SHORTCUT_KEYS[index]), self)
                shortcut.setContext(Qt.WindowShortcut)
                shortcut.activated.connect(check.toggle)
                shortcut.setWhatsThis(self.tr("Tick or untick {finding}").format(finding=finding_name(label.finding)))
        self.none_box = QCheckBox(f"N  {finding_name(NONE_OF_THE_LISTED)}")
        self.none_box.setToolTip(self.tr("None of the findings above is present (N; asks first if some are ticked)"))
        self.none_box.toggled.connect(self._on_none_toggled)
        QShortcut(QKeySequence("N"), self, activated=self._on_none_key, whatsThis=self.tr("None of the listed"))
        box_layout.addWidget(self.none_box)
        self.criteria_button = add_criteria_button(self, box_layout)
        layout.addWidget(self.findings_box)

        self.unassessable_choice = UnassessableChoice(unassessable_reasons)
        self.unassessable_choice.changed.connect(self._on_unassessable_toggled)
        layout.addWidget(self.unassessable_choice)

        self.confidence_box = QGroupBox(self.tr("Confidence (optional)"))
        self.confidence_box.setToolTip(self.tr("How sure you are of this read; click a ticked value again to clear it"))
        confidence_layout = QGridLayout(self.confidence_box)
        self.confidence_group = QButtonGroup(self)
        self.confidence_group.setExclusive(False)  # allow un-rating by clicking again
        for value, anchor in enumerate(confidence_anchors(), start=1):
            button = QRadioButton(str(value))
            button.setToolTip(self.tr("{value}: {anchor}").format(value=value, anchor=anchor))
            self.confidence_group.addButton(button, value)
            confidence_layout.addWidget(button, 0, value - 1)
            caption = QLabel(anchor)
            caption.setObjectName(f"confidenceAnchor{value}")
            caption.setStyleSheet("QLabel { color: #555; font-size: 9pt; }")
            confidence_layout.addWidget(caption, 1, value - 1)
        self.confidence_group.idClicked.connect(self._on_confidence_clicked)
        layout.addWidget(self.confidence_box)

        self.comment, self.submit_button = add_comment_and_submit(
            self, layout, self.tr("Tick at least one finding, or 'none of the listed'"), self.submit, self.submit
        )
        self.clear_confirmation: QMessageBox | None = None  # open while N asks before clearing

    # --- state -----------------------------------------------------------------------
    def selected_labels(self) -> frozenset[str]:
        return frozenset(key for key, box in self.label_boxes.items() if box.isChecked())

    def confidence(self) -> int | None:
        checked = self.confidence_group.checkedId()
        return checked if checked > 0 else None

    def clear(self) -> None:
        for box in [*self.label_boxes.values(), self.none_box]:
            box.setChecked(False)
        self.unassessable_choice.show_reason(None)
        self._set_confidence(None)
        self.comment.clear()
        self._update_submit()

    def show_read(self, read: SubmittedRead | None) -> None:
        """Fill the panel with a read submitted earlier (a revisit), or clear it."""
        self.clear()
        if read is None:
            return
        if read.unassessable_reason is not None:
            self.unassessable_choice.show_reason(read.unassessable_reason)
        else:
            for key in read.labels:
                self.label_boxes[key].setChecked(True)
            self.none_box.setChecked(not read.labels)
        self._set_confidence(read.confidence)
        self.comment.setText(read.comment or "")

    def submit(self) -> None:
        if not self.submit_button.isEnabled():
            return
        reason = self.unassessable_choice.chosen_reason()
        if reason is not None:
            self.unassessable.emit(reason, self.comment.text().strip())
        else:
            self.submitted.emit(self.selected_labels(), self.confidence(), self.comment.text().strip())

    # --- slots: keep "none of the listed" exclusive ------------------------------------
    def _on_none_key(self) -> None:
        """N ticks "none of the listed"; where findings are ticked it asks first, since a stray
        key would otherwise wipe a read."""
        if self.none_box.isChecked() or not self.selected_labels():
            self.none_box.toggle()
            return
        ticked = ", ".join(sorted(self.selected_labels()))
        self.clear_confirmation = QMessageBox(
            QMessageBox.Question,
            self.tr("Clear the ticked findings?"),
            self.tr("'None of the listed' clears the findings you ticked ({ticked}). Clear them?").format(
                ticked=ticked
            ),
            QMessageBox.Yes | QMessageBox.No,
            self,
        )
        self.clear_confirmation.setDefaultButton(QMessageBox.No)
        self.clear_confirmation.accepted.connect(lambda: self.none_box.setChecked(True))
        self.clear_confirmation.finished.connect(self._forget_confirmation)
        self.clear_confirmation.open()

    def _forget_confirmation(self) -> None:
        self.clear_confirmation.deleteLater()
        self.clear_confirmation = None

    def _on_unassessable_toggled(self, unassessable: bool) -> None:
        """A case that cannot be assessed answers no finding and no confidence."""
        self.findings_box.setEnabled(not unassessable)
        self.confidence_box.setEnabled(not unassessable)
        self._update_submit()

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
        answered = bool(self.selected_labels()) or self.none_box.isChecked()
        self.submit_button.setEnabled(answered or self.unassessable_choice.chosen_reason() is not None)


def confidence_anchors() -> tuple[str, ...]:
    """What each value of the 1–5 confidence scale means, so that readers use it alike."""
    return (
        QCoreApplication.translate("ConfidenceScale", "very unsure"),
        QCoreApplication.translate("ConfidenceScale", "unsure"),
        QCoreApplication.translate("ConfidenceScale", "fairly sure"),
        QCoreApplication.translate("ConfidenceScale", "sure"),
        QCoreApplication.translate("ConfidenceScale", "certain"),
    )


def finding_tooltip(finding: str, criteria: str) -> str:
    """A finding's tooltip: its name and the study's criteria for it."""
    if not criteria:
        return QCoreApplication.translate("FindingCriteria", "{finding}: no criteria given").format(
            finding=finding_name(finding)
        )
    return QCoreApplication.translate("FindingCriteria", "{finding}: {criteria}").format(
        finding=finding_name(finding), criteria=criteria_text(criteria)
    )


def add_criteria_button(panel: QWidget, layout: QVBoxLayout | QGridLayout) -> QPushButton:
    """The "Criteria" button of an answer panel: it asks for the protocol page, which lists them."""
    button = QPushButton(QCoreApplication.translate("FindingCriteria", "Criteria of each finding…"))
    tip = QCoreApplication.translate("FindingCriteria", "Show the study protocol and the findings' criteria")
    button.setToolTip(tip)
    button.clicked.connect(panel.criteria_requested)
    layout.addWidget(button)
    return button


def add_comment_and_submit(
    panel: QWidget, layout: QVBoxLayout, requirement: str, submit: Callable[[], None], on_enter: Callable[[], None]
) -> tuple[QLineEdit, QPushButton]:
    """The optional comment and the Submit button at the foot of an answer panel, and Enter.

    Enter calls ``on_enter`` anywhere in the window except in a drop-down, where it chooses an
    item (e.g. the saliency label) and must not submit a read.
    """
    layout.addWidget(QLabel(QCoreApplication.translate("AnswerPanel", "Comment (optional)")))
    comment = QLineEdit()
    comment.setPlaceholderText(QCoreApplication.translate("AnswerPanel", "free text"))
    comment.setToolTip(QCoreApplication.translate("AnswerPanel", "Anything about this read worth keeping (optional)"))
    layout.addWidget(comment)
    button = QPushButton(QCoreApplication.translate("AnswerPanel", "Submit && next  (Enter)"))
    button.setDefault(True)
    button.setEnabled(False)
    button.setToolTip(requirement)
    button.clicked.connect(submit)

    def enter() -> None:
        if not isinstance(QApplication.focusWidget(), QComboBox | QAbstractItemView):
            on_enter()

    does = QCoreApplication.translate("AnswerPanel", "Submit the read and go on")  # in the shortcut sheet
    for key in (Qt.Key_Return, Qt.Key_Enter):
        QShortcut(QKeySequence(key), panel, activated=enter, whatsThis=does)
    layout.addWidget(button)
    layout.addStretch(1)
    return comment, button
