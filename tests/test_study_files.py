"""Study files that cannot be used are refused in one readable line naming the file, leave the
file unchanged and nothing beside it; read-only media still give ``info``, ``report`` and ``verify``."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from ecgreader.cli.main import main
from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.store.database import APPLICATION_ID
from tests.helpers.records import write_wfdb
from tests.helpers.study_fixtures import make_reading_study

ROOT = Path(__file__).parent.parent


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()  # only on files no connection holds


def _companions(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(f"{path.name}-*"))


def _refused(capsys, *args: str) -> str:
    """Run the command; it must fail with exactly one error line (progress bars aside)."""
    status = main(list(args))
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("ecgreader:")]
    assert status == 1, err
    assert len(errors) == 1 and "internal error" not in err, err
    return errors[0]


@pytest.fixture
def newer_schema(tmp_path) -> Path:
    path = make_reading_study(tmp_path / "newer.ecgstudy", n_cases=2)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    return path


def test_a_refused_open_changes_nothing_and_leaves_no_wal(newer_schema, capsys):
    before = _digest(newer_schema)
    for command in (["study", "info"], ["study", "verify"], ["predict"]):
        err = _refused(capsys, *command, str(newer_schema))
        assert str(newer_schema) in err and "newer ECG Reader" in err
    assert _digest(newer_schema) == before
    assert _companions(newer_schema) == []


def test_our_application_id_without_tables_is_named_damaged(tmp_path, capsys):
    path = tmp_path / "empty.ecgstudy"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 2")
    connection.execute("CREATE TABLE unrelated (x)")
    connection.close()
    err = _refused(capsys, "study", "info", str(path))
    assert str(path) in err and "without its tables" in err
    assert _companions(path) == []


def test_malformed_pages_give_one_readable_line(tmp_path, capsys):
    path = make_reading_study(tmp_path / "broken.ecgstudy", n_cases=4)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(2 * page_size, len(data) - page_size, page_size):  # every page after the schema
        data[offset : offset + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    for command in (["study", "info"], ["study", "verify"], ["report"]):
        extra = ["--out", str(tmp_path / "r.html")] if command == ["report"] else []
        err = _refused(capsys, *command, str(path), *extra)
        assert str(path) in err and ("damaged" in err or "malformed" in err)


def test_an_empty_file_and_a_non_sqlite_file_are_refused(tmp_path, capsys):
    empty, text = tmp_path / "empty.ecgstudy", tmp_path / "notes.ecgstudy"
    empty.write_bytes(b"")
    text.write_text("not a study\n" * 100)
    assert "empty file" in _refused(capsys, "study", "info", str(empty))
    assert "not an SQLite database" in _refused(capsys, "study", "info", str(text))
    assert _companions(empty) == [] and _companions(text) == []


@contextmanager
def _tmpfs(folder: Path, size: str):
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]
    if os.geteuid() != 0 or subprocess.run(mount, capture_output=True).returncode:
        pytest.skip("mounting a small file system needs root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_read_only_media_still_give_info_verify_and_report(tmp_path, capsys):
    source = make_reading_study(tmp_path / "s.ecgstudy", n_cases=3)
    with _tmpfs(tmp_path / "cdrom", "8m") as media:
        study = media / "s.ecgstudy"
        shutil.copy(source, study)  # closed: no connection of this process holds it
        assert subprocess.run(["mount", "-o", "remount,ro", str(media)]).returncode == 0
        assert main(["study", "info", str(study)]) == 0
        assert "Integrity: verified" in capsys.readouterr().out
        assert main(["study", "verify", str(study)]) == 0
        assert main(["report", str(study), "--out", str(tmp_path / "folder")]) == 1  # one-label model run
        capsys.readouterr()
        err = _refused(capsys, "predict", str(study), "--model", str(tmp_path / "missing.pt"))
        assert "missing.pt" in err
        assert _companions(study) == []


def test_a_full_disk_is_one_readable_line_and_leaves_no_partial_file(tmp_path, capsys):
    records = tmp_path / "records"
    records.mkdir()
    for i in range(30):
        record = synthetic_ecg(60 + i, record_id=f"r{i}", noise_mv=0.05, seed=i)
        write_wfdb(records, f"r{i}", record.signal.T.astype(float), STANDARD_LEADS)
    with _tmpfs(tmp_path / "small", "300k") as disk:
        out = disk / "full.ecgstudy"
        err = _refused(capsys, "study", "create", str(out), "--records", str(records))
        assert str(out) in err and "disk is full" in err
        assert list(disk.iterdir()) == []


def test_a_killed_create_leaves_no_partial_file_after_the_next_run(tmp_path):
    out = tmp_path / "s.ecgstudy"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = tmp_path / f".{out.name}.{int(gone.stdout)}.partial"
        busy = tmp_path / f".{out.name}.{running.pid}.partial"  # another create still writing: left alone
        for partial in (stale, busy):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{partial}{suffix}").write_bytes(b"left by create")
        make_reading_study(out, n_cases=2)
        left = sorted(p.name for p in tmp_path.iterdir() if ".partial" in p.name)
        assert left == sorted(f"{busy.name}{suffix}" for suffix in ("", "-shm", "-wal"))
    finally:
        running.kill()
        running.wait()


def test_read_only_commands_update_an_older_writable_study_first(tmp_path, capsys):
    study = tmp_path / "old.ecgstudy"
    shutil.copy(Path(__file__).parent / "data" / "schema1_study.ecgstudy", study)
    assert main(["study", "verify", str(study)]) == 0
    assert "verified: 3 cases, 4 reads, 5 read revisions" in capsys.readouterr().out
    assert main(["study", "info", str(study)]) == 0


def test_an_update_another_process_finished_first_is_not_applied_twice(tmp_path):
    """Two workstations opening an older study at once: the second to get the write lock finds the
    file already updated (it checked the version before the first updated it) and opens it as is,
    instead of failing on a column the first already added."""
    from ecgreader.store.database import SCHEMA_VERSION, _engine, _migrate, open_study

    study = tmp_path / "old.ecgstudy"
    shutil.copy(Path(__file__).parent / "data" / "schema1_study.ecgstudy", study)
    open_study(study).close()  # the first process updates it
    engine = _engine(study)
    try:
        _migrate(engine, 1)  # the second, with the version it read before
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA user_version").scalar() == SCHEMA_VERSION
    finally:
        engine.dispose()
    assert main(["study", "verify", str(study)]) == 0
