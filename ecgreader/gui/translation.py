"""The interface's language: English (the source text) or Simplified Chinese.

The seed study's readers were Chinese general doctors and specialists, so every text a person
reads goes through Qt's translation system. The committed source of truth is the Qt Linguist
catalogue ``translations/ecgreader_<language>.ts``; the binary ``.qm`` Qt loads is built from it
with ``lrelease`` (shipped with PySide6) into the user's cache the first time it is needed, so a
checkout never carries a stale binary. The chosen language is remembered in QSettings and
installed when the application starts.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QSettings,
    QStandardPaths,
    QTranslator,
)

ENGLISH = "en"
SIMPLIFIED_CHINESE = "zh_CN"
# Each language's name in itself, as the start page offers it (never translated: a reader who
# cannot read the current language must still find their own).
LANGUAGES = {ENGLISH: "English", SIMPLIFIED_CHINESE: "简体中文"}
LANGUAGE_SETTING = "interface/language"
CATALOGUES = Path(__file__).with_name("translations")

# Contexts of the texts a new study takes by default from the pure layers (findings, textbook
# criteria, "cannot be assessed" reasons, protocol): the layers stay English, as stored in the
# study; translations.update lists these texts for lupdate and the GUI translates them where it
# shows them. A coordinator's own text is not in the catalogue and is shown as written.
DEFAULT_TEXT_CONTEXTS = ("Finding", "TextbookCriteria", "UnassessableReason", "StudyProtocol")
FINDING, TEXTBOOK_CRITERIA, UNASSESSABLE_REASON, STUDY_PROTOCOL = DEFAULT_TEXT_CONTEXTS

_installed: list[QTranslator] = []  # kept alive here: Qt does not own installed translators
_active = [ENGLISH]  # the language installed last


class TranslationError(RuntimeError):
    """A language's catalogue could not be found or built (the message names the file)."""


def finding_name(finding: str) -> str:
    """A finding's name in the interface's language (as written where no translation exists)."""
    return QCoreApplication.translate(FINDING, finding)  # texts listed by translations.update


def criteria_text(criteria: str) -> str:
    """A finding's criteria in the interface's language where they are the textbook ones."""
    return QCoreApplication.translate(TEXTBOOK_CRITERIA, criteria)  # texts listed by translations.update


def unassessable_reason(reason: str) -> str:
    """A "cannot be assessed" reason in the interface's language where it is a default one."""
    return QCoreApplication.translate(UNASSESSABLE_REASON, reason)  # texts listed by translations.update


def protocol_text(protocol: str) -> str:
    """The study's instructions to readers in the interface's language where they are the default."""
    return QCoreApplication.translate(STUDY_PROTOCOL, protocol)  # texts listed by translations.update


def catalogue_source(language: str) -> Path:
    """The committed .ts catalogue of ``language``."""
    if language not in LANGUAGES or language == ENGLISH:
        raise ValueError(f"no translation catalogue for language {language!r} (known: {', '.join(LANGUAGES)})")
    return CATALOGUES / f"ecgreader_{language}.ts"


def qt_tool(name: str) -> Path:
    """Qt's ``lrelease`` or ``lupdate``: the binary PySide6 ships beside its package, else
    ``pyside6-<name>`` on PATH."""
    suffix = ".exe" if sys.platform == "win32" else ""
    beside = Path(PySide6.__file__).resolve().parent / f"{name}{suffix}"
    if beside.is_file():
        return beside
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise TranslationError(f"Qt's {name} was found neither at {beside} nor as pyside6-{name} on PATH")
    return Path(found)


def _cache_folder() -> Path:
    """Built catalogues live in the user's cache (XDG_CACHE_HOME on Linux), shared by installs."""
    base = QStandardPaths.writableLocation(QStandardPaths.GenericCacheLocation)
    return Path(base) / "ecgreader" / "translations"


def compiled_catalogue(language: str) -> Path:
    """The .qm of ``language``, built from the committed .ts with lrelease when missing.

    The file is named after the .ts content's hash, so an edited catalogue (or another checkout
    sharing the cache) is rebuilt, never served stale; older builds of the same language are
    removed. Raises TranslationError naming the file when the .ts is missing or lrelease fails."""
    source = catalogue_source(language)
    try:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    except OSError as error:
        raise TranslationError(f"{source}: cannot read the translation catalogue ({error})") from error
    folder = _cache_folder()
    target = folder / f"ecgreader_{language}-{digest}.qm"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.partial")  # not matched by the stale-build pattern
    result = subprocess.run(
        [str(qt_tool("lrelease")), str(source), "-qm", str(partial)], capture_output=True, text=True
    )
    if result.returncode != 0 or not partial.is_file():
        raise TranslationError(
            f"{source}: lrelease could not build {target.name} (exit {result.returncode}): "
            f"{(result.stderr or result.stdout).strip()}"
        )
    for stale in folder.glob(f"ecgreader_{language}-*.qm"):
        stale.unlink()
    partial.replace(target)
    return target


def install_language(language: str) -> None:
    """Make ``language`` the running application's language (English removes every translator).

    Qt's own catalogue for standard dialog buttons is added when PySide6 ships it."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a running Qt application")
    if language not in LANGUAGES:
        raise ValueError(f"unknown interface language {language!r} (known: {', '.join(LANGUAGES)})")
    while _installed:
        app.removeTranslator(_installed.pop())
    _active[0] = ENGLISH
    if language == ENGLISH:
        return
    files = [compiled_catalogue(language)]
    qt_own = Path(QLibraryInfo.path(QLibraryInfo.TranslationsPath)) / f"qtbase_{language}.qm"
    if qt_own.is_file():
        files.append(qt_own)
    for path in files:
        translator = _loaded(path)
        app.installTranslator(translator)
        _installed.append(translator)
    _active[0] = language


def _loaded(path: Path) -> QTranslator:
    translator = QTranslator()
    if not translator.load(str(path)):
        raise TranslationError(f"{path}: Qt could not load this translation catalogue")
    return translator


def active_language() -> str:
    """The language the running interface shows."""
    return _active[0]


def translate_in(language: str, context: str, text: str) -> str:
    """``text`` in ``language`` whatever language is installed: how the start page speaks to a
    reader in the language they just chose."""
    if language == ENGLISH:
        return text
    translator = _loaded(compiled_catalogue(language))
    return translator.translate(context, text) or text  # texts listed by the caller


def saved_language() -> str:
    """The language chosen on the start page (English until one is chosen, or where the stored
    choice is not a language this version knows)."""
    value = QSettings().value(LANGUAGE_SETTING, ENGLISH)
    return value if value in LANGUAGES else ENGLISH


def save_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown interface language {language!r} (known: {', '.join(LANGUAGES)})")
    QSettings().setValue(LANGUAGE_SETTING, language)
