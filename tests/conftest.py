"""Shared fixtures: the real public records, and malformed records made in temp folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from ecgreader.config import data_dir
from ecgreader.ecg.leads import STANDARD_LEADS
from tests.helpers.records import write_wfdb

# Widgets are driven offscreen when no display is given (CI sets this too).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(items) -> None:
    """Tests that touch Qt (widgets, painting, PDF) get pytest-qt's one QApplication first.

    They are marked ``qt`` (the whole module, with ``pytestmark``); their fixture runs before
    any code could make a bare QGuiApplication, on which widgets could not be built later.
    Every other test runs without Qt.
    """
    for item in items:
        if item.get_closest_marker("qt") and "qapp" not in item.fixturenames:
            item.fixturenames.insert(0, "qapp")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    found = data_dir()
    if found is None or not (found / "ludb").is_dir():
        pytest.skip("the shared ECG data directory is not available (set ECGREADER_DATA)")
    return found


@pytest.fixture(scope="session")
def ludb(shared_data) -> Path:
    return shared_data / "ludb"


@pytest.fixture
def malformed(tmp_path, ludb) -> dict[str, Path]:
    """One bad file of each kind, keyed by what is wrong with it."""
    rng = np.random.default_rng(0)
    good = rng.normal(0, 0.3, (5000, 12))
    files: dict[str, Path] = {}

    truncated = tmp_path / "truncated"
    truncated.mkdir()
    shutil.copy(ludb / "data" / "1.hea", truncated / "1.hea")
    (truncated / "1.dat").write_bytes((ludb / "data" / "1.dat").read_bytes()[:50_000])
    files["truncated"] = truncated / "1.hea"

    files["eleven_leads"] = write_wfdb(tmp_path, "eleven", good[:, :11], STANDARD_LEADS[:11])

    with_nan = good.copy()
    with_nan[100:110, 2] = np.nan
    files["nan"] = write_wfdb(tmp_path, "withnan", with_nan, STANDARD_LEADS)

    files["empty"] = tmp_path / "empty.hea"
    files["empty"].write_bytes(b"")

    files["text_png"] = tmp_path / "notes.png"
    files["text_png"].write_text("this is not an image\n")
    return files


@pytest.fixture
def isolated_qt(tmp_path, monkeypatch):
    """QSettings in a temporary folder, and error dialogs recorded instead of shown (blocking)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    errors = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: errors.append(args[1:]))
    return errors
