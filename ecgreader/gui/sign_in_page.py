"""Sign-in: an existing reader, a new reader (name, group, PIN by the study's rules), or the coordinator.

The rules themselves (PIN length, look-alike names, lock-outs after wrong PINs) live in the
store; this page shows them and the store's refusals, in the interface's language.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ecgreader.gui.sign_in_refusals import refusal_text
from ecgreader.store.database import StudyDatabase
from ecgreader.store.settings import study_settings
from ecgreader.store.sign_in import (
    PinRules,
    ReaderInfo,
    SignInError,
    list_readers,
    pin_rules,
    register_reader,
    sign_in_coordinator,
    sign_in_reader,
)


class SignInPage(QWidget):
    reader_signed_in = Signal(object)  # ReaderInfo
    coordinator_signed_in = Signal()
    back = Signal()

    def __init__(
        self,
        database: StudyDatabase,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        """``clock`` gives the time sign-in lock-outs are judged by (tests fix it)."""
        super().__init__(parent)
        self.database = database
        self.clock = clock
        settings = study_settings(database)
        rules = pin_rules(database)
        title = QLabel(
            self.tr("<h2>{study}</h2>Sign in to read, or register as a new reader.").format(
                study=html.escape(settings.name)
            )
        )

        existing = QGroupBox(self.tr("I have read in this study before"))
        self.reader_choice = QComboBox()
        self.reader_choice.setToolTip(self.tr("Your name, as you registered it in this study"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.Password)
        self.pin.setPlaceholderText(self.tr("PIN, if you set one"))
        self.pin.setToolTip(self.tr("The PIN you chose when you registered; Enter signs in"))
        self.sign_in_button = QPushButton(self.tr("Sign in"))
        self.sign_in_button.setToolTip(self.tr("Go on reading where you stopped"))
        self.sign_in_button.clicked.connect(self._sign_in)
        form = QFormLayout(existing)
        form.addRow(self.tr("Reader"), self.reader_choice)
        form.addRow(self.tr("PIN"), self.pin)
        form.addRow(self.sign_in_button)

        new = QGroupBox(self.tr("New reader"))
        self.new_name = QLineEdit()
        self.new_name.setToolTip(self.tr("Your name as the study coordinator will see it; Enter registers"))
        self.new_group = QComboBox()
        self.new_group.addItems(list(settings.groups))
        self.new_group.setToolTip(self.tr("The group of readers you belong to in this study"))
        self.new_pin = QLineEdit()
        self.new_pin.setEchoMode(QLineEdit.Password)
        self.new_pin.setPlaceholderText(self.tr("required") if rules.required else self.tr("optional"))
        self.new_pin.setToolTip(self.tr("A PIN that keeps others from reading under your name; Enter registers"))
        self.pin_rules = QLabel(describe_pin_rules(rules))
        self.pin_rules.setObjectName("pinRules")
        self.register_button = QPushButton(self.tr("Register and start reading"))
        self.register_button.setToolTip(self.tr("Join the study as a new reader and open your first case"))
        self.register_button.clicked.connect(self._register)
        form = QFormLayout(new)
        form.addRow(self.tr("Name"), self.new_name)
        form.addRow(self.tr("Group"), self.new_group)
        form.addRow(self.tr("PIN"), self.new_pin)
        form.addRow(self.pin_rules)
        form.addRow(self.register_button)

        coordinator = QGroupBox(self.tr("Study coordinator"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.password.setToolTip(self.tr("The coordinator password set when the study was created; Enter signs in"))
        self.coordinator_button = QPushButton(self.tr("Sign in as coordinator"))
        self.coordinator_button.setToolTip(self.tr("Manage the study's settings, readers and results"))
        self.coordinator_button.clicked.connect(self._coordinator)
        form = QFormLayout(coordinator)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.coordinator_button)
        coordinator.setEnabled(settings.has_coordinator_password)

        self.message = QLabel("")
        self.message.setObjectName("signInMessage")
        self.message.setStyleSheet("color: #b00020")
        back = QPushButton(self.tr("Close study"))
        back.setToolTip(self.tr("Close this study and go back to the start page"))
        back.clicked.connect(self.back)
        # Enter in a field presses its box's button (which does nothing while disabled).
        for field, button in (
            (self.pin, self.sign_in_button),
            (self.new_name, self.register_button),
            (self.new_pin, self.register_button),
            (self.password, self.coordinator_button),
        ):
            field.returnPressed.connect(button.click)
        for edited in (self.pin, self.new_name, self.new_pin, self.password):
            edited.textEdited.connect(self.message.clear)
        for chosen in (self.reader_choice, self.new_group):
            chosen.activated.connect(self.message.clear)

        columns = QHBoxLayout()
        for box in (existing, new, coordinator):
            columns.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(back)
        self.refresh()

    def refresh(self) -> None:
        self.readers = list_readers(self.database)
        self.reader_choice.clear()
        for reader in self.readers:
            self.reader_choice.addItem(f"{reader.name} — {reader.group}", reader.id)
        self.sign_in_button.setEnabled(bool(self.readers))

    def _sign_in(self) -> None:
        self._attempt(
            lambda: sign_in_reader(self.database, self.reader_choice.currentData(), self.pin.text(), now=self.clock()),
            self.reader_signed_in.emit,
        )

    def _register(self) -> None:
        self._attempt(
            lambda: register_reader(
                self.database,
                self.new_name.text(),
                self.new_group.currentText(),
                self.new_pin.text() or None,
            ),
            self.reader_signed_in.emit,
        )

    def _coordinator(self) -> None:
        self._attempt(
            lambda: sign_in_coordinator(self.database, self.password.text(), now=self.clock()),
            lambda _: self.coordinator_signed_in.emit(),
        )

    def _attempt(
        self, action: Callable[[], ReaderInfo | None], on_success: Callable[[ReaderInfo | None], None]
    ) -> None:
        """Run a sign-in or registration; show the store's refusal, and never keep a tried secret."""
        try:
            result = action()
        except SignInError as error:
            self.pin.clear()
            self.password.clear()
            self.message.setText(refusal_text(error))
            return
        self.message.clear()
        self.pin.clear()
        self.password.clear()
        on_success(result)


def describe_pin_rules(rules: PinRules) -> str:
    """The rules as the page shows them, e.g. "PIN: at least 4 characters (optional)"."""
    if rules.required:
        text = QCoreApplication.translate("SignInPage", "PIN: at least {length} characters (required)")
    else:
        text = QCoreApplication.translate("SignInPage", "PIN: at least {length} characters (optional)")
    return text.format(length=rules.min_length)
