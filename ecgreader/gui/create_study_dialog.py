"""Create a study from the GUI: the same options as ``ecgreader study create``, with progress.

Once the study is written the dialog stays open with an import summary (cases imported, records
skipped and why, gold standard found, cases without calibrated amplitude), so the coordinator
sees what went in before opening it; the reading settings are edited on the coordinator's page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ecgreader.gui.background import Worker
from ecgreader.gui.display_names import display_name, gold_sources, rating_scales
from ecgreader.gui.plan_dialog import PlanDialog
from ecgreader.gui.study_settings_editor import reading_rule_controls
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY, Vocabulary
from ecgreader.store.study import DEFAULT_GROUPS, DEFAULT_POSITIVE_AT, SCALE_RANGE, StudyOptions
from ecgreader.studies import GOLD_SOURCES, BuiltStudy, GoldStandard, build_study


class CreateStudyDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Create study"))
        self.created_path: Path | None = None
        self.out = QLineEdit()
        self.out.setToolTip(self.tr("Where the new study file (*.ecgstudy) is written"))
        browse_out = QPushButton(self.tr("Choose…"))
        browse_out.setToolTip(self.tr("Choose where to save the study file"))
        browse_out.clicked.connect(self._choose_out)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("empty: the file's name"))
        self.name.setToolTip(self.tr("The study's name, shown to readers and in the report"))
        out_row = QHBoxLayout()
        out_row.addWidget(self.out)
        out_row.addWidget(browse_out)
        self.records = QListWidget()
        self.records.setToolTip(self.tr("Record files and folders to import, in any supported format"))
        add_folder = QPushButton(self.tr("Add folder…"))
        add_folder.setToolTip(self.tr("Add a folder of records (searched with its sub-folders)"))
        add_folder.clicked.connect(self._add_folder)
        self.gold_from = QComboBox()
        for source in ("none", *GOLD_SOURCES):  # shown by name, kept as the code
            self.gold_from.addItem(display_name(gold_sources(), source), source)
        self.gold_from.setToolTip(
            self.tr("Where the gold-standard labels come from: LUDB, PTB-XL, diagnosis codes in the headers, or a CSV")
        )
        self.gold_file = QLineEdit()
        self.gold_file.setPlaceholderText(self.tr("labels file (needed for csv; found beside LUDB/PTB-XL)"))
        self.gold_file.setToolTip(
            self.tr("ludb.csv, ptbxl_database.csv, or a CSV: record_id, one 0/1 column per label")
        )
        self.vocabulary_file = QLineEdit()
        self.vocabulary_file.setPlaceholderText(self.tr("empty: the ten default labels; or a key,finding CSV"))
        self.vocabulary_file.setToolTip(self.tr("The findings readers are asked about"))
        self.groups = QLineEdit(",".join(DEFAULT_GROUPS))
        self.groups.setToolTip(self.tr("Comma-separated reader groups, compared with one another in the report"))
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip(self.tr("Fixes the case numbering and each reader's order, so both can be reproduced"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.password.setToolTip(self.tr("Needed to sign in as coordinator; empty: no coordinator sign-in"))
        self.allow_revisit, self.show_demographics, self.second_opinion = reading_rule_controls()
        self.rating_scale = QComboBox()
        for scale, text in rating_scales().items():
            self.rating_scale.addItem(text, scale)
        self.rating_scale.setToolTip(self.tr("How readers answer each finding"))
        self.positive_at = QDoubleSpinBox()
        self.positive_at.setDecimals(1)
        self.positive_at.setToolTip(self.tr("A finding counts as present when its rating is at least this"))
        self.rating_scale.currentIndexChanged.connect(self._show_cut_off)
        self._show_cut_off()
        plan = QPushButton(self.tr("Plan…"))
        plan.setToolTip(self.tr("How many readers and cases the study needs (Obuchowski–Rockette power)"))
        plan.clicked.connect(self._plan)
        answers_row = QHBoxLayout()
        answers_row.addWidget(self.rating_scale)
        answers_row.addWidget(QLabel(self.tr("present from")))
        answers_row.addWidget(self.positive_at)
        answers_row.addWidget(plan)
        self.skip_bad = QCheckBox(self.tr("Skip unusable records (they are listed)"))
        self.skip_bad.setToolTip(self.tr("Otherwise one unusable record stops the creation and nothing is written"))
        self.progress = QProgressBar()
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMinimumHeight(120)
        self.report.setToolTip(self.tr("What was imported, or why nothing was written"))
        form = QFormLayout()
        form.addRow(self.tr("Study file"), out_row)
        form.addRow(self.tr("Study name"), self.name)
        form.addRow(self.tr("Records"), self.records)
        form.addRow("", add_folder)
        form.addRow(self.tr("Gold standard from"), self.gold_from)
        form.addRow(self.tr("Labels file"), self.gold_file)
        form.addRow(self.tr("Label vocabulary"), self.vocabulary_file)
        form.addRow(self.tr("Reader groups"), self.groups)
        form.addRow(self.tr("Randomisation seed"), self.seed)
        form.addRow(self.tr("Coordinator password"), self.password)
        form.addRow(self.allow_revisit)
        form.addRow(self.show_demographics)
        form.addRow(self.tr("Network's opinion shown"), self.second_opinion)
        form.addRow(self.tr("Answers per finding"), answers_row)
        form.addRow(self.skip_bad)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(self.tr("Create"))
        self.buttons.button(QDialogButtonBox.Ok).setToolTip(self.tr("Read the records and write the study file"))
        self.buttons.accepted.connect(self._create_or_open)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(QLabel(self.tr("Import summary and messages")))
        layout.addWidget(self.report)
        layout.addWidget(self.buttons)
        self.worker = Worker(self, "create study")  # a name for logs and threads, not shown
        self.worker.progressed.connect(self._on_progress)
        self.worker.succeeded.connect(self._on_created)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)

    def add_records(self, *paths: str) -> None:
        self.records.addItems(list(paths))

    def options(self) -> StudyOptions:
        return StudyOptions(
            name=self.name.text().strip() or Path(self.out.text()).stem,
            vocabulary=(
                Vocabulary.from_file(self.vocabulary_file.text().strip())
                if self.vocabulary_file.text().strip()
                else DEFAULT_VOCABULARY
            ),
            groups=tuple(g.strip() for g in self.groups.text().split(",")),
            seed=self.seed.value(),
            allow_revisit=self.allow_revisit.isChecked(),
            show_demographics=self.show_demographics.isChecked(),
            second_opinion_mode=self.second_opinion.currentData(),
            coordinator_password=self.password.text() or None,
            rating_scale=self.rating_scale.currentData(),
            positive_at=self.positive_at.value() if self.positive_at.isEnabled() else None,
        )

    def start(self) -> None:
        try:
            out = Path(self.out.text().strip())
            if not self.out.text().strip():
                raise ValueError(self.tr("choose where to save the study file"))
            if out.exists():
                raise FileExistsError(self.tr("{file}: already exists").format(file=out))
            options = self.options()
            gold_from = None if self.gold_from.currentData() == "none" else self.gold_from.currentData()
            gold = GoldStandard(gold_from, self.gold_file.text().strip() or None)
        except (ValueError, OSError) as error:
            self.report.setPlainText(str(error))
            return
        sources = [self.records.item(i).text() for i in range(self.records.count())]
        skip_bad = self.skip_bad.isChecked()
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(False)
        self.report.clear()

        def work(progress, cancelled):
            return build_study(out, sources, gold, options, skip_bad, progress, cancelled)

        self.worker.start(work)

    def _create_or_open(self) -> None:
        """The OK button creates the study, then (once the summary is shown) opens it."""
        if self.created_path is not None:
            self.accept()
        else:
            self.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_created(self, built: BuiltStudy) -> None:
        self.created_path = built.path
        self.report.setPlainText(self.import_summary(built))
        ok = self.buttons.button(QDialogButtonBox.Ok)
        ok.setText(self.tr("Open the study"))
        ok.setToolTip(self.tr("Open the new study and sign in"))
        ok.setEnabled(True)
        self.buttons.button(QDialogButtonBox.Cancel).setText(self.tr("Close"))

    def import_summary(self, built: BuiltStudy) -> str:
        """What went into the study, as the coordinator should check it before readers start."""
        lines = [self.tr("Imported {cases} cases into {file}.").format(cases=built.cases, file=built.path.name)]
        if built.cases_with_gold:
            lines.append(
                self.tr("Gold standard found for {gold} of {cases} cases ({findings} findings present).").format(
                    gold=built.cases_with_gold, cases=built.cases, findings=built.gold_findings
                )
            )
        else:
            lines.append(self.tr("No gold standard: the report can compare readers, not score them."))
        if built.uncalibrated_cases:
            lines.append(
                self.tr(
                    "{n} cases are not amplitude-calibrated: their paper is not at 10 mm/mV and no voltage "
                    "criterion can be judged on them."
                ).format(n=built.uncalibrated_cases)
            )
        else:
            lines.append(self.tr("Every case is amplitude-calibrated (10 mm/mV)."))
        if built.skipped:
            lines.append(self.tr("Skipped {n} unusable records:").format(n=len(built.skipped)))
            lines += [f"  {problem}" for problem in built.skipped]
        else:
            lines.append(self.tr("No record was skipped."))
        if built.warnings:
            lines.append(self.tr("Warnings about records imported:"))
            lines += [f"  {warning}" for warning in built.warnings]
        return "\n".join(lines)

    def _on_failed(self, error) -> None:
        self.report.setPlainText(str(error))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(True)

    def _on_cancelled(self) -> None:
        self._on_failed(self.tr("creation cancelled; nothing written"))

    def reject(self) -> None:
        """Cancel, Escape and the close button first stop a creation in progress; then close."""
        if self.worker.running:
            self.worker.cancel()
        else:
            super().reject()

    def _show_cut_off(self) -> None:
        """The cut-off applies to rating scales only; each scale starts at its default."""
        scale = self.rating_scale.currentData()
        self.positive_at.setEnabled(scale != "binary")
        if scale != "binary":
            low, high = SCALE_RANGE[scale]
            self.positive_at.setRange(low, high)
            self.positive_at.setValue(DEFAULT_POSITIVE_AT[scale])

    def _plan(self) -> None:
        PlanDialog(self).exec()

    def _choose_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Study file"), "", self.tr("ECG studies (*.ecgstudy)"))
        if path:
            self.out.setText(path if path.endswith(".ecgstudy") else f"{path}.ecgstudy")

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of records"))
        if folder:
            self.add_records(folder)
