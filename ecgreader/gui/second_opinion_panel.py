"""The network's second opinion, shown after a reader's unaided read in second-opinion mode.

One compact table, every finding visible without scrolling: the network's probability, the
run's own decision threshold, its decision (rows where it disagrees with the reader's unaided
read highlighted) and the measurement the finding's criterion uses, so the reader can weigh the
network against a number. Above it, what the model card says of the network's cross-validated
performance on its own training records, never an invented figure and never its held-out test
set: that may be the very cases being read (the LUDB study half), and quoting gold-derived
accuracy on them would unblind the readers. Below, a choice of finding whose saliency is drawn on
the ECG, with a plain "no region stood out" where the drawing would change nothing.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecgreader.ecg.paper import PaperSpec
from ecgreader.ecg.record import Record
from ecgreader.ecg.render import render_image
from ecgreader.gui.translation import finding_name
from ecgreader.labels.vocabulary import Vocabulary
from ecgreader.measurements.result import Measurements
from ecgreader.reading.finding_measurements import KeyMeasurement, key_measurements
from ecgreader.store.model_runs import NetworkOpinion

DISAGREEMENT = QColor(255, 220, 160)
NO_SALIENCY = "—"
UNMEASURED = "—"
FINDING, PROBABILITY, THRESHOLD, DECISION, MEASUREMENT = range(5)
SALIENCY_CHECK_PX_PER_MM = 1.0  # every 1 mm band of the highlight covers at least one pixel


def saliency_stands_out(record: Record, spec: PaperSpec, highlight: np.ndarray | None) -> bool:
    """Whether drawing ``highlight`` on the paper changes a single pixel.

    Asks the renderer itself (at 1 px/mm, a few milliseconds) rather than repeating its
    threshold: a map that is empty, or high only where the layout shows no trace, shades nothing.
    """
    if highlight is None or not np.any(highlight > 0):
        return False

    def pixels(image: QImage) -> np.ndarray:
        image = image.convertToFormat(QImage.Format_RGB32)
        return np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).copy()

    plain = render_image(record, spec, SALIENCY_CHECK_PX_PER_MM)
    shaded = render_image(record, spec, SALIENCY_CHECK_PX_PER_MM, highlight)
    return not np.array_equal(pixels(plain), pixels(shaded))


class SecondOpinionPanel(QGroupBox):
    saliency_requested = Signal(str)  # a label key, or "" for none

    def __init__(self, vocabulary: Vocabulary, parent: QWidget | None = None):
        super().__init__(self.tr("The network's second opinion"), parent)
        self.vocabulary = vocabulary
        self.opinion: NetworkOpinion | None = None
        self.measured: Measurements | None = None
        self.model_label = QLabel()
        self.performance = QLabel()
        self.performance.setObjectName("modelPerformance")
        self.performance.setWordWrap(True)
        self.performance.setToolTip(
            self.tr(
                "The network's cross-validated performance on its own training records, as its model card "
                "records it (never on the cases of a study)"
            )
        )
        self.table = self._make_table()
        self.table.currentCellChanged.connect(lambda row, *_: self._show_performance(row))
        self.saliency_choice = QComboBox()
        self.saliency_choice.setToolTip(self.tr("Shade the ECG where the network found evidence for this finding"))
        self.saliency_choice.currentTextChanged.connect(self._saliency_chosen)
        self.saliency_note = QLabel()
        self.saliency_note.setObjectName("saliencyNote")
        self.saliency_note.setWordWrap(True)
        self.note = QLabel(self.tr("Revise your findings on the right if you wish, then submit the aided read."))
        self.note.setWordWrap(True)
        saliency_row = QHBoxLayout()
        saliency_row.addWidget(QLabel(self.tr("Show where the network looked for")))
        saliency_row.addWidget(self.saliency_choice, 1)
        details = QVBoxLayout()
        details.addWidget(self.model_label)
        details.addWidget(self.performance)
        details.addLayout(saliency_row)
        details.addWidget(self.saliency_note)
        details.addWidget(self.note)
        details.addStretch(1)
        # Wide and low, to sit under the paper: the table beside its notes.
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(details, 2)

    def _make_table(self) -> QTableWidget:
        """Every finding in view at once: fixed compact rows, no vertical scroll bar, the table as
        tall as its rows."""
        table = QTableWidget(len(self.vocabulary), 5)
        table.setHorizontalHeaderLabels(
            [self.tr("finding"), self.tr("probability"), self.tr("threshold"), self.tr("network"), self.tr("measured")]
        )
        table.setToolTip(
            self.tr(
                "The network's probability for each finding, the threshold at which it calls the finding "
                "present, its decision, and the measurement the finding's criterion uses. Highlighted rows: "
                "the network disagrees with your unaided read."
            )
        )
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
        header = table.horizontalHeader()
        for column in (FINDING, PROBABILITY, THRESHOLD, DECISION):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(MEASUREMENT, QHeaderView.Stretch)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # a long measurement is elided, in full in its tip
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.ElideRight)
        rows_height = sum(table.rowHeight(row) for row in range(table.rowCount()))
        table.setFixedHeight(header.sizeHint().height() + rows_height + 2 * table.frameWidth() + 2)
        return table

    # --- what is shown -------------------------------------------------------------------
    def show_opinion(self, opinion: NetworkOpinion, reader_labels: frozenset[str] | None) -> list[str]:
        """Fill the table; returns the labels where reader and network disagree.

        ``reader_labels`` None: the unaided read was "cannot be assessed", which called no finding
        absent, so nothing is a disagreement.
        """
        self.opinion = opinion
        self.model_label.setText(self.tr("Network: {name}").format(name=opinion.model_name))
        disagreements = []
        for row, label in enumerate(self.vocabulary):
            said = opinion.decision(label.key) if label.key in opinion.probabilities else None
            yours = None if reader_labels is None else label.key in reader_labels
            disagrees = said is not None and yours is not None and said != yours
            cells = {
                FINDING: (label.key, finding_name(label.finding)),
                PROBABILITY: self._probability_cell(opinion, label.key),
                THRESHOLD: self._threshold_cell(opinion, label.key),
                DECISION: self._decision_cell(said, yours),
            }
            for column, (text, tip) in cells.items():
                self._set(row, column, text, tip, disagrees=disagrees)
            if disagrees:
                disagreements.append(label.key)
        self._fill_measurements()
        self.table.clearSelection()  # a selected row would hide its highlight; a click picks the finding
        self._show_performance(self.vocabulary.index(disagreements[0]) if disagreements else 0)
        self.saliency_choice.blockSignals(True)
        self.saliency_choice.clear()
        self.saliency_choice.addItems([NO_SALIENCY, *[k for k in self.vocabulary.keys if k in opinion.probabilities]])
        self.saliency_choice.blockSignals(False)
        self.saliency_note.clear()
        return disagreements

    def show_measurements(self, measured: Measurements | None) -> None:
        """The case's measurements (None: not, or not yet, measured) for the "measured" column."""
        self.measured = measured
        self._fill_measurements()

    def show_saliency_drawn(self, record: Record, spec: PaperSpec, highlight: np.ndarray | None) -> None:
        """Say so when the saliency drawn for the chosen finding shades nothing, instead of
        silently nothing."""
        finding = self.saliency_choice.currentText()
        stood_out = saliency_stands_out(record, spec, highlight)
        self.saliency_note.setText(
            ""
            if stood_out
            else self.tr("No region stood out for {finding}: nothing is shaded.").format(finding=finding)
        )

    # --- cells ---------------------------------------------------------------------------
    def _probability_cell(self, opinion: NetworkOpinion, key: str) -> tuple[str, str]:
        if key not in opinion.probabilities:
            return "", self.tr("The network was not run for this finding")
        return f"{opinion.probabilities[key]:.2f}", self.tr("The network's probability that the finding is present")

    def _threshold_cell(self, opinion: NetworkOpinion, key: str) -> tuple[str, str]:
        if key not in opinion.thresholds:
            return "", self.tr("The network was not run for this finding")
        return f"{opinion.thresholds[key]:.2f}", self.tr("The network calls the finding present at or above this")

    def _decision_cell(self, said: bool | None, yours: bool | None) -> tuple[str, str]:
        """The network's decision, with the reader's unaided answer (None: cannot be assessed) as its tip."""
        if yours is None:
            your_read = self.tr("Your unaided read: cannot be assessed")
        else:
            your_read = self.tr("Your unaided read: present") if yours else self.tr("Your unaided read: absent")
        if said is None:
            return self.tr("not run"), your_read
        return (self.tr("present") if said else self.tr("absent")), your_read

    def _set(self, row: int, column: int, text: str, tip: str, disagrees: bool) -> None:
        item = QTableWidgetItem(text)
        item.setToolTip(tip)
        if disagrees:
            item.setBackground(DISAGREEMENT)
        self.table.setItem(row, column, item)

    def _fill_measurements(self) -> None:
        for row, key in enumerate(self.vocabulary.keys):
            if self.measured is None:
                text, tip = UNMEASURED, self.tr("This ECG has not been measured (yet)")
            else:
                found = key_measurements(key, self.measured)
                if found and all(m.not_calibrated for m in found):
                    text = self.tr("amplitude not calibrated")
                else:
                    text = "; ".join(self._describe(m) for m in found) or UNMEASURED
                tip = text if text != UNMEASURED else self.tr("No measurement is listed for this finding")
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            previous = self.table.item(row, DECISION)
            if previous is not None:
                item.setBackground(previous.background())
            self.table.setItem(row, MEASUREMENT, item)

    def _describe(self, measured: KeyMeasurement) -> str:
        """One key measurement in words, e.g. "PR 164 ms" or "ST at J +0.25 mV (V2)"."""
        name, unit, digits = {
            "pr": (self.tr("PR"), "ms", 0),
            "qrs": (self.tr("QRS"), "ms", 0),
            "qrs_axis": (self.tr("QRS axis"), "°", 0),
            "p": (self.tr("P"), "ms", 0),
            "sokolow_lyon": (self.tr("Sokolow–Lyon"), "mV", 1),
            "cornell": (self.tr("Cornell"), "mV", 1),
            "st_elevation": (self.tr("ST at J"), "mV", 2),
            "st_depression": (self.tr("ST at J+60 ms"), "mV", 2),
            "t_inversion": (self.tr("T"), "mV", 2),
            "q_wave": (self.tr("Q"), "mV", 2),
        }[measured.kind]
        if measured.not_calibrated:
            return self.tr("{name}: amplitude not calibrated").format(name=name)
        if measured.value is None:
            return f"{name} {UNMEASURED}"
        if measured.kind == "q_wave" and measured.lead is None:
            return self.tr("no Q wave")
        signed = "+" if unit == "mV" and measured.kind not in {"sokolow_lyon", "cornell"} else ""
        where = f" ({measured.lead})" if measured.lead else ""
        return f"{name} {measured.value:{signed}.{digits}f} {unit}{where}".replace(" °", "°")

    # --- the model card and saliency -----------------------------------------------------
    def _show_performance(self, row: int) -> None:
        """The model card's cross-validated figures, with the per-finding line for the selected row.

        Only the out-of-fold figures on the training records: the held-out test set may be the
        study's own cases, so its accuracy is never shown to a reader.
        """
        metadata = self.opinion.metadata if self.opinion is not None else {}
        card = metadata.get("cross_validated_metrics")
        per_class = card.get("per_class") if isinstance(card, dict) else None
        macro = card.get("macro") if isinstance(card, dict) else None
        if not isinstance(per_class, dict) or not isinstance(macro, dict):
            self.performance.setText(self.tr("Performance not recorded in the model card."))
            return
        text = self.tr("Cross-validated on the network's {n} training records: macro AUC {auc}, macro F1 {f1}").format(
            n=_training_records(per_class),
            auc=_figure(macro.get("auc")),
            f1=_figure(macro.get("f1")),
        )
        if 0 <= row < len(self.vocabulary):
            key = self.vocabulary.keys[row]
            figures = per_class.get(key)
            if isinstance(figures, dict):
                text += self.tr("; for {finding} sensitivity {sensitivity}, specificity {specificity}").format(
                    finding=key,
                    sensitivity=_figure(figures.get("sensitivity")),
                    specificity=_figure(figures.get("specificity")),
                )
            else:
                text += self.tr("; for {finding} not recorded").format(finding=key)
        self.performance.setText(text)

    def _saliency_chosen(self, text: str) -> None:
        self.saliency_note.clear()
        self.saliency_requested.emit("" if text == NO_SALIENCY else text)


def _figure(value) -> str:
    """A figure from the model card as printed, "not recorded" where the card has none."""
    return f"{value:.2f}" if isinstance(value, int | float) else "—"


def _training_records(per_class: dict) -> str:
    """How many training records the cross-validation predicted out of fold (each finding's "n"),
    "?" where the card does not say one number."""
    counts = {figures.get("n") for figures in per_class.values() if isinstance(figures, dict)}
    count = counts.pop() if len(counts) == 1 else None
    return str(count) if isinstance(count, int) else "?"
