"""The start page: open a study, a recent one, create one, or open the demo study; and choose the
interface's language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ecgreader.gui.translation import LANGUAGES, active_language, save_language, saved_language, translate_in

# Said in the language just chosen, so that a reader who cannot read the current one understands it.
RESTART_NOTE = QT_TRANSLATE_NOOP("StartPage", "Restart ECG Reader to show it in this language.")


class StartPage(QWidget):
    open_requested = Signal()
    create_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel(
            self.tr(
                "<h1>ECG Reader</h1><p>Blinded reader studies of 12-lead ECGs: general doctors, "
                "specialists and a deep network.</p>"
            )
        )
        title.setWordWrap(True)
        buttons = []
        for text, signal in (
            (self.tr("Open study…"), self.open_requested),
            (self.tr("Create study…"), self.create_requested),
            (self.tr("Open the demo study (LUDB)"), self.demo_requested),
        ):
            button = QPushButton(text)
            button.setMinimumHeight(36)
            button.clicked.connect(signal)
            buttons.append(button)
        self.recent = QListWidget()
        self.recent.itemActivated.connect(lambda item: self.recent_chosen.emit(item.data(Qt.UserRole)))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        for button in buttons:
            layout.addWidget(button)
        layout.addWidget(QLabel(self.tr("Recent studies (double-click to open)")))
        layout.addWidget(self.recent, 1)
        layout.addLayout(self._language_row())  # a setting made once, so below what is done daily

    def _language_row(self) -> QHBoxLayout:
        """Language: each listed in itself; the choice is remembered and applies at the next start."""
        self.language_choice = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_choice.addItem(name, code)
        self.language_choice.setCurrentIndex(self.language_choice.findData(saved_language()))
        self.language_choice.setToolTip(self.tr("The language of the interface and of exported reports"))
        self.language_choice.currentIndexChanged.connect(self._language_chosen)
        self.restart_note = QLabel()
        self.restart_note.setStyleSheet("color: #a05a00")
        self._show_restart_note(saved_language())
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Language")))
        row.addWidget(self.language_choice)  # at its natural width; the stretch takes the rest
        row.addWidget(self.restart_note)
        row.addStretch(1)
        return row

    def _language_chosen(self) -> None:
        language = self.language_choice.currentData()
        save_language(language)
        self._show_restart_note(language)

    def _show_restart_note(self, language: str) -> None:
        pending = language != active_language()
        self.restart_note.setText(translate_in(language, "StartPage", RESTART_NOTE) if pending else "")
        self.restart_note.setVisible(pending)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{Path(path).name}    {path}")
            item.setData(Qt.UserRole, path)
            self.recent.addItem(item)
