"""What the GUI calls the study's stored codes: one plain-language, translatable name for each
second-opinion mode, answer format, reading phase and analysis term, so that every page says
"after each case", never ``after_each_case``.

The stored codes stay what they are (the study file, the CLI and the report use them); only
what a person reads goes through here. Each name is looked up when asked for, so a translator
installed after import is honoured, and every text is a literal ``translate`` call so that
pyside6-lupdate finds it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def second_opinion_modes() -> dict[str, str]:
    """Second-opinion mode code → name, in the order a choice lists them."""
    return {
        "off": QCoreApplication.translate("DisplayNames", "off (readers never see the network)"),
        "after_each_case": QCoreApplication.translate("DisplayNames", "after each case"),
        "after_study": QCoreApplication.translate("DisplayNames", "after the whole study"),
    }


def gold_sources() -> dict[str, str]:
    """Where a new study's gold standard comes from (``studies.intake.GOLD_SOURCES``, or none)."""
    return {
        "none": QCoreApplication.translate("DisplayNames", "none (no gold standard)"),
        "ludb": QCoreApplication.translate("DisplayNames", "LUDB annotations"),
        "ptbxl": QCoreApplication.translate("DisplayNames", "PTB-XL statements"),
        "dx": QCoreApplication.translate("DisplayNames", "diagnosis codes in the headers"),
        "csv": QCoreApplication.translate("DisplayNames", "CSV file of labels"),
    }


def rating_scales() -> dict[str, str]:
    """Answer-format code → name, in the order a choice lists them."""
    return {
        "binary": QCoreApplication.translate("DisplayNames", "present / absent"),
        "1-5": QCoreApplication.translate("DisplayNames", "1–5 per finding"),
        "0-100": QCoreApplication.translate("DisplayNames", "0–100 per finding"),
    }


def phases() -> dict[str, str]:
    """Reading phase code → name: a read made before or after seeing the network's opinion."""
    return {
        "unaided": QCoreApplication.translate("DisplayNames", "without the network"),
        "aided": QCoreApplication.translate("DisplayNames", "with the network's opinion"),
    }


def rater_kinds() -> dict[str, str]:
    """Kind of rater in the comparison tables."""
    return {
        "model": QCoreApplication.translate("DisplayNames", "network"),
        "group": QCoreApplication.translate("DisplayNames", "group (pooled)"),
        "group_mean": QCoreApplication.translate("DisplayNames", "group mean"),
        "reader": QCoreApplication.translate("DisplayNames", "reader"),
    }


def contrasts() -> dict[str, str]:
    """What an MRMC analysis compares."""
    return {
        "network-readers": QCoreApplication.translate("DisplayNames", "network vs readers"),
        "aided-unaided": QCoreApplication.translate("DisplayNames", "with vs without the network"),
        "group-group": QCoreApplication.translate("DisplayNames", "group vs group"),
        "single": QCoreApplication.translate("DisplayNames", "one group alone"),
    }


def designs() -> dict[str, str]:
    """Which of readers and cases an MRMC analysis treats as random (generalises over)."""
    return {
        "RRRC": QCoreApplication.translate("DisplayNames", "readers and cases random (RRRC)"),
        "FRRC": QCoreApplication.translate("DisplayNames", "these readers, cases random (FRRC)"),
        "RRFC": QCoreApplication.translate("DisplayNames", "readers random, these cases (RRFC)"),
    }


def display_name(names: dict[str, str], code: str) -> str:
    """``code``'s name in ``names``; a code the GUI does not know is shown as stored, not hidden."""
    return names.get(code, code)


def filter_setting(hz: float | None) -> str:
    """A display filter's cut-off as an electrocardiograph's footer gives it, or "off"."""
    if hz is None:
        return QCoreApplication.translate("DisplayNames", "off")
    return QCoreApplication.translate("DisplayNames", "{hz} Hz").format(hz=f"{hz:g}")
