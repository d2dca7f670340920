"""The store's sign-in refusals in the interface's language.

The store stays free of Qt and gives each ``SignInError`` a ``Refusal`` and its details (names,
PIN length, the lock-out's wait). Its English texts (``ENGLISH_REFUSALS``, ``WAIT_TEMPLATES``),
which the command line and logs keep, are the source texts translated here: the catalogue lists
them from the store (``translations.update.default_texts``), so they are never copied by hand.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication

from ecgreader.store.sign_in import ENGLISH_REFUSALS, SignInError, SignInLocked, wait_template

REFUSAL_CONTEXT = "SignInRefusal"


def refusal_text(error: SignInError) -> str:
    """What the reader or coordinator is told, e.g. "协调员密码错误" for ``Refusal.WRONG_PASSWORD``."""
    details = dict(error.details)
    if isinstance(error, SignInLocked):
        details["wait"] = wait_text(error.wait)
    english = ENGLISH_REFUSALS[error.refusal]
    return QCoreApplication.translate(REFUSAL_CONTEXT, english).format(**details)  # texts listed by translations.update


def wait_text(wait: timedelta) -> str:
    """A lock-out's wait, rounded up to whole seconds: "30 s", "1 min 0 s", "1 h 0 min"."""
    template, parts = wait_template(wait)
    return QCoreApplication.translate(REFUSAL_CONTEXT, template).format(**parts)  # texts listed by translations.update
