"""Sign-in that resists guessing: lock-outs after wrong secrets, PIN rules, look-alike names."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTranslator
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from ecgreader.gui.sign_in_page import SignInPage
from ecgreader.gui.sign_in_refusals import refusal_text
from ecgreader.gui.translation import ENGLISH, SIMPLIFIED_CHINESE, install_language
from ecgreader.store import open_study
from ecgreader.store.reader_names import clean_name, same_reader_name
from ecgreader.store.schema import AuditEvent, SignInThrottle
from ecgreader.store.sign_in import (
    ENGLISH_REFUSALS,
    PinRules,
    Refusal,
    SignInError,
    SignInLocked,
    describe_wait,
    list_readers,
    lock_out_after,
    pin_rules,
    register_reader,
    set_reader_active,
    sign_in_coordinator,
    sign_in_reader,
)
from tests.helpers.clock import FakeClock
from tests.helpers.study_fixtures import COORDINATOR_PASSWORD, make_reading_study

pytestmark = pytest.mark.qt

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
PIN = "4711"


@pytest.fixture
def study(tmp_path):
    database = open_study(make_reading_study(tmp_path / "s.ecgstudy"))
    yield database
    database.close()


def audit_log(database) -> list[AuditEvent]:
    with database.reading() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def fail(database, reader_id: int, times: int, at: datetime) -> None:
    for _ in range(times):
        with pytest.raises(SignInError, match="wrong PIN"):
            sign_in_reader(database, reader_id, "0000", now=at)


# --- throttling ---------------------------------------------------------------------------


def test_back_off_starts_at_the_fifth_failure_doubles_and_is_capped():
    assert [lock_out_after(n) for n in range(5)] == [timedelta(0)] * 5
    assert lock_out_after(5) == timedelta(seconds=30)
    assert lock_out_after(6) == timedelta(minutes=1)
    assert lock_out_after(11) == timedelta(seconds=30 * 64)
    assert lock_out_after(12) == lock_out_after(10_000) == timedelta(hours=1)


def test_waits_are_rounded_up_to_whole_seconds():
    assert describe_wait(timedelta(seconds=30)) == "30 s"
    assert describe_wait(timedelta(seconds=0.2)) == "1 s"
    assert describe_wait(timedelta(seconds=59.1)) == "1 min 0 s"
    assert describe_wait(timedelta(seconds=61)) == "1 min 1 s"
    assert describe_wait(timedelta(hours=1)) == "1 h 0 min"


def test_five_wrong_pins_lock_the_reader_out_even_with_the_right_pin(study):
    reader = register_reader(study, "Dr Ada", "Specialist", pin=PIN)
    for _ in range(4):
        with pytest.raises(SignInError, match="^wrong PIN$"):
            sign_in_reader(study, reader.id, "0000", now=START)
    with pytest.raises(SignInLocked, match="^wrong PIN; too many wrong PINs; try again in 30 s$"):
        sign_in_reader(study, reader.id, "0000", now=START)
    with pytest.raises(SignInLocked, match="^too many wrong PINs; try again in 30 s$") as locked:
        sign_in_reader(study, reader.id, PIN, now=START)
    assert locked.value.wait == timedelta(seconds=30)
    with pytest.raises(SignInLocked, match="try again in 1 s$"):
        sign_in_reader(study, reader.id, PIN, now=START + timedelta(seconds=29.5))

    # The lock has passed: one more wrong PIN doubles it.
    later = START + timedelta(seconds=30)
    with pytest.raises(SignInLocked, match="try again in 1 min 0 s$"):
        sign_in_reader(study, reader.id, "0000", now=later)
    with pytest.raises(SignInLocked, match="^too many wrong PINs; try again in 1 min 0 s$"):
        sign_in_reader(study, reader.id, PIN, now=later)
    assert sign_in_reader(study, reader.id, PIN, now=later + timedelta(minutes=1)).name == "Dr Ada"


def test_a_success_resets_the_count(study):
    reader = register_reader(study, "Dr Ada", "Specialist", pin=PIN)
    fail(study, reader.id, 4, START)
    sign_in_reader(study, reader.id, PIN, now=START)
    fail(study, reader.id, 4, START)
    assert sign_in_reader(study, reader.id, PIN, now=START).id == reader.id
    with study.reading() as session:
        assert session.get(SignInThrottle, f"reader:{reader.id}").failures == 0


def test_the_lock_out_is_kept_in_the_study_and_binds_only_its_reader(study):
    ada = register_reader(study, "Dr Ada", "Specialist", pin=PIN)
    bo = register_reader(study, "Dr Bo", "Specialist", pin="8888")
    fail(study, ada.id, 5, START)
    study.close()
    with open_study(study.path) as reopened:
        with pytest.raises(SignInLocked, match="try again in 20 s"):
            sign_in_reader(reopened, ada.id, PIN, now=START + timedelta(seconds=10))
        assert sign_in_reader(reopened, bo.id, "8888", now=START).name == "Dr Bo"
        sign_in_coordinator(reopened, COORDINATOR_PASSWORD, now=START)


def test_failures_and_lock_outs_are_audited_without_the_secret(study):
    reader = register_reader(study, "Dr Ada", "Specialist", pin=PIN)
    fail(study, reader.id, 5, START)
    with pytest.raises(SignInLocked):
        sign_in_reader(study, reader.id, PIN, now=START + timedelta(seconds=1))
    events = audit_log(study)
    assert [e.kind for e in events] == ["sign_in_failed"] * 5 + ["sign_in_locked", "sign_in_refused_while_locked"]
    assert {e.reader_id for e in events} == {reader.id}
    assert events[0].at == START.replace(tzinfo=None)
    assert "5 in a row" in events[4].detail and "30 s" in events[5].detail
    assert not any("0000" in e.detail or PIN in e.detail for e in events)


def test_the_coordinator_password_is_throttled_too(study):
    for _ in range(4):
        with pytest.raises(SignInError, match="^wrong coordinator password$"):
            sign_in_coordinator(study, "guess", now=START)
    with pytest.raises(SignInLocked, match="too many wrong passwords; try again in 30 s$"):
        sign_in_coordinator(study, "guess", now=START)
    with pytest.raises(SignInLocked, match="^too many wrong passwords; try again in 15 s$"):
        sign_in_coordinator(study, COORDINATOR_PASSWORD, now=START + timedelta(seconds=15))
    sign_in_coordinator(study, COORDINATOR_PASSWORD, now=START + timedelta(seconds=30))
    events = audit_log(study)
    assert [e.kind for e in events].count("sign_in_failed") == 5
    assert {e.reader_id for e in events} == {None}
    assert not any("guess" in e.detail or COORDINATOR_PASSWORD in e.detail for e in events)


# --- PIN rules ----------------------------------------------------------------------------


def test_pins_shorter_than_the_study_minimum_are_refused(study):
    assert pin_rules(study) == PinRules(min_length=4, required=False)
    with pytest.raises(SignInError, match="^a PIN needs at least 4 characters$"):
        register_reader(study, "Dr Short", "Specialist", pin="123")
    register_reader(study, "Dr NoPin", "Specialist")
    register_reader(study, "Dr Pin", "Specialist", pin=PIN)
    assert [r.name for r in list_readers(study)] == ["Dr NoPin", "Dr Pin"]


def test_a_study_can_require_longer_pins(tmp_path):
    with open_study(make_reading_study(tmp_path / "s.ecgstudy", min_pin_length=6, require_pin=True)) as study:
        assert pin_rules(study) == PinRules(min_length=6, required=True)
        with pytest.raises(SignInError, match="^this study needs a PIN of at least 6 characters$"):
            register_reader(study, "Dr NoPin", "Specialist")
        with pytest.raises(SignInError, match="at least 6 characters"):
            register_reader(study, "Dr Short", "Specialist", pin="12345")
        assert register_reader(study, "Dr Long", "Specialist", pin="123456").has_pin
        assert [r.name for r in list_readers(study)] == ["Dr Long"]


# --- names --------------------------------------------------------------------------------

SAME_AS_ALICE = [
    "ALICE",
    "alice",
    "Alice\u200b",  # zero-width space
    "Al\u200dice",  # zero-width joiner
    "\ufeffAlice",  # byte-order mark
    " Alice ",
    "\u0410lice",  # Cyrillic capital A
    "Alic\u0435",  # Cyrillic small ie
    "\u0391lice",  # Greek capital alpha
    "\uff21lice",  # fullwidth A (NFKC)
]


@pytest.mark.parametrize("look_alike", SAME_AS_ALICE)
def test_a_name_taken_for_an_existing_one_is_refused(study, look_alike):
    register_reader(study, "Alice", "Specialist")
    with pytest.raises(SignInError, match="^a reader called 'Alice' already exists; sign in instead$"):
        register_reader(study, look_alike, "General doctor")
    assert [r.name for r in list_readers(study)] == ["Alice"]


def test_names_are_stored_as_typed_and_distinct_names_are_kept(study):
    register_reader(study, "  Dr Élise Martin ", "Specialist")
    register_reader(study, "Dr Elise Martin", "Specialist")
    register_reader(study, "Dr Alicia", "Specialist")
    assert [r.name for r in list_readers(study)] == ["Dr Alicia", "Dr Elise Martin", "Dr Élise Martin"]
    with pytest.raises(SignInError, match="a reader needs a name"):
        register_reader(study, "\u200b \u200d", "Specialist")


def test_name_comparison_cleans_folds_and_compares_skeletons():
    assert clean_name(" Dr\u00a0 Ada\u200b\tLovelace ") == "Dr Ada Lovelace"
    assert same_reader_name("Dr Ada Lovelace", "dr  ada LOVELACE")
    assert same_reader_name("\u039d\u03bf\u03bda", "Nova")  # Greek capital Nu looks like N, small nu like v
    assert same_reader_name("\u0412\u041e\u0412", "\u0432\u043e\u0432")  # Cyrillic, by case only
    assert same_reader_name("\u0412\u041e\u0412", "bob")  # Cyrillic capitals look like BOB
    assert same_reader_name("E\u0301lise", "\u00c9lise")  # decomposed and composed É
    assert not same_reader_name("Ian", "Lan")
    assert not same_reader_name("Élise", "Elise")
    assert not same_reader_name("Alice", "Alicia")


# --- the sign-in page ---------------------------------------------------------------------


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying ``text``, as a keyboard layout delivers them (QTest's keyClicks only
    knows ASCII and aborts on other characters)."""
    for character in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key_unknown, Qt.NoModifier, character))


def sign_in_page(qtbot, database, clock=None) -> SignInPage:
    page = SignInPage(database, clock=clock or FakeClock(START))
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_page_refuses_the_right_pin_after_five_wrong_ones(qtbot, isolated_qt, study):
    reader = register_reader(study, "Dr Ada", "Specialist", pin=PIN)
    clock = FakeClock(START)
    page = sign_in_page(qtbot, study, clock)
    page.reader_choice.setCurrentIndex(page.reader_choice.findData(reader.id))
    signed_in = []
    page.reader_signed_in.connect(signed_in.append)
    for _ in range(5):
        qtbot.keyClicks(page.pin, "0000")
        qtbot.mouseClick(page.sign_in_button, Qt.LeftButton)
        assert page.message.text().startswith("wrong PIN")
        assert page.pin.text() == ""
    qtbot.keyClicks(page.pin, PIN)
    assert page.message.text() == ""  # typing clears the last refusal
    qtbot.mouseClick(page.sign_in_button, Qt.LeftButton)
    assert page.message.text() == "too many wrong PINs; try again in 30 s"
    assert signed_in == []

    clock.advance(30)
    qtbot.keyClicks(page.pin, PIN)
    qtbot.mouseClick(page.sign_in_button, Qt.LeftButton)
    assert [r.name for r in signed_in] == ["Dr Ada"] and page.message.text() == ""


def test_the_page_refuses_a_look_alike_name_and_a_short_pin(qtbot, isolated_qt, tmp_path):
    with open_study(make_reading_study(tmp_path / "s.ecgstudy", min_pin_length=6, require_pin=True)) as study:
        register_reader(study, "Alice", "Specialist", pin="123456")
        page = sign_in_page(qtbot, study)
        assert page.pin_rules.text() == "PIN: at least 6 characters (required)"
        signed_in = []
        page.reader_signed_in.connect(signed_in.append)

        type_text(page.new_name, "\u0410lice")  # Cyrillic capital A
        assert page.new_name.text() == "\u0410lice"
        qtbot.keyClicks(page.new_pin, "654321")
        qtbot.mouseClick(page.register_button, Qt.LeftButton)
        assert page.message.text() == "a reader called 'Alice' already exists; sign in instead"

        page.new_name.clear()
        qtbot.keyClicks(page.new_name, "Dr Bo")
        page.new_pin.clear()
        qtbot.keyClicks(page.new_pin, "123")
        qtbot.mouseClick(page.register_button, Qt.LeftButton)
        assert page.message.text() == "a PIN needs at least 6 characters"
        assert signed_in == []
        assert [r.name for r in list_readers(study)] == ["Alice"]
        page.close()


def test_the_page_shows_the_default_pin_rules(qtbot, isolated_qt, study):
    assert sign_in_page(qtbot, study).pin_rules.text() == "PIN: at least 4 characters (optional)"


def test_the_coordinator_password_is_never_taken_on_the_command_line(tmp_path, ludb, monkeypatch, capsys):
    from ecgreader.cli.main import main

    records = [str(ludb / "data" / f"{n}.hea") for n in (1, 2)]
    out = tmp_path / "cli.ecgstudy"
    with pytest.raises(SystemExit) as refused:
        main(["study", "create", str(out), "--records", *records, "--coordinator-password", "hunter22"])
    assert refused.value.code == 2 and not out.exists()
    assert "visible to other users" in capsys.readouterr().err
    monkeypatch.setenv("ECGREADER_COORDINATOR_PASSWORD", "from-the-environment")
    assert main(["study", "create", str(out), "--records", *records, "--min-pin-length", "6", "--require-pin"]) == 0
    with open_study(out) as database:
        assert pin_rules(database) == PinRules(min_length=6, required=True)
        sign_in_coordinator(database, "from-the-environment")
        with pytest.raises(SignInError):
            sign_in_coordinator(database, "hunter22")


def enter(qtbot, field: QWidget, text: str, key=Qt.Key_Return) -> None:
    """Type ``text`` into an emptied ``field`` and press Enter there."""
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, key)


def test_enter_signs_in_from_the_pin_field_and_a_refusal_clears_when_the_input_changes(qtbot, isolated_qt, study):
    ada = register_reader(study, "Dr Ada", "Specialist", pin=PIN)
    register_reader(study, "Dr Bo", "Specialist")
    page = sign_in_page(qtbot, study)
    signed_in = []
    page.reader_signed_in.connect(signed_in.append)
    page.reader_choice.setCurrentIndex(page.reader_choice.findData(ada.id))

    enter(qtbot, page.pin, "0000")
    assert page.message.text() == "wrong PIN" and page.pin.text() == ""
    qtbot.keyClicks(page.pin, "4")  # typing
    assert page.message.text() == ""

    enter(qtbot, page.pin, "0000", Qt.Key_Enter)  # the keypad's Enter too
    assert page.message.text() == "wrong PIN"
    qtbot.keyClick(page.reader_choice, Qt.Key_Down)  # choosing another reader
    assert page.message.text() == "" and page.reader_choice.currentData() != ada.id

    qtbot.keyClick(page.reader_choice, Qt.Key_Up)
    enter(qtbot, page.pin, PIN)
    assert [reader.name for reader in signed_in] == ["Dr Ada"]


def test_enter_signs_the_coordinator_in_and_registers_a_new_reader(qtbot, isolated_qt, study):
    register_reader(study, "Alice", "Specialist")
    page = sign_in_page(qtbot, study)
    coordinator, readers = [], []
    page.coordinator_signed_in.connect(lambda: coordinator.append(True))
    page.reader_signed_in.connect(readers.append)

    enter(qtbot, page.password, "guess")
    assert page.message.text() == "wrong coordinator password" and page.password.text() == ""
    qtbot.keyClicks(page.password, "c")
    assert page.message.text() == ""
    enter(qtbot, page.password, COORDINATOR_PASSWORD)
    assert coordinator == [True]

    enter(qtbot, page.new_name, "alice")
    assert page.message.text() == "a reader called 'Alice' already exists; sign in instead"
    qtbot.keyClick(page.new_group, Qt.Key_Down)  # any change to the input clears the refusal
    assert page.message.text() == ""
    page.new_name.clear()
    qtbot.keyClicks(page.new_name, "Dr New")
    qtbot.keyClick(page.new_pin, Qt.Key_Return)  # Enter in the new PIN's field registers too
    assert [reader.name for reader in readers] == ["Dr New"]


def test_enter_does_nothing_while_there_is_no_reader_to_sign_in(qtbot, isolated_qt, study):
    page = sign_in_page(qtbot, study)
    signed_in = []
    page.reader_signed_in.connect(signed_in.append)
    enter(qtbot, page.pin, PIN)
    assert signed_in == [] and page.message.text() == ""


# --- refusals in the reader's language ----------------------------------------------------

DETAILS = {"name": "Dr O'Brien", "group": "Nurse", "length": 6, "reader_id": 7}
WAITS = [timedelta(seconds=30), timedelta(minutes=2, seconds=1), timedelta(hours=1)]


def every_refusal() -> list[SignInError]:
    """Each refusal with every detail it may name; lock-outs once per kind of wait."""
    return [
        SignInLocked(refusal, wait) if "{wait}" in english else SignInError(refusal, **DETAILS)
        for refusal, english in ENGLISH_REFUSALS.items()
        for wait in (WAITS if "{wait}" in english else WAITS[:1])
    ]


class MarkingTranslator(QTranslator):
    """Translates the sign-in refusals into «marked» English, so a text left out shows."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"«{source}»" if context == "SignInRefusal" else None

    def isEmpty(self):
        return False


def test_every_refusal_reads_in_english_as_the_stores_message():
    assert {error.refusal for error in every_refusal()} == set(Refusal)
    for error in every_refusal():
        assert refusal_text(error) == str(error)


def test_every_refusal_and_its_wait_go_through_translation(qapp):
    translator = MarkingTranslator()
    QCoreApplication.installTranslator(translator)
    try:
        for error in every_refusal():
            shown = refusal_text(error)
            assert shown.startswith("«") and shown != str(error)
            if isinstance(error, SignInLocked):
                assert shown.count("«") == 2  # the wait's units are translated too
            for name, value in DETAILS.items():
                assert (str(value) in shown) == (str(value) in str(error)), name
    finally:
        QCoreApplication.removeTranslator(translator)


def click(qtbot, page: SignInPage, field: QWidget, text: str, button: QWidget) -> str:
    """Type ``text`` into ``field``, press ``button`` and return the refusal shown."""
    field.clear()
    type_text(field, text)
    qtbot.mouseClick(button, Qt.LeftButton)
    return page.message.text()


def test_the_page_shows_each_refusal_in_chinese(qtbot, isolated_qt, study, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the built catalogue
    register_reader(study, "Alice", "Specialist")
    ada = register_reader(study, "Dr Ada", "Specialist", pin=PIN)
    gone = register_reader(study, "Dr Gone", "Specialist")
    install_language(SIMPLIFIED_CHINESE)
    try:
        page = sign_in_page(qtbot, study)
        set_reader_active(study, gone.id, False)  # by the coordinator, while the page lists them
        shown = {"no name": click(qtbot, page, page.new_name, "", page.register_button)}
        page.new_pin.setText("12")
        shown["short PIN"] = click(qtbot, page, page.new_name, "Dr Z", page.register_button)
        page.new_pin.clear()
        shown["look-alike"] = click(qtbot, page, page.new_name, "\u0410lice", page.register_button)
        shown["wrong password"] = click(qtbot, page, page.password, "wrong", page.coordinator_button)
        page.reader_choice.setCurrentIndex(page.reader_choice.findData(gone.id))
        shown["deactivated"] = click(qtbot, page, page.pin, "", page.sign_in_button)
        page.reader_choice.setCurrentIndex(page.reader_choice.findData(ada.id))
        for attempt in range(5):
            shown[f"wrong PIN {attempt}"] = click(qtbot, page, page.pin, "0000", page.sign_in_button)
        shown["locked out"] = click(qtbot, page, page.pin, PIN, page.sign_in_button)
    finally:
        install_language(ENGLISH)
    english = [
        "a reader needs a name",
        "a PIN needs at least 4 characters",
        "a reader called 'Alice' already exists; sign in instead",
        "wrong coordinator password",
        "Dr Gone was deactivated by the coordinator and cannot sign in",
        *["wrong PIN"] * 4,
        "wrong PIN; too many wrong PINs; try again in 30 s",
        "too many wrong PINs; try again in 30 s",
    ]
    untranslated = {
        what: text
        for (what, text), source in zip(shown.items(), english, strict=True)
        if text == source or not re.search("[\u4e00-\u9fff]", text)
    }
    assert untranslated == {}
    assert "4" in shown["short PIN"] and "Alice" in shown["look-alike"] and "Dr Gone" in shown["deactivated"]
    assert "30" in shown["locked out"] and "30" in shown["wrong PIN 4"]
