"""The board's table model: the items shown, in order, by key; each row fetched from the board when painted.

As Anki's browser table: the model keeps only the keys (kind, id) of what the filters and the
sort give, and ``data()`` asks the board for the row of a key when Qt paints it, so a filter
change or a search hands over a list of keys, not 50,000 rows, and finding an item's row is a
look-up. Sorting is done by the service in Python (``sort()`` asks it), never by comparing
``data()`` calls. A change to some items repaints only theirs (:meth:`BoardModel.rows_changed`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from hmics_desktop.domain import clock
from hmics_desktop.domain.status import NO_TARGET, Standing
from hmics_desktop.services.board import COLUMNS, BoardRow, Key
from hmics_desktop.ui.contrast import tone
from hmics_desktop.ui.roles import Role

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[Key], BoardRow | None]
# The words say it (On track, Delayed); the colour, readable on the colours in use, only adds to them.
STANDING_TONES = {Standing.DELAYED: "delayed", Standing.ON_TRACK: "on_track", Standing.CLOSED: "closed"}
_LONG_TEXT = {"text", "latest_text", "next_steps"}
_ELIDE_AT = 200
_ANSWERED = {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole, *Role}


class BoardModel(QAbstractTableModel):
    sort_requested = Signal(str, bool)  # column key, descending

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._keys: list[Key] = []
        self._places: dict[Key, int] = {}
        self._fetch: Fetch = lambda _key: None
        self.today = clock.today()
        self._colours: dict[tuple[str, int], QColor] = {}

    def set_keys(self, keys: list[Key], today: date, fetch: Fetch) -> None:
        """Show the items of ``keys``, each row fetched by ``fetch`` when painted."""
        self.beginResetModel()
        self._keys = keys
        self._places = {}
        self._fetch = fetch
        self.today = today
        self.endResetModel()

    def keys(self) -> list[Key]:
        return list(self._keys)

    def rows_changed(self, keys: set[Key], fetch: Fetch) -> None:
        """The same items, some of them changed: repaint only their rows."""
        self._fetch = fetch
        places = [place for place in (self.find(*key) for key in keys) if place >= 0]
        if places:  # one signal for the span they cover: Qt repaints what of it is in view
            self.dataChanged.emit(self.index(min(places), 0), self.index(max(places), len(COLUMNS) - 1))

    def row(self, index: int) -> BoardRow:
        found = self._fetch(self._keys[index])
        assert found is not None, self._keys[index]
        return found

    def find(self, kind: str, item_id: int) -> int:
        """The row of an item, or -1 (a look-up: the places are indexed when first asked for)."""
        if not self._places and self._keys:
            self._places = {key: place for place, key in enumerate(self._keys)}
        return self._places.get((kind, item_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None  # what the delegate asks of every cell as it paints (font, alignment, …): Qt's own
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and column.key != "standing":
            return None
        row = self.row(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            text = column.display(row, self.today)
            return text if len(text) <= _ELIDE_AT else text[: _ELIDE_AT - 1] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            full = {"text": row.text, "latest_text": row.latest_text, "next_steps": row.next_steps}.get(column.key)
            return full or (column.display(row, self.today) if column.key not in _LONG_TEXT else None) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            no_target = column.display(row, self.today) == NO_TARGET
            return self._colour(STANDING_TONES[Standing.CLOSED if no_target else row.standing])
        if role == Role.ID:
            return row.id
        if role == Role.KIND:
            return row.kind
        return column.sort_key(row, self.today)  # Role.SORT

    def _colour(self, name: str) -> QColor:
        """The colour of a tone on the palette in use, found once for each palette.

        A colour, not a brush: the delegate paints the text with either, and a QBrush made from
        Python makes PySide load the types of its other makings (gradients, images) to choose one.
        """
        key = (name, QApplication.palette().cacheKey())
        colour = self._colours.get(key)
        if colour is None:
            colour = self._colours[key] = tone(name)
        return colour

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_requested.emit(COLUMNS[column].key, order == Qt.SortOrder.DescendingOrder)
