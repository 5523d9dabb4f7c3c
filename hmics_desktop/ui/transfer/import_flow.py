"""File ▸ Import a plan…: pick a file (Excel, OpenDocument, Word or CSV), preview it, confirm, write it.

The readers (python-calamine, openpyxl, python-docx) and the preview dialog are loaded by the
first import, not with the window.
Owners' returned update requests chosen here (one or many) go to their own preview (``ui.requests``).
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from hmics_desktop.domain.rules import InvalidPlan
from hmics_desktop.domain.words import counted
from hmics_desktop.storage.failures import cause, outcome
from hmics_desktop.ui import settings as user_settings
from hmics_desktop.ui.accessible import tell
from hmics_desktop.ui.background import Progress, run_in_background
from hmics_desktop.ui.shell.error_dialog import ErrorDialog

if TYPE_CHECKING:
    from hmics_desktop.excel.workbook_parser import ImportOptions
    from hmics_desktop.services.importing import ImportPreview
    from hmics_desktop.storage.plan_writer import WriteSummary
    from hmics_desktop.storage.steps import Step
    from hmics_desktop.ui.requests.returns_flow import ReturnsFlow
    from hmics_desktop.ui.shell.main_window import MainWindow
    from hmics_desktop.ui.transfer.import_dialog import ImportDialog

log = logging.getLogger(__name__)
PLAN_FILTER = (
    "Plans (*.xlsx *.xlsm *.xls *.xlsb *.ods *.docx *.csv);;Excel workbooks (*.xlsx *.xlsm *.xls *.xlsb);;"
    "OpenDocument spreadsheets (*.ods);;Word documents (*.docx);;CSV files (*.csv);;All files (*)"
)


def import_finished_words(line: str, changed: bool, confirmed: int = 0) -> str:
    """One sentence: what the import did, and how to take it back when it changed or ``confirmed`` any value."""
    if not changed and confirmed:
        return (
            f"The plan was imported: it held nothing to create or change, and confirmed {counted(confirmed, 'value')} "
            f"{'as it stands' if confirmed == 1 else 'as they stand'} (Edit ▸ Undo takes that back)."
        )
    if not changed:
        return "The plan was imported: it held nothing to create or change."
    return f"The plan was imported ({line}), and Edit ▸ Undo takes it all back."


class ImportFlow(QObject):
    _requested: ImportOptions  # the options of the preview being made (set by start)
    _previewed: ImportOptions  # those of the preview shown

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.path: Path | None = None
        self.dialog: ImportDialog | None = None
        self._imported: ImportPreview | None = None
        self.returns: ReturnsFlow | None = None  # owners' returns, recognised among the files chosen
        self._asked = 0  # previews asked so far: only the last one asked is shown

    def start(self, path: Path | None = None) -> None:
        """Import a plan, or owners' returned update requests (one or many, recognised by what they hide)."""
        from hmics_desktop.excel.request_return import looks_like_return  # the readers, with the first import
        from hmics_desktop.excel.workbook_parser import ImportOptions

        paths = [path] if path is not None else self._choose()
        if not paths:
            return
        if any(looks_like_return(chosen) for chosen in paths):
            from hmics_desktop.ui.requests.returns_flow import ReturnsFlow  # with the first return

            if self.returns is None:
                self.returns = ReturnsFlow(self.window)
            self.returns.start(paths)
            return
        if len(paths) > 1:
            words = (f"{paths[1].name} is a second plan: import one plan at a time. (Several files at once are "
                     "for owners' returned update requests.)")  # fmt: skip
            QMessageBox.warning(self.window, "Import a plan", words)
            return
        self.path = paths[0]
        self._previewed = ImportOptions()
        self._preview(ImportOptions(), None)  # none chosen: the file speaks for the day it shows

    def _choose(self) -> list[Path]:
        folder = user_settings.value(self.window.settings, "import/folder") or str(Path.home())
        chosen, _ = QFileDialog.getOpenFileNames(self.window, "Import a plan", folder, PLAN_FILTER)
        if chosen:
            self.window.settings.setValue("import/folder", str(Path(chosen[0]).parent))
        return [Path(name) for name in chosen]

    def _preview(self, options: ImportOptions, progress_date: object) -> None:
        from hmics_desktop.services.importing import preview_import

        path = self.path
        assert path is not None
        self._requested = options
        self._asked += 1
        asked = self._asked

        def job(progress: Progress) -> ImportPreview:
            progress(0, 0, f"Reading {path.name}…")
            return preview_import(path, options, progress_date)  # type: ignore[arg-type]

        def ready(preview: ImportPreview) -> None:
            if asked == self._asked:  # an earlier preview, asked before the last change, is not shown
                self._on_preview_ready(preview)

        run_in_background(self.window, "Reading the plan", job, ready, self._on_failed)

    def _on_preview_ready(self, preview: ImportPreview) -> None:
        self._previewed = self._requested
        if self.dialog is not None:
            self.dialog.show_preview(preview)
            return
        from hmics_desktop.ui.transfer.import_dialog import ImportDialog

        self.dialog = ImportDialog(preview, None, self.window)
        self.dialog.preview_requested.connect(self._preview)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.rejected.connect(self._on_dialog_rejected)
        self.dialog.open()

    def _on_dialog_rejected(self) -> None:
        self.dialog = None

    def _on_dialog_accepted(self) -> None:
        from hmics_desktop.services.importing import commit_import, remember_mappings

        dialog = self.dialog
        assert dialog is not None
        self.dialog = None
        preview = self._imported = dialog.preview  # with the progress date it was previewed for
        options = dialog.options()  # gathers the name typed and any mapping changed since the last preview
        corrections = dict(dialog.overrides)
        changed = _what_the_preview_used(options) != _what_the_preview_used(self._previewed)

        def job(progress: Progress) -> tuple[Step, WriteSummary]:
            progress(0, 0, f"Importing {preview.parsed.path.name}…")
            done = commit_import(preview, options if changed else None)  # the name typed last wins
            if corrections:
                remember_mappings(preview, corrections)
            return done

        run_in_background(self.window, "Importing the plan", job, self._on_imported, self._on_failed)

    def _on_imported(self, done: tuple[Step, WriteSummary]) -> None:
        step, summary = done
        self.window.edits.history.record(step)  # Edit ▸ Undo import of … takes it all back (the views are told)
        if self._imported is not None and self._imported.parsed.plans:
            self.window.plan_view.select_inspection(self._imported.parsed.plans[0].inspection)
        log.info("import done: %s", summary.line())
        words = import_finished_words(summary.line(), bool(step.changes), step.confirmed.values())
        tell(self.window, words, 8)  # in the status bar and said aloud, as the message box shows it
        QMessageBox.information(self.window, "Import finished", words)

    def _on_failed(self, error: Exception) -> None:
        self.window.edits.history.record_saved(error)  # saved, its answer lost: Edit ▸ Undo takes it back all the same
        if self.dialog is not None:
            self.dialog.show_preview(self.dialog.preview)
        from hmics_desktop.services.importing import UnreadableWorkbook

        if isinstance(error, UnreadableWorkbook | InvalidPlan):
            QMessageBox.warning(self.window, "This file cannot be imported", str(error))
            return
        details = "".join(traceback.format_exception(error))
        reason = cause(error) or "an unexpected problem (the details are below)"
        ErrorDialog(f"The import failed: {reason}; {outcome(error)}.", details, self.window).exec()


def _what_the_preview_used(options: ImportOptions) -> tuple[object, ...]:
    """What of the options changes what is read: the name given, the mappings, the inspections chosen."""
    return options.inspection, options.mappings, options.renames
