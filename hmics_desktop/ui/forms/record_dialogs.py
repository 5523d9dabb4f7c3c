"""Read-and-restore dialogs: an item's History (who changed what, when) and Deleted items."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.services import form_data
from hmics_desktop.services.editing import EditHistory
from hmics_desktop.services.item_edits import deleted_items, restore_items


def _table(headers: list[str], rows: list[tuple[str, ...]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.resizeColumnsToContents()
    for column in range(len(headers)):
        table.setColumnWidth(column, min(table.columnWidth(column), 260))
    return table


class HistoryDialog(QDialog):
    def __init__(self, kind: str, item_id: int, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {title}")
        rows = form_data.history(kind, item_id)
        self.table = _table(["When", "Who", "Change", "Field", "From", "To"], rows)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(rows)} change(s), newest first."))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(900, 480)


class DeletedItemsDialog(QDialog):
    def __init__(self, history: EditHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.setWindowTitle("Deleted items")
        self.items = deleted_items()
        self.table = _table(["Deleted", "Item"], [(when, what) for _kind, _id, what, when in self.items])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.restore_button = QPushButton("Restore with its history")
        self.restore_button.clicked.connect(self._on_restore_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = "Nothing has been deleted." if not self.items else "Select items and restore them."
        layout.addWidget(QLabel(note))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 400)

    def _on_restore_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        for kind in ("inspection", "recommendation", "action"):
            ids = [self.items[r][1] for r in rows if self.items[r][0] == kind]
            if ids:
                self.history.do(restore_items(kind, ids))
        for row in reversed(rows):
            self.table.removeRow(row)
            del self.items[row]
