"""The preview of owners' returns: per owner, each action's update, next steps, status and what they ask.

Each return is a branch (the owner, the file, the day its updates are dated); under it each row
it records, and under a row what the owner asks for — a revised target, Complete, Proposed for
closure — with a box to accept it now (left empty, it waits on the action's form). Every
warning is listed on its own tab. Nothing is written until Import is pressed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.domain.returns import AskKey, OwnerReturn
from hmics_desktop.domain.words import counted
from hmics_desktop.services.returns import ReturnsPreview
from hmics_desktop.ui.widgets import fit_to_screen

KEY_ROLE = Qt.ItemDataRole.UserRole


class ReturnsDialog(QDialog):
    """Shows what the returns would record; ``accepted()`` gives the asks ticked to accept now."""

    def __init__(self, preview: ReturnsPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Import {counted(len(preview.returns), 'returned update request')}")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Owner and action", "What the import records"])
        self.tree.setAccessibleName("What each return records")
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.header().resizeSection(0, 330)
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Warnings")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("What the import will do")
        self.tabs.addTab(self.tree, "&Returns")
        self.tabs.addTab(self.warnings, f"&Warnings ({len(preview.warnings)})")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self._fill()
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        fit_to_screen(self, 1100, 700)

    def _fill(self) -> None:
        for found in self.preview.returns:
            self.tree.addTopLevelItem(self._branch(found))
        if self.tree.topLevelItemCount() <= 10:  # a round's worth of returns: each owner's branch opened
            self.tree.expandAll()
        self.warnings.addItems(self.preview.warnings or ["None."])
        landing = any(found.lands for found in self.preview.returns)
        self.import_button.setEnabled(landing)
        if not landing:
            self.tabs.setCurrentWidget(self.warnings)
        self._say_summary()

    def _branch(self, found: OwnerReturn) -> QTreeWidgetItem:
        if not found.lands:
            branch = QTreeWidgetItem([found.path.name, found.refused or found.skipped or ""])
            branch.setToolTip(1, branch.text(1))
            return branch
        filled = counted(len(found.rows), "row")
        branch = QTreeWidgetItem([f"{found.owner}", f"{found.path.name}, {found.day_words} ({filled} filled)"])
        for row in found.rows:
            recorded = "; ".join(row.records) or (f"nothing: {row.skipped}" if row.skipped else "nothing new")
            where = f"Action {row.now or row.number}" + (f" (sent as {row.number})" if row.now else "")
            leaf = QTreeWidgetItem([where, recorded[:1].upper() + recorded[1:]])
            leaf.setToolTip(1, "\n\n".join(part for part in (row.update, row.next_steps or "") if part))
            branch.addChild(leaf)
            for ask in row.asks:
                if not any(ask.words() in said for said in row.records):
                    continue  # not recorded (the action closed since, or asked before)
                choice = QTreeWidgetItem(["Accept now", f"{found.owner} asks for {ask.words()}"])
                choice.setFlags(choice.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                choice.setCheckState(0, Qt.CheckState.Unchecked)
                choice.setData(0, KEY_ROLE, (str(found.path), row.row, ask.kind))
                choice.setToolTip(0, "Ticked: applied with the import. Left empty: it waits on the action's form.")
                leaf.addChild(choice)
        return branch

    def accepted(self) -> set[AskKey]:
        """The asks ticked to accept with the import."""
        ticked: set[AskKey] = set()
        for index in range(self.tree.topLevelItemCount()):
            branch = self.tree.topLevelItem(index)
            for row in range(branch.childCount()):
                leaf = branch.child(row)
                for ask in range(leaf.childCount()):
                    choice = leaf.child(ask)
                    if choice.checkState(0) == Qt.CheckState.Checked:
                        ticked.add(choice.data(0, KEY_ROLE))
        return ticked

    def _on_tree_item_changed(self, _item: QTreeWidgetItem, column: int) -> None:
        if column == 0:
            self._say_summary()

    def _say_summary(self) -> None:
        ticked = len(self.accepted())
        accepting = f" ({ticked} of what they ask accepted now)" if ticked else ""
        self.summary.setText(
            f"<b>{self.preview.summary.line()[:1].upper()}{self.preview.summary.line()[1:]}</b>{accepting}. "
            "What owners ask waits on each action's form unless you tick “Accept now”. "
            "<i>Nothing is written until you press Import; Edit ▸ Undo takes the whole import back.</i>"
        )
