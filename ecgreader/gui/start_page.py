"""The start page: open a study, a recent one, create one, or open the demo study."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class StartPage(QWidget):
    open_requested = Signal()
    create_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel(
            "<h1>ECG Reader</h1><p>Blinded reader studies of 12-lead ECGs: general doctors, "
            "specialists and a deep network.</p>"
        )
        title.setWordWrap(True)
        buttons = []
        for text, signal in (
            ("Open study…", self.open_requested),
            ("Create study…", self.create_requested),
            ("Open the demo study (LUDB)", self.demo_requested),
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
        layout.addWidget(QLabel("Recent studies (double-click to open)"))
        layout.addWidget(self.recent, 1)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{Path(path).name}    {path}")
            item.setData(Qt.UserRole, path)
            self.recent.addItem(item)
