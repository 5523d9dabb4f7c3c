"""Links to other actions, picked from a list that shows each action's number and text."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from hmics_desktop.services.form_data import Choice


class LinksPicker(QWidget):
    changed = Signal()

    def __init__(self, choices: list[tuple[Choice, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find an action by number or words…")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Linked actions")
        self.list.setMaximumHeight(140)
        for choice, text in choices:
            item = QListWidgetItem(f"{choice.label}  {' '.join(text.split())[:110]}")
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setToolTip(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.list.itemChanged.connect(lambda item: self.changed.emit())

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def set_chosen(self, ids: list[int]) -> None:
        self.list.blockSignals(True)
        for item in self._items():
            chosen = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        # Chosen links first, so that they show without scrolling.
        for item in sorted(self._items(), key=lambda i: i.checkState() != Qt.CheckState.Checked):
            self.list.takeItem(self.list.row(item))
            self.list.addItem(item)

    def chosen(self) -> list[int]:
        return [i.data(Qt.ItemDataRole.UserRole) for i in self._items() if i.checkState() == Qt.CheckState.Checked]

    def _on_filter_text_changed(self, text: str) -> None:
        words = text.lower().split()
        for item in self._items():
            item.setHidden(not all(word in item.text().lower() for word in words))
