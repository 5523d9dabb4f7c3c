"""One inspection's plan as a tree: recommendations, and under each its actions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from hmics_desktop.domain.status import NO_TARGET, ActionStatus, Standing, standing_label
from hmics_desktop.services.plan_queries import ActionRow, RecommendationRow
from hmics_desktop.ui.board.board_model import STANDING_TONES
from hmics_desktop.ui.contrast import tone
from hmics_desktop.ui.roles import Role

Index = QModelIndex | QPersistentModelIndex
HEADERS = ["No.", "Recommendation / action", "Owner", "Target", "Status", "Latest progress update"]
_TOP = 0  # internal id of recommendation rows; action rows carry their parent's row + 1


def _first_line(text: str, limit: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class PlanTreeModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RecommendationRow] = []

    def set_rows(self, rows: list[RecommendationRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def find(self, kind: str, item_id: int) -> QModelIndex:
        for r, rec in enumerate(self._rows):
            if kind == "recommendation" and rec.id == item_id:
                return self.index(r, 0)
            for a, action in enumerate(rec.actions):
                if kind == "action" and action.id == item_id:
                    return self.index(a, 0, self.index(r, 0))
        return QModelIndex()

    def find_number(self, number: str) -> QModelIndex:
        """The row of recommendation ``"4"`` or action ``"4.1"``."""
        for r, rec in enumerate(self._rows):
            if rec.kind == "recommendation" and str(rec.number) == number:
                return self.index(r, 0)
            for a, action in enumerate(rec.actions):
                if rec.kind == "recommendation" and action.number == number:
                    return self.index(a, 0, self.index(r, 0))
        return QModelIndex()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._rows)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._rows[parent.row()].actions)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def _item(self, index: Index) -> RecommendationRow | ActionRow:
        if index.internalId() == _TOP:
            return self._rows[index.row()]
        return self._rows[index.internalId() - 1].actions[index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._item(index)
        if role == Role.ID:
            return item.id
        if role == Role.KIND:
            return "recommendation" if isinstance(item, RecommendationRow) else "action"
        if isinstance(item, RecommendationRow):
            return self._recommendation_data(item, index.column(), role)
        return self._action_data(item, index.column(), role)

    def _recommendation_data(self, rec: RecommendationRow, column: int, role: int) -> Any:
        values = [
            rec.label,
            _first_line(rec.text),
            rec.owner or "",
            str(rec.current_target or ""),
            f"{rec.status.label} · {standing_label(rec.standing, rec.current_target, rec.overridden)}",
            "",
        ]
        if role == Qt.ItemDataRole.DisplayRole:
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return rec.text if column == 1 else values[column] or None
        if role == Qt.ItemDataRole.FontRole and column in (0, 1):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            no_target = values[4].endswith(NO_TARGET)
            return QBrush(tone(STANDING_TONES[Standing.CLOSED if no_target else rec.standing]))
        return None

    def _action_data(self, action: ActionRow, column: int, role: int) -> Any:
        status = ActionStatus(action.status).label if action.status else ""
        progress = _first_line(action.latest_progress, 120)
        if action.latest_progress_on and progress:
            progress = f"{action.latest_progress_on}: {progress}"
        values = [
            action.number,
            _first_line(action.text),
            action.owner or "",
            str(action.target or ""),
            status,
            progress,
        ]
        if role == Qt.ItemDataRole.DisplayRole:
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            full = {1: action.text, 5: action.latest_progress}.get(column, values[column])
            return full or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None
