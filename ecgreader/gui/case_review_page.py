"""The coordinator's case view: any case with its gold standard, every reader's reads and the
network's output side by side. Coordinator only: it shows what readers must never see."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecgreader.gui.ecg_view import EcgView
from ecgreader.store.case_review import case_review
from ecgreader.store.cases import case_positions
from ecgreader.store.database import StudyDatabase

AGREE, DISAGREE = QColor(220, 240, 220), QColor(250, 215, 215)


class CaseReviewPage(QWidget):
    back = Signal()
    error = Signal(str, object)

    def __init__(self, database: StudyDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.cases = QListWidget()
        self.cases.currentItemChanged.connect(lambda item, _old: item and self.show_case(item.data(Qt.UserRole)))
        self.view = EcgView()
        self.source = QLabel()
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        back = QPushButton("Back")
        back.clicked.connect(self.back)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.source)
        right_layout.addWidget(self.view, 3)
        right_layout.addWidget(self.table, 2)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.cases)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Cases: gold standard, readers and network</h2>"))
        top.addStretch(1)
        top.addWidget(back)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        for case_id, position in case_positions(database).items():
            item = QListWidgetItem(f"Case {position}")
            item.setData(Qt.UserRole, case_id)
            self.cases.addItem(item)

    def show_case(self, case_id: int) -> None:
        try:
            case = case_review(self.database, case_id)
        except Exception as error:
            self.error.emit("The case could not be shown", error)
            return
        self.source.setText(f"Case {case.position} · source {case.source_id} · gold from {case.gold_source or 'none'}")
        self.view.set_record(case.record)
        network = case.network
        reads = [(f"{r.reader} ({r.group}, {r.phase})", r.labels) for r in case.reads]
        columns = ["gold", *(name for name, _ in reads)] + ([f"network {network.model_name}"] if network else [])
        self.table.setColumnCount(len(columns))
        self.table.setRowCount(len(case.labels))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setVerticalHeaderLabels(list(case.labels))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        for row, key in enumerate(case.labels):
            truth = None if case.gold is None else key in case.gold
            cells = [("present" if truth else "absent") if truth is not None else "no gold", truth]
            self._set(row, 0, *cells, None)
            for column, (_, keys) in enumerate(reads, start=1):
                said = key in keys
                self._set(row, column, "present" if said else "absent", said, truth)
            if network and key not in network.probabilities:
                self._set(row, len(columns) - 1, "not run", None, None)
            elif network:
                said = network.decision(key)  # at the run's own threshold for the label
                text = f"{network.probabilities[key]:.2f} → {'present' if said else 'absent'}"
                self._set(row, len(columns) - 1, text, said, truth)

    def _set(self, row: int, column: int, text: str, said, truth) -> None:
        item = QTableWidgetItem(text)
        if truth is not None and said is not None and column > 0:
            item.setBackground(AGREE if said == truth else DISAGREE)
        self.table.setItem(row, column, item)
