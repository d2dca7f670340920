"""When two reader names are the same reader.

A study's results are per reader, so a person who registers a second time under "ALICE",
"Alice\\u200b" (a zero-width space) or "Аlice" (with a Cyrillic А) splits their reads across two
readers, and anyone can pose in the sign-in list as a reader who already exists. Two names are
therefore taken for one reader when, after cleaning (NFKC, invisible characters dropped,
whitespace collapsed), they are equal once case is folded, or they look alike as typed: their
skeletons (Unicode TR39 section 4, "Confusable Detection") are equal once case is folded.

No PyPI package computes a TR39 skeleton properly (``confusable-homoglyphs`` only detects
mixed scripts; ``confusables`` returns every ASCII reading of a string and maps "a" to "@"),
so the skeleton below uses the TR39 prototypes (confusables.txt, Unicode 13) of the Cyrillic
and Greek letters that look like a Latin letter. One change: TR39 maps capital I and its
look-alikes to a small l, which would make "Ian" and "Lan" one name once case is folded; here
they map to I. Look-alikes within Latin (l, I and 1; rn and m) and other scripts are not covered.

Pure functions, no Qt.
"""

from __future__ import annotations

import unicodedata

# Not format characters (category Cf, dropped as a class) but shown as nothing all the same:
# the combining grapheme joiner, Hangul fillers, Mongolian free variation selectors and the
# variation selectors (TR44's Default_Ignorable_Code_Point, less Cf).
_INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)

# TR39 prototypes (confusables.txt) of Cyrillic and Greek letters that look like Latin ones.
# Keys are written as escapes: as literals they would be indistinguishable from their values.
_LOOK_ALIKES: dict[str, str] = {
    # Greek capitals
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u0399": "I",
    "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T",
    "\u03a5": "Y", "\u03a7": "X", "\u03dc": "F", "\u03fa": "M", "\u037f": "J",
    # Greek small letters
    "\u03b1": "a", "\u03b3": "y", "\u03b9": "i", "\u03bd": "v", "\u03bf": "o", "\u03c1": "p",
    "\u03c3": "o", "\u03c5": "u", "\u03f3": "j",
    # Cyrillic capitals
    "\u0405": "S", "\u0406": "I", "\u0408": "J", "\u0410": "A", "\u0412": "B", "\u0415": "E",
    "\u041a": "K", "\u041c": "M", "\u041d": "H", "\u041e": "O", "\u0420": "P", "\u0421": "C",
    "\u0422": "T", "\u0423": "Y", "\u0425": "X", "\u042b": "bI", "\u042c": "b", "\u042e": "IO",
    "\u0474": "V", "\u04ae": "Y", "\u04c0": "I", "\u04d4": "AE", "\u050c": "G", "\u051c": "W",
    # Cyrillic small letters
    "\u0430": "a", "\u0433": "r", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c",
    "\u0443": "y", "\u0445": "x", "\u0455": "s", "\u0456": "i", "\u0458": "j", "\u0461": "w",
    "\u0475": "v", "\u04af": "y", "\u04bb": "h", "\u04bd": "e", "\u04cf": "i", "\u04d5": "ae",
    "\u0501": "d", "\u051b": "q", "\u051d": "w",
}  # fmt: skip


def clean_name(name: str) -> str:
    """``name`` in NFKC, without invisible characters, with single spaces and no outer spaces."""
    text = unicodedata.normalize("NFKC", name)
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf" and ch not in _INVISIBLE)
    return " ".join(visible.split())


def skeleton(text: str) -> str:
    """TR39's skeleton: NFD, each character replaced by its prototype, NFD again."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(_LOOK_ALIKES.get(ch, ch) for ch in decomposed))


def name_keys(name: str) -> frozenset[str]:
    """The forms under which ``name`` is compared: folded as typed, and its folded skeleton.

    Both are needed: the skeleton is taken as typed because what a letter looks like depends on
    its case (Greek Ν looks like N, ν like v), and so it misses names that differ in case only
    where a letter has no look-alike in one of its cases (Cyrillic "ВОВ" and "вов").
    """
    cleaned = clean_name(name)
    return frozenset({_fold(cleaned), _fold(skeleton(cleaned))})


def same_reader_name(first: str, second: str) -> bool:
    """Whether two names would be taken for one reader (see the module docstring)."""
    return not name_keys(first).isdisjoint(name_keys(second))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text.casefold())
