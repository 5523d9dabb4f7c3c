"""Help ▸ Keyboard shortcuts: every key of the menus, and those of the forms and the board."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.ui.widgets import fit_to_screen

ELSEWHERE = [
    ("Board", "Ctrl+F", "Search the board"),
    ("Board", "Enter or double-click", "Open the selected item"),
    ("Board", "Ctrl+C", "Copy the selected rows (they paste into Excel or Word)"),
    ("Board and plan tree", "Right-click", "Open, add update, revise target, history, delete"),
    ("Forms", "Ctrl+S", "Save"),
    ("Forms", "Esc", "Close (asks before losing changes)"),
    ("Action form", "Ctrl+Enter", "Add the progress update typed"),
    ("Text fields", "Ctrl+Z / Ctrl+Shift+Z", "Undo / redo your typing; with none left, the last saved change"),
    ("Update round", "Ctrl+Enter", "Save and move to the next action"),
    ("Update round", "Ctrl+Shift+Enter", "Back to the previous action"),
]


def menu_shortcuts(bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, keys, what) for every menu entry with a shortcut."""
    found = []
    for top in bar.actions():
        menu = top.menu()
        if menu is None:
            continue
        for action in menu.actions():
            if not action.shortcut().isEmpty():
                what = action.text().replace("&", "").rstrip("…")
                if what.startswith(("Undo", "Redo")):  # "Undo edit of action 1.1" is the change of the moment
                    what = f"{what[:4]} the last saved change"
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText).replace("Return", "Enter")
                found.append((top.text().replace("&", ""), keys, what))
    return found


class ShortcutsDialog(QDialog):
    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = menu_shortcuts(bar) + ELSEWHERE
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Where", "Keys", "What it does"])
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 170)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 620)
