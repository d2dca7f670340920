"""The coordinator's view: per-reader progress and the study settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecgreader.store.database import StudyDatabase
from ecgreader.store.readers import reader_overview, study_settings
from ecgreader.store.study import summarise_study

COLUMNS = ("Reader", "Group", "Done", "Total", "Median time per case")


class CoordinatorPage(QWidget):
    sign_out = Signal()

    def __init__(self, database: StudyDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.settings_box = QGroupBox("Study settings (fixed at creation; read-only)")
        self.settings_form = QFormLayout(self.settings_box)
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.refresh)
        leave = QPushButton("Sign out")
        leave.clicked.connect(self.sign_out)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Coordinator</h2>"))
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.settings_box)
        layout.addWidget(refresh)
        layout.addWidget(leave)
        self.refresh()

    def refresh(self) -> None:
        overview = reader_overview(self.database)
        self.table.setRowCount(len(overview))
        for row, reader in enumerate(overview):
            median = (
                f"{reader.median_active_seconds:.1f} s"
                if reader.median_active_seconds is not None
                else "undefined (no reads)"
            )
            values = (
                reader.name,
                reader.group,
                str(reader.cases_read),
                str(reader.total_cases),
                median,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        summary = summarise_study(self.database)
        self.summary.setText(
            f"{summary.cases} cases · {len(overview)} readers · {summary.reads} reads · "
            f"{len(summary.model_runs)} model runs"
        )
        settings = study_settings(self.database)
        while self.settings_form.rowCount():
            self.settings_form.removeRow(0)
        for name, value in (
            ("Name", settings.name),
            ("Randomisation seed", str(settings.seed)),
            ("Readers may revisit cases", "yes" if settings.allow_revisit else "no"),
            ("Age/sex shown", "yes" if settings.show_demographics else "no"),
            ("Second-opinion mode", settings.second_opinion_mode),
            ("Reader groups", ", ".join(settings.groups)),
        ):
            self.settings_form.addRow(name, QLabel(value))
