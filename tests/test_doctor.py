"""``ecgreader doctor``: one line per check, the exact apt-get command for Qt's missing system
libraries, and a failing exit status while something needed is missing."""

from __future__ import annotations

import sys

import pytest

from ecgreader.cli import doctor_command
from ecgreader.cli.main import main

LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007fbc)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007fbc)
"""

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin is Linux's")


def test_ldds_not_found_lines_are_read_once_each():
    assert doctor_command.parse_ldd_not_found(LDD_OUTPUT) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_missing_libraries_become_one_apt_get_line_and_unknown_ones_are_named():
    assert doctor_command.apt_command(["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]) == (
        "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"
    )
    assert doctor_command.apt_command(["libglib-2.0.so.0", "libgthread-2.0.so.0", "libodd.so.7"]) == (
        "sudo apt-get install libglib2.0-0; find the package of libodd.so.7 with apt-file search"
    )


@linux_only
def test_a_missing_xcb_library_fails_the_doctor_with_the_install_command(monkeypatch, capsys):
    monkeypatch.setattr(doctor_command, "unresolved_libraries", lambda plugin: ["libxcb-cursor.so.0"])
    assert main(["doctor"]) == 1
    printed = capsys.readouterr().out
    assert "missing  Qt xcb platform libraries: not found: libxcb-cursor.so.0" in printed
    assert "fix: sudo apt-get install libxcb-cursor0\n" in printed
    assert printed.rstrip().endswith("ecgreader doctor: 1 needed item(s) missing")


@linux_only
def test_with_every_library_found_the_doctor_passes_and_checks_each_part(monkeypatch, capsys, shared_data):
    monkeypatch.setattr(doctor_command, "unresolved_libraries", lambda plugin: [])
    assert main(["doctor"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ok       Python: 3.")
    for part in ("package PySide6-Essentials", "package torch", "package wfdb", "Qt xcb platform libraries",
                 "data directory", "shipped model"):  # fmt: skip
        assert any(line.startswith(f"ok       {part}: ") for line in lines), part
    assert lines[-1] == "ecgreader doctor: everything needed is in place"


def test_a_package_that_fails_to_import_is_missing_and_says_how_to_install(monkeypatch, capsys):
    monkeypatch.setitem(doctor_command.REQUIRED_MODULES, "ecgreader_no_such_module", "no-such-dist")
    check = next(c for c in doctor_command.check_modules() if c.name == "package no-such-dist")
    assert not check.ok and check.needed
    assert "import ecgreader_no_such_module failed: No module named 'ecgreader_no_such_module'" in check.detail
    assert "pip install" in check.fix


def test_no_data_directory_is_reported_but_not_needed(monkeypatch, tmp_path):
    monkeypatch.setenv("ECGREADER_DATA", str(tmp_path / "nowhere"))
    check = doctor_command.check_data_directory()
    assert not check.ok and not check.needed and "does not exist" in check.detail
