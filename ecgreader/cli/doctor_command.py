"""``ecgreader doctor``: check that this machine can run the reading room, and say how to fix it.

A fresh Debian/Ubuntu desktop can install every Python package and still fail to open a window:
Qt's xcb platform plugin loads system libraries that pip cannot install (a fresh machine lacked
libxcb-cursor0, libxcb-icccm4 and libxcb-keysyms1). Asking ``ldd`` which libraries the installed
plugin cannot resolve finds exactly those, whatever the Qt version needs; each is named with its
Debian package so the fix is one ``apt-get install`` line.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

MIN_PYTHON = (3, 11)  # pyproject.toml's requires-python
# The modules the product imports, with the distribution that provides each.
REQUIRED_MODULES = {
    "numpy": "numpy", "scipy": "scipy", "PIL": "pillow", "sqlalchemy": "sqlalchemy", "wfdb": "wfdb",
    "PySide6.QtWidgets": "PySide6-Essentials", "torch": "torch", "sklearn": "scikit-learn",
    "matplotlib": "matplotlib", "tqdm": "tqdm", "statsmodels": "statsmodels", "jinja2": "jinja2",
    "pydicom": "pydicom", "edfio": "edfio", "ecgdatakit": "ecgdatakit",
}  # fmt: skip
# Debian/Ubuntu packages of the shared libraries Qt's xcb plugin (and QtGui under it) loads.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-util.so.1": "libxcb-util1", "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb.so.1": "libxcb1", "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6", "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1", "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0", "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
}  # fmt: skip
XCB_PLUGIN = Path("Qt") / "plugins" / "platforms" / "libqxcb.so"


@dataclass(frozen=True)
class Check:
    """One line of the doctor's answer; ``fix`` says what to run when it is not ``ok``."""

    name: str
    ok: bool
    detail: str
    needed: bool = True  # a missing optional item is reported but does not fail the doctor
    fix: str | None = None


def add_parser(commands) -> None:
    parser = commands.add_parser("doctor", help="check Python, packages, Qt's system libraries, data and model")
    parser.set_defaults(run=run)


def run(args) -> int:
    checks = [check_python(), *check_modules(), check_qt_platform_libraries(), check_data_directory(), check_model()]
    for check in checks:
        status = "ok" if check.ok else ("missing" if check.needed else "absent")
        print(f"{status:<8} {check.name}: {check.detail}")
        if not check.ok and check.fix:
            print(f"{'':<8} fix: {check.fix}")
    failed = [check for check in checks if check.needed and not check.ok]
    if failed:
        print(f"ecgreader doctor: {len(failed)} needed item(s) missing")
        return 1
    print("ecgreader doctor: everything needed is in place")
    return 0


def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    wanted = ".".join(map(str, MIN_PYTHON))
    return Check("Python", sys.version_info[:2] >= MIN_PYTHON, f"{version} (needs {wanted} or newer)")


def check_modules() -> list[Check]:
    """Import each module the product needs: an installed package can still fail to load."""
    checks = []
    for module, distribution in REQUIRED_MODULES.items():
        try:
            importlib.import_module(module)
        except ImportError as error:  # reported on the module's line, with the install command
            fix = f".venv/bin/pip install -e .  (provides {distribution}; see the README's set-up command)"
            checks.append(Check(f"package {distribution}", False, f"import {module} failed: {error}", fix=fix))
        else:
            checks.append(Check(f"package {distribution}", True, f"import {module}"))
    return checks


def check_qt_platform_libraries() -> Check:
    """The system libraries Qt's xcb plugin cannot load, with the apt-get line installing them."""
    name = "Qt xcb platform libraries"
    if not sys.platform.startswith("linux"):
        return Check(name, True, f"not needed on {sys.platform} (Qt brings its own platform plugin)")
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return Check(name, False, "cannot check: PySide6 is not installed")
    plugin = Path(list(spec.submodule_search_locations)[0]) / XCB_PLUGIN
    if not plugin.is_file():
        return Check(name, False, f"{plugin}: file missing (a broken PySide6 installation)")
    if shutil.which("ldd") is None:
        return Check(name, False, "cannot check: ldd not found (Debian/Ubuntu: sudo apt-get install libc-bin)")
    missing = unresolved_libraries(plugin)
    if not missing:
        return Check(name, True, f"every library of {plugin.name} is found")
    return Check(name, False, "not found: " + ", ".join(missing), fix=apt_command(missing))


def unresolved_libraries(plugin: Path) -> list[str]:
    """The shared libraries ``ldd`` reports as "not found" for ``plugin``, each once."""
    result = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise OSError(f"ldd {plugin} failed: {result.stderr.strip() or result.returncode}")
    return parse_ldd_not_found(result.stdout)


def parse_ldd_not_found(ldd_output: str) -> list[str]:
    """The library names on ``ldd``'s "NAME => not found" lines, in order, each once."""
    names = [line.split("=>")[0].strip() for line in ldd_output.splitlines() if line.strip().endswith("not found")]
    return list(dict.fromkeys(names))


def apt_command(libraries: list[str]) -> str:
    """The Debian/Ubuntu command installing ``libraries``; names without a known package are
    listed after it to look up (``apt-file search NAME``)."""
    packages = list(dict.fromkeys(DEBIAN_PACKAGES[name] for name in libraries if name in DEBIAN_PACKAGES))
    unknown = [name for name in libraries if name not in DEBIAN_PACKAGES]
    command = f"sudo apt-get install {' '.join(packages)}" if packages else ""
    if unknown:
        lookup = "find the package of " + ", ".join(unknown) + " with apt-file search"
        command = f"{command}; {lookup}" if command else lookup
    return command


def check_data_directory() -> Check:
    """The public data sets are optional: ``ecgreader demo`` downloads LUDB without them."""
    from ecgreader.config import DATA_ENV, data_dir

    found = data_dir()
    if found is None or not found.is_dir():
        where = f"{found} does not exist" if found else f"{DATA_ENV} not set and no ../shared/data"
        return Check("data directory", False, f"{where}; `ecgreader demo` will download LUDB", needed=False)
    sets = sorted(entry.name for entry in found.iterdir() if entry.is_dir())
    return Check("data directory", True, f"{found} ({', '.join(sets) or 'empty'})")


def check_model() -> Check:
    """The shipped network: a torch checkpoint is a zip file (a truncated copy or a pointer file is not)."""
    try:
        from ecgreader.model.inference import DEFAULT_MODEL
    except ImportError as error:  # torch missing: its own line already says how to install it
        return Check("shipped model", False, f"cannot check: {error}")
    if not DEFAULT_MODEL.is_file():
        return Check("shipped model", False, f"{DEFAULT_MODEL}: file missing", fix="restore it from the repository")
    if not zipfile.is_zipfile(DEFAULT_MODEL):
        return Check(
            "shipped model", False, f"{DEFAULT_MODEL}: not a torch checkpoint", fix="restore it from the repository"
        )
    return Check("shipped model", True, f"{DEFAULT_MODEL} ({DEFAULT_MODEL.stat().st_size / 1e6:.1f} MB)")
