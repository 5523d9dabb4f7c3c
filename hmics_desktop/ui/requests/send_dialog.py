"""File ▸ Update requests…: which inspections and owners, by when, where to; then a workbook and a draft each.

The owners listed are those with open actions now (and how many); each request holds the
owner's open actions in the inspections ticked, as the plan stood on the day chosen. The
requests are written off the window's thread, the dialog staying till they are (the job reports to
it; it is deleted once closed); the round window then shows them.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
)

from hmics_desktop.domain import clock
from hmics_desktop.domain.words import counted
from hmics_desktop.services.owners import owners
from hmics_desktop.services.plan_queries import inspection_titles
from hmics_desktop.services.requests import RequestError, RequestOptions, RequestsSent, send_requests
from hmics_desktop.ui import settings as user_settings
from hmics_desktop.ui.accessible import labelled, tell
from hmics_desktop.ui.background import Progress, run_in_background
from hmics_desktop.ui.shell.error_dialog import show_failure
from hmics_desktop.ui.widgets import day_edit, day_of, fit_to_screen

if TYPE_CHECKING:
    from hmics_desktop.ui.shell.main_window import MainWindow


def _ticked_list(name: str, entries: list[tuple[str, str]]) -> QListWidget:
    """A list of (shown, value) entries, every one ticked."""
    found = QListWidget()
    found.setAccessibleName(name)
    for shown, chosen in entries:
        item = QListWidgetItem(shown)
        item.setData(Qt.ItemDataRole.UserRole, chosen)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        found.addItem(item)
    return found


def _ticked(found: QListWidget) -> list[str]:
    items = [found.item(row) for row in range(found.count())]
    return [item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked]


class SendDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.writing = False  # the requests are being written: the dialog stays for the job's report
        self.setWindowTitle("Update requests")
        settings = window.settings
        self.inspections = _ticked_list("Inspections", [(title, title) for title in inspection_titles()])
        with_actions = [entry for entry in owners() if entry.open_actions]
        self.owners = _ticked_list("Owners", [
            (f"{e.name} ({counted(e.open_actions, 'open action')}{'' if e.email else ', no address'})", e.name)
            for e in with_actions
        ])  # fmt: skip
        today = QDate(clock.today())
        self.due = day_edit(QDate(clock.today() + timedelta(days=14)))
        self.as_at = day_edit(today)
        self.folder = QLineEdit(user_settings.value(settings, "requests/folder") or str(window.files_folder()))
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.sender = QLineEdit(user_settings.value(settings, "requests/sender"))
        self.sender.setPlaceholderText("Optional: Outlook puts your account's own when it is sent")
        self.marking = QLineEdit(user_settings.value(settings, "export/marking"))
        form = QFormLayout()
        form.addRow(labelled("&Inspections:", self.inspections), self.inspections)
        form.addRow(labelled("Ow&ners:", self.owners, "Each owner ticked gets one workbook of their open actions"),
                    self.owners)  # fmt: skip
        form.addRow(labelled("&Send back by:", self.due), self.due)
        form.addRow(labelled("The plan &as at:", self.as_at), self.as_at)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        form.addRow(labelled("&Folder:", self.folder, "Where the workbooks and the email drafts are written"),
                    folder_row)  # fmt: skip
        form.addRow(labelled("Your &email address:", self.sender), self.sender)
        form.addRow(labelled("Protective &marking:", self.marking), self.marking)
        note = QLabel("Each owner gets a workbook of their open actions to fill in, and an email draft beside "
                      "it (it opens in Outlook, ready to send). Their returns come back in through File ▸ Import a "
                      "plan…")  # fmt: skip
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.write_button = buttons.addButton("&Write requests", QDialogButtonBox.ButtonRole.AcceptRole)
        self.write_button.setEnabled(bool(with_actions))
        self.write_button.setDefault(True)
        buttons.accepted.connect(self._on_write_clicked)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setLayout(form)
        if not with_actions:
            note.setText("No owner has open actions: give the actions their owners first (on their forms, or "
                         "several at once from the board).")  # fmt: skip
        fit_to_screen(self, 640, 660)

    def options(self) -> RequestOptions:
        every_owner = len(_ticked(self.owners)) == self.owners.count()
        every_inspection = len(_ticked(self.inspections)) == self.inspections.count()
        return RequestOptions(
            folder=Path(self.folder.text().strip()),
            due_on=day_of(self.due),
            as_at=day_of(self.as_at),
            inspections=None if every_inspection else _ticked(self.inspections),
            owners=None if every_owner else _ticked(self.owners),
            sender=self.sender.text().strip() or None,
            marking=self.marking.text().strip() or "OFFICIAL",
        )

    def _on_choose_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Where to write the update requests", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _on_write_clicked(self) -> None:
        options = self.options()
        if not _ticked(self.owners) or not _ticked(self.inspections):
            QMessageBox.warning(self, "Update requests", "Tick at least one inspection and one owner.")
            return
        settings = self.window.settings
        settings.setValue("requests/folder", str(options.folder))
        settings.setValue("requests/sender", options.sender or "")
        self.write_button.setEnabled(False)
        self.writing = True

        def job(progress: Progress) -> RequestsSent:
            return send_requests(options, progress)

        run_in_background(self, "Writing the update requests", job, self._on_written, self._on_failed)

    def reject(self) -> None:
        """Cancel, Esc or the close button: not while the requests are being written (the job reports here)."""
        if not self.writing:
            super().reject()

    def _on_written(self, sent: RequestsSent) -> None:
        self.writing = False
        window, where = self.window, self.options().folder  # read before the dialog, answered, is deleted
        self.accept()
        words = f"Wrote {sent.line()} to {where}." if sent.sent else "No owner ticked has open actions there."
        words = f"{words} {sent.unowned_sentence()}".rstrip()
        if sent.warnings:
            words += "\n\n" + "\n".join(sent.warnings[:10])
        tell(window, words.split("\n")[0], 8)
        QMessageBox.information(window, "Update requests", words)
        window.open_request_round()

    def _on_failed(self, error: Exception) -> None:
        self.writing = False
        self.write_button.setEnabled(True)
        if isinstance(error, RequestError):
            QMessageBox.warning(self, "Update requests", str(error))
            return
        show_failure(self, "Writing the update requests", error)
