"""File ▸ Requests and returns…: each update request sent, who has answered, the outstanding first.

Owner · Sent · Due · Returned on · Rows filled · Where it stands. "Draft a reminder" writes an
email draft naming what is still missing (beside the request, the workbook attached again) and
opens it in the mail program; "Open the return" opens the last workbook the owner sent back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from hmics_desktop.domain.words import counted
from hmics_desktop.services.request_round import ReminderError, RequestState, draft_reminder, round_state
from hmics_desktop.ui import settings as user_settings
from hmics_desktop.ui.accessible import tell
from hmics_desktop.ui.transfer.preview_tables import PreviewRowsModel, preview_table
from hmics_desktop.ui.widgets import fit_to_screen

if TYPE_CHECKING:
    from hmics_desktop.ui.shell.main_window import MainWindow

HEADINGS = ("Owner", "Sent", "Due", "Returned on", "Rows filled", "Where it stands")


def _day(value: object) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""  # type: ignore[attr-defined]


class RoundWindow(QDialog):
    """The requests and their returns; not modal, so the board stays in reach."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.setWindowTitle("Update requests and returns")
        self.states: list[RequestState] = []
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.model = PreviewRowsModel(HEADINGS, self)
        self.table = preview_table(self.model, "Update requests, the outstanding first", (0,))  # a long name shortened
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        buttons = QDialogButtonBox()
        self.new_button = QPushButton("&New requests…")
        self.remind_button = QPushButton("Draft a &reminder")
        self.remind_button.setToolTip("An email draft naming the actions still missing, the workbook attached again")
        self.open_button = QPushButton("&Open the return")
        self.open_button.setToolTip("Open the last workbook this owner sent back")
        for button in (self.new_button, self.remind_button, self.open_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("&Close")
        buttons.rejected.connect(self.reject)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.remind_button.clicked.connect(self._on_remind_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        window.plans_changed.connect(self.refresh)
        window.edits.history.changed.connect(self._on_history_changed)  # an edit, an undo, an import
        window.database_changed.connect(lambda _location: self.refresh())
        fit_to_screen(self, 980, 560)
        self.refresh()

    def _on_history_changed(self, _changes: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        chosen = self.chosen()
        self.states = round_state()
        self.model.set_rows([
            (s.owner, _day(s.sent_on), _day(s.due_on), _day(s.returned_on),
             f"{len(s.filled)} of {s.rows}", s.standing())
            for s in self.states
        ])  # fmt: skip
        outstanding = sum(state.outstanding for state in self.states)
        overdue = sum(state.overdue for state in self.states)
        late = f", {overdue} of them overdue" if overdue else ""
        self.heading.setText(
            f"{counted(len(self.states), 'update request')} sent; {outstanding} outstanding{late}."
            if self.states else "No update requests have been sent yet: New requests… writes them."
        )  # fmt: skip
        if self.states:
            ids = [state.id for state in self.states]
            row = ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0
            self.table.selectRow(row)
        self._enable()

    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the window shows returns imported meanwhile (in another window or program)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh()

    def chosen(self) -> RequestState | None:
        index = self.table.currentIndex()
        return self.states[index.row()] if index.isValid() and index.row() < len(self.states) else None

    def _enable(self) -> None:
        state = self.chosen()
        self.remind_button.setEnabled(state is not None and not state.complete)  # a file only: read-only is fine
        self.open_button.setEnabled(state is not None and bool(state.returns))
        self.new_button.setEnabled(not self.window.read_only)

    def _on_new_clicked(self) -> None:
        self.window.open_send_requests()

    def _on_table_double_clicked(self) -> None:
        if self.open_button.isEnabled():
            self._on_open_clicked()

    def _on_open_clicked(self) -> None:
        state = self.chosen()
        if state is None or not state.returns:
            return
        path = state.returns[-1].path
        if not path.is_file():
            QMessageBox.warning(self, "Open the return", f"The return was imported from {path}, which is not there "
                                "any more; its rows are kept in the plan.")  # fmt: skip
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _on_remind_clicked(self) -> None:
        state = self.chosen()
        if state is None:
            return
        sender = user_settings.value(self.window.settings, "requests/sender") or None
        try:
            try:
                draft = draft_reminder(state.id, None, sender)
            except ReminderError:
                if state.path.parent.is_dir():
                    raise
                folder = QFileDialog.getExistingDirectory(self, "Where to write the reminder", str(Path.home()))
                if not folder:
                    return
                draft = draft_reminder(state.id, Path(folder), sender)
        except (ReminderError, OSError) as error:
            QMessageBox.warning(self, "Draft a reminder", str(error))
            return
        tell(self.window, f"A reminder for {state.owner} was written to {draft}; it opens in your mail program.", 8)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(draft)))
