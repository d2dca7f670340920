"""The keyboard-shortcut sheet (F1 or ?): every shortcut the reading room defines.

The list is read from the live window each time the sheet opens (its actions, its QShortcuts
and its buttons' own shortcuts), so it cannot drift from what the keys really do, and a page
that adds a shortcut is listed without anyone editing this file.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class ShortcutEntry:
    keys: str  # as this platform writes them, e.g. "Ctrl+Q" or "F1, ?"
    does: str


def shortcuts_of(window: QWidget) -> list[ShortcutEntry]:
    """Every shortcut defined in ``window`` and its children, in the order they were made; keys
    that do the same thing share a row (Return and Enter both submit)."""
    found: list[tuple[list[QKeySequence], str]] = []
    for action in window.findChildren(QAction):
        found.append((action.shortcuts(), action.iconText().removesuffix("…")))
    for shortcut in window.findChildren(QShortcut):
        found.append((shortcut.keys(), shortcut.whatsThis()))
    for button in window.findChildren(QAbstractButton):
        found.append(([button.shortcut()], button.toolTip() or button.text().replace("&&", "&")))
    keys_by_deed: dict[str, list[str]] = {}
    undescribed: list[ShortcutEntry] = []
    for sequences, does in found:
        written = [sequence.toString(QKeySequence.NativeText) for sequence in sequences if not sequence.isEmpty()]
        if written and does:
            keys = keys_by_deed.setdefault(does, [])
            keys += [key for key in written if key not in keys]
        elif written:
            undescribed.append(ShortcutEntry(", ".join(written), _not_described()))
    return [ShortcutEntry(", ".join(keys), does) for does, keys in keys_by_deed.items()] + undescribed


def _not_described() -> str:
    """Shown for a QShortcut made without a whatsThis text (set one where it is made): its key
    is listed all the same."""
    return QCoreApplication.translate("ShortcutSheet", "(no description)")


class ShortcutSheet(QDialog):
    """A read-only table of the window's shortcuts, rebuilt from the window when it is made."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        entries = shortcuts_of(window)
        self.table = QTableWidget(len(entries), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What it does")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setToolTip(self.tr("Every keyboard shortcut of this window"))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, entry in enumerate(entries):
            self.table.setItem(row, 0, QTableWidgetItem(entry.keys))
            self.table.setItem(row, 1, QTableWidgetItem(entry.does))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setToolTip(self.tr("Close this sheet"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 480)
        self.setAttribute(Qt.WA_DeleteOnClose)
