"""The inspections with the committee's counts: Total · Closed · On track · Delayed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from hmics_desktop.services.plan_queries import InspectionRow
from hmics_desktop.ui.roles import Role

Index = QModelIndex | QPersistentModelIndex
HEADERS = ["Inspection", "Total", "Closed", "On track", "Delayed"]
TIPS = [
    "The inspection report",
    "Recommendations in the plan",
    "Closed (by HMICS agreement)",
    "Ongoing – on track",
    "Ongoing – delayed: not closed and past the initial target",
]


class InspectionTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[InspectionRow] = []

    def set_rows(self, rows: list[InspectionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, inspection_id: int) -> int:
        return next((i for i, row in enumerate(self._rows) if row.id == inspection_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        counts = (row.counts.total, row.counts.closed, row.counts.on_track, row.counts.delayed)
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title if column == 0 else str(counts[column - 1])
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return f"{row.title} ({row.inspectorate or 'inspectorate not recorded'})"
            return f"{HEADERS[column]}: {counts[column - 1]}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Role.ID:
            return row.id
        if role == Role.SORT:
            return row.title.lower() if column == 0 else counts[column - 1]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return TIPS[section]
        return None
