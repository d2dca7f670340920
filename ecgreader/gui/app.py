"""Starting the reading-room application."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QApplication

from ecgreader.gui.translation import install_language, saved_language

ORGANISATION = "ECG Reader"
APPLICATION = "ecgreader"


def application() -> QApplication:
    """The running QApplication, created (with names for QSettings) if needed."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    return app


def _log_to_file() -> None:
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        filename=folder / "ecgreader.log",
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def start_window():
    """The main window in the language chosen on the start page (installed before any widget is
    built, so every text is looked up in it)."""
    from ecgreader.gui.main_window import MainWindow

    install_language(saved_language())
    return MainWindow()


def run_app(study: str | Path | None = None) -> int:
    """Show the main window (at sign-in when ``study`` is given) and run until it closes."""
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and headless and "QT_QPA_PLATFORM" not in os.environ:
        raise OSError("no display to open the reading room on (use --no-gui, or run it on a desktop)")
    app = application()
    _log_to_file()
    window = start_window()
    window.show()
    if study is not None and not window.open_study(study):
        return 1
    return app.exec()
