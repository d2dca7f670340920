"""Create a study from the GUI: the same options as ``ecgreader study create``, with progress."""

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
from ecgreader.gui.plan_dialog import PlanDialog
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY, Vocabulary
from ecgreader.store.settings import SECOND_OPINION_MODES
from ecgreader.store.study import DEFAULT_GROUPS, DEFAULT_POSITIVE_AT, SCALE_RANGE, StudyOptions
from ecgreader.studies import GOLD_SOURCES, GoldStandard, build_study

ANSWER_FORMATS = (("present / absent", "binary"), ("1–5 per finding", "1-5"), ("0–100 per finding", "0-100"))


class CreateStudyDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Create study")
        self.created_path: Path | None = None
        self.out = QLineEdit()
        browse_out = QPushButton("Choose…")
        browse_out.clicked.connect(self._choose_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out)
        out_row.addWidget(browse_out)
        self.records = QListWidget()
        add_folder = QPushButton("Add folder…")
        add_folder.clicked.connect(self._add_folder)
        self.gold_from = QComboBox()
        self.gold_from.addItems(["none", *GOLD_SOURCES])
        self.gold_file = QLineEdit()
        self.gold_file.setPlaceholderText("labels file (needed for csv; found beside LUDB/PTB-XL)")
        self.vocabulary_file = QLineEdit()
        self.vocabulary_file.setPlaceholderText("empty: the ten default labels; or a key,finding CSV")
        self.groups = QLineEdit(",".join(DEFAULT_GROUPS))
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.allow_revisit = QCheckBox("Readers may revisit and revise cases")
        self.show_demographics = QCheckBox("Show age and sex to readers")
        self.second_opinion = QComboBox()
        self.second_opinion.addItems(list(SECOND_OPINION_MODES))
        self.rating_scale = QComboBox()
        for text, scale in ANSWER_FORMATS:
            self.rating_scale.addItem(text, scale)
        self.positive_at = QDoubleSpinBox()
        self.positive_at.setDecimals(1)
        self.positive_at.setToolTip("a finding counts as present when its rating is at least this")
        self.rating_scale.currentIndexChanged.connect(self._show_cut_off)
        self._show_cut_off()
        plan = QPushButton("Plan…")
        plan.setToolTip("how many readers and cases the study needs (Obuchowski–Rockette power)")
        plan.clicked.connect(self._plan)
        answers_row = QHBoxLayout()
        answers_row.addWidget(self.rating_scale)
        answers_row.addWidget(QLabel("present from"))
        answers_row.addWidget(self.positive_at)
        answers_row.addWidget(plan)
        self.skip_bad = QCheckBox("Skip unusable records (they are listed)")
        self.progress = QProgressBar()
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(120)
        form = QFormLayout()
        form.addRow("Study file", out_row)
        form.addRow("Records", self.records)
        form.addRow("", add_folder)
        form.addRow("Gold standard from", self.gold_from)
        form.addRow("Labels file", self.gold_file)
        form.addRow("Label vocabulary", self.vocabulary_file)
        form.addRow("Reader groups", self.groups)
        form.addRow("Randomisation seed", self.seed)
        form.addRow("Coordinator password", self.password)
        form.addRow(self.allow_revisit)
        form.addRow(self.show_demographics)
        form.addRow("Second opinion", self.second_opinion)
        form.addRow("Answers per finding", answers_row)
        form.addRow(self.skip_bad)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("Create")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(QLabel("Messages"))
        layout.addWidget(self.report)
        layout.addWidget(self.buttons)
        self.worker = Worker(self, "create study")
        self.worker.progressed.connect(self._on_progress)
        self.worker.succeeded.connect(self._on_created)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)

    def add_records(self, *paths: str) -> None:
        self.records.addItems(list(paths))

    def options(self) -> StudyOptions:
        return StudyOptions(
            name=Path(self.out.text()).stem,
            vocabulary=(
                Vocabulary.from_file(self.vocabulary_file.text().strip())
                if self.vocabulary_file.text().strip()
                else DEFAULT_VOCABULARY
            ),
            groups=tuple(g.strip() for g in self.groups.text().split(",")),
            seed=self.seed.value(),
            allow_revisit=self.allow_revisit.isChecked(),
            show_demographics=self.show_demographics.isChecked(),
            second_opinion_mode=self.second_opinion.currentText(),
            coordinator_password=self.password.text() or None,
            rating_scale=self.rating_scale.currentData(),
            positive_at=self.positive_at.value() if self.positive_at.isEnabled() else None,
        )

    def start(self) -> None:
        try:
            out = Path(self.out.text().strip())
            if not self.out.text().strip():
                raise ValueError("choose where to save the study file")
            if out.exists():
                raise FileExistsError(f"{out}: already exists")
            options = self.options()
            gold_from = None if self.gold_from.currentText() == "none" else self.gold_from.currentText()
            gold = GoldStandard(gold_from, self.gold_file.text().strip() or None)
        except (ValueError, OSError) as error:
            self.report.setPlainText(str(error))
            return
        sources = [self.records.item(i).text() for i in range(self.records.count())]
        skip_bad = self.skip_bad.isChecked()
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(False)
        self.report.clear()

        def work(progress, cancelled):
            built = build_study(out, sources, gold, options, skip_bad, progress, cancelled)
            return built.path, built.skipped + built.warnings

        self.worker.start(work)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_created(self, result) -> None:
        self.created_path, messages = result
        self.report.setPlainText("\n".join(messages))
        self.accept()

    def _on_failed(self, error) -> None:
        self.report.setPlainText(str(error))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(True)

    def _on_cancelled(self) -> None:
        self._on_failed("creation cancelled; nothing written")

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
        path, _ = QFileDialog.getSaveFileName(self, "Study file", "", "ECG studies (*.ecgstudy)")
        if path:
            self.out.setText(path if path.endswith(".ecgstudy") else f"{path}.ecgstudy")

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of records")
        if folder:
            self.add_records(folder)
