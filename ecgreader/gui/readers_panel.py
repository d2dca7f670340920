"""The coordinator's list of readers: progress per reader, a new PIN for one who forgot theirs,
and deactivation of one who left the study (they can no longer sign in; their reads stay)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecgreader.gui.display_names import phases
from ecgreader.gui.sign_in_refusals import refusal_text
from ecgreader.store.database import StudyDatabase
from ecgreader.store.progress import ReaderOverview, reader_overview
from ecgreader.store.sign_in import SignInError, reset_pin, set_reader_active


class ReadersPanel(QWidget):
    """Readers with their progress; acts on the reader selected in the table."""

    changed = Signal(str)  # what was done, for the page's status line
    error = Signal(str, object)

    def __init__(self, database: StudyDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.readers: list[ReaderOverview] = []
        names = phases()
        headers = (
            self.tr("Reader"),
            self.tr("Group"),
            self.tr("Status"),
            self.tr("PIN"),
            self.tr("Read {phase}").format(phase=names["unaided"]),
            self.tr("Read {phase}").format(phase=names["aided"]),
            self.tr("Median time per case"),
        )
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setSelectionMode(QTableWidget.SingleSelection)
        self.table.setToolTip(self.tr("Every reader of the study; select one to give a new PIN or deactivate"))
        self.table.itemSelectionChanged.connect(self._enable_actions)
        self.new_pin = QLineEdit()
        self.new_pin.setEchoMode(QLineEdit.Password)
        self.new_pin.setPlaceholderText(self.tr("New PIN for the selected reader"))
        self.new_pin.setMinimumWidth(240)
        self.new_pin.setToolTip(self.tr("The reader's new PIN; it follows the study's PIN rules"))
        self.new_pin.textChanged.connect(self._enable_actions)
        self.reset_button = QPushButton(self.tr("Set new PIN"))
        self.reset_button.setToolTip(self.tr("Replace the selected reader's PIN; this also lifts a lock-out"))
        self.reset_button.clicked.connect(self.reset_selected_pin)
        self.active_button = QPushButton(self.tr("Deactivate"))
        self.active_button.setToolTip(
            self.tr("A deactivated reader cannot sign in; their reads stay in the study. Reactivating undoes it")
        )
        self.active_button.clicked.connect(self.toggle_selected_active)
        actions = QHBoxLayout()
        for widget in (self.new_pin, self.reset_button, self.active_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected()
        self.readers = reader_overview(self.database)
        self.table.setRowCount(len(self.readers))
        for row, reader in enumerate(self.readers):
            median = (
                self.tr("{seconds} s").format(seconds=f"{reader.median_active_seconds:.1f}")
                if reader.median_active_seconds is not None
                else self.tr("undefined (no reads)")
            )
            values = (
                reader.name,
                reader.group,
                self.tr("active") if reader.active else self.tr("deactivated"),
                self.tr("set") if reader.has_pin else self.tr("none"),
                self.tr("{done} of {total}").format(done=reader.cases_read, total=reader.total_cases),
                str(reader.aided_reads),
                median,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
            if selected is not None and reader.reader_id == selected.reader_id:
                self.table.selectRow(row)
        self._enable_actions()

    def select(self, name: str) -> None:
        """Select the reader called ``name`` (as the coordinator clicking their row)."""
        self.table.selectRow(next(i for i, reader in enumerate(self.readers) if reader.name == name))

    def selected(self) -> ReaderOverview | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.readers[rows.pop()] if rows else None

    def reset_selected_pin(self) -> None:
        reader = self.selected()
        if reader is None:
            return
        try:
            reset_pin(self.database, reader.reader_id, self.new_pin.text())
        except SignInError as error:
            self.error.emit(self.tr("PIN not changed"), refusal_text(error))
            return
        self.new_pin.clear()
        self.refresh()
        self.changed.emit(self.tr("{name} has a new PIN.").format(name=reader.name))

    def toggle_selected_active(self) -> None:
        reader = self.selected()
        if reader is None:
            return
        set_reader_active(self.database, reader.reader_id, not reader.active)
        self.refresh()
        self.changed.emit(
            self.tr("{name} was reactivated and may sign in again.").format(name=reader.name)
            if not reader.active
            else self.tr("{name} was deactivated and can no longer sign in.").format(name=reader.name)
        )

    def _enable_actions(self) -> None:
        reader = self.selected()
        self.reset_button.setEnabled(reader is not None and bool(self.new_pin.text()))
        self.new_pin.setEnabled(reader is not None)
        self.active_button.setEnabled(reader is not None)
        self.active_button.setText(
            self.tr("Reactivate") if reader is not None and not reader.active else self.tr("Deactivate")
        )
