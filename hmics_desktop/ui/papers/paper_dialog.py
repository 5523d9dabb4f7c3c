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
from PySide6.QtWidgets import (
    QApplication,
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
from hmics_desktop.services.papers.store import inspection_choices, new_paper, save_paper
from hmics_desktop.services.papers.update_paper import open_recommendations
from hmics_desktop.ui.papers.pdf_writer import write_pdf_atomically
from hmics_desktop.ui.widgets import day_edit, day_of

WORD_FILTER = "Word document (*.docx)"
PDF_FILTER = "PDF document (*.pdf)"


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
        self.tabs.addTab(self._paper_tab(), "Paper")
        self.text_tab = QScrollArea()
        self.text_tab.setWidgetResizable(True)
        self.tabs.addTab(self.text_tab, "Text")
        self.tabs.addTab(self._shown_tab(), "Recommendations shown")
        self.preview = QTextBrowser()
        self.tabs.addTab(self.preview, "Preview")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #a00000;")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.word_button = buttons.addButton("Save as &Word…", QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button = buttons.addButton("Save as &PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.keep_button = buttons.addButton("&Keep the paper", QDialogButtonBox.ButtonRole.ActionRole)
        self.keep_button.setEnabled(keep)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        self.word_button.clicked.connect(self._on_word_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.keep_button.clicked.connect(self._on_keep_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.text_boxes: dict[str, QPlainTextEdit] = {}
        self._build_text(spec.kind)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.tabs.currentChanged.connect(self._on_tab_changed)

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
        for edit in (self.meeting_on, self.since, self.as_at):
            edit.setMaximumWidth(160)
        self.inspections = QListWidget()
        for inspection_id, title in inspection_choices():
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, inspection_id)
            item.setCheckState(
                Qt.CheckState.Checked if inspection_id in spec.inspection_ids else Qt.CheckState.Unchecked
            )
            self.inspections.addItem(item)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Paper:", self.kind)
        form.addRow("Committee:", self.committee)
        form.addRow("Meeting date:", self.meeting_on)
        form.addRow("Location:", self.location)
        form.addRow("Last meeting (the period starts after it):", self.since)
        form.addRow("As at:", self.as_at)
        form.addRow("Inspections:", self.inspections)
        note = QLabel("A progress paper covers one inspection. The counts, closures, positions and targets are "
                      "those of the “as at” date.")  # fmt: skip
        note.setWordWrap(True)
        form.addRow("", note)
        return page

    def _shown_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Open recommendations on the “as at” date: untick those the paper leaves out."))
        self.shown = QTreeWidget()
        self.shown.setHeaderLabels(["Recommendation", "Initial target"])
        self.shown.setColumnWidth(0, 820)
        layout.addWidget(self.shown, 1)
        row = QHBoxLayout()
        for text, state in (("Tick all", Qt.CheckState.Checked), ("Untick all", Qt.CheckState.Unchecked)):
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
            if field.computed:
                box.setPlaceholderText(f"Left empty, the paper says: {field.default.format(**names)}")
            self.text_boxes[field.key] = box
            form.addRow(f"{field.label}:", box)
        self.text_tab.setWidget(page)

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
        return spec

    def build(self) -> Document | None:
        """The paper's content, or None with the reason shown under the tabs."""
        try:
            document = build_paper(self.collect())
        except PaperError as error:
            self.problem.setText(str(error))
            return None
        self.problem.clear()
        return document

    # Slots ---------------------------------------------------------------------------
    def _on_kind_changed(self) -> None:
        kind = PaperKind(self.kind.currentData())
        if self.spec.id is None:  # a new paper starts from the last text of its kind
            self.spec.narrative = new_paper(kind).narrative
        self._build_text(kind)

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.preview:
            self.show_preview()
        elif index == 2:
            self.spec.hidden = self._hidden()
            self._fill_shown()

    def show_preview(self) -> None:
        document = self.build()
        self.preview.setHtml(preview_html(document) if document else "")

    def _on_keep_clicked(self) -> None:
        if self.build() is not None:
            save_paper(self.spec)
            self.problem.setText("The paper is kept: File ▸ Committee papers… reopens it.")

    def _on_word_clicked(self) -> None:
        self._save("Save the paper as Word", WORD_FILTER, ".docx", write_word)

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
        self.problem.setText(f"Saved {target.name}.")
        self.saved = target
