"""The board's table model: a thin adapter over the rows the board service returns.

Sorting is done by the service in Python (``sort()`` asks it), never by comparing
``data()`` calls, so 50,000 rows sort in milliseconds; Qt only paints the visible ones.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush

from hmics_desktop.domain import clock
from hmics_desktop.domain.status import NO_TARGET, Standing
from hmics_desktop.services.board import COLUMNS, BoardRow
from hmics_desktop.ui.contrast import tone
from hmics_desktop.ui.roles import Role

Index = QModelIndex | QPersistentModelIndex
# The words say it (On track, Delayed); the colour, readable on the colours in use, only adds to them.
STANDING_TONES = {Standing.DELAYED: "delayed", Standing.ON_TRACK: "on_track", Standing.CLOSED: "closed"}
_LONG_TEXT = {"text", "latest_text", "next_steps"}
_ELIDE_AT = 200


class BoardModel(QAbstractTableModel):
    sort_requested = Signal(str, bool)  # column key, descending

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BoardRow] = []
        self.today = clock.today()

    def set_rows(self, rows: list[BoardRow], today: date) -> None:
        self.beginResetModel()
        self._rows = rows
        self.today = today
        self.endResetModel()

    def row(self, index: int) -> BoardRow:
        return self._rows[index]

    def find(self, kind: str, item_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == item_id and r.kind == kind), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = column.display(row, self.today)
            return text if len(text) <= _ELIDE_AT else text[: _ELIDE_AT - 1] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            full = {"text": row.text, "latest_text": row.latest_text, "next_steps": row.next_steps}.get(column.key)
            return full or (column.display(row, self.today) if column.key not in _LONG_TEXT else None) or None
        if role == Qt.ItemDataRole.ForegroundRole and column.key == "standing":
            no_target = column.display(row, self.today) == NO_TARGET
            return QBrush(tone(STANDING_TONES[Standing.CLOSED if no_target else row.standing]))
        if role == Role.ID:
            return row.id
        if role == Role.KIND:
            return row.kind
        if role == Role.SORT:
            return column.sort_key(row, self.today)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_requested.emit(COLUMNS[column].key, order == Qt.SortOrder.DescendingOrder)
