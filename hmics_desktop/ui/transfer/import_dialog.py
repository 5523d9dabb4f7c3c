"""The import preview: sheets found, their column mapping (editable), changes and warnings.

What the import does is shown row by row: the recommendations, actions and progress
updates it creates, and each field of an existing inspection it overwrites (old → new).
Nothing is written until the user presses Import; then the main window writes it all in
one transaction off the GUI thread. The dialog fits a 1366×768 laptop screen: the mapping
and the preview sit side by side in a splitter, so that every column of a sheet shows at once
on a short, wide screen, and long lists scroll in their tables.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QDate, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan_changes import counted
from hmics_desktop.domain.words import shortened
from hmics_desktop.excel.columns import FIELD_LABELS
from hmics_desktop.excel.sheet_warnings import column_letter
from hmics_desktop.excel.workbook_parser import ImportOptions, SheetReport
from hmics_desktop.services import plan_queries
from hmics_desktop.services.importing import ImportPreview
from hmics_desktop.ui.accessible import labelled
from hmics_desktop.ui.transfer.inspection_choice import InspectionChoice
from hmics_desktop.ui.transfer.preview_tables import (
    CHANGED_HEADINGS,
    CREATED_HEADINGS,
    PreviewRowsModel,
    changed_rows,
    created_rows,
    preview_table,
)
from hmics_desktop.ui.widgets import day_edit, day_of, fit_to_screen

IGNORE = "(ignore this column)"


class SheetMappingPage(QScrollArea):
    """One sheet (or a Word document's plan table): its header row and, for each heading, the field it holds.

    A sheet's columns are named by their letters, as Excel shows them; a Word table's by their
    place from the left, since Word shows no letters. A Word table without a heading row shows
    each column's first cells and the field worked out from them.
    """

    def __init__(self, report: SheetReport, *, word_table: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.combos: dict[int, QComboBox] = {}
        body = QWidget()
        form = QFormLayout(body)
        if report.header is None:
            form.addRow(QLabel(f"This sheet is skipped: it is {report.skipped}."))
        else:
            if report.worked_out is not None:
                note = "No heading row: what each column holds was worked out from its cells. Change any that is wrong."
            else:
                note = f"The headings are {'in the plan table' if word_table else f'on row {report.header.row + 1}'}."
            if report.skipped:
                note += f" Skipped: {report.skipped}."
            intro = QLabel(note)
            intro.setWordWrap(True)
            form.addRow(intro)
            for column in sorted(set(report.header.headings) | set(report.header.mapping)):
                self._column(form, report, column, word_table)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its choices, which scroll into view

    def _column(self, form: QFormLayout, report: SheetReport, column: int, word_table: bool) -> None:
        assert report.header is not None
        combo = QComboBox()
        # as narrow as a short field's name: the mapping sits beside the preview, never scrolling sideways
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(16)
        combo.addItem(IGNORE, "")
        for name, label in FIELD_LABELS.items():
            combo.addItem(label, name)
        combo.setCurrentIndex(max(combo.findData(report.header.mapping.get(column, "")), 0))
        name = f"Column {column + 1}" if word_table else f"Column {column_letter(column)}"
        if report.worked_out is not None:
            cells = report.worked_out.get(column, "")
            shown = f"{name}: {shortened(cells, 36)}" if cells else f"{name} (empty)"
        else:
            cells = report.header.headings.get(column, "")
            shown = f"{name} “{shortened(cells, 36)}”" if cells else f"{name} (no heading)"
        combo.setAccessibleName(f"{shown} holds")
        label = QLabel(shown.replace("&", "&&"))  # a heading's & is no mnemonic
        label.setBuddy(combo)
        label.setToolTip(cells)
        form.addRow(label, combo)
        self.combos[column] = combo

    def mapping(self) -> dict[int, str]:
        return {column: combo.currentData() for column, combo in self.combos.items() if combo.currentData()}


class ImportDialog(QDialog):
    """Shows a preview; emits ``preview_requested`` when the user changes the mapping."""

    preview_requested = Signal(object, object)  # ImportOptions, progress date or None

    def __init__(self, preview: ImportPreview, inspection: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {preview.parsed.path.name}")
        self.preview = preview
        self.overrides: dict[str, dict[int, str]] = {}  # the user's mapping corrections so far
        self.inspection_edit = QLineEdit(inspection or "")
        self.inspection_edit.setToolTip(
            "The inspection the plan goes into: a name typed here wins over the name the file gives; "
            "pick one already in the database to update it"
        )
        existing = QCompleter(plan_queries.inspection_titles(), self)
        existing.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        existing.setFilterMode(Qt.MatchFlag.MatchContains)
        self.inspection_edit.setCompleter(existing)
        self.inspection_choice = InspectionChoice()
        self.inspection_choice.chosen.connect(self._on_inspection_choice_chosen)
        self.progress_date = day_edit()
        self.day_chosen = False  # until the secretary picks a day, the file speaks for the day it shows
        self.progress_date.setKeyboardTracking(False)  # a date typed is previewed once whole, not at each key
        self.progress_date.setToolTip(
            "The file states no “as at” date: its progress is recorded as at this date. Having no date, it can "
            "move a status forward but never back: a closed recommendation stays closed."
        )
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Sheets")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.created_model = PreviewRowsModel(CREATED_HEADINGS, self)
        self.changed_model = PreviewRowsModel(CHANGED_HEADINGS, self)
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Warnings")
        self.outcome = QTabWidget()
        self.outcome.setAccessibleName("What the import will do")
        self.outcome.addTab(preview_table(self.created_model, "What the import creates", (2,)), "")
        self.outcome.addTab(preview_table(self.changed_model, "What the import overwrites", (2, 3)), "")
        self.outcome.addTab(self.warnings, "")
        self.update_button = QPushButton("&Update preview")
        self.update_button.setToolTip("Read the file again with the mapping and inspection chosen above")
        self.update_button.clicked.connect(self._on_update_button_clicked)
        self.progress_date.dateChanged.connect(self._on_progress_date_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        options = QFormLayout()
        options.addRow("Inspectio&n:", self.inspection_edit)
        options.addRow(self.inspection_choice)
        self.progress_date_label = labelled("Progress &as at:", self.progress_date)
        options.addRow(self.progress_date_label, self.progress_date)
        mapping_box = QGroupBox("Sheets and what their columns hold")
        mapping = QVBoxLayout(mapping_box)
        mapping.addWidget(self.tabs)
        update_row = QHBoxLayout()
        update_row.addStretch(1)
        update_row.addWidget(self.update_button)
        mapping.addLayout(update_row)
        changes_box = QGroupBox("What the import will do")
        changes = QVBoxLayout(changes_box)
        changes.addWidget(self.summary)
        changes.addWidget(self.outcome, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)  # side by side: the mapping gets the full height
        self.splitter.addWidget(mapping_box)
        self.splitter.addWidget(changes_box)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([500, 750])
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(buttons)
        self.update_button.setAutoDefault(False)  # Enter imports, whichever button had the focus last
        self.import_button.setDefault(True)  # once in the dialog: a default set before is not the dialog's
        fit_to_screen(self, 1300, 720)  # a 1366×768 laptop less its taskbar: 1366×728, buttons on screen
        self.show_preview(preview)

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.tabs.clear()
        word_table = preview.parsed.path.suffix.lower() == ".docx"
        for report in preview.parsed.reports:
            title = report.name if report.skipped is None else f"{report.name} (skipped)"
            self.tabs.addTab(SheetMappingPage(report, word_table=word_table), title.replace("&", "&&"))
        summary = preview.summary
        plans = "; ".join(
            f"{escape(p.inspection, quote=False)} ({counted(len(p.recommendations), 'recommendation')}, "
            f"{counted(p.action_count(), 'action')})"
            + (f", named by {escape(p.named_from, quote=False)}" if p.named_from else "")
            for p in preview.parsed.plans
        )
        dated = sorted({p.as_at for p in preview.parsed.plans if p.as_at})
        days = ", ".join(PlanDate.from_iso(d).british() for d in dated)
        as_at = f"<br><b>Progress as at:</b> {days} (stated in the file)" if dated else ""
        self.summary.setText(
            f"<b>Plans found:</b> {plans}{as_at}<br><b>Changes:</b> {summary.line()}{summary.confirmed_words()}. "
            "<i>Nothing is written until you press Import.</i>"
        )
        self.created_model.set_rows(created_rows(summary.created_rows))
        self.changed_model.set_rows(changed_rows(summary.changes))
        self.warnings.clear()
        self.warnings.addItems(preview.warnings or ["None."])
        self.outcome.setTabText(0, f"Will be &created ({len(summary.created_rows)})")
        self.outcome.setTabText(1, f"Will c&hange ({len(summary.changes)})")
        self.outcome.setTabText(2, f"&Warnings ({len(preview.warnings)})")
        self.outcome.setCurrentIndex(1 if summary.changes else 0)  # what an import overwrites matters most
        self.inspection_choice.show_matches(preview.matches)
        for found in self.inspection_choice.undecided():
            self.summary.setText(
                f"{self.summary.text()}<br><b>Choose above where “{found}” goes</b>: until then this preview "
                "shows it as a new inspection."
            )
        undated = preview.undated_progress()
        # the day this preview was made for (the one imported), or, none chosen yet, the day the file speaks for
        shown_day = preview.progress_date or preview.undated_day()
        if shown_day is not None:
            with QSignalBlocker(self.progress_date):
                self.progress_date.setDate(QDate(shown_day.year, shown_day.month, shown_day.day))
        self.progress_date.setVisible(undated)
        self.progress_date_label.setVisible(undated)
        several = len(preview.parsed.plans) > 1 and not self.inspection_edit.text().strip()
        self.inspection_edit.setEnabled(not several)
        self.inspection_edit.setPlaceholderText(
            f"The file names {len(preview.parsed.plans)} inspections: each goes into its own"
            if several
            else "Taken from the file (its title, a heading, the sheet or the file name)"
        )
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        undecided = self.inspection_choice.undecided()
        self.import_button.setEnabled(not undecided)
        self.import_button.setToolTip("Choose where the plan goes first" if undecided else "")
        self.update_button.setEnabled(True)

    def chosen_mappings(self) -> dict[str, dict[int, str]]:
        pages = [self.tabs.widget(i) for i in range(self.tabs.count())]
        return {p.report.name: p.mapping() for p in pages if isinstance(p, SheetMappingPage) and p.combos}

    def changed_mappings(self) -> dict[str, dict[int, str]]:
        """The sheets whose mapping the user changed from what was found."""
        return {
            report.name: chosen
            for report in self.preview.parsed.reports
            if report.header is not None
            and (chosen := self.chosen_mappings().get(report.name)) is not None
            and chosen != report.header.mapping
        }

    def options(self) -> ImportOptions:
        self.overrides.update(self.changed_mappings())
        return ImportOptions(
            inspection=self.inspection_edit.text().strip() or None,
            mappings=dict(self.overrides),
            renames=dict(self.inspection_choice.renames),
        )

    def chosen_progress_date(self) -> date | None:
        return day_of(self.progress_date) if self.day_chosen and self.preview.undated_progress() else None

    def _on_inspection_choice_chosen(self) -> None:
        self._request_preview()

    def _on_progress_date_changed(self, _day: QDate) -> None:
        self.day_chosen = True  # only the secretary's choice: the day shown from a preview is set quietly
        self._request_preview()  # what is imported is what was previewed, for the day shown

    def _on_update_button_clicked(self) -> None:
        self._request_preview()

    def _request_preview(self) -> None:
        self.import_button.setEnabled(False)
        self.update_button.setEnabled(False)
        self.preview_requested.emit(self.options(), self.chosen_progress_date())
