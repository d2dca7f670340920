"""The coordinator's view: per-reader progress and the study settings (editable until the
first read is submitted, read-only after)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from ecgreader.store.progress import reader_overview
from ecgreader.store.settings import SECOND_OPINION_MODES, study_settings, update_settings
from ecgreader.store.study import summarise_study

COLUMNS = ("Reader", "Group", "Done", "Total", "Median time per case")


class CoordinatorPage(QWidget):
    sign_out = Signal()
    error = Signal(str, object)
    dashboard_requested = Signal()
    cases_requested = Signal()

    def __init__(self, database: StudyDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)

        self.settings_box = QGroupBox("Study settings")
        form = QFormLayout(self.settings_box)
        self.name_label, self.seed_label, self.groups_label = QLabel(), QLabel(), QLabel()
        self.allow_revisit = QCheckBox("Readers may revisit and revise cases")
        self.show_demographics = QCheckBox("Show age and sex to readers")
        self.second_opinion = QComboBox()
        self.second_opinion.addItems(list(SECOND_OPINION_MODES))
        self.save_button = QPushButton("Save settings")
        self.save_button.clicked.connect(self._save)
        self.lock_note = QLabel()
        form.addRow("Name", self.name_label)
        form.addRow("Randomisation seed", self.seed_label)
        form.addRow("Reader groups", self.groups_label)
        form.addRow(self.allow_revisit)
        form.addRow(self.show_demographics)
        form.addRow("Second-opinion mode", self.second_opinion)
        form.addRow(self.lock_note, self.save_button)

        dashboard = QPushButton("Comparison dashboard")
        dashboard.clicked.connect(self.dashboard_requested)
        cases = QPushButton("Review cases (gold, reads, network)")
        cases.clicked.connect(self.cases_requested)
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.refresh)
        leave = QPushButton("Sign out")
        leave.clicked.connect(self.sign_out)
        self.summary = QLabel()
        self.network_warning = QLabel()
        self.network_warning.setObjectName("networkWarning")
        self.network_warning.setWordWrap(True)
        self.network_warning.setStyleSheet("QLabel { background: #fff3cd; padding: 4px; }")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Coordinator</h2>"))
        layout.addWidget(self.summary)
        layout.addWidget(self.network_warning)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.settings_box)
        layout.addWidget(dashboard)
        layout.addWidget(cases)
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
        needs_run = settings.second_opinion_mode != "off" and not summary.model_runs
        self.network_warning.setText(
            "Run the network first: this study shows readers the network's second opinion, and it has "
            "not been run yet (Comparison dashboard → Run the network). Until then readers are told "
            "that no second opinion is available."
            if needs_run
            else ""
        )
        self.network_warning.setVisible(needs_run)
        self.name_label.setText(settings.name)
        self.seed_label.setText(str(settings.seed))
        self.groups_label.setText(", ".join(settings.groups))
        self.allow_revisit.setChecked(settings.allow_revisit)
        self.show_demographics.setChecked(settings.show_demographics)
        self.second_opinion.setCurrentText(settings.second_opinion_mode)
        editable = summary.reads == 0
        for widget in (
            self.allow_revisit,
            self.show_demographics,
            self.second_opinion,
            self.save_button,
        ):
            widget.setEnabled(editable)
        self.lock_note.setText("" if editable else "Fixed: readers have submitted reads.")

    def _save(self) -> None:
        try:
            update_settings(
                self.database,
                allow_revisit=self.allow_revisit.isChecked(),
                show_demographics=self.show_demographics.isChecked(),
                second_opinion_mode=self.second_opinion.currentText(),
            )
        except ValueError as error:
            self.error.emit("Settings not saved", error)
        self.refresh()
