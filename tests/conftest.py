"""Shared fixtures: the real public records, and malformed records made in temp folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import wfdb

from ecgreader.config import data_dir
from ecgreader.ecg.leads import STANDARD_LEADS

# Widgets are driven offscreen when no display is given (CI sets this too).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True, scope="session")
def _qt_application(qapp):
    """One QApplication for the whole run, made before anything asks for a QGuiApplication."""
    return qapp


@pytest.fixture(scope="session")
def shared_data() -> Path:
    found = data_dir()
    if found is None or not (found / "ludb").is_dir():
        pytest.skip("the shared ECG data directory is not available (set ECGREADER_DATA)")
    return found


@pytest.fixture(scope="session")
def ludb(shared_data) -> Path:
    return shared_data / "ludb"


def write_wfdb(folder: Path, name: str, signal_mv: np.ndarray, leads, fs: float = 500.0) -> Path:
    """Write ``signal_mv`` (samples × leads) as a WFDB format-16 record; return its header."""
    wfdb.wrsamp(
        name,
        fs=fs,
        units=["mV"] * len(leads),
        sig_name=list(leads),
        p_signal=signal_mv,
        fmt=["16"] * len(leads),
        adc_gain=[1000.0] * len(leads),
        baseline=[0] * len(leads),
        write_dir=str(folder),
    )
    return folder / f"{name}.hea"


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
