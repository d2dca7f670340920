"""The coordinator's view: the readers (progress, new PINs, deactivation), the aided reads still
owed, and the study settings (editable until the first read is submitted, read-only after)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ecgreader.gui.display_names import display_name, second_opinion_modes
from ecgreader.gui.readers_panel import ReadersPanel
from ecgreader.gui.study_settings_editor import StudySettingsEditor
from ecgreader.store.cases import signal_case_ids
from ecgreader.store.database import StudyDatabase
from ecgreader.store.progress import pending_aided_reads
from ecgreader.store.settings import study_settings
from ecgreader.store.study import summarise_study


class CoordinatorPage(QWidget):
    sign_out = Signal()
    error = Signal(str, object)
    dashboard_requested = Signal()
    cases_requested = Signal()

    def __init__(self, database: StudyDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.summary = QLabel()
        self.network_warning = QLabel()
        self.network_warning.setObjectName("networkWarning")
        self.network_warning.setWordWrap(True)
        self.network_warning.setStyleSheet("QLabel { background: #fff3cd; padding: 4px; }")
        self.status = QLabel()  # what the coordinator just did: a save, a new PIN, a deactivation
        self.status.setObjectName("coordinatorStatus")
        self.status.setWordWrap(True)

        self.readers = ReadersPanel(database)
        self.readers.changed.connect(self._done)
        self.readers.error.connect(self.error)
        self.pending_note = QLabel()
        self.pending_note.setWordWrap(True)
        pending_headers = (self.tr("Reader"), self.tr("Group"), self.tr("Cases still to read with the network"),
                           self.tr("Case numbers (as in the case review)"))  # fmt: skip
        self.pending = QTableWidget(0, len(pending_headers))
        self.pending.setHorizontalHeaderLabels(pending_headers)
        self.pending.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.pending.setEditTriggers(QTableWidget.NoEditTriggers)
        self.pending.setToolTip(self.tr("Cases each reader has read without the network's opinion but not yet with it"))
        pending_page = QWidget()
        pending_layout = QVBoxLayout(pending_page)
        pending_layout.addWidget(self.pending_note)
        pending_layout.addWidget(self.pending, 1)
        self.settings_editor = StudySettingsEditor(database)
        self.settings_editor.saved.connect(self._settings_saved)
        self.settings_editor.error.connect(self.error)
        settings_page = QScrollArea()
        settings_page.setWidgetResizable(True)
        settings_page.setWidget(self.settings_editor)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.readers, self.tr("Readers"))
        self.tabs.addTab(pending_page, self.tr("Aided reads still to do"))
        self.tabs.addTab(settings_page, self.tr("Study settings"))

        buttons = QHBoxLayout()
        for text, tip, slot in (
            (self.tr("Comparison dashboard"), self.tr("Metrics of readers, groups and the network; run the "
                                                      "network; export the report"), self.dashboard_requested),
            (self.tr("Review cases (gold, reads, network)"), self.tr("Each case with its gold standard, every "
                                                                     "reader's read and the network's output"),
             self.cases_requested),
            (self.tr("Refresh"), self.tr("Read the study file again (other readers may be reading now)"),
             self.refresh),
            (self.tr("Sign out"), self.tr("Back to the sign-in page"), self.sign_out),
        ):  # fmt: skip
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<h2>Coordinator</h2>")))
        layout.addWidget(self.summary)
        layout.addWidget(self.network_warning)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        summary = summarise_study(self.database)
        settings = study_settings(self.database)
        mode = display_name(second_opinion_modes(), settings.second_opinion_mode)
        self.summary.setText(
            self.tr("cases: {cases} · readers: {readers} · reads: {reads} · model runs: {runs}").format(
                cases=summary.cases, readers=len(summary.readers), reads=summary.reads, runs=len(summary.model_runs)
            )
            + " · "
            + self.tr("network's opinion: {mode}").format(mode=mode)
        )
        # a study built from tables or images has no signal for the network to read
        has_signals = bool(signal_case_ids(self.database))
        needs_run = settings.second_opinion_mode != "off" and not summary.model_runs and has_signals
        self.network_warning.setText(
            self.tr(
                "Run the network first: this study shows readers the network's second opinion, and it has "
                "not been run yet (Comparison dashboard → Run the network). Until then readers are told "
                "that no second opinion is available."
            )
            if needs_run
            else ""
        )
        self.network_warning.setVisible(needs_run)
        self.status.setVisible(bool(self.status.text()))
        self.readers.refresh()
        self._show_pending(settings.second_opinion_mode, has_signals)
        self.settings_editor.show_settings(settings, editable=summary.reads == 0)

    def _show_pending(self, mode: str, has_signals: bool) -> None:
        pending = pending_aided_reads(self.database)
        self.pending.setRowCount(len(pending))
        for row, owed in enumerate(pending):
            values = (owed.name, owed.group, str(len(owed.case_positions)), ", ".join(map(str, owed.case_positions)))
            for column, value in enumerate(values):
                self.pending.setItem(row, column, QTableWidgetItem(value))
        if mode == "off":
            note = self.tr("Readers never see the network's opinion in this study, so there are no aided reads.")
        elif not has_signals:
            note = self.tr(
                "This study holds no ECG signals (it was built from tables or images), so the network "
                "cannot give its opinion here and no aided reads are owed."
            )
        elif pending:
            note = self.tr("Readers who still owe reads with the network's opinion: {n}.").format(n=len(pending))
        else:
            note = self.tr("No aided reads are outstanding.")
        self.pending_note.setText(note)

    def _settings_saved(self) -> None:
        self._done(self.settings_editor.note.text())

    def _done(self, message: str) -> None:
        self.status.setText(message)
        self.status.setVisible(True)
        self.refresh()
