"""The coordinator's case view: any case with its gold standard, every reader's reads and the
network's output side by side. Coordinator only: it shows what readers must never see."""

from __future__ import annotations

import json

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
from sqlalchemy import select

from ecgreader.gui.ecg_view import EcgView
from ecgreader.store.cases import record_from_case
from ecgreader.store.database import StudyDatabase
from ecgreader.store.schema import Case, LabelDefinition, ModelRun, Prediction, Read

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
        with database.reading() as session:
            for case in session.scalars(select(Case).order_by(Case.position)):
                item = QListWidgetItem(f"Case {case.position}")
                item.setData(Qt.UserRole, case.id)
                self.cases.addItem(item)

    def show_case(self, case_id: int) -> None:
        try:
            with self.database.reading() as session:
                case = session.get(Case, case_id)
                labels = session.scalars(select(LabelDefinition).order_by(LabelDefinition.position)).all()
                gold = {link.label.key for link in case.gold_labels} if case.gold_source else None
                reads = [
                    (f"{r.reader.name} ({r.reader.group.name}, {r.phase})", {link.label.key for link in r.labels})
                    for r in session.scalars(select(Read).where(Read.case_id == case_id).order_by(Read.reader_id))
                ]
                run = session.scalars(select(ModelRun).order_by(ModelRun.id.desc())).first()
                network = None
                if run is not None:
                    thresholds = json.loads(run.thresholds)
                    probabilities = {
                        p.label_id: p.probability
                        for p in session.scalars(
                            select(Prediction).where(Prediction.run_id == run.id, Prediction.case_id == case_id)
                        )
                    }
                    network = (run.model_name, {d.key: probabilities.get(d.id) for d in labels}, thresholds)
                record = record_from_case(case) if case.kind != "external" else None
                self.source.setText(
                    f"Case {case.position} · source {case.source_id} · gold from {case.gold_source or 'none'}"
                )
        except Exception as error:
            self.error.emit("The case could not be shown", error)
            return
        self.view.set_record(record)
        columns = ["gold", *(name for name, _ in reads)] + ([f"network {network[0]}"] if network else [])
        self.table.setColumnCount(len(columns))
        self.table.setRowCount(len(labels))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setVerticalHeaderLabels([label.key for label in labels])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        for row, label in enumerate(labels):
            truth = None if gold is None else label.key in gold
            cells = [("present" if truth else "absent") if truth is not None else "no gold", truth]
            self._set(row, 0, *cells, None)
            for column, (_, keys) in enumerate(reads, start=1):
                said = label.key in keys
                self._set(row, column, "present" if said else "absent", said, truth)
            if network:
                probability = network[1][label.key]
                if probability is None:
                    self._set(row, len(columns) - 1, "not run", None, None)
                else:
                    said = probability >= network[2].get(label.key, 0.5)
                    self._set(
                        row, len(columns) - 1, f"{probability:.2f} → {'present' if said else 'absent'}", said, truth
                    )

    def _set(self, row: int, column: int, text: str, said, truth) -> None:
        item = QTableWidgetItem(text)
        if truth is not None and said is not None and column > 0:
            item.setBackground(AGREE if said == truth else DISAGREE)
        self.table.setItem(row, column, item)
