"""File ▸ Committee papers…: the papers kept in the database.

To reopen (and regenerate), to copy as the start of the next round, or to set aside.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.services.papers.spec import PaperKind, PaperSpec
from hmics_desktop.services.papers.store import delete_paper, list_papers, load_paper, new_paper, next_round
from hmics_desktop.ui.papers.paper_dialog import PaperDialog


def open_new_paper(parent: QWidget, folder: Path, *, read_only: bool = False) -> PaperDialog:
    """File ▸ New committee paper…: starts from the last paper of the kind (an update by default)."""
    return _show(new_paper(PaperKind.UPDATE), parent, folder, read_only)


def _show(spec: PaperSpec, parent: QWidget, folder: Path, read_only: bool) -> PaperDialog:
    dialog = PaperDialog(spec, folder, keep=not read_only, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class PapersDialog(QDialog):
    def __init__(self, folder: Path, *, read_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.read_only = read_only
        self.opened: PaperDialog | None = None
        self.setWindowTitle("Committee papers")
        self.resize(900, 480)
        self.papers = QListWidget()
        self.papers.setAccessibleName("Papers kept, the latest meeting first")
        self.papers.itemDoubleClicked.connect(self._on_open_clicked)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("&Open", QDialogButtonBox.ButtonRole.ActionRole)
        self.next_button = buttons.addButton("Start the &next round from it", QDialogButtonBox.ButtonRole.ActionRole)
        self.delete_button = buttons.addButton("&Set aside", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.next_button.setEnabled(not read_only)
        self.delete_button.setEnabled(not read_only)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Papers kept in this database, the latest meeting first. Open one to change it, "
                                "preview it and save it again as Word or PDF (regenerated from the plans as at "
                                "its date)."))  # fmt: skip
        layout.addWidget(self.papers, 1)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.papers.clear()
        for summary in list_papers():
            item = QListWidgetItem(summary.label())
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            self.papers.addItem(item)
        if self.papers.count():
            self.papers.setCurrentRow(0)
        else:
            self.papers.addItem("No paper is kept yet: File ▸ New committee paper… makes one.")
            self.papers.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    def _current(self) -> int | None:
        item = self.papers.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item else None
        return int(value) if value is not None else None

    def _on_open_clicked(self) -> None:
        paper_id = self._current()
        if paper_id is not None:
            self.opened = _show(load_paper(paper_id), self, self.folder, self.read_only)
            self.opened.finished.connect(self.reload)

    def _on_next_clicked(self) -> None:
        paper_id = self._current()
        if paper_id is not None:
            self.opened = _show(next_round(paper_id), self, self.folder, self.read_only)
            self.opened.finished.connect(self.reload)

    def _on_delete_clicked(self) -> None:
        paper_id = self._current()
        if paper_id is None:
            return
        answer = QMessageBox.question(self, "Set the paper aside", "Set this paper aside? It stays in the database.")
        if answer == QMessageBox.StandardButton.Yes:
            delete_paper(paper_id)
            self.reload()
