"""The reading view: the ECG on paper, view controls, calipers, and the label panel.

Blinded by construction: it is given a ReadingSession, which offers a case's number in the
reader's own order and its signal, and nothing here shows a source id, gold label or model output.
Before a reader's first case it shows the study protocol (when the coordinator wrote one), and
the Protocol button shows it again mid-case with the reading clock held; after each submission
it offers to undo it for a short while (``reading.session.UNDO_WINDOW``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ecgreader.gui.background import Worker
from ecgreader.gui.ecg_view import EcgView
from ecgreader.gui.label_panel import LabelPanel
from ecgreader.gui.measured_paper import MeasuredPaper
from ecgreader.gui.paper_controls import PaperControls
from ecgreader.gui.protocol_page import ProtocolPage
from ecgreader.gui.rating_panel import RatingPanel
from ecgreader.gui.second_opinion_panel import SecondOpinionPanel
from ecgreader.labels.criteria import finding_criteria
from ecgreader.reading.session import ReadingSession
from ecgreader.reading.timer import READING_PROTOCOL

log = logging.getLogger(__name__)


class ReadingPage(QWidget):
    finished = Signal()  # every case of the reader's order has been read
    error = Signal(str, object)  # title, exception: the main window shows and logs it

    def __init__(self, session: ReadingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session

        self.case_label = QLabel()
        self.case_label.setObjectName("caseLabel")
        self.reader_label = QLabel(
            self.tr("Reader: {name} ({group})").format(name=session.reader.name, group=session.reader.group)
        )
        self.notice = QLabel()  # what the reader must know about the second opinion, if anything
        self.notice.setObjectName("secondOpinionNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("QLabel { background: #fff3cd; padding: 4px; }")
        self.demographics_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, session.total)
        self.progress.setFormat(self.tr("%v of %m read"))
        self.progress.setMinimumWidth(200)
        header = QHBoxLayout()
        header.addWidget(self.case_label)
        header.addSpacing(24)
        header.addWidget(self.demographics_label)
        header.addStretch(1)
        header.addWidget(self.reader_label)
        header.addWidget(self.progress)
        self.undo_button = QPushButton(self.tr("Undo last submission"))
        self.undo_button.setToolTip(
            self.tr("Go back to the case you just submitted and correct it (kept as a new revision)")
        )
        self.undo_button.setVisible(False)
        self.undo_button.clicked.connect(self._undo)
        self.undo_timer = QTimer(self)  # hides the undo button when its window closes
        self.undo_timer.setInterval(1000)
        self.undo_timer.timeout.connect(self._refresh_undo)
        self.protocol_button = QPushButton(self.tr("Protocol"))
        self.protocol_button.setToolTip(self.tr("The study protocol and the criteria of each finding"))
        self.protocol_button.clicked.connect(self.show_protocol)
        header.addWidget(self.undo_button)
        header.addWidget(self.protocol_button)

        self.view = EcgView()
        self.paper_controls = PaperControls(self.view, session.settings)  # also the study's display filters
        self.previous_button = QPushButton(self.tr("◀ Previous"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.previous_button.setToolTip(self.tr("The case before this one in your order"))
        self.next_button.setToolTip(self.tr("The case after this one in your order"))
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(+1))
        for button in (self.previous_button, self.next_button):
            button.setVisible(session.settings.allow_revisit)
        controls = QHBoxLayout()
        controls.addWidget(self.paper_controls)
        controls.addStretch(1)
        controls.addWidget(self.previous_button)
        controls.addWidget(self.next_button)

        settings = session.settings
        criteria = finding_criteria(session.vocabulary, settings.finding_criteria)
        reasons = settings.unassessable_reasons
        if settings.rates_findings:
            self.panel = RatingPanel(session.vocabulary, settings.rating_scale, settings.positive_at, criteria, reasons)
            self.panel.submitted.connect(self._submit_ratings)
        else:
            self.panel = LabelPanel(session.vocabulary, criteria, reasons)
            self.panel.submitted.connect(self._submit)
        self.panel.unassessable.connect(self._submit_unassessable)
        self.panel.criteria_requested.connect(self.show_protocol)
        self.protocol_page = ProtocolPage(settings.protocol, session.vocabulary, criteria)
        self.protocol_page.done.connect(self._leave_protocol)
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
        side_layout.addWidget(self.panel, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(controls)
        self.measured_paper = MeasuredPaper(self.view, settings)  # measurement line, median beats if shown
        self.measured_paper.measured.connect(self.opinion_panel.show_measurements)
        left_layout.addWidget(self.measured_paper, 1)
        left_layout.addWidget(self.opinion_panel)  # below the paper: every finding fits at 1366x768
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.notice)
        self.stack = QStackedWidget()  # the case being read, or the protocol page
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.protocol_page)
        self.stack.currentChanged.connect(self._hold_clock_while_protocol_shown)
        layout.addWidget(self.stack, 1)
        self._started = False
        self._show_notice()

    def start(self) -> None:
        """Show the study protocol to a reader who has read nothing yet (where the coordinator wrote
        one), then resume: an aided read left pending (after each case) first, then the first unread
        case of the reader's order, or report completion."""
        if self.session.done == 0 and self.session.settings.protocol:
            self.show_protocol()
            return
        self._resume()

    def has_case_in_progress(self) -> bool:
        """A case is open for reading: leaving now (sign out, quit) loses what is marked on it."""
        return self.session.index is not None

    def show_protocol(self) -> None:
        """Put the protocol page in place of the case; its button leads to (or back to) the cases."""
        self.protocol_page.set_returning(self._started)
        self.stack.setCurrentWidget(self.protocol_page)
        self.protocol_page.continue_button.setFocus()

    def _hold_clock_while_protocol_shown(self) -> None:
        """The protocol page hides the case, so time spent on it is not reading time; whichever
        way the reader leaves it (its button, undo), the case's clock counts again."""
        if self.stack.currentWidget() is self.protocol_page:
            self.session.timer.pause(READING_PROTOCOL)
        else:
            self.session.timer.resume(READING_PROTOCOL)

    def _leave_protocol(self) -> None:
        self.stack.setCurrentIndex(0)
        if not self._started:
            self._resume()
        self.view.setFocus()

    def _resume(self) -> None:
        self._started = True
        self._next_case(self.session.first_unread())

    def _show_notice(self) -> None:
        """Say when the network's opinion comes, or that it cannot come yet; never skip it silently."""
        mode = self.session.settings.second_opinion_mode
        text = ""
        if self.session.needs_network_run:
            text = self.tr(
                "The network's second opinion is not available: the network has not been run on this study. "
                "Your reads are saved; ask the study coordinator to run the network (Coordinator → Comparison "
                "dashboard → Run the network) before you go on, so you can see its opinion."
            )
        elif mode == "after_study":
            text = self.tr(
                "You will see the network's second opinion after you have read every case; you can then "
                "revise each read with its help (an aided read, stored separately)."
            )
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def open_case(self, index: int, aided: bool = False) -> None:
        self._show_case(lambda: self.session.open(index, aided=aided), index)

    def _show_case(self, opening, index: int) -> None:
        """Put on screen the case that ``opening`` (a session call) opens, the ``index``-th."""
        try:
            case = opening()
        except Exception as error:
            log.exception("could not open case %d", index + 1)
            self.error.emit(self.tr("Case {number} could not be shown").format(number=index + 1), error)
            return
        aided = case.aided
        self.case_label.setText(self.tr("Case {number} of {total}").format(number=case.number, total=case.total))
        self.demographics_label.setText(
            _demographics(case.age, case.sex) if self.session.settings.show_demographics else ""
        )
        self.demographics_label.setVisible(self.session.settings.show_demographics)
        self.saliency_worker.cancel()  # a saliency still computing belongs to the case that was shown
        self.view.set_record(case.record)
        self.measured_paper.measure(case.record)
        self.opinion_panel.setVisible(False)
        self.panel.submit_button.setText(self.tr("Submit && next  (Enter)"))
        self.view.setFocus()
        self.panel.show_read(case.previous_read)
        self.progress.setValue(self.session.done)
        self.previous_button.setEnabled(self.session.can_open(index - 1) and not aided)
        self.next_button.setEnabled(self.session.can_open(index + 1) and not aided)
        if aided and self._show_second_opinion(case.unaided_read) and case.previous_read is not None:
            self.panel.show_read(case.previous_read)  # a revisit of the aided read

    # --- slots ---------------------------------------------------------------------------
    def _submit(self, labels: frozenset, confidence, comment: str) -> None:
        self._store(lambda: self.session.submit(labels, confidence, comment or None))

    def _submit_ratings(self, ratings: dict, comment: str) -> None:
        self._store(lambda: self.session.submit(comment=comment or None, ratings=ratings))

    def _submit_unassessable(self, reason: str, comment: str) -> None:
        self._store(lambda: self.session.submit(comment=comment or None, unassessable_reason=reason))

    def _undo(self) -> None:
        """Back to the case last submitted, with its answers, to correct it."""
        last = self.session.last_submitted_index
        self.undo_button.setVisible(False)
        self.undo_timer.stop()
        self.stack.setCurrentIndex(0)  # from the protocol page too
        if last is not None:
            self._show_case(self.session.undo_last_submission, last)

    def _refresh_undo(self) -> None:
        """Offer "undo" only while the session allows it (30 s, no network opinion shown since)."""
        available = self.session.can_undo()
        self.undo_button.setVisible(available)
        if not available:
            self.undo_timer.stop()

    def _store(self, submit) -> None:
        """Submit the read on screen, then go on: to the second opinion where the study shows it
        after each case, else to the next case."""
        try:
            stored = submit()
        except Exception as error:  # the read stays on screen so nothing is lost
            log.exception("submitting a read failed")
            self.error.emit(self.tr("The read could not be saved"), error)
            return
        self.progress.setValue(self.session.done)
        self.undo_timer.start()
        if stored.phase == "unaided" and self.session.offers_second_opinion and self._show_second_opinion(stored):
            self.session.begin_aided_read()
        else:
            self._next_case(self.session.next_index())
        self._refresh_undo()

    def _show_second_opinion(self, unaided) -> bool:
        """Show the network's output beside the reader's unaided read, ready for the aided read."""
        try:
            opinion = self.session.second_opinion()
        except Exception as error:
            log.exception("reading the network's output failed")
            self.error.emit(self.tr("The network's second opinion could not be shown"), error)
            return False
        if opinion is None:  # the network has not been run on this case: say so, never skip silently
            self._show_notice()
            if not self.notice.isVisible():
                self.notice.setText(
                    self.tr(
                        "The network has no opinion on this case (it was not run on it); "
                        "the study coordinator should run the network again."
                    )
                )
                self.notice.setVisible(True)
            return False
        self.opinion = opinion
        unassessable = unaided.unassessable_reason is not None
        self.opinion_panel.show_opinion(opinion, None if unassessable else unaided.labels)
        self.opinion_panel.setVisible(True)
        self.panel.show_read(unaided)
        self.panel.submit_button.setText(self.tr("Submit aided read && next  (Enter)"))
        # The opinion has sealed the unaided read: the aided read is owed before the reader moves on.
        self.previous_button.setEnabled(False)
        self.next_button.setEnabled(False)
        number, total = self.session.index + 1, self.session.total
        self.case_label.setText(
            self.tr("Case {number} of {total} · with the network's second opinion").format(number=number, total=total)
        )
        self._refresh_undo()  # the opinion closes the undo window of the read before
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
        self.opinion_panel.show_saliency_drawn(self.view.record, self.view.spec, highlight)

    def _saliency_failed(self, error: Exception) -> None:
        self.error.emit(self.tr("Where the network looked cannot be shown"), error)

    def _next_case(self, following: int | None) -> None:
        """Open an aided read still owed ("after each case": the app was closed, or the network
        not yet run, after an unaided read), else the next unread case; once all are read, the
        aided pass of "after the study" mode, if any; else report completion. Every owed aided
        read is offered, one after another, before the reader is told the study is done."""
        if (pending := self.session.pending_aided_read()) is not None:
            self.open_case(pending, aided=True)
        elif following is not None:
            self.open_case(following)
        elif (aided := self.session.first_without_aided_read()) is not None:
            self.open_case(aided, aided=True)
        else:
            self.finished.emit()

    def _step(self, direction: int) -> None:
        target = (self.session.index or 0) + direction
        if self.session.can_open(target):
            self.open_case(target)


def _demographics(age: int | None, sex: str | None) -> str:
    parts = []
    if age is not None:
        parts.append(QCoreApplication.translate("ReadingPage", "Age {age}").format(age=age))
    if sex:
        sexes = {
            "M": QCoreApplication.translate("ReadingPage", "male"),
            "F": QCoreApplication.translate("ReadingPage", "female"),
        }
        parts.append(sexes.get(sex, sex))
    return " · ".join(parts) if parts else QCoreApplication.translate("ReadingPage", "Age/sex not recorded")
