"""A synthetic study and an isolated Qt application for the GUI benchmarks and screenshots.

Only the project's own synthetic ECGs are used, so pictures and timings can be committed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from ecgreader.ecg.synthetic import synthetic_ecg  # noqa: E402
from ecgreader.gui.app import application  # noqa: E402
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY  # noqa: E402
from ecgreader.store import CaseInput, StudyOptions, create_study  # noqa: E402

COORDINATOR_PASSWORD = "bench"


def synthetic_study(n_cases: int, folder: Path | None = None) -> Path:
    folder = folder or Path(tempfile.mkdtemp(prefix="ecgreader-bench-"))
    # Gold labels are drawn at random: the study demonstrates the software, not medicine.
    rng = np.random.default_rng(0)
    keys = DEFAULT_VOCABULARY.keys
    cases = [
        CaseInput(
            synthetic_ecg(52 + (i * 7) % 50, fs=500.0, record_id=f"synthetic-{i}", noise_mv=0.015, seed=i),
            frozenset(k for k in keys if rng.random() < 0.3),
            "random (synthetic demonstration)",
        )
        for i in range(n_cases)
    ]
    options = StudyOptions(
        name="Synthetic demonstration study",
        seed=1,
        show_demographics=False,
        coordinator_password=COORDINATOR_PASSWORD,
    )
    return create_study(folder / "synthetic.ecgstudy", options, cases)


def isolated_application():
    """The QApplication, with QSettings in a temporary folder so a bench never touches yours."""
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, tempfile.mkdtemp(prefix="ecgreader-settings-"))
    return application()


def window_with_new_reader(study: Path, name: str):
    """A 1600x1000 main window on ``study`` with ``name`` registered and reading: (window, page)."""
    from ecgreader.gui.main_window import MainWindow

    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    window.open_study(study)
    window.pages.currentWidget().new_name.setText(name)
    return window, register_and_read(window)


def register_and_read(window):
    """Register the name typed on ``window``'s sign-in page and go past the study protocol to the
    first case: the reading page."""
    window.pages.currentWidget().register_button.click()
    page = window.pages.currentWidget()
    if page.stack.currentWidget() is page.protocol_page:  # a new reader sees the study protocol first
        page.protocol_page.continue_button.click()
    return page
