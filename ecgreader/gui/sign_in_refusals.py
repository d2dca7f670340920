"""The store's sign-in refusals in the interface's language.

The store stays free of Qt and gives each ``SignInError`` a ``Refusal`` and its details (names,
PIN length, the lock-out's wait); here each refusal has its text for translation, with the same
English as the store's own message, which the command line and logs keep.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication

from ecgreader.store.sign_in import Refusal, SignInError, SignInLocked, wait_parts


def refusal_text(error: SignInError) -> str:
    """What the reader or coordinator is told, e.g. "密码错误" for ``Refusal.WRONG_PASSWORD``."""
    details = dict(error.details)
    if isinstance(error, SignInLocked):
        details["wait"] = wait_text(error.wait)
    return _texts()[error.refusal].format(**details)


def wait_text(wait: timedelta) -> str:
    """A lock-out's wait, rounded up to whole seconds: "30 s", "1 min 0 s", "1 h 0 min"."""
    hours, minutes, seconds = wait_parts(wait)
    if hours:
        return QCoreApplication.translate("SignInRefusal", "{hours} h {minutes} min").format(
            hours=hours, minutes=minutes
        )
    if minutes:
        return QCoreApplication.translate("SignInRefusal", "{minutes} min {seconds} s").format(
            minutes=minutes, seconds=seconds
        )
    return QCoreApplication.translate("SignInRefusal", "{seconds} s").format(seconds=seconds)


def _texts() -> dict[Refusal, str]:
    """Each refusal's text in the installed language (looked up now: the language may change)."""
    return {
        Refusal.NAME_MISSING: QCoreApplication.translate("SignInRefusal", "a reader needs a name"),
        Refusal.NO_SUCH_GROUP: QCoreApplication.translate("SignInRefusal", "no reader group called '{group}'"),
        Refusal.NAME_OF_DEACTIVATED: QCoreApplication.translate(
            "SignInRefusal", "a reader called '{name}' exists but was deactivated; ask the coordinator"
        ),
        Refusal.NAME_TAKEN: QCoreApplication.translate(
            "SignInRefusal", "a reader called '{name}' already exists; sign in instead"
        ),
        Refusal.UNKNOWN_READER: QCoreApplication.translate("SignInRefusal", "unknown reader"),
        Refusal.NO_READER_WITH_ID: QCoreApplication.translate(
            "SignInRefusal", "no reader with id {reader_id} in this study"
        ),
        Refusal.READER_DEACTIVATED: QCoreApplication.translate(
            "SignInRefusal", "{name} was deactivated by the coordinator and cannot sign in"
        ),
        Refusal.NO_COORDINATOR_PASSWORD: QCoreApplication.translate(
            "SignInRefusal", "this study has no coordinator password; set one with study create"
        ),
        Refusal.PIN_REQUIRED: QCoreApplication.translate(
            "SignInRefusal", "this study needs a PIN of at least {length} characters"
        ),
        Refusal.PIN_TOO_SHORT: QCoreApplication.translate("SignInRefusal", "a PIN needs at least {length} characters"),
        Refusal.WRONG_PIN: QCoreApplication.translate("SignInRefusal", "wrong PIN"),
        Refusal.WRONG_PASSWORD: QCoreApplication.translate("SignInRefusal", "wrong coordinator password"),
        Refusal.PIN_LOCKED: QCoreApplication.translate("SignInRefusal", "too many wrong PINs; try again in {wait}"),
        Refusal.PASSWORD_LOCKED: QCoreApplication.translate(
            "SignInRefusal", "too many wrong passwords; try again in {wait}"
        ),
        Refusal.WRONG_PIN_NOW_LOCKED: QCoreApplication.translate(
            "SignInRefusal", "wrong PIN; too many wrong PINs; try again in {wait}"
        ),
        Refusal.WRONG_PASSWORD_NOW_LOCKED: QCoreApplication.translate(
            "SignInRefusal", "wrong coordinator password; too many wrong passwords; try again in {wait}"
        ),
    }
