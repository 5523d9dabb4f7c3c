"""File ▸ Export plan…: the dialog, a save dialog, the export off the GUI thread, then open it.

The export's machinery (openpyxl) is loaded by the first export, not with the window.
"""

from __future__ import annotations

import re
import traceback
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from hmics_desktop.domain.words import counted
from hmics_desktop.services import plan_queries
from hmics_desktop.services.papers.spec import long_date
from hmics_desktop.storage.failures import cause
from hmics_desktop.ui import settings as user_settings
from hmics_desktop.ui.background import Progress, run_in_background
from hmics_desktop.ui.shell.error_dialog import ErrorDialog

if TYPE_CHECKING:
    from hmics_desktop.services.exporting import ExportResult
    from hmics_desktop.ui.shell.main_window import MainWindow
    from hmics_desktop.ui.transfer.export_dialog import ExportDialog


def suggested_name(request_titles: list[str], as_at: date) -> str:
    """“Crime Audit 2020 as at 24 November 2026.xlsx”: the date as people write it, safe in any folder."""
    base = request_titles[0] if len(request_titles) == 1 else "Improvement plans"
    name = re.sub(r"[^\w\- ()&]+", " ", f"{base} as at {long_date(as_at)}")
    return " ".join(name.split()) + ".xlsx"


class ExportFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ExportDialog | None = None

    def start(self) -> None:
        titles = plan_queries.inspection_titles()
        if not titles:
            QMessageBox.information(self.window, "Export plan", "There is no plan to export yet.")
            return
        from hmics_desktop.ui.transfer.export_dialog import ExportDialog

        current = self.window.plan_view.inspection_table.currentIndex()
        if self.dialog is not None:
            self.dialog.deleteLater()  # the last one's answer is in: the window would keep it, hidden
        self.dialog = ExportDialog(titles, current.siblingAtColumn(0).data(), self.window.settings, self.window)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.open()

    def _on_dialog_accepted(self) -> None:
        from hmics_desktop.services.exporting import ExportRequest, export_plans

        dialog = self.dialog
        assert dialog is not None
        dialog.remember_choices()
        titles = dialog.chosen_inspections()
        folder = user_settings.value(self.window.settings, "export/folder") or str(Path.home())
        name = suggested_name(titles, dialog.chosen_as_at())
        chosen, _ = QFileDialog.getSaveFileName(
            self.window, "Save the exported plan", str(Path(folder) / name), "Excel workbook (*.xlsx)"
        )
        if not chosen:
            return
        target = Path(chosen) if chosen.lower().endswith(".xlsx") else Path(f"{chosen}.xlsx")
        self.window.settings.setValue("export/folder", str(target.parent))
        request = ExportRequest(
            inspections=titles,
            target=target,
            as_at=dialog.chosen_as_at(),
            layout=dialog.chosen_layout(),
            title_prefix=dialog.title_prefix.text(),
            marking=dialog.marking.currentText().strip() or "OFFICIAL",
        )

        def job(progress: Progress) -> ExportResult:
            progress(0, 0, f"Writing {target.name}…")
            return export_plans(request)

        run_in_background(self.window, "Exporting the plan", job, self._on_exported, self._on_failed)

    def _on_exported(self, result: ExportResult) -> None:
        text = (
            f"{result.target.name} holds {counted(result.recommendations, 'recommendation')} "
            f"and {counted(result.actions, 'action')}."
        )
        if result.warnings:
            text += "\n\n" + "\n".join(result.warnings)
        box = QMessageBox(QMessageBox.Icon.Information, "Export finished", text, parent=self.window)
        open_button = box.addButton("Open it now", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.target)))

    def _on_failed(self, error: Exception) -> None:
        from hmics_desktop.services.exporting import ExportError

        if isinstance(error, ExportError):
            QMessageBox.warning(self.window, "The plan cannot be exported", str(error))
            return
        details = "".join(traceback.format_exception(error))
        reason = cause(error) or "an unexpected problem (the details are below)"
        ErrorDialog(f"The export failed: {reason}; no file was changed.", details, self.window).exec()
