"""Reading back how Qt laid out a report page, for the PDF tests."""

from __future__ import annotations


def rows_split_between_pages(document) -> list[int]:
    """Indices (over every table) of rows whose cells do not all lie on one page."""
    from PySide6.QtGui import QTextTable

    height = document.pageSize().height()
    layout = document.documentLayout()
    split, index = [], 0
    for table in (f for f in document.rootFrame().childFrames() if isinstance(f, QTextTable)):
        for r in range(table.rows()):
            cells = [table.cellAt(r, c) for c in range(table.columns())]
            top = min(layout.blockBoundingRect(c.firstCursorPosition().block()).top() for c in cells)
            bottom = max(layout.blockBoundingRect(c.lastCursorPosition().block()).bottom() for c in cells)
            if int(top // height) != int((bottom - 1e-6) // height):
                split.append(index)
            index += 1
    return split
