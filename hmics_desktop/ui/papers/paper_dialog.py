"""File ▸ New committee paper…: the paper dialog.

The kind, meeting, period and inspections; the secretary's text; the recommendations
shown; a preview; save as Word or PDF. The paper is kept in the database each time it is
saved, so it can be reopened, copied and regenerated.

Tabs keep it inside 1366×728: Paper, Text (scrolls), Recommendations shown, Preview.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
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
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.documents.html_writer import preview_html
from hmics_desktop.documents.model import Document
from hmics_desktop.services.papers.as_at import inspections_as_at
from hmics_desktop.services.papers.files import CannotWriteExport, PaperError, build_paper, write_word
from hmics_desktop.services.papers.narrative import FIELDS, context
from hmics_desktop.services.papers.spec import PaperKind, PaperSpec
from hmics_desktop.services.papers.store import inspection_choices, new_paper, progress_as_at, save_paper
from hmics_desktop.services.papers.update_paper import open_recommendations
from hmics_desktop.ui.accessible import announce, name_after
from hmics_desktop.ui.contrast import tone
from hmics_desktop.ui.dashboard.pictures import draw_pictures
from hmics_desktop.ui.papers.pdf_writer import add_pictures, write_pdf_atomically
from hmics_desktop.ui.widgets import day_edit, day_of

WORD_FILTER = "Word document (*.docx)"
PDF_FILTER = "PDF document (*.pdf)"
NOTES = {
    PaperKind.UPDATE: "An HMICS Improvement Update covers the inspections ticked. The counts, closures, positions "
    "and targets are those of the “as at” date; closures are those since the last meeting.",
    PaperKind.PROGRESS: "A progress paper covers one inspection. Each recommendation shows the latest progress "
    "update on or before the “as at” date, under the month of that update; a new paper starts at the newest "
    "update on record.",
}
AS_AT_LABELS = {PaperKind.UPDATE: "&As at:", PaperKind.PROGRESS: "Progress &as at:"}
DASHBOARD_LABELS = {
    PaperKind.UPDATE: "With the &dashboard page: the trend at each quarter's end, and the open recommendations and "
    "actions by age",
    PaperKind.PROGRESS: "With the &dashboard's trend: the inspection's recommendations at each quarter's end",
}


class PaperDialog(QDialog):
    def __init__(self, spec: PaperSpec, folder: Path, *, keep: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.folder = folder
        self.keep = keep  # False on a read-only database: files are written, the paper is not kept
        self.saved: Path | None = None  # the last file written
        self.setWindowTitle("Committee paper")
        self.resize(1100, 680)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("The paper's parts")
        self.tabs.addTab(self._paper_tab(), "Pape&r")
        self.text_tab = QScrollArea()
        self.text_tab.setWidgetResizable(True)
        self.text_tab.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its fields
        self.tabs.addTab(self.text_tab, "Te&xt")
        self.tabs.addTab(self._shown_tab(), "Recommendations s&hown")
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview of the paper")
        self.tabs.addTab(self.preview, "Pre&view")
        self.problem = QLabel()  # what went wrong, in red; or what was done, in the usual colour
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.word_button = buttons.addButton("Save as &Word…", QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button = buttons.addButton("Save as &PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.keep_button = buttons.addButton("&Keep the paper", QDialogButtonBox.ButtonRole.ActionRole)
        self.keep_button.setEnabled(keep)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.close)
        self.word_button.clicked.connect(self._on_word_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.keep_button.clicked.connect(self._on_keep_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.text_boxes: dict[str, QPlainTextEdit] = {}
        self._build_text(spec.kind)
        self._show_kind(spec.kind)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.inspections.itemChanged.connect(self._on_inspections_item_changed)
        self.as_at.dateChanged.connect(self._on_as_at_date_changed)
        self._as_at_chosen = spec.id is not None  # a kept paper keeps its date; a new one follows the updates
        self._setting_as_at = False
        self._unchanged = self._state()

    # Tabs ----------------------------------------------------------------------------
    def _paper_tab(self) -> QWidget:
        spec = self.spec
        self.kind = QComboBox()
        for kind in PaperKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(spec.kind.value))
        self.committee = QLineEdit(spec.committee)
        self.meeting_on = day_edit(QDate(spec.meeting_on))
        self.location = QLineEdit(spec.location)
        self.location.setPlaceholderText("online, Video Conference, …")
        self.since = day_edit(QDate(spec.since) if spec.since else None)
        self.as_at = day_edit(QDate(spec.as_at))
        self.inspections = QListWidget()
        self._fill_inspections(set(spec.inspection_ids))
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Pap&er:", self.kind)
        form.addRow("&Committee:", self.committee)
        form.addRow("&Meeting date:", self.meeting_on)
        form.addRow("&Location:", self.location)
        form.addRow("La&st meeting (the period starts after it):", self.since)
        self.as_at_label = QLabel()
        self.as_at_label.setBuddy(self.as_at)
        form.addRow(self.as_at_label, self.as_at)
        form.addRow("&Inspections:", self.inspections)
        self.dashboard = QCheckBox()
        self.dashboard.setChecked(spec.dashboard)
        form.addRow("", self.dashboard)
        self.note = QLabel()
        self.note.setWordWrap(True)
        form.addRow("", self.note)
        self.paper_form = form
        return page

    def _shown_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Open recommendations on the “as at” date: untick those the paper leaves out."))
        self.shown = QTreeWidget()
        self.shown.setAccessibleName("Open recommendations: ticked ones are shown")
        self.shown.setHeaderLabels(["Recommendation", "Initial target"])
        self.shown.setColumnWidth(0, 820)
        layout.addWidget(self.shown, 1)
        row = QHBoxLayout()
        for text, state in (("&Tick all", Qt.CheckState.Checked), ("&Untick all", Qt.CheckState.Unchecked)):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, s=state: self._tick_all(s))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _build_text(self, kind: PaperKind) -> None:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        names = context(kind.value, self.committee.text() or "the committee", "<the inspection>",
                        "<the “as at” date>")  # fmt: skip
        self.text_boxes = {}
        for field in FIELDS[kind.value]:
            box = QPlainTextEdit(self.spec.narrative.get(field.key, ""))
            box.setTabChangesFocus(True)
            box.setFixedHeight(24 + 18 * field.lines)
            said = field.when_empty(names)
            box.setPlaceholderText(f"Left empty, the paper says: {said}" if said else
                                   "Left empty, the paper has nothing here.")  # fmt: skip
            self.text_boxes[field.key] = box
            form.addRow(f"{field.label}:", box)
        self.text_tab.setWidget(page)

    def _fill_inspections(self, chosen: set[int], every: bool = False) -> None:
        """The inspections there were on the "as at" date, named as they were then; ``every``: all ticked."""
        self.inspections.blockSignals(True)
        self.inspections.clear()
        for inspection_id, title in inspection_choices(day_of(self.as_at)):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, inspection_id)
            ticked = every or inspection_id in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.inspections.addItem(item)
        self.inspections.blockSignals(False)

    def _fill_shown(self) -> None:
        hidden = self._hidden()
        self.shown.clear()
        for inspection in inspections_as_at(self._chosen_ids(), day_of(self.as_at)):
            parent = QTreeWidgetItem([inspection.title, ""])
            self.shown.addTopLevelItem(parent)
            for rec in open_recommendations(inspection):
                target = rec.initial_target.british() if rec.initial_target else "Not set"
                item = QTreeWidgetItem([f"R{rec.number} - {' '.join(rec.text.split())[:140]}", target])
                item.setData(0, Qt.ItemDataRole.UserRole, rec.id)
                item.setCheckState(0, Qt.CheckState.Unchecked if rec.id in hidden else Qt.CheckState.Checked)
                parent.addChild(item)
            parent.setExpanded(True)

    # State ---------------------------------------------------------------------------
    def _chosen_ids(self) -> list[int]:
        return [
            int(self.inspections.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.inspections.count())
            if self.inspections.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _hidden(self) -> set[int]:
        hidden = set(self.spec.hidden)
        for top in range(self.shown.topLevelItemCount()):
            parent = self.shown.topLevelItem(top)
            for index in range(parent.childCount()):
                item = parent.child(index)
                rec_id = int(item.data(0, Qt.ItemDataRole.UserRole))
                hidden.discard(rec_id)
                if item.checkState(0) == Qt.CheckState.Unchecked:
                    hidden.add(rec_id)
        return hidden

    def _tick_all(self, state: Qt.CheckState) -> None:
        for top in range(self.shown.topLevelItemCount()):
            parent = self.shown.topLevelItem(top)
            for index in range(parent.childCount()):
                parent.child(index).setCheckState(0, state)

    def collect(self) -> PaperSpec:
        """The paper as the dialog now shows it."""
        spec = self.spec
        spec.kind = PaperKind(self.kind.currentData())
        spec.committee = self.committee.text().strip()
        spec.meeting_on = day_of(self.meeting_on)
        spec.location = self.location.text().strip()
        spec.since = day_of(self.since)
        spec.as_at = day_of(self.as_at)
        spec.inspection_ids = self._chosen_ids()
        spec.hidden = self._hidden()
        spec.narrative = {key: box.toPlainText() for key, box in self.text_boxes.items()}
        spec.dashboard = self.dashboard.isChecked()
        return spec

    def build(self) -> Document | None:
        """The paper's content, or None with the reason shown under the tabs."""
        try:
            document = build_paper(self.collect())
        except PaperError as error:
            self._say(str(error), problem=True)
            return None
        self._say("")
        return document

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.problem.setStyleSheet(f"color: {tone('problem').name()};" if problem else "")
        self.problem.setText(text)
        if text:
            announce(self.problem, text, urgent=problem)

    def _state(self) -> tuple[object, ...]:
        """What the secretary can type or choose, to tell whether anything would be lost on closing."""
        texts = tuple((key, box.toPlainText()) for key, box in self.text_boxes.items())
        chosen = (self.kind.currentData(), self.committee.text(), self.meeting_on.date(), self.location.text(),
                  self.since.date(), self.as_at.date(), tuple(self._chosen_ids()))  # fmt: skip
        return (*chosen, self.dashboard.isChecked(), texts, tuple(sorted(self._hidden())))

    def _may_close(self) -> bool:
        """Ask before typed text or choices are lost; True when the dialog may close."""
        if self._state() == self._unchanged:
            return True
        buttons = QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        question = "Keep the paper before closing? Its text and choices are kept with it."
        if self.keep:
            buttons |= QMessageBox.StandardButton.Save
        else:
            question = "The database is open read-only, so the paper cannot be kept. Close and lose its text?"
        choice = QMessageBox.question(self, "Unsaved changes", question, buttons)
        if choice == QMessageBox.StandardButton.Save:
            return self._keep()
        return choice == QMessageBox.StandardButton.Discard

    def reject(self) -> None:  # Esc
        if self._may_close():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # Close, and the window's close button
        if self._may_close():
            event.accept()
            self.done(QDialog.DialogCode.Rejected)
        else:
            event.ignore()

    def _keep(self) -> bool:
        if self.build() is None:
            return False
        save_paper(self.spec)
        self._unchanged = self._state()
        return True

    # Slots ---------------------------------------------------------------------------
    def _on_kind_changed(self) -> None:
        kind = PaperKind(self.kind.currentData())
        if self.spec.id is None:  # a new paper starts from the last text of its kind
            self.spec.narrative = new_paper(kind).narrative
        self._build_text(kind)
        self._show_kind(kind)
        self._follow_updates()

    def _show_kind(self, kind: PaperKind) -> None:
        self.note.setText(NOTES[kind])
        self.as_at_label.setText(AS_AT_LABELS[kind])
        self.dashboard.setText(DASHBOARD_LABELS[kind])
        name_after(self.as_at, AS_AT_LABELS[kind])
        self.paper_form.setRowVisible(self.since, kind is PaperKind.UPDATE)  # a progress paper has no period

    def _follow_updates(self) -> None:
        """Until the secretary picks the "as at" date, a new progress paper's follows the newest update."""
        if self._as_at_chosen:
            return
        kind = PaperKind(self.kind.currentData())
        self._setting_as_at = True
        self.as_at.setDate(QDate(progress_as_at(kind, self._chosen_ids(), day_of(self.meeting_on))))
        self._setting_as_at = False

    def _on_as_at_date_changed(self) -> None:
        if not self._setting_as_at:
            self._as_at_chosen = True
        every = self.inspections.count() == len(self._chosen_ids())
        self._fill_inspections(set(self._chosen_ids()), every)

    def _on_inspections_item_changed(self) -> None:
        self._follow_updates()

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.preview:
            self.show_preview()
        elif index == 2:
            self.spec.hidden = self._hidden()
            self._fill_shown()

    def show_preview(self) -> None:
        document = self.build()
        if document is not None:
            add_pictures(self.preview.document(), [b for section in document.sections for b in section.blocks])
        self.preview.setHtml(preview_html(document) if document else "")

    def _on_keep_clicked(self) -> None:
        if self._keep():
            self._say("The paper is kept: File ▸ Committee papers… reopens it.")

    def _on_word_clicked(self) -> None:
        def drawn_then_written(document: Document, target: Path) -> None:
            draw_pictures(document)
            write_word(document, target)

        self._save("Save the paper as Word", WORD_FILTER, ".docx", drawn_then_written)

    def _on_pdf_clicked(self) -> None:
        self._save("Save the paper as PDF", PDF_FILTER, ".pdf", write_pdf_atomically)

    def _save(self, caption: str, file_filter: str, suffix: str, writer: Callable[[Document, Path], object]) -> None:
        document = self.build()
        if document is None:
            return
        name = f"{document.title}{suffix}".replace("/", "-").replace(":", "")
        chosen, _ = QFileDialog.getSaveFileName(self, caption, str(self.folder / name), file_filter)
        if not chosen:
            return
        target = Path(chosen) if chosen.lower().endswith(suffix) else Path(f"{chosen}{suffix}")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a paper of hundreds of pages takes seconds
        try:
            writer(document, target)
        except CannotWriteExport as error:
            failure: str | None = str(error)
        else:
            failure = None
        finally:
            QApplication.restoreOverrideCursor()
        if failure is not None:
            QMessageBox.warning(self, "The paper cannot be saved", failure)
            return
        self.folder = target.parent
        if self.keep:
            save_paper(self.spec)
            self._unchanged = self._state()
        self._say(f"Saved {target.name}.")
        self.saved = target
