"""Read-and-restore dialogs: an item's History (who changed what, when) and Deleted items."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.domain.words import counted
from hmics_desktop.services.deleted_list import deleted_entries, restore
from hmics_desktop.services.history_text import history
from hmics_desktop.ui.operations import Operations
from hmics_desktop.ui.widgets import fit_to_screen


def _table(name: str, headers: list[str], rows: list[tuple[str, ...]], widths: list[int]) -> QTableWidget:
    """A read-only table named ``name``; the last column takes the rest of the width and wraps.

    Tab leaves it (the arrows move between its cells).
    """
    table = QTableWidget(len(rows), len(headers))
    table.setAccessibleName(name)
    table.setTabKeyNavigation(False)
    table.horizontalHeader().setHighlightSections(False)  # readable headings with a row selected (high contrast)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.setAlternatingRowColors(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    header.sectionResized.connect(lambda *_args: table.resizeRowsToContents())  # wrapped texts fit their rows
    return table


class HistoryDialog(QDialog):
    def __init__(self, kind: str, item_id: int, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {title}")
        self.lines = history(kind, item_id)
        rows = [(line.when, line.who, line.what) for line in self.lines]
        self.table = _table(f"Changes to {title}", ["When", "Who", "What changed"], rows, [130, 140])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{counted(len(rows), 'change')}, newest first." if rows else "No changes recorded."))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 520)


RESTORE = "&Restore with history"


class DeletedItemsDialog(QDialog):
    def __init__(self, history: Operations, parent: QWidget | None = None, *, editable: bool = True) -> None:
        super().__init__(parent)
        self.history = history
        self.editable = editable  # a read-only database: the list is shown, nothing is restored
        self.setWindowTitle("Deleted items")
        self.entries = deleted_entries()
        rows = [(e.when, e.what, e.text) for e in self.entries]
        self.table = _table("Deleted items", ["Deleted", "Item", "Text"], rows, [130, 260])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.restore_button = QPushButton(RESTORE)
        self.restore_button.setToolTip("Each item selected comes back as it was, with its history")
        self.restore_button.clicked.connect(self._on_restore_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.note = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self._show_count()
        fit_to_screen(self, 900, 480)

    def _show_count(self, restored: int = 0) -> None:
        """The note above the list, as the list stands now."""
        done = f"{counted(restored, 'item')} restored. " if restored else ""
        if not self.entries:
            self.note.setText(f"{done}Nothing is deleted now." if restored else "Nothing has been deleted.")
        elif not self.editable:
            self.note.setText(
                f"{counted(len(self.entries), 'deleted item')}, newest first. This plan database is read-only here: "
                "nothing can be restored."
            )
        else:
            self.note.setText(
                f"{done}{counted(len(self.entries), 'deleted item')}, newest first. Select those to bring back "
                f"and press “{RESTORE.replace('&', '')}”."
            )
        self.restore_button.setEnabled(bool(self.entries) and self.editable)

    def _on_restore_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows:
            QMessageBox.information(self, RESTORE.replace("&", ""), "Select the items to restore first.")
            return
        self.history.do(restore([self.entries[r] for r in rows]))
        for row in reversed(rows):
            self.table.removeRow(row)
            del self.entries[row]
        self._show_count(len(rows))
