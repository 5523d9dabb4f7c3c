"""The round's list of actions: "✓ 1.1  Develop proposal …", a tick once saved in this round.

A thin model over (number, text) pairs, so that a round over the whole board (tens of
thousands of actions) opens at once: Qt only asks for the rows it paints.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from hmics_desktop.ui.forms.fields import elided

Index = QModelIndex | QPersistentModelIndex
DONE_MARK = "✓ "


class RoundListModel(QAbstractListModel):
    def __init__(self, rows: list[tuple[str, str]], parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = rows
        self._done: set[int] = set()

    def mark_done(self, row: int) -> None:
        self._done.add(row)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        number, text = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{DONE_MARK if index.row() in self._done else ''}{number}  {elided(text, 60)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return text
        return None
