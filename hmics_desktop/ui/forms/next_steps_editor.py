"""Next steps as a list the user can add to, reorder and tick off.

Stored as text, one step a line (as the plan prints them); a ticked step starts with "✓ ".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

DONE = "✓ "


class NextStepsEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName("Next steps")
        self.list.setMaximumHeight(150)
        self.list.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot, tip in (
            ("Add step", self._on_add_clicked, "Add a next step (type it in the new line)"),
            ("Remove step", self._on_remove_clicked, "Remove the selected step"),
            ("Up", lambda: self._move(-1), "Move the selected step up"),
            ("Down", lambda: self._move(1), "Move the selected step down"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.list.itemChanged.connect(lambda item: self.changed.emit())

    def _add(self, text: str, done: bool) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
        self.list.addItem(item)
        return item

    def set_text(self, text: str) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for line in text.splitlines():
            if line.strip():
                done = line.startswith(DONE)
                self._add(line[len(DONE) :] if done else line, done)
        self.list.blockSignals(False)

    def text(self) -> str:
        lines = []
        for index in range(self.list.count()):
            item = self.list.item(index)
            if item.text().strip():
                done = item.checkState() == Qt.CheckState.Checked
                lines.append(f"{DONE if done else ''}{item.text().strip()}")
        return "\n".join(lines)

    def add_step(self, text: str = "") -> QListWidgetItem:
        item = self._add(text, False)
        self.list.setCurrentItem(item)
        self.changed.emit()
        return item

    def _on_add_clicked(self) -> None:
        self.list.editItem(self.add_step())

    def _on_remove_clicked(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.changed.emit()
