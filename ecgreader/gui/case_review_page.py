"""The coordinator's case review: any case's full 12-lead page with its gold standard, every
reader's reads (findings, confidence, comments) and the network's output side by side; and per
reader, which cases they have read, in which phase and when. Coordinator only: it shows what
readers must never see, so nothing here is blinded."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ecgreader.gui.display_names import display_name, phases
from ecgreader.gui.ecg_view import EcgView
from ecgreader.store.case_review import ReaderReview, ReviewedRead, case_review, reader_reviews
from ecgreader.store.cases import case_positions
from ecgreader.store.database import StudyDatabase
from ecgreader.store.settings import study_settings

AGREE, DISAGREE = QColor(220, 240, 220), QColor(250, 215, 215)


class CaseReviewPage(QWidget):
    back = Signal()
    error = Signal(str, object)

    def __init__(self, database: StudyDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.cases = QListWidget()
        self.cases.setToolTip(self.tr("Every case of the study, by study number: choose one to review it"))
        self.cases.currentItemChanged.connect(lambda item, _old: item and self.show_case(item.data(Qt.UserRole)))
        for case_id, position in case_positions(database).items():
            item = QListWidgetItem(self.tr("Case {position}").format(position=position))
            item.setData(Qt.UserRole, case_id)
            self.cases.addItem(item)
        self.reviews: tuple[ReaderReview, ...] = ()
        self.reader_choice = QComboBox()
        self.reader_choice.setToolTip(self.tr("The reader whose reads are listed below"))
        self.reader_choice.currentIndexChanged.connect(self._show_reader)
        self.reader_reads = _table(
            [self.tr("case"), self.tr("phase"), self.tr("submitted"), self.tr("confidence"), self.tr("comment")],
            self.tr("The chosen reader's reads, in the order they were submitted: choose one to see the case"),
        )
        self.reader_reads.currentCellChanged.connect(lambda row, *_: self._reader_read_chosen(row))
        by_reader = QWidget()
        by_reader_layout = QVBoxLayout(by_reader)
        by_reader_layout.addWidget(self.reader_choice)
        by_reader_layout.addWidget(self.reader_reads, 1)
        self.browse = QTabWidget()
        self.browse.addTab(self.cases, self.tr("Cases"))
        self.browse.addTab(by_reader, self.tr("Readers"))
        self.browse.setToolTip(self.tr("Browse the study case by case, or reader by reader"))

        self.view = EcgView()
        self.view.setToolTip(self.tr("The case's full 12-lead page, as readers saw it on paper"))
        self.view.set_display_filters(study_settings(database).display_filters)  # as readers saw it
        self.source = QLabel()
        self.source.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.table = _table([], self.tr("Gold standard, each read and the network, finding by finding"))
        self.table.horizontalHeader().setStretchLastSection(False)  # the network's column keeps its width
        self.read_notes = _table(
            [self.tr("reader"), self.tr("phase"), self.tr("submitted"), self.tr("confidence"), self.tr("comment")],
            self.tr("What each reader added to their read of this case: confidence and comment"),
        )
        back = QPushButton(self.tr("Back"))
        back.setToolTip(self.tr("Back to the coordinator's page"))
        back.clicked.connect(self.back)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.source)
        right_layout.addWidget(self.view, 3)
        details = QSplitter(Qt.Horizontal)
        details.addWidget(self.table)
        details.addWidget(self.read_notes)
        details.setStretchFactor(0, 3)  # the comparison grows with the readers; the notes stay beside it
        details.setStretchFactor(1, 2)
        right_layout.addWidget(details, 2)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.browse)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 1000])  # room for a reader's reads beside the page
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("<h2>Cases and readers: gold standard, reads and network</h2>")))
        top.addStretch(1)
        top.addWidget(back)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.refresh_readers()

    # --- reader by reader ----------------------------------------------------------------
    def refresh_readers(self) -> None:
        """Read every reader's reads again (the study may have gone on since the page opened)."""
        try:
            self.reviews = reader_reviews(self.database)
        except Exception as error:
            self.error.emit(self.tr("The readers' reads could not be shown"), error)
            return
        total = self.cases.count()
        self.reader_choice.blockSignals(True)
        self.reader_choice.clear()
        for review in self.reviews:
            read = len({r.case_id for r in review.reads})
            text = self.tr("{name} ({group}): {read} of {total} cases read").format(
                name=review.name, group=review.group, read=read, total=total
            )
            if not review.active:
                text += self.tr(" · deactivated")
            self.reader_choice.addItem(text)
        self.reader_choice.blockSignals(False)
        self._show_reader(self.reader_choice.currentIndex())

    def _show_reader(self, index: int) -> None:
        reads = self.reviews[index].reads if 0 <= index < len(self.reviews) else ()
        self.reader_reads.setRowCount(len(reads))
        for row, entry in enumerate(reads):
            read = entry.read
            cells = [self.tr("Case {position}").format(position=entry.position), *self._read_cells(read)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, entry.case_id)
                item.setToolTip("\n".join(filter(None, [self._findings_tip(read), read.comment])))
                self.reader_reads.setItem(row, column, item)

    def _reader_read_chosen(self, row: int) -> None:
        item = self.reader_reads.item(row, 0)
        if item is not None:
            self.show_case(item.data(Qt.UserRole))

    # --- case by case --------------------------------------------------------------------
    def show_case(self, case_id: int) -> None:
        try:
            case = case_review(self.database, case_id)
        except Exception as error:
            self.error.emit(self.tr("The case could not be shown"), error)
            return
        self.source.setText(
            self.tr("Case {position} · source {source} · gold from {gold}").format(
                position=case.position, source=case.source_id, gold=case.gold_source or self.tr("none")
            )
        )
        self.view.set_record(case.record)
        network = case.network
        reads = [(f"{r.reader} ({r.group}, {display_name(phases(), r.phase)})", r.labels) for r in case.reads]
        columns = [self.tr("gold"), *(name for name, _ in reads)]
        if network:
            columns.append(self.tr("network {name}").format(name=network.model_name))
        self.table.setColumnCount(len(columns))
        self.table.setRowCount(len(case.labels))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setVerticalHeaderLabels(list(case.labels))
        self.table.verticalHeader().setVisible(True)
        for row, key in enumerate(case.labels):
            truth = None if case.gold is None else key in case.gold
            gold_text = self.tr("no gold") if truth is None else (self.tr("present") if truth else self.tr("absent"))
            self._set(row, 0, gold_text, None, None)
            for column, (_, keys) in enumerate(reads, start=1):
                said = key in keys
                self._set(row, column, self.tr("present") if said else self.tr("absent"), said, truth)
            if network and key not in network.probabilities:
                self._set(row, len(columns) - 1, self.tr("not run"), None, None)
            elif network:
                said = network.decision(key)  # at the run's own threshold for the label
                decision = self.tr("present") if said else self.tr("absent")
                self._set(row, len(columns) - 1, f"{network.probabilities[key]:.2f} → {decision}", said, truth)
        self.read_notes.setRowCount(len(case.reads))
        for row, read in enumerate(case.reads):
            for column, text in enumerate([f"{read.reader} ({read.group})", *self._read_cells(read)]):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.read_notes.setItem(row, column, item)

    def _read_cells(self, read: ReviewedRead) -> list[str]:
        """phase, submitted, confidence, comment of one read, as both tables show them."""
        confidence = self.tr("not given") if read.confidence is None else f"{read.confidence}/5"
        comment = read.comment or ""
        if read.unassessable_reason:
            comment = self.tr("cannot be assessed: {reason}").format(reason=read.unassessable_reason) + (
                f" · {comment}" if comment else ""
            )
        return [display_name(phases(), read.phase), _local_time(read.submitted_at), confidence, comment]

    def _findings_tip(self, read: ReviewedRead) -> str:
        findings = ", ".join(sorted(read.labels)) or self.tr("none of the listed")
        return self.tr("Findings: {findings}").format(findings=findings)

    def _set(self, row: int, column: int, text: str, said, truth) -> None:
        item = QTableWidgetItem(text)
        if truth is not None and said is not None and column > 0:
            item.setBackground(AGREE if said == truth else DISAGREE)
        self.table.setItem(row, column, item)


def _table(headers: list[str], tip: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setToolTip(tip)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def _local_time(moment: datetime | None) -> str:
    """A stored (naive UTC) time in the coordinator's local time."""
    if moment is None:
        return ""
    return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone().strftime("%Y-%m-%d %H:%M")
