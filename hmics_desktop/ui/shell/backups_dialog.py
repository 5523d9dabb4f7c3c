"""File ▸ Restore a backup…: the automatic backups of this database, newest first, and restoring one."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

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

from hmics_desktop.storage.backups import Backup, BackupFailed, RestoreRefused, list_backups
from hmics_desktop.storage.database import close_database
from hmics_desktop.storage.failures import cause
from hmics_desktop.storage.restore import restore
from hmics_desktop.ui.accessible import tell

if TYPE_CHECKING:
    from hmics_desktop.ui.shell.main_window import MainWindow

PATH_ROLE = 256  # Qt.UserRole


class RestoreBackupDialog(QDialog):
    """Pick a backup; ``chosen()`` is its path once the user has confirmed."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        self.backups = list_backups(db_path)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Backups of {db_path.name} are made before every import and every update of the "
            "application, and once a day while you edit. Restoring one replaces the plan with the "
            "backup; the plan as it is now is backed up first, so you can come back to it."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups, newest first")
        for backup in self.backups:
            item = QListWidgetItem(backup.describe())
            item.setData(PATH_ROLE, str(backup.path))
            self.list.addItem(item)
        if not self.backups:
            self.list.addItem("There are no backups of this plan database yet.")
            self.list.setEnabled(False)
        else:
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(self.backups))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, 420)

    def chosen(self) -> Backup | None:
        row = self.list.currentRow()
        return self.backups[row] if self.backups and row >= 0 else None

    def _on_buttons_accepted(self) -> None:
        backup = self.chosen()
        if backup is None:
            return
        answer = QMessageBox.question(
            self,
            "Restore a backup",
            f"Replace the plan with the backup made {backup.describe()}? The plan as it is now is backed up first.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.accept()


def restore_a_backup(window: MainWindow, db_file: Path) -> None:
    """The backup chosen replaces the plan (which is backed up first); a refusal leaves it as it was, said in words."""
    dialog = RestoreBackupDialog(db_file, window)
    if dialog.exec() != QDialog.DialogCode.Accepted or (backup := dialog.chosen()) is None:
        return
    window.edits.forget()
    close_database()
    restored = False
    try:
        restore(backup.path, db_file)
        restored = True
    except RestoreRefused as refused:
        QMessageBox.warning(window, "Restore a backup", str(refused))
    except (OSError, sqlite3.Error, BackupFailed) as error:
        words = f"The backup could not be restored: {cause(error) or error}; the plan was not changed."
        QMessageBox.warning(window, "Restore a backup", words)
    window.reopen()
    if restored:
        tell(window, f"Restored the backup made {backup.describe()}.", 8)
