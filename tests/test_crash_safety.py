"""No acknowledged read is lost when other processes open and close the study while this one
holds it, and this one is then killed (the lost-POSIX-lock failure: SQLite's "How To Corrupt
An SQLite Database File", section 2.2)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.study_fixtures import COORDINATOR_PASSWORD, make_reading_study

pytestmark = pytest.mark.qt

HOLDER = Path(__file__).parent / "helpers" / "lock_holder_process.py"
ROOT = Path(__file__).parent.parent


def _run_info(study: Path) -> None:
    """Another ``ecgreader`` process opens the study and closes it again."""
    result = subprocess.run(
        [sys.executable, "-m", "ecgreader.cli.main", "study", "info", str(study)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def _reads_seen_by_another_process(study: Path) -> int:
    """Count reads as a fresh process sees them: only what is in the file and its live WAL."""
    code = f"import sqlite3; print(sqlite3.connect({str(study)!r}).execute('SELECT count(*) FROM reads').fetchone()[0])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def _expect(process: subprocess.Popen, prefix: str) -> str:
    line = process.stdout.readline()
    assert line.startswith(prefix), f"expected {prefix!r}, got {line!r}; stderr: {process.stderr.read()}"
    return line


def test_reads_survive_a_kill_after_other_processes_opened_and_closed_the_study(tmp_path):
    study = make_reading_study(tmp_path / "held.ecgstudy", n_cases=8)
    holder = subprocess.Popen(
        [sys.executable, str(HOLDER), str(study)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        _expect(holder, "READY")
        holder.stdin.write("submit 1\nrecheck\n")
        holder.stdin.flush()
        _expect(holder, "ACK")
        _expect(holder, "RECHECKED")
        _run_info(study)  # the other process closes last (it thinks) and must not delete the live WAL
        holder.stdin.write("submit 2\n")
        holder.stdin.flush()
        _expect(holder, "ACK")
        _expect(holder, "ACK")
        _run_info(study)
        holder.stdin.write("recheck\nsubmit 1\n")
        holder.stdin.flush()
        _expect(holder, "RECHECKED")
        _expect(holder, "ACK")
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert _reads_seen_by_another_process(study) == 4
    connection = sqlite3.connect(study)
    assert connection.execute("SELECT count(*) FROM reads").fetchone()[0] == 4
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.fixture
def window(isolated_qt, qtbot, tmp_path):
    from ecgreader.gui.main_window import MainWindow

    study = make_reading_study(tmp_path / "gui.ecgstudy", n_cases=6)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_study(study)
    yield window, study
    window.close_study()


def test_gui_path_dashboard_back_reader_info_keeps_every_read(window, qtbot):
    """The reproduction from the issue: dashboard, Back, a reader submits, ``study info`` runs in
    another process, two more submissions: another process must see all three reads."""
    from ecgreader.gui.dashboard_page import DashboardPage

    main_window, study = window
    sign_in = main_window.pages.currentWidget()
    sign_in.password.setText(COORDINATOR_PASSWORD)
    sign_in.coordinator_button.click()
    main_window.show_dashboard()
    dashboard = main_window.pages.currentWidget()
    assert isinstance(dashboard, DashboardPage)
    qtbot.waitUntil(
        lambda: dashboard.analysis is not None or "No comparison" in dashboard.status.text(), timeout=60_000
    )
    main_window.show_sign_in()
    sign_in = main_window.pages.currentWidget()
    sign_in.new_name.setText("Dr Gui")
    sign_in.new_group.setCurrentText("General doctor")
    sign_in.register_button.click()
    page = main_window.reading_page
    submit_one(page)
    _run_info(study)
    submit_one(page)
    submit_one(page)
    assert page.session.done == 3
    assert _reads_seen_by_another_process(study) == 3


def submit_one(page) -> None:
    page.panel.label_boxes["LVH"].setChecked(True)
    page.panel.submit_button.click()
