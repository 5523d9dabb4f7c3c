"""The import preview's tables: the rows an import creates and the fields it overwrites.

A thin table model over rows of text, and a view set up to show one line per row with the
whole text in its tooltip; the model reads nothing but the rows it is given.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from hmics_desktop.domain.plan_changes import CreatedRow, FieldChange

CREATED_HEADINGS = ("What", "Number", "Text")
CHANGED_HEADINGS = ("Item", "Field", "Now", "After the import")
Index = QModelIndex | QPersistentModelIndex


class PreviewRowsModel(QAbstractTableModel):
    """Rows of text under fixed headings; ``set_rows`` replaces them all."""

    def __init__(self, headings: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headings = headings
        self.rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if not index.isValid():
            return None
        text = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(text.split())  # one line in the table
        if role == Qt.ItemDataRole.ToolTipRole:
            return text
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headings[section]
        return None


def created_rows(rows: list[CreatedRow]) -> list[tuple[str, ...]]:
    return [(row.kind, row.number, row.text) for row in rows]


def changed_rows(changes: list[FieldChange]) -> list[tuple[str, ...]]:
    return [(change.item, change.field, change.old, change.new) for change in changes]


def preview_table(model: PreviewRowsModel, name: str, stretch: tuple[int, ...]) -> QTableView:
    """A read-only table of ``model``: the ``stretch`` columns share the width, the others fit their text."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
    view.horizontalHeader().setHighlightSections(False)  # readable headings with a row selected (high contrast)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)  # one line a row
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(200)  # a plan of thousands of rows is measured on its first ones
    for column in range(len(model.headings)):
        mode = QHeaderView.ResizeMode.Stretch if column in stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    return view
