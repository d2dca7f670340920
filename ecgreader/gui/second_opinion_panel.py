"""The network's second opinion, shown after a reader's unaided read in second-opinion mode:
its probabilities and decisions beside the reader's labels, disagreements highlighted, and a
choice of label whose saliency is drawn on the ECG."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecgreader.labels.vocabulary import Vocabulary
from ecgreader.store.model_runs import NetworkOpinion

DISAGREEMENT = QColor(255, 220, 160)
NO_SALIENCY = "—"


class SecondOpinionPanel(QGroupBox):
    saliency_requested = Signal(str)  # a label key, or "" for none

    def __init__(self, vocabulary: Vocabulary, parent: QWidget | None = None):
        super().__init__("The network's second opinion", parent)
        self.vocabulary = vocabulary
        self.model_label = QLabel()
        self.table = QTableWidget(len(vocabulary), 3)
        self.table.setHorizontalHeaderLabels(["your read", "network", "probability"])
        self.table.setVerticalHeaderLabels(list(vocabulary.keys))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.saliency_choice = QComboBox()
        self.saliency_choice.currentTextChanged.connect(
            lambda text: self.saliency_requested.emit("" if text == NO_SALIENCY else text)
        )
        self.note = QLabel("Revise your findings below if you wish, then submit the aided read.")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.model_label)
        layout.addWidget(self.table)
        layout.addWidget(QLabel("Show where the network looked for"))
        layout.addWidget(self.saliency_choice)
        layout.addWidget(self.note)

    def show_opinion(self, opinion: NetworkOpinion, reader_labels: frozenset[str]) -> list[str]:
        """Fill the table; returns the labels where reader and network disagree."""
        self.model_label.setText(f"Network: {opinion.model_name}")
        disagreements = []
        for row, key in enumerate(self.vocabulary.keys):
            yours = key in reader_labels
            if key in opinion.probabilities:
                said = opinion.decision(key)
                cells = [
                    "present" if yours else "absent",
                    "present" if said else "absent",
                    f"{opinion.probabilities[key]:.2f}",
                ]
            else:
                said = None
                cells = ["present" if yours else "absent", "not run", ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if said is not None and said != yours:
                    item.setBackground(DISAGREEMENT)
                self.table.setItem(row, column, item)
            if said is not None and said != yours:
                disagreements.append(key)
        self.saliency_choice.blockSignals(True)
        self.saliency_choice.clear()
        self.saliency_choice.addItems([NO_SALIENCY, *[k for k in self.vocabulary.keys if k in opinion.probabilities]])
        self.saliency_choice.blockSignals(False)
        return disagreements
