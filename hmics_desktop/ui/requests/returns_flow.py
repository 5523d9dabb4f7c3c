"""Owners' returns through File ▸ Import a plan…: read and weigh them, preview, record them as one step."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from hmics_desktop.domain.returns import AskKey, ReturnsSummary
from hmics_desktop.services.returns import ReturnsPreview, commit_returns, preview_returns
from hmics_desktop.storage.steps import Step
from hmics_desktop.ui.accessible import tell
from hmics_desktop.ui.background import Progress, run_in_background
from hmics_desktop.ui.requests.returns_dialog import ReturnsDialog
from hmics_desktop.ui.shell.error_dialog import show_failure

if TYPE_CHECKING:
    from hmics_desktop.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


class ReturnsFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ReturnsDialog | None = None

    def start(self, paths: list[Path]) -> None:
        def job(progress: Progress) -> ReturnsPreview:
            progress(0, 0, f"Reading {len(paths)} returned update request{'s' if len(paths) > 1 else ''}…")
            return preview_returns(paths)

        run_in_background(self.window, "Reading the returns", job, self._on_preview_ready, self._on_failed)

    def _on_preview_ready(self, preview: ReturnsPreview) -> None:
        self.dialog = ReturnsDialog(preview, self.window)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.rejected.connect(self._on_dialog_rejected)
        self.dialog.open()

    def _on_dialog_rejected(self) -> None:
        self.dialog = None

    def _on_dialog_accepted(self) -> None:
        dialog = self.dialog
        assert dialog is not None
        self.dialog = None
        preview, chosen = dialog.preview, dialog.accepted()
        self._commit(preview, chosen)

    def _commit(self, preview: ReturnsPreview, chosen: set[AskKey]) -> None:
        def job(progress: Progress) -> tuple[Step, ReturnsSummary]:
            progress(0, 0, "Recording the returns…")
            return commit_returns(preview, chosen)

        run_in_background(self.window, "Importing the returns", job, self._on_imported, self._on_failed)

    def _on_imported(self, done: tuple[Step, ReturnsSummary]) -> None:
        step, summary = done
        self.window.edits.history.record(step)  # one Undo takes the whole batch back (the views are told)
        log.info("returns imported: %s", summary.line())
        if step.changes:
            words = f"The returns were imported ({summary.line()}), and Edit ▸ Undo takes them all back."
        else:
            words = "The returns were imported: they held nothing new to record."
        tell(self.window, words, 8)
        QMessageBox.information(self.window, "Import finished", words)

    def _on_failed(self, error: Exception) -> None:
        self.window.edits.history.record_saved(error)  # saved, its answer lost: Edit ▸ Undo takes it back all the same
        show_failure(self.window, "The import of the returns", error)
