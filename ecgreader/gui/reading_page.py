"""The reading view: the ECG on paper, view controls, calipers, and the label panel.

Blinded by construction: it is given a ReadingSession, which offers a case's number in the
reader's own order and its signal, and nothing here shows a source id, gold label or model output.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ecgreader.ecg.paper import GAINS_MM_PER_MV, LAYOUTS, SPEEDS_MM_PER_S
from ecgreader.gui.background import Worker
from ecgreader.gui.ecg_view import EcgView, format_measurement
from ecgreader.gui.label_panel import LabelPanel
from ecgreader.gui.rating_panel import RatingPanel
from ecgreader.gui.second_opinion_panel import SecondOpinionPanel
from ecgreader.reading.session import ReadingSession

log = logging.getLogger(__name__)


class ReadingPage(QWidget):
    finished = Signal()  # every case of the reader's order has been read
    error = Signal(str, object)  # title, exception: the main window shows and logs it

    def __init__(self, session: ReadingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.settings = QSettings()

        self.case_label = QLabel()
        self.case_label.setObjectName("caseLabel")
        self.reader_label = QLabel(f"Reader: {session.reader.name} ({session.reader.group})")
        self.notice = QLabel()  # what the reader must know about the second opinion, if anything
        self.notice.setObjectName("secondOpinionNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("QLabel { background: #fff3cd; padding: 4px; }")
        self.demographics_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, session.total)
        self.progress.setFormat("%v of %m read")
        self.progress.setMinimumWidth(200)
        header = QHBoxLayout()
        header.addWidget(self.case_label)
        header.addSpacing(24)
        header.addWidget(self.demographics_label)
        header.addStretch(1)
        header.addWidget(self.reader_label)
        header.addWidget(self.progress)

        self.view = EcgView()
        self.layout_choice = _combo(list(LAYOUTS), self.settings.value("view/layout", "3x4+II"))
        self.gain_choice = _combo(
            [f"{g:g} mm/mV" for g in GAINS_MM_PER_MV], self.settings.value("view/gain", "10 mm/mV")
        )
        self.speed_choice = _combo(
            [f"{s:g} mm/s" for s in SPEEDS_MM_PER_S], self.settings.value("view/speed", "25 mm/s")
        )
        for combo in (self.layout_choice, self.gain_choice, self.speed_choice):
            combo.currentTextChanged.connect(self._apply_paper)
        reset = QPushButton("Reset zoom")
        reset.clicked.connect(self.view.reset_view)
        self.calipers_button = QToolButton()
        self.calipers_button.setText("Calipers")
        self.calipers_button.setCheckable(True)
        self.calipers_button.setShortcut("C")
        self.calipers_button.setToolTip("Drag on the ECG to measure time, voltage and rate (C)")
        self.calipers_button.toggled.connect(self.view.set_caliper_mode)
        self.caliper_readout = QLabel("")
        self.caliper_readout.setObjectName("caliperReadout")
        self.view.calipers_measured.connect(self._show_measurement)
        self.previous_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(+1))
        for button in (self.previous_button, self.next_button):
            button.setVisible(session.settings.allow_revisit)
        controls = QHBoxLayout()
        for widget in (
            QLabel("Layout"),
            self.layout_choice,
            QLabel("Gain"),
            self.gain_choice,
            QLabel("Speed"),
            self.speed_choice,
            reset,
            self.calipers_button,
            self.caliper_readout,
        ):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.previous_button)
        controls.addWidget(self.next_button)

        settings = session.settings
        if settings.rates_findings:
            self.panel = RatingPanel(session.vocabulary, settings.rating_scale, settings.positive_at)
            self.panel.submitted.connect(self._submit_ratings)
        else:
            self.panel = LabelPanel(session.vocabulary)
            self.panel.submitted.connect(self._submit)
        self.opinion_panel = SecondOpinionPanel(session.vocabulary)
        self.opinion_panel.setVisible(False)
        self.opinion_panel.saliency_requested.connect(self._show_saliency)
        self._saliency_model = None
        self.saliency_worker = Worker(self, "saliency")  # loading the model and the gradient take seconds
        self.saliency_worker.succeeded.connect(self._saliency_done)
        self.saliency_worker.failed.connect(self._saliency_failed)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.opinion_panel)
        side_layout.addWidget(self.panel, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(controls)
        left_layout.addWidget(self.view, 1)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.notice)
        layout.addWidget(splitter, 1)
        self._apply_paper()
        self._show_notice()

    def start(self) -> None:
        """Resume: an aided read left pending (after each case) first, then the first unread case
        of the reader's order, or report completion."""
        pending = self.session.pending_aided_read()
        if pending is not None:
            self.open_case(pending, aided=True)
        else:
            self._next_case(self.session.first_unread())

    def _show_notice(self) -> None:
        """Say when the network's opinion comes, or that it cannot come yet; never skip it silently."""
        mode = self.session.settings.second_opinion_mode
        text = ""
        if self.session.needs_network_run:
            text = (
                "The network's second opinion is not available: the network has not been run on this study. "
                "Your reads are saved; ask the study coordinator to run the network (Coordinator → Comparison "
                "dashboard → Run the network) before you go on, so you can see its opinion."
            )
        elif mode == "after_study":
            text = (
                "You will see the network's second opinion after you have read every case; you can then "
                "revise each read with its help (an aided read, stored separately)."
            )
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def open_case(self, index: int, aided: bool = False) -> None:
        try:
            case = self.session.open(index, aided=aided)
        except Exception as error:
            log.exception("could not open case %d", index + 1)
            self.error.emit(f"Case {index + 1} could not be shown", error)
            return
        aided = case.aided
        self.case_label.setText(f"Case {case.number} of {case.total}")
        self.demographics_label.setText(
            _demographics(case.age, case.sex) if self.session.settings.show_demographics else ""
        )
        self.demographics_label.setVisible(self.session.settings.show_demographics)
        self.saliency_worker.cancel()  # a saliency still computing belongs to the case that was shown
        self.view.set_record(case.record)
        self.opinion_panel.setVisible(False)
        self.panel.submit_button.setText("Submit && next  (Enter)")
        self.view.setFocus()
        self.panel.show_read(case.previous_read)
        self.progress.setValue(self.session.done)
        self.previous_button.setEnabled(self.session.can_open(index - 1) and not aided)
        self.next_button.setEnabled(self.session.can_open(index + 1) and not aided)
        if aided:
            self.case_label.setText(f"Case {case.number} of {case.total} · with the network's second opinion")
            if self._show_second_opinion(case.unaided_read) and case.previous_read is not None:
                self.panel.show_read(case.previous_read)  # a revisit of the aided read

    # --- slots ---------------------------------------------------------------------------
    def _submit(self, labels: frozenset, confidence, comment: str) -> None:
        self._store(lambda: self.session.submit(labels, confidence, comment or None))

    def _submit_ratings(self, ratings: dict, comment: str) -> None:
        self._store(lambda: self.session.submit(comment=comment or None, ratings=ratings))

    def _store(self, submit) -> None:
        """Submit the read on screen, then go on: to the second opinion where the study shows it
        after each case, else to the next case."""
        try:
            stored = submit()
        except Exception as error:  # the read stays on screen so nothing is lost
            log.exception("submitting a read failed")
            self.error.emit("The read could not be saved", error)
            return
        self.progress.setValue(self.session.done)
        if stored.phase == "unaided" and self.session.offers_second_opinion and self._show_second_opinion(stored):
            self.session.begin_aided_read()
            return
        self._next_case(self.session.next_index())

    def _show_second_opinion(self, unaided) -> bool:
        """Show the network's output beside the reader's unaided read, ready for the aided read."""
        try:
            opinion = self.session.second_opinion()
        except Exception as error:
            log.exception("reading the network's output failed")
            self.error.emit("The network's second opinion could not be shown", error)
            return False
        if opinion is None:  # the network has not been run on this case: say so, never skip silently
            self._show_notice()
            if not self.notice.isVisible():
                self.notice.setText(
                    "The network has no opinion on this case (it was not run on it); "
                    "the study coordinator should run the network again."
                )
                self.notice.setVisible(True)
            return False
        self.opinion = opinion
        self.opinion_panel.show_opinion(opinion, unaided.labels)
        self.opinion_panel.setVisible(True)
        self.panel.show_read(unaided)
        self.panel.submit_button.setText("Submit aided read && next  (Enter)")
        return True

    def _show_saliency(self, label: str) -> None:
        """Compute where the network looked for ``label`` in the background; a newer choice wins."""
        if not label:
            self.saliency_worker.cancel()
            self.view.set_highlight(None)
            return
        cached, record, opinion = self._saliency_model, self.view.record, self.opinion

        def work(_progress, _cancelled):
            from ecgreader.model.inference import DEFAULT_MODEL, EcgModel
            from ecgreader.model.saliency import saliency

            model = cached or EcgModel.load(DEFAULT_MODEL)  # loaded (and hashed) once per page, not per label
            if model.sha256 != opinion.model_sha256:
                raise FileNotFoundError(
                    f"{DEFAULT_MODEL} is not the model of this run ({opinion.model_name}); saliency unavailable"
                )
            return model, saliency(model, record, label)

        self.saliency_worker.start(work)

    def _saliency_done(self, result) -> None:
        self._saliency_model, highlight = result
        self.view.set_highlight(highlight)

    def _saliency_failed(self, error: Exception) -> None:
        self.error.emit("Where the network looked cannot be shown", error)

    def _next_case(self, following: int | None) -> None:
        """Open the next unread case; once all are read, the aided pass of "after the study"
        mode, if any; else report completion."""
        if following is not None:
            self.open_case(following)
        elif (aided := self.session.first_without_aided_read()) is not None:
            self.open_case(aided, aided=True)
        else:
            self.finished.emit()

    def _step(self, direction: int) -> None:
        target = (self.session.index or 0) + direction
        if self.session.can_open(target):
            self.open_case(target)

    def _apply_paper(self) -> None:
        layout = self.layout_choice.currentText()
        gain = float(self.gain_choice.currentText().split()[0])
        speed = float(self.speed_choice.currentText().split()[0])
        self.settings.setValue("view/layout", layout)
        self.settings.setValue("view/gain", self.gain_choice.currentText())
        self.settings.setValue("view/speed", self.speed_choice.currentText())
        self.view.set_paper(layout, gain, speed)

    def _show_measurement(self, measured) -> None:
        self.caliper_readout.setText(format_measurement(measured) if measured else "")


def _combo(items: list[str], current: str) -> QComboBox:
    combo = QComboBox()
    combo.addItems(items)
    if current in items:
        combo.setCurrentText(current)
    return combo


def _demographics(age: int | None, sex: str | None) -> str:
    parts = []
    if age is not None:
        parts.append(f"Age {age}")
    if sex:
        parts.append({"M": "male", "F": "female"}.get(sex, sex))
    return " · ".join(parts) if parts else "Age/sex not recorded"
