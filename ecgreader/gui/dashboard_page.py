"""The coordinator's comparison dashboard: metrics with CIs per label for groups, readers and the
network; the report's figures; running the network on every case; exporting reports.

Running the model file whose run is already the study's current one reuses that run (the same
file gives the same probabilities) unless the coordinator asks for a new run."""

from __future__ import annotations

import math
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ecgreader.analysis import from_study
from ecgreader.analysis.engine import MACRO, MetricRow, analyse
from ecgreader.analysis.figures import all_figures
from ecgreader.analysis.formatting import UNDEFINED, format_with_ci
from ecgreader.analysis.from_study import comparison_input
from ecgreader.analysis.mrmc_study import MrmcRow, mrmc_rows
from ecgreader.analysis.report import incomplete_note, localised, no_reads_note
from ecgreader.analysis.report_output import FILE_KINDS, ReportPathError
from ecgreader.gui.background import Worker
from ecgreader.gui.display_names import contrasts, designs, display_name, phases, rater_kinds
from ecgreader.store.database import StudyDatabase
from ecgreader.store.model_runs import current_run_of_model

KIND_ORDER = {"model": 0, "group": 1, "group_mean": 2, "reader": 3}
CONTRAST_ORDER = {"network-readers": 0, "aided-unaided": 1, "group-group": 2, "single": 3}
DESIGN_ORDER = {"RRRC": 0, "FRRC": 1, "RRFC": 2}


FIRST_METRIC_COLUMN = 8  # rater, kind, n cases, cannot be assessed, TP, FP, FN, TN, then the metrics


def _mrmc_order(row: MrmcRow) -> tuple:
    return (row.metric, CONTRAST_ORDER.get(row.contrast, 9), row.group, row.phase, DESIGN_ORDER.get(row.design, 9),
            row.covariance)  # fmt: skip


def _mrmc_cells(row: MrmcRow) -> list[str]:
    """One MRMC analysis as table text: undefined values say so, an infinite df is "∞" (z test); df
    only beside an SE (without one there is no t or z to take it)."""
    if row.df is None or row.se is None:
        df = ""
    else:
        df = "∞" if math.isinf(row.df) else f"{row.df:.1f}"
    return [row.metric, display_name(contrasts(), row.contrast), row.group, display_name(phases(), row.phase),
            display_name(designs(), row.design), row.covariance,
            localised(format_with_ci(row.estimate, row.ci_low, row.ci_high)), _number(row.se), df,
            _p_value(row.p), _p_value(row.p_holm)]  # fmt: skip


def _number(value: float | None) -> str:
    return localised(UNDEFINED if value is None else f"{value:.4f}")


def _filter_suffix(chosen_filter: str) -> str:
    """The suffix of a save dialog's filter, e.g. ".pdf" of "PDF (*.pdf)"; ".html" if none is chosen."""
    match = re.search(r"\*(\.\w+)", chosen_filter)
    return match.group(1).lower() if match else ".html"


def _p_value(p: float | None) -> str:
    if p is None:
        return ""
    return "< 0.0001" if p < 1e-4 else f"{p:.4f}"


class DashboardPage(QWidget):
    back = Signal()
    error = Signal(str, object)

    def __init__(self, database: StudyDatabase, bootstrap: int = 1000, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.bootstrap = bootstrap
        self.analysis = None
        self.status = QLabel(self.tr("Computing…"))
        self.label_choice = QComboBox()
        self.label_choice.setToolTip(self.tr("The finding whose metrics the tables show, or their macro average"))
        self.label_choice.currentIndexChanged.connect(lambda: self._fill_table(self.label_choice.currentData()))
        columns = (self.tr("rater"), self.tr("kind"), self.tr("n cases"), self.tr("cannot be assessed"), "TP", "FP",
                   "FN", "TN", self.tr("sensitivity"), self.tr("specificity"), "PPV", "F1")  # fmt: skip
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.mrmc = []
        mrmc_headers = (self.tr("metric"), self.tr("contrast"), self.tr("group"), self.tr("phase"),
                        self.tr("design"), self.tr("covariance"), self.tr("estimate (95 % CI)"), "SE", "df", "p",
                        self.tr("p (Holm)"))  # fmt: skip
        self.mrmc_table = QTableWidget(0, len(mrmc_headers))
        self.mrmc_table.setHorizontalHeaderLabels(mrmc_headers)
        self.mrmc_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.mrmc_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.mrmc_table.setToolTip(
            self.tr(
                "Obuchowski–Rockette analyses with Hillis df: readers and cases random (RRRC) or one fixed; "
                "p (Holm) is adjusted across the labels of each contrast"
            )
        )
        self.table.setToolTip(
            self.tr(
                "Each rater's counts and metrics with 95 % intervals for the chosen finding; n cases: cases a reader "
                "or the network rated, reads for a group's pooled row, cases any member read for a group mean"
            )
        )
        self.tables = QTabWidget()
        self.tables.addTab(self.table, self.tr("Metrics"))
        self.tables.addTab(self.mrmc_table, "MRMC")
        self.figures = QTabWidget()
        self.run_button = QPushButton(self.tr("Run the network on all cases…"))
        self.run_button.setToolTip(self.tr("Run the network on every case and store its output as the current run"))
        self.run_button.clicked.connect(lambda: self.run_model())
        self.new_run = QCheckBox(self.tr("Store a new run even if this model was run"))
        self.new_run.setToolTip(
            self.tr("Otherwise running the model whose run is already the study's current one reuses that run")
        )
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the network's run; nothing is stored"))
        self.cancel_button.setEnabled(False)
        self.export_button = QPushButton(self.tr("Export report…"))
        self.export_button.setToolTip(self.tr("Write the study report as HTML or PDF"))
        self.export_button.clicked.connect(self.export_report)
        back = QPushButton(self.tr("Back"))
        back.setToolTip(self.tr("Back to the coordinator's page"))
        back.clicked.connect(self.back)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        controls = QHBoxLayout()
        for widget in (QLabel(self.tr("Label")), self.label_choice, self.run_button, self.new_run, self.cancel_button,
                       self.progress, self.export_button, back):  # fmt: skip
            controls.addWidget(widget)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<h2>Comparison: readers, groups and the network</h2>")))
        layout.addWidget(self.status)
        self.incomplete = QLabel()  # an incomplete study says so at the top, as the report does
        self.incomplete.setObjectName("incompleteStudy")
        self.incomplete.setWordWrap(True)
        self.incomplete.setStyleSheet("QLabel { background: #fff3cd; padding: 4px; }")
        self.incomplete.setVisible(False)
        layout.addWidget(self.incomplete)
        layout.addLayout(controls)
        layout.addWidget(self.tables, 2)
        layout.addWidget(self.figures, 3)
        # Each worker is owned by this page: pressing Back (which deletes the page) cancels its run.
        self.analysis_worker = Worker(self, "analysis")
        self.analysis_worker.succeeded.connect(self._show)
        self.analysis_worker.failed.connect(self._analysis_failed)
        self.model_worker = Worker(self, "network run")
        self.model_worker.progressed.connect(self._model_progress)
        self.model_worker.succeeded.connect(self._model_done)
        self.model_worker.failed.connect(self._model_failed)
        self.model_worker.cancelled.connect(self._model_cancelled)
        self.cancel_button.clicked.connect(self.model_worker.cancel)
        self.report_worker = Worker(self, "report")
        self.report_worker.succeeded.connect(self._report_written)
        self.report_worker.failed.connect(self._report_failed)
        self.report_worker.cancelled.connect(self._report_finished)
        self.refresh()

    # --- analysis --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the comparison; an analysis still running is cancelled (the last one wins)."""
        database, bootstrap = self.database, self.bootstrap

        def work(_progress, _cancelled):
            # The window's open study: its engine gives this thread its own connection and session,
            # and the file is never opened a second way while this process holds its locks.
            with database.reading() as snapshot:  # one snapshot: both phases share one load of the reads
                data = comparison_input(snapshot)
                aided = from_study.comparison_input(snapshot, "aided")
            analysis = analyse(data, bootstrap=bootstrap)
            mrmc = mrmc_rows(data, aided)
            return data, analysis, mrmc, all_figures(analysis, data)

        self.status.setText(self.tr("Computing metrics with {n} bootstrap resamples…").format(n=bootstrap))
        self.analysis_worker.start(work)

    def _show(self, result) -> None:
        data, self.analysis, self.mrmc, figures = result
        notes = [note for note in (no_reads_note(data), incomplete_note(self.analysis)) if note is not None]
        note = "\n".join(notes) if notes else None
        self.incomplete.setText(note or "")
        self.incomplete.setVisible(note is not None)
        model = data.model.name if data.model is not None else self.tr("no network run yet")
        self.status.setText(
            self.tr("{cases} cases with a gold standard · {readers} readers · network: {model}").format(
                cases=len(data.gold), readers=len(data.readers), model=model
            )
        )
        current = self.label_choice.currentData() or MACRO
        self.label_choice.blockSignals(True)
        self.label_choice.clear()
        for key in [*self.analysis.labels, MACRO]:  # shown in the installed language, kept as the key
            self.label_choice.addItem(QCoreApplication.translate("Report", "macro") if key == MACRO else key, key)
        self.label_choice.setCurrentIndex(max(self.label_choice.findData(current), 0))
        self.label_choice.blockSignals(False)
        self._fill_table(self.label_choice.currentData())
        self.figures.clear()
        for name, data_png in figures.items():
            pixmap = QPixmap()
            pixmap.loadFromData(data_png, "PNG")
            picture = QLabel()
            picture.setPixmap(pixmap)
            picture.setAlignment(Qt.AlignCenter)
            scroll = QScrollArea()
            scroll.setWidget(picture)
            self.figures.addTab(scroll, name)

    def _analysis_failed(self, error) -> None:
        self.status.setText(self.tr("No comparison yet: {error}").format(error=error))

    def _fill_table(self, label: str) -> None:
        if self.analysis is None or not label:
            return
        self._fill_mrmc(label)
        rows = sorted(
            (r for r in self.analysis.rows if r.label == label),
            key=lambda r: (KIND_ORDER[r.rater_kind], r.rater),
        )
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            cells = [
                row.rater,
                display_name(rater_kinds(), row.rater_kind),
                "" if row.cases is None else str(row.cases),
            ]
            # Reads of "cannot be assessed" stay out of the reader's metrics; the count says how many.
            cells.append(str(self.analysis.unassessable.get(row.rater, 0)) if row.rater_kind == "reader" else "")
            cells += ["" if row.counts[c] is None else str(row.counts[c]) for c in ("tp", "fp", "fn", "tn")]
            cells += [
                localised(format_with_ci(row.values[m], row.low.get(m), row.high.get(m)))
                for m in ("sensitivity", "specificity", "ppv", "f1")
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j >= FIRST_METRIC_COLUMN:
                    item.setToolTip(
                        self._metric_tooltip(row, ("sensitivity", "specificity", "ppv", "f1")[j - FIRST_METRIC_COLUMN])
                    )
                self.table.setItem(i, j, item)

    def _metric_tooltip(self, row: MetricRow, metric: str) -> str:
        """A group mean's range over its readers, and why a value stands without its interval."""
        notes = []
        low, high = row.extra.get(f"{metric}_min"), row.extra.get(f"{metric}_max")
        if row.rater_kind == "group_mean" and low is not None:
            notes.append(self.tr("readers' range {low}–{high}").format(low=f"{low:.3f}", high=f"{high:.3f}"))
        if row.values[metric] is not None and (row.low.get(metric) is None or row.high.get(metric) is None):
            notes.append(
                self.tr("95 % CI undefined: every bootstrap resample of the cases gives the same value (or none)")
            )
        return "\n".join(notes)

    def _fill_mrmc(self, label: str) -> None:
        """The label's MRMC analyses (none for the macro average: MRMC is per label)."""
        rows = sorted((r for r in self.mrmc if r.label == label), key=_mrmc_order)
        self.mrmc_table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(_mrmc_cells(row)):
                self.mrmc_table.setItem(i, j, QTableWidgetItem(text))

    # --- the network -------------------------------------------------------------------------
    def run_model(self, model_path: str | Path | None = None) -> None:
        """Run the model file (default: the shipped one) on every case, or reuse the study's current
        run when this file made it and "Store a new run" is not ticked."""
        database, new_run = self.database, self.new_run.isChecked()

        def work(progress, cancelled):
            from ecgreader.model.inference import DEFAULT_MODEL, EcgModel, predict_study

            model = EcgModel.load(model_path or DEFAULT_MODEL)
            drift_warning = model.drift_warning()  # checked before anything is stored
            existing = None if new_run else current_run_of_model(database, model.sha256)
            if existing is not None:
                return existing.id, True, drift_warning
            # progress raises once cancelled, also after the last batch: a cancelled run stores nothing.
            return predict_study(database, model, progress, cancelled), False, drift_warning

        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.model_worker.start(work)

    def _model_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _model_done(self, result) -> None:
        run_id, reused, drift_warning = result
        self._model_finished()
        if drift_warning is not None:  # the run is stored, but the coordinator must know what it rests on
            self.error.emit(self.tr("The network measures differently from its training"), drift_warning)
        if reused:  # nothing changed: the comparison shown stands
            self.status.setText(
                self.tr("Run {run} of this model is already the study's current run: reused, nothing stored.").format(
                    run=run_id
                )
            )
            return
        self.refresh()

    def _model_failed(self, error) -> None:
        self._model_finished()
        self.error.emit(self.tr("The network could not be run"), error)

    def _model_cancelled(self) -> None:
        self._model_finished()
        self.status.setText(self.tr("model run cancelled; nothing stored"))

    def _model_finished(self) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)

    # --- reports -------------------------------------------------------------------------------
    def export_report(self) -> None:
        """Ask where to save the report. A name typed without a suffix gets the chosen filter's (the
        dialog only writes HTML or PDF files; a bare name would otherwise be a folder of CSV files)."""
        path, chosen_filter = QFileDialog.getSaveFileName(
            self, self.tr("Export report"), "report.html", self.tr("HTML (*.html);;PDF (*.pdf)")
        )
        if not path:
            return
        chosen = Path(path)
        if chosen.suffix.lower() in FILE_KINDS:
            self.write_report(chosen)
            return
        if chosen.suffix:
            message = self.tr(
                "{name}: a report is saved as an HTML (.html) or PDF (.pdf) file; end its name in one of these"
            )
            self.error.emit(self.tr("The report could not be written"), ReportPathError(message.format(name=chosen)))
            return
        target = chosen.with_name(chosen.name + _filter_suffix(chosen_filter))
        # The dialog asked about replacing the name as typed, not this one.
        if target.exists() and not self._confirm_replace(target):
            return
        self.write_report(target)

    def _confirm_replace(self, target: Path) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Replace the report?"),
            self.tr("{path} already exists. Replace it?").format(path=target),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        return answer == QMessageBox.Yes

    def write_report(self, path: Path) -> None:
        """Write the report in the background (it bootstraps every metric); the status says when."""
        database, bootstrap = self.database, self.bootstrap

        def work(_progress, _cancelled):
            from ecgreader.analysis.report import write_report

            return write_report(database, path, bootstrap, overwrite=True)[0]  # the save dialog confirmed a replacement

        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Writing {path}…").format(path=path))
        self.report_worker.start(work)

    def _report_written(self, path: Path) -> None:
        self._report_finished()
        self.status.setText(self.tr("Wrote {path}").format(path=path))

    def _report_failed(self, error) -> None:
        self._report_finished()
        self.error.emit(self.tr("The report could not be written"), error)

    def _report_finished(self) -> None:
        self.export_button.setEnabled(True)
