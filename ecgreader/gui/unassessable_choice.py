"""The "cannot be assessed" answer of an answer panel, with the reader's reason.

A study offers it only when its coordinator has listed reasons (poor quality, lead reversal,
paced rhythm...); a read answered so names no finding, and the analysis leaves it out of the
reader's sensitivity and specificity instead of counting it as a read with nothing found.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QWidget

from ecgreader.gui.translation import unassessable_reason


class UnassessableChoice(QWidget):
    """Emits ``changed(bool)`` when the reader ticks or unticks "cannot be assessed"."""

    changed = Signal(bool)

    def __init__(self, reasons: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(self.tr("Cannot be assessed"))
        self.check.setToolTip(self.tr("This ECG cannot be read for the findings; choose why (no finding is recorded)"))
        self.reason = QComboBox()
        for reason in reasons:  # shown translated, stored as the study lists it
            self.reason.addItem(unassessable_reason(reason), reason)
        self.reason.setEnabled(False)
        self.reason.setToolTip(self.tr("Why this ECG cannot be assessed"))
        self.check.toggled.connect(self.reason.setEnabled)
        self.check.toggled.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.reason, 1)
        self.setVisible(bool(reasons))

    def chosen_reason(self) -> str | None:
        """The reason given, or None when the reader answers the findings."""
        return self.reason.currentData() if self.check.isChecked() else None

    def show_reason(self, reason: str | None) -> None:
        """Show an earlier answer: ticked with its reason, or unticked."""
        if reason is not None:
            self.reason.setCurrentIndex(self.reason.findData(reason))
        self.check.setChecked(reason is not None)
