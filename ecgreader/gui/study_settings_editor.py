"""The coordinator's editor of the study's reading settings: what readers see and may do.

Every setting here shapes the reads, so it is editable only while the study has no reads (the
store refuses later changes); after the first read the editor shows the settings read-only and
says why. A save is confirmed on the page, so the coordinator knows it took.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ecgreader.gui.display_names import display_name, filter_setting, rating_scales, second_opinion_modes
from ecgreader.gui.translation import finding_name
from ecgreader.labels.criteria import TEXTBOOK_CRITERIA, finding_criteria
from ecgreader.store.database import StudyDatabase
from ecgreader.store.settings import StudySettingsView, study_settings, update_settings
from ecgreader.store.study import read_vocabulary

# The cut-offs an electrocardiograph offers; a study set to another value (from the command
# line) shows that value as one more choice.
BASELINE_CHOICES_HZ = (None, 0.05, 0.15, 0.5, 0.67)
MUSCLE_CHOICES_HZ = (None, 25.0, 40.0, 100.0, 150.0)
MAINS_CHOICES_HZ = (None, 50, 60)


class StudySettingsEditor(QGroupBox):
    """Shows the study's settings and, while no read exists, saves the coordinator's changes."""

    saved = Signal()
    error = Signal(str, object)

    def __init__(self, database: StudyDatabase, parent: QWidget | None = None):
        super().__init__(self.tr("Study settings"), parent)
        self.database = database
        self.vocabulary = read_vocabulary(database)
        self.name_label, self.seed_label, self.groups_label, self.answers_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.allow_revisit, self.show_demographics, self.second_opinion = reading_rule_controls()
        self.baseline_filter = _filter_choice(
            BASELINE_CHOICES_HZ,
            self.tr(
                "High-pass filter against baseline wander; 0.5 Hz is a cart's usual setting, 0.05 Hz the diagnostic one"
            ),
        )
        self.muscle_filter = _filter_choice(
            MUSCLE_CHOICES_HZ,
            self.tr("Low-pass filter against muscle tremor; 150 Hz keeps the QRS detail, 40 Hz smooths more"),
        )
        self.mains_filter = _filter_choice(
            MAINS_CHOICES_HZ, self.tr("Notch against mains hum: 50 Hz in Europe, 60 Hz in the Americas")
        )
        self.show_measurements = QCheckBox(self.tr("Show the machine's measurements (intervals, axes) to readers"))
        self.show_measurements.setToolTip(
            self.tr("The cart-style measurement line is an aid: the report states whether readers saw it")
        )
        self.protocol = QPlainTextEdit()
        self.protocol.setMaximumHeight(90)
        self.protocol.setPlaceholderText(self.tr("Instructions shown to each reader before their first case"))
        self.protocol.setToolTip(self.tr("Shown to each reader before their first case; empty: no instructions"))
        self.unassessable_reasons = QPlainTextEdit()
        self.unassessable_reasons.setMaximumHeight(70)
        self.unassessable_reasons.setPlaceholderText(self.tr("One reason per line; empty: the option is off"))
        self.unassessable_reasons.setToolTip(
            self.tr(
                "Reasons a reader may give for 'cannot be assessed', one per line; empty: readers must read every ECG"
            )
        )
        self.criteria = QTableWidget(0, 2)
        self.criteria.setHorizontalHeaderLabels([self.tr("Finding"), self.tr("Criteria shown to readers")])
        self.criteria.setColumnWidth(0, 220)
        self.criteria.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.criteria.setMinimumHeight(200)
        self.criteria.setToolTip(self.tr("What each finding means in this study; the textbook criteria unless edited"))
        self.save_button = QPushButton(self.tr("Save settings"))
        self.save_button.setToolTip(self.tr("Store these settings in the study; possible until the first read"))
        self.save_button.clicked.connect(self.save)
        self.note = QLabel()  # the confirmation of a save, or why the settings are fixed
        self.note.setObjectName("settingsNote")
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name_label)
        form.addRow(self.tr("Randomisation seed"), self.seed_label)
        form.addRow(self.tr("Reader groups"), self.groups_label)
        form.addRow(self.tr("Answers per finding"), self.answers_label)
        form.addRow(self.allow_revisit)
        form.addRow(self.show_demographics)
        form.addRow(self.tr("Network's opinion shown"), self.second_opinion)
        form.addRow(self.tr("Baseline filter"), self.baseline_filter)
        form.addRow(self.tr("Muscle filter"), self.muscle_filter)
        form.addRow(self.tr("Mains filter"), self.mains_filter)
        form.addRow(self.show_measurements)
        form.addRow(self.tr("Instructions to readers"), self.protocol)
        form.addRow(self.tr("'Cannot be assessed' reasons"), self.unassessable_reasons)
        form.addRow(self.tr("Finding criteria"), self.criteria)
        form.addRow(self.note, self.save_button)
        self.show_settings(study_settings(database), editable=True)

    def show_settings(self, settings: StudySettingsView, editable: bool) -> None:
        """Fill the editor from the study; ``editable`` is false once the study has reads."""
        self.name_label.setText(settings.name)
        self.seed_label.setText(str(settings.seed))
        self.groups_label.setText(", ".join(settings.groups))
        scale = display_name(rating_scales(), settings.rating_scale)
        self.answers_label.setText(
            scale
            if settings.positive_at is None
            else self.tr("{scale}, present from {cut}").format(scale=scale, cut=f"{settings.positive_at:g}")
        )
        self.allow_revisit.setChecked(settings.allow_revisit)
        self.show_demographics.setChecked(settings.show_demographics)
        _select(self.second_opinion, settings.second_opinion_mode, settings.second_opinion_mode)
        _select(self.baseline_filter, settings.baseline_filter_hz, filter_setting(settings.baseline_filter_hz))
        _select(self.muscle_filter, settings.muscle_filter_hz, filter_setting(settings.muscle_filter_hz))
        _select(self.mains_filter, settings.mains_filter_hz, filter_setting(settings.mains_filter_hz))
        self.show_measurements.setChecked(settings.show_measurements)
        self.protocol.setPlainText(settings.protocol)
        self.unassessable_reasons.setPlainText("\n".join(settings.unassessable_reasons))
        self._show_criteria(finding_criteria(self.vocabulary, settings.finding_criteria))
        for widget in self._controls():
            widget.setEnabled(editable)
        if not editable:
            self.note.setText(self.tr("Fixed: readers have submitted reads under these settings."))

    def save(self) -> None:
        """Store every setting at once (one transaction) and confirm it on the page."""
        try:
            settings = update_settings(
                self.database,
                allow_revisit=self.allow_revisit.isChecked(),
                show_demographics=self.show_demographics.isChecked(),
                second_opinion_mode=self.second_opinion.currentData(),
                baseline_filter_hz=self.baseline_filter.currentData(),
                muscle_filter_hz=self.muscle_filter.currentData(),
                mains_filter_hz=self.mains_filter.currentData(),
                show_measurements=self.show_measurements.isChecked(),
                protocol=self.protocol.toPlainText(),
                unassessable_reasons=[
                    line for line in self.unassessable_reasons.toPlainText().splitlines() if line.strip()
                ],
                finding_criteria=self._edited_criteria(),
            )
        except ValueError as error:
            self.note.setText(self.tr("Not saved: {error}").format(error=error))
            self.error.emit(self.tr("Settings not saved"), error)
            return
        self.show_settings(settings, editable=True)
        self.note.setText(self.tr("Settings saved at {time}.").format(time=QTime.currentTime().toString("HH:mm:ss")))
        self.saved.emit()

    def _show_criteria(self, criteria: dict[str, str]) -> None:
        self.criteria.setRowCount(len(criteria))
        for row, label in enumerate(self.vocabulary):
            finding = QTableWidgetItem(finding_name(label.finding))
            finding.setFlags(finding.flags() & ~Qt.ItemIsEditable)
            self.criteria.setItem(row, 0, finding)
            self.criteria.setItem(row, 1, QTableWidgetItem(criteria[label.key]))

    def _edited_criteria(self) -> dict[str, str] | None:
        """The criteria that differ from the textbook's (None where none do: the defaults)."""
        edited = {}
        for row, key in enumerate(self.vocabulary.keys):
            text = self.criteria.item(row, 1).text().strip()
            if text != TEXTBOOK_CRITERIA.get(key, ""):
                edited[key] = text
        return edited or None

    def _controls(self) -> tuple[QWidget, ...]:
        return (self.allow_revisit, self.show_demographics, self.second_opinion, self.baseline_filter,
                self.muscle_filter, self.mains_filter, self.show_measurements, self.protocol,
                self.unassessable_reasons, self.criteria, self.save_button)  # fmt: skip


def reading_rule_controls() -> tuple[QCheckBox, QCheckBox, QComboBox]:
    """The controls of the rules set when a study is created and edited until its first read:
    revisits allowed, age and sex shown, and when the network's opinion is shown (its data: the mode)."""
    allow_revisit = QCheckBox(QCoreApplication.translate("ReadingRules", "Readers may go back and revise cases"))
    allow_revisit.setToolTip(QCoreApplication.translate("ReadingRules", "Otherwise a read is final once submitted"))
    show_demographics = QCheckBox(
        QCoreApplication.translate("ReadingRules", "Show the patient's age and sex to readers")
    )
    show_demographics.setToolTip(QCoreApplication.translate("ReadingRules", "Otherwise readers see the ECG alone"))
    second_opinion = QComboBox()
    for code, name in second_opinion_modes().items():
        second_opinion.addItem(name, code)
    second_opinion.setToolTip(
        QCoreApplication.translate(
            "ReadingRules",
            "When readers see the network's opinion: never, right after each case (then they may revise "
            "their read), or once they have read every case",
        )
    )
    return allow_revisit, show_demographics, second_opinion


def _filter_choice(choices: tuple, tooltip: str) -> QComboBox:
    combo = QComboBox()
    for hz in choices:
        combo.addItem(filter_setting(hz), hz)
    combo.setToolTip(tooltip)
    return combo


def _select(combo: QComboBox, value, text: str) -> None:
    """Select ``value``'s entry, adding it (as ``text``) when it is not one of the usual choices."""
    index = combo.findData(value)
    if index < 0:
        combo.addItem(text, value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
