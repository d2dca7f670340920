"""The main window: one stack of pages (start, sign-in, reading, coordinator) and the actions.

While a reader reads, its Reading menu and toolbar offer Pause (the ECG goes behind a cover and
the reading clock stops) and Sign out; leaving a case that is not submitted (sign out, close,
Ctrl+Q, the title bar's close button, opening or creating another study, the demo study ready)
asks first. F1 or ? lists every shortcut of the window.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ecgreader import __version__
from ecgreader.gui.background import Worker, shut_down_workers
from ecgreader.gui.coordinator_page import CoordinatorPage
from ecgreader.gui.create_study_dialog import CreateStudyDialog
from ecgreader.gui.reading_page import ReadingPage
from ecgreader.gui.shortcut_sheet import ShortcutSheet
from ecgreader.gui.sign_in_page import SignInPage
from ecgreader.gui.start_page import StartPage
from ecgreader.reading.session import ReadingSession
from ecgreader.reading.timer import PAUSED_BY_READER, WINDOW_INACTIVE
from ecgreader.store.database import StudyDatabase, open_study
from ecgreader.store.sign_in import ReaderInfo

log = logging.getLogger(__name__)
MAX_RECENT = 8
PREFERRED_SIZE = QSize(1600, 1000)  # the whole 12-lead page and the findings side by side
FRAME_ALLOWANCE = QSize(16, 48)  # title bar and borders the window manager adds around the window


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.settings = QSettings()
        self.database: StudyDatabase | None = None
        self.reading_page: ReadingPage | None = None
        self.demo_dialog: QProgressDialog | None = None
        self.demo_worker = Worker(self, "demo study")
        self.demo_worker.progressed.connect(self._demo_progressed)
        self.demo_worker.succeeded.connect(self._demo_built)
        self.demo_worker.failed.connect(self._demo_failed)
        self.demo_worker.cancelled.connect(self._close_demo_dialog)
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.start_page = StartPage()
        self.start_page.open_requested.connect(self.choose_study)
        self.start_page.create_requested.connect(self.create_study)
        self.start_page.demo_requested.connect(self.open_demo)
        self.start_page.recent_chosen.connect(self.open_study)
        self._build_actions()
        self.pause_cover = self._build_pause_cover()
        self.pages.addWidget(self.pause_cover)
        self._show_page(self.start_page)
        self._refresh_recent()
        self.setWindowTitle(self.tr("ECG Reader"))
        if not self.restoreGeometry(self.settings.value("window/geometry", b"")):
            self._fit_to(self.screen().availableGeometry())
        QGuiApplication.instance().applicationStateChanged.connect(self._on_application_state)

    def _fit_to(self, available: QRect) -> None:
        """The first window: the preferred size where the screen has room, else as large as its
        free area (a 1366×768 laptop), centred there with its frame; later ones restore the last."""
        size = PREFERRED_SIZE.boundedTo(available.size() - FRAME_ALLOWANCE)
        self.resize(size)
        self.move(QStyle.alignedRect(Qt.LeftToRight, Qt.AlignCenter, size + FRAME_ALLOWANCE, available).topLeft())

    # --- actions -------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(text, slot, shortcuts=(), tip=""):
            created = QAction(text, self)
            sequences = []
            for shortcut in shortcuts:  # a standard key brings every binding of the platform
                standard = isinstance(shortcut, QKeySequence.StandardKey)
                sequences += QKeySequence.keyBindings(shortcut) if standard else [QKeySequence(shortcut)]
            created.setShortcuts(sequences)
            if tip:
                created.setStatusTip(tip)
                created.setToolTip(tip)
            created.triggered.connect(slot)
            return created

        self.open_action = action(
            self.tr("&Open study…"),
            lambda: self._leave_case_then(self.choose_study),
            [QKeySequence.Open],
            self.tr("Open a study file"),
        )
        self.create_action = action(
            self.tr("&Create study…"),
            lambda: self._leave_case_then(self.create_study),
            [QKeySequence.New],
            self.tr("Create a study from records"),
        )
        self.demo_action = action(
            self.tr("Open the &demo study"), self.open_demo, (), self.tr("Build and open the LUDB demo")
        )
        self.close_action = action(
            self.tr("&Close study"),
            lambda: self._leave_case_then(self.close_study),
            [QKeySequence.Close],
            self.tr("Close the study"),
        )
        self.quit_action = action(
            self.tr("&Quit"), lambda: self._leave_case_then(self.close), ["Ctrl+Q"], self.tr("Quit ECG Reader")
        )
        self.pause_action = action(
            self.tr("&Pause"),
            self._set_paused,
            ["Ctrl+P", Qt.Key_Pause],
            self.tr("Hide the ECG and stop the reading clock until you resume"),
        )
        self.pause_action.setCheckable(True)
        self.sign_out_action = action(
            self.tr("&Sign out"),
            lambda: self._leave_case_then(self.show_sign_in),
            (),
            self.tr("Stop reading and go back to sign-in; your submitted reads are saved"),
        )
        self.shortcuts_action = action(
            self.tr("&Keyboard shortcuts"), self.show_shortcuts, [Qt.Key_F1, "?"], self.tr("List every shortcut")
        )
        about = action(self.tr("&About ECG Reader"), self._about)
        menu = self.menuBar().addMenu(self.tr("&File"))
        for item in (self.open_action, self.create_action, self.demo_action, self.close_action):
            menu.addAction(item)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        reading = self.menuBar().addMenu(self.tr("&Reading"))
        self.reading_toolbar = self.addToolBar(self.tr("Reading"))
        self.reading_toolbar.setObjectName("readingToolbar")
        self.reading_toolbar.setMovable(False)
        for item in (self.pause_action, self.sign_out_action):
            reading.addAction(item)
            self.reading_toolbar.addAction(item)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(about)
        self.close_action.setEnabled(False)

    def _build_pause_cover(self) -> QWidget:
        """What the window shows while the reader has paused: no ECG, and the way back."""
        cover = QWidget()
        cover.setObjectName("pauseCover")
        title = QLabel(self.tr("<h1>Paused</h1><p>The ECG is hidden and the reading clock is stopped.</p>"))
        title.setAlignment(Qt.AlignCenter)
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.setToolTip(self.tr("Show the ECG again and restart the reading clock"))
        self.resume_button.setMinimumHeight(36)
        self.resume_button.clicked.connect(self.pause_action.trigger)
        layout = QVBoxLayout(cover)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(self.resume_button, 0, Qt.AlignCenter)
        layout.addStretch(1)
        return cover

    # --- studies -------------------------------------------------------------------------
    def choose_study(self) -> None:
        folder = self.settings.value("files/last_folder", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open study"), folder, self.tr("ECG studies (*.ecgstudy)"))
        if path:
            self.open_study(path)

    def open_study(self, path: str | Path) -> bool:
        """Open a study file and show sign-in; on failure show why and stay where we are."""
        try:
            database = open_study(path)
        except Exception as error:
            self.show_error(self.tr("The study could not be opened"), error)
            return False
        self.close_study()
        self.database = database
        self.settings.setValue("files/last_folder", str(Path(path).parent))
        recent = [str(Path(path).resolve())] + [p for p in self._recent() if p != str(Path(path).resolve())]
        self.settings.setValue("files/recent", recent[:MAX_RECENT])
        self._refresh_recent()
        self.close_action.setEnabled(True)
        self.show_sign_in()
        return True

    def close_study(self) -> None:
        if self.database is not None:
            shut_down_workers()  # no thread, not even one of a page already gone, may go on using the study
            self.database.close()
            self.database = None
        self.close_action.setEnabled(False)
        self.setWindowTitle(self.tr("ECG Reader"))
        self._show_page(self.start_page)

    def create_study(self) -> None:
        dialog = CreateStudyDialog(self)
        if dialog.exec() and dialog.created_path:
            self.open_study(dialog.created_path)

    def open_demo(self) -> None:
        """Build the demo study off the GUI thread, then open it. The dialog's Cancel stops the
        build at its next step, and the study file is written whole or not at all."""
        if self.demo_worker.running:  # a cancelled build is still stopping: never two on one file
            return
        self.demo_dialog = QProgressDialog(
            self.tr("Building the demo study from LUDB…"), self.tr("Cancel"), 0, 100, self
        )
        self.demo_dialog.setWindowModality(Qt.WindowModal)
        self.demo_dialog.canceled.connect(self.demo_worker.cancel)
        self.demo_worker.start(_build_demo)
        self.demo_dialog.show()

    def _demo_progressed(self, done: int, total: int) -> None:
        if self.demo_dialog is not None:
            self.demo_dialog.setMaximum(total)
            self.demo_dialog.setValue(done)

    def _demo_built(self, path: Path) -> None:
        """Open the demo study, unless the reader is mid-case and keeps the case: then only say it is ready."""
        self._close_demo_dialog()
        if self._may_leave_case():
            self.open_study(path)
        else:
            self.statusBar().showMessage(
                self.tr("The demo study is ready: open it with File → Open study… ({path})").format(path=path)
            )

    def _demo_failed(self, error: Exception) -> None:
        self._close_demo_dialog()
        self.show_error(self.tr("Demo study"), error)

    def _close_demo_dialog(self) -> None:
        if self.demo_dialog is not None:
            self.demo_dialog.close()
            self.demo_dialog.deleteLater()
            self.demo_dialog = None

    # --- pages ---------------------------------------------------------------------------
    def show_sign_in(self) -> None:
        page = SignInPage(self.database)
        page.reader_signed_in.connect(self.start_reading)
        page.coordinator_signed_in.connect(self.show_coordinator)
        page.back.connect(self.close_study)
        self.setWindowTitle(self.tr("ECG Reader — sign in"))
        self._show_page(page)

    def start_reading(self, reader: ReaderInfo) -> None:
        try:
            session = ReadingSession(self.database, reader)
        except Exception as error:
            self.show_error(self.tr("The reading session could not start"), error)
            return
        page = ReadingPage(session)
        page.finished.connect(self._show_finished)
        page.error.connect(self.show_error)
        self.reading_page = page
        self.setWindowTitle(self.tr("ECG Reader — {study}").format(study=session.settings.name))
        self._show_page(page)
        page.start()

    def show_coordinator(self) -> None:
        page = CoordinatorPage(self.database)
        page.sign_out.connect(self.show_sign_in)
        page.error.connect(self.show_error)
        page.dashboard_requested.connect(self.show_dashboard)
        page.cases_requested.connect(self.show_case_review)
        self.setWindowTitle(self.tr("ECG Reader — coordinator"))
        self._show_page(page)

    def show_dashboard(self) -> None:
        from ecgreader.gui.dashboard_page import DashboardPage

        self._show_coordinator_tool(DashboardPage(self.database))

    def show_case_review(self) -> None:
        from ecgreader.gui.case_review_page import CaseReviewPage

        self._show_coordinator_tool(CaseReviewPage(self.database))

    def _show_coordinator_tool(self, page: QWidget) -> None:
        """A page opened from the coordinator view: it reports errors here and goes back there."""
        page.back.connect(self.show_coordinator)
        page.error.connect(self.show_error)
        self._show_page(page)

    def _show_finished(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        done = self.reading_page.session.total if self.reading_page else 0
        layout.addWidget(QLabel(self.tr("<h2>All {count} cases are read. Thank you.</h2>").format(count=done)))
        sign_out = QPushButton(self.tr("Sign out"))
        sign_out.setToolTip(self.tr("Go back to sign-in"))
        sign_out.clicked.connect(self.show_sign_in)
        layout.addWidget(sign_out)
        layout.addStretch(1)
        self._show_page(page)

    def _show_page(self, page: QWidget) -> None:
        """Show ``page`` and drop the pages left behind; the start page and the pause cover stay.
        The Reading actions exist only while the reading page is the one shown."""
        if page is not self.reading_page:
            self.reading_page = None
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        for index in reversed(range(self.pages.count())):
            old = self.pages.widget(index)
            if old is not page and old is not self.start_page and old is not self.pause_cover:
                self.pages.removeWidget(old)
                old.deleteLater()
        reading = self.reading_page is not None
        self.pause_action.setChecked(False)
        self.pause_action.setEnabled(reading)
        self.sign_out_action.setEnabled(reading)
        self.reading_toolbar.setVisible(reading)

    # --- the reader's session: pause, leaving a case, shortcuts ---------------------------
    def _set_paused(self, paused: bool) -> None:
        """Hide the case behind the cover and stop its clock, or bring both back (the action is
        enabled only while the reading page is shown)."""
        timer = self.reading_page.session.timer
        if paused:
            timer.pause(PAUSED_BY_READER)
            self.pages.setCurrentWidget(self.pause_cover)
            self.resume_button.setFocus()
        else:
            timer.resume(PAUSED_BY_READER)
            self.pages.setCurrentWidget(self.reading_page)

    def _leave_case_then(self, leave) -> None:
        """Call ``leave`` (sign out, close the study, quit), asking first while a case is open."""
        if self._may_leave_case():
            leave()

    def _may_leave_case(self) -> bool:
        """True when no case is open, or the reader agrees to leave the open one unsubmitted."""
        if self.reading_page is not None and self.reading_page.has_case_in_progress():
            answer = QMessageBox.question(
                self,
                self.tr("Leave this case?"),
                self.tr(
                    "The case on screen is not submitted: what you have marked on it will be lost. "
                    "Your submitted reads are saved in the study. Leave it?"
                ),
                QMessageBox.Yes | QMessageBox.No,
                QMessageBox.No,
            )
            return answer == QMessageBox.Yes
        return True

    def show_shortcuts(self) -> ShortcutSheet:
        """The sheet of every shortcut the window defines now (the current page's included)."""
        sheet = ShortcutSheet(self)
        sheet.open()
        return sheet

    # --- errors, timing, state -----------------------------------------------------------
    def show_error(self, title: str, error: object) -> None:
        log.error("%s: %s", title, error)
        QMessageBox.critical(self, title, str(error))

    def _on_application_state(self, state) -> None:
        if self.reading_page is None:
            return
        timer = self.reading_page.session.timer
        if state == Qt.ApplicationActive:
            timer.resume(WINDOW_INACTIVE)
        else:
            timer.pause(WINDOW_INACTIVE)

    def _recent(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _refresh_recent(self) -> None:
        self.start_page.set_recent([p for p in self._recent() if Path(p).exists()])

    def _about(self) -> None:
        text = self.tr(
            "<h3>ECG Reader {version}</h3>"
            "<p>Blinded reader studies comparing doctors and a deep network on 12-lead ECGs.</p>"
            "<p>Data sets used by the demo study and the shipped model: "
            "LUDB (Kalyakulina et al., IEEE Access 2020; ODC-By 1.0), "
            "PhysioNet/CinC Challenge 2021 (CC BY 4.0), Chapman-Shaoxing (Zheng et al., Sci Data 2020; "
            "CC BY 4.0), PTB-XL (Wagner et al., Sci Data 2020; CC BY 4.0), via PhysioNet.</p>"
        )
        QMessageBox.about(self, self.tr("About ECG Reader"), text.format(version=__version__))

    def closeEvent(self, event) -> None:
        """The title bar's close (a spontaneous event from the window system) asks as Ctrl+Q does
        while a case is open; close() from code (Ctrl+Q after its own question, tests) does not."""
        if event.spontaneous() and not self._may_leave_case():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        shut_down_workers()  # cancel and wait: no work goes on after the window
        self._close_demo_dialog()  # its cancelled signal is not delivered once the window closes
        self.close_study()
        super().closeEvent(event)


def _build_demo(progress, cancelled) -> Path:
    """The demo build as worker work, stopped between records once cancelled."""
    from ecgreader.demo import build_demo_study

    # No download from the GUI: without LUDB it says where to point it (the CLI can download).
    return build_demo_study(progress=progress, download=None, cancelled=cancelled)
