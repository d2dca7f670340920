"""The layering and house style hold: checked by the same tools CI would run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINTED = ("ecgreader", "model_training", "tests", "bench")


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


PURE_MODULES = (
    "ecgreader.config",
    "ecgreader.ecg",
    "ecgreader.ecg.render",
    "ecgreader.labels",
    "ecgreader.store",
    "ecgreader.studies",
    "ecgreader.demo",
    "ecgreader.reading",
)


def test_pure_layers_load_no_qt_widgets_and_no_torch():
    script = (
        "import importlib, sys\n"
        f"for name in {PURE_MODULES!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in ('PySide6.QtWidgets', 'torch') if m in sys.modules))"
    )
    result = _run(sys.executable, "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_import_contracts_hold():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    result = _run(lint_imports or "lint-imports")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout


def test_ruff_lint_passes():
    result = _run(sys.executable, "-m", "ruff", "check", "ecgreader", "model_training", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied():
    result = _run(sys.executable, "-m", "ruff", "format", "--check", *LINTED)
    assert result.returncode == 0, result.stdout + result.stderr
