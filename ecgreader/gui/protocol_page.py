"""The study protocol as readers see it: the coordinator's instructions and each finding's criteria.

Shown before a reader's first case, so everyone starts from the same instructions, and again
whenever the reader asks (the reading page's "Protocol" button, the findings panel's "Criteria").
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ecgreader.gui.translation import criteria_text, finding_name, protocol_text
from ecgreader.labels.vocabulary import Vocabulary


class ProtocolPage(QWidget):
    """Emits ``done`` when the reader goes on to (or back to) the cases."""

    done = Signal()

    def __init__(self, protocol: str, vocabulary: Vocabulary, criteria: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel(self.tr("<h2>Study protocol</h2>"))
        self.text = QTextBrowser()
        self.text.setObjectName("protocolText")
        self.text.setOpenLinks(False)
        self.text.setHtml(self._html(protocol, vocabulary, criteria))
        self.text.setToolTip(self.tr("The study coordinator's instructions and the criteria of each finding"))
        self.continue_button = QPushButton(self.tr("Begin reading"))
        self.continue_button.setDefault(True)
        self.continue_button.setToolTip(self.tr("Go to the cases; the protocol stays available from 'Protocol'"))
        self.continue_button.clicked.connect(self.done)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)

    def set_returning(self, returning: bool) -> None:
        """Name the button for where it leads: the first case, or back to the case on screen."""
        self.continue_button.setText(self.tr("Back to reading") if returning else self.tr("Begin reading"))

    def _html(self, protocol: str, vocabulary: Vocabulary, criteria: dict[str, str]) -> str:
        instructions = (
            html.escape(protocol_text(protocol)).replace("\n", "<br>")
            if protocol
            else self.tr("The coordinator has written no instructions for this study.")
        )
        no_criteria = self.tr("No criteria given.")
        rows = "".join(
            f"<tr><td valign='top'><b>{html.escape(finding_name(label.finding))}</b> ({html.escape(label.key)})</td>"
            f"<td>{html.escape(criteria_text(text) if (text := criteria.get(label.key)) else no_criteria)}</td></tr>"
            for label in vocabulary
        )
        heading = self.tr("Criteria of each finding")
        return f"<p>{instructions}</p><h3>{heading}</h3><table cellspacing='6'>{rows}</table>"
