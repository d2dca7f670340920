"""The main window: one stack of pages (start, sign-in, reading, coordinator) and the actions."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ecgreader import __version__
from ecgreader.gui.background import Worker, shut_down_workers
from ecgreader.gui.coordinator_page import CoordinatorPage
from ecgreader.gui.create_study_dialog import CreateStudyDialog
from ecgreader.gui.reading_page import ReadingPage
from ecgreader.gui.sign_in_page import SignInPage
from ecgreader.gui.start_page import StartPage
from ecgreader.reading.session import ReadingSession
from ecgreader.store.database import StudyDatabase, open_study
from ecgreader.store.sign_in import ReaderInfo

log = logging.getLogger(__name__)
MAX_RECENT = 8
ABOUT = f"""<h3>ECG Reader {__version__}</h3>
<p>Blinded reader studies comparing doctors and a deep network on 12-lead ECGs.</p>
<p>Data sets used by the demo study and the shipped model:
LUDB (Kalyakulina et al., IEEE Access 2020; ODC-By 1.0),
PhysioNet/CinC Challenge 2021 (CC BY 4.0), Chapman-Shaoxing (Zheng et al., Sci Data 2020;
CC BY 4.0), PTB-XL (Wagner et al., Sci Data 2020; CC BY 4.0), via PhysioNet.</p>"""


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
        self._show_page(self.start_page)
        self._build_actions()
        self._refresh_recent()
        self.setWindowTitle("ECG Reader")
        if not self.restoreGeometry(self.settings.value("window/geometry", b"")):
            self.resize(1600, 1000)
        QGuiApplication.instance().applicationStateChanged.connect(self._on_application_state)

    # --- actions -------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(text, slot, shortcut=None, tip=""):
            created = QAction(text, self)
            if shortcut is not None:
                created.setShortcut(shortcut)
            created.setStatusTip(tip)
            created.triggered.connect(slot)
            return created

        self.open_action = action("&Open study…", self.choose_study, QKeySequence.Open, "Open a study file")
        self.create_action = action(
            "&Create study…", self.create_study, QKeySequence.New, "Create a study from records"
        )
        self.demo_action = action("Open the &demo study", self.open_demo, None, "Build and open the LUDB demo")
        self.close_action = action("&Close study", self.close_study, QKeySequence.Close, "Close the study")
        self.quit_action = action("&Quit", self.close, QKeySequence.Quit, "Quit ECG Reader")
        about = action("&About ECG Reader", self._about)
        menu = self.menuBar().addMenu("&File")
        for item in (self.open_action, self.create_action, self.demo_action, self.close_action):
            menu.addAction(item)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self.menuBar().addMenu("&Help").addAction(about)
        self.close_action.setEnabled(False)

    # --- studies -------------------------------------------------------------------------
    def choose_study(self) -> None:
        folder = self.settings.value("files/last_folder", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(self, "Open study", folder, "ECG studies (*.ecgstudy)")
        if path:
            self.open_study(path)

    def open_study(self, path: str | Path) -> bool:
        """Open a study file and show sign-in; on failure show why and stay where we are."""
        try:
            database = open_study(path)
        except Exception as error:
            self.show_error("The study could not be opened", error)
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
        self.reading_page = None
        if self.database is not None:
            shut_down_workers()  # no thread, not even one of a page already gone, may go on using the study
            self.database.close()
            self.database = None
        self.close_action.setEnabled(False)
        self.setWindowTitle("ECG Reader")
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
        self.demo_dialog = QProgressDialog("Building the demo study from LUDB…", "Cancel", 0, 100, self)
        self.demo_dialog.setWindowModality(Qt.WindowModal)
        self.demo_dialog.canceled.connect(self.demo_worker.cancel)
        self.demo_worker.start(_build_demo)
        self.demo_dialog.show()

    def _demo_progressed(self, done: int, total: int) -> None:
        if self.demo_dialog is not None:
            self.demo_dialog.setMaximum(total)
            self.demo_dialog.setValue(done)

    def _demo_built(self, path: Path) -> None:
        self._close_demo_dialog()
        self.open_study(path)

    def _demo_failed(self, error: Exception) -> None:
        self._close_demo_dialog()
        self.show_error("Demo study", error)

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
        self.setWindowTitle("ECG Reader — sign in")
        self._show_page(page)

    def start_reading(self, reader: ReaderInfo) -> None:
        try:
            session = ReadingSession(self.database, reader)
        except Exception as error:
            self.show_error("The reading session could not start", error)
            return
        page = ReadingPage(session)
        page.finished.connect(self._show_finished)
        page.error.connect(self.show_error)
        self.reading_page = page
        self.setWindowTitle(f"ECG Reader — {session.settings.name}")
        self._show_page(page)
        page.start()

    def show_coordinator(self) -> None:
        page = CoordinatorPage(self.database)
        page.sign_out.connect(self.show_sign_in)
        page.error.connect(self.show_error)
        page.dashboard_requested.connect(self.show_dashboard)
        page.cases_requested.connect(self.show_case_review)
        self.setWindowTitle("ECG Reader — coordinator")
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
        layout.addWidget(QLabel(f"<h2>All {done} cases are read. Thank you.</h2>"))
        sign_out = QPushButton("Sign out")
        sign_out.clicked.connect(self.show_sign_in)
        layout.addWidget(sign_out)
        layout.addStretch(1)
        self.reading_page = None
        self._show_page(page)

    def _show_page(self, page: QWidget) -> None:
        old = self.pages.currentWidget()
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        if old is not None and old is not self.start_page:
            self.pages.removeWidget(old)
            old.deleteLater()

    # --- errors, timing, state -----------------------------------------------------------
    def show_error(self, title: str, error: object) -> None:
        log.error("%s: %s", title, error)
        QMessageBox.critical(self, title, str(error))

    def _on_application_state(self, state) -> None:
        if self.reading_page is None:
            return
        timer = self.reading_page.session.timer
        if state == Qt.ApplicationActive:
            timer.resume()
        else:
            timer.pause()

    def _recent(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _refresh_recent(self) -> None:
        self.start_page.set_recent([p for p in self._recent() if Path(p).exists()])

    def _about(self) -> None:
        QMessageBox.about(self, "About ECG Reader", ABOUT)

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        shut_down_workers()  # cancel and wait: no work goes on after the window
        self.close_study()
        super().closeEvent(event)


def _build_demo(progress, cancelled) -> Path:
    """The demo build as worker work, stopped between records once cancelled."""
    from ecgreader.demo import build_demo_study

    # No download from the GUI: without LUDB it says where to point it (the CLI can download).
    return build_demo_study(progress=progress, download=None, cancelled=cancelled)
