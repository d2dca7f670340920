"""Refresh the committed .ts catalogues from the sources, then list what still needs a translator.

Run ``python -m ecgreader.gui.translations.update`` after changing any user-visible text:
pyside6-lupdate collects every ``self.tr(...)``, ``QCoreApplication.translate(...)`` and
``QT_TRANSLATE_NOOP(...)`` of the GUI, the paper's footer and the report, adds new texts as unfinished and drops
texts no longer in the sources. The defaults a new study takes from the pure layers (the
vocabulary's findings, their textbook criteria, the "cannot be assessed" reasons, the protocol)
are listed for lupdate from those layers themselves, so they are never copied by hand. Open the
catalogue in Qt Linguist (``pyside6-linguist``) or an editor to translate them;
tests/test_translations.py fails while any is unfinished.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from ecgreader.gui.sign_in_refusals import REFUSAL_CONTEXT
from ecgreader.gui.translation import (
    DEFAULT_TEXT_CONTEXTS,
    ENGLISH,
    LANGUAGES,
    TranslationError,
    catalogue_source,
    qt_tool,
)
from ecgreader.labels.criteria import TEXTBOOK_CRITERIA
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY, NONE_OF_THE_LISTED
from ecgreader.store.sign_in import ENGLISH_REFUSALS, WAIT_TEMPLATES
from ecgreader.store.study import DEFAULT_PROTOCOL, DEFAULT_UNASSESSABLE_REASONS

PACKAGE = Path(__file__).resolve().parents[2]  # the ecgreader package


def source_files() -> list[Path]:
    """Every module whose texts a person reads: the GUI, the paper's footer and the report."""
    return sorted((PACKAGE / "gui").glob("*.py")) + [PACKAGE / "ecg" / "render.py", PACKAGE / "analysis" / "report.py"]


def default_texts() -> dict[str, list[str]]:
    """Context → the English texts of the pure layers that the GUI translates where it shows them:
    the defaults a new study stores (a coordinator's own text is shown as written) and the store's
    sign-in refusals."""
    findings, criteria, reasons, protocol = DEFAULT_TEXT_CONTEXTS
    return {
        findings: [label.finding for label in DEFAULT_VOCABULARY] + [NONE_OF_THE_LISTED],
        criteria: list(TEXTBOOK_CRITERIA.values()),
        reasons: list(DEFAULT_UNASSESSABLE_REASONS),
        protocol: [DEFAULT_PROTOCOL],
        REFUSAL_CONTEXT: list(ENGLISH_REFUSALS.values()) + list(WAIT_TEMPLATES.values()),
    }


def _listing(texts: dict[str, list[str]]) -> str:
    """A Python module of QT_TRANSLATE_NOOP calls, for lupdate to read ``texts`` from."""
    return "".join(f"QT_TRANSLATE_NOOP({context!r}, {text!r})\n" for context, items in texts.items() for text in items)


def update_catalogue(catalogue: Path) -> str:
    """Run lupdate over the sources and the default texts into ``catalogue`` (created if
    missing); returns its summary.

    Locations are left out so that moving code does not rewrite the catalogue."""
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "study_defaults.py"
        listing.write_text(_listing(default_texts()), encoding="utf-8")
        command = [str(qt_tool("lupdate")), *map(str, source_files()), str(listing), "-no-obsolete",
                   "-locations", "none", "-ts", str(catalogue)]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise TranslationError(f"{catalogue}: lupdate failed (exit {result.returncode}): {result.stderr.strip()}")
    return (result.stdout + result.stderr).strip()


def unfinished_messages(catalogue: Path) -> list[tuple[str, str]]:
    """(context, source text) of every message in ``catalogue`` without a finished translation."""
    try:
        root = ElementTree.parse(catalogue).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise TranslationError(f"{catalogue}: not a readable Qt translation catalogue ({error})") from error
    missing = []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") == "unfinished" or not _translated(translation):
                missing.append((name, message.findtext("source", "")))
    return missing


def _translated(translation: ElementTree.Element) -> bool:
    forms = translation.findall("numerusform")
    return all((form.text or "").strip() for form in forms) if forms else bool((translation.text or "").strip())


def main() -> int:
    for language in LANGUAGES:
        if language == ENGLISH:
            continue
        catalogue = catalogue_source(language)
        print(update_catalogue(catalogue))
        missing = unfinished_messages(catalogue)
        print(f"{catalogue.name}: {len(missing)} text(s) to translate")
        for context, source in missing:
            print(f"  [{context}] {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
