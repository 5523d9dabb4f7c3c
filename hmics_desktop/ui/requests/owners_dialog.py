"""File ▸ Owners…: the owners' directory — name, email address, group — and the owners met in the plan.

An owner met in the plan but not in the directory is listed too ("not in the directory yet"):
Edit… gives them an address. Renaming an owner renames them on every action and
recommendation they own, in one step that Edit ▸ Undo takes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.services.editing import ValidationError
from hmics_desktop.services.owners import OwnerEntry, owners, remove_owner, save_owner
from hmics_desktop.ui.accessible import labelled
from hmics_desktop.ui.forms.fields import ProblemLabel
from hmics_desktop.ui.transfer.preview_tables import PreviewRowsModel, preview_table
from hmics_desktop.ui.widgets import fit_to_screen

if TYPE_CHECKING:
    from hmics_desktop.ui.shell.main_window import MainWindow

HEADINGS = ("Owner", "Email address", "Group", "Open actions", "In the directory")


class OwnerDialog(QDialog):
    """One owner's name, address and group; a rename says it carries through."""

    def __init__(self, window: MainWindow, entry: OwnerEntry | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.window, self.entry = window, entry
        self.setWindowTitle("Owner" if entry is not None else "New owner")
        self.name = QLineEdit(entry.name if entry else "")
        self.email = QLineEdit(entry.email or "" if entry else "")
        self.email.setPlaceholderText("jane.smith@scotland.police.uk")
        self.group = QLineEdit(entry.group or "" if entry else "")
        self.problem = ProblemLabel()
        form = QFormLayout(self)
        form.addRow(labelled("&Name:", self.name, "As the plan writes it, such as DCI Smith or FMOR"), self.name)
        form.addRow(labelled("&Email address:", self.email), self.email)
        form.addRow(labelled("&Group:", self.group, "Optional: the unit or group the owner belongs to"), self.group)
        if entry is not None:
            note = QLabel(f"A new name is given to every action and recommendation {entry.name} owns.")
            note.setWordWrap(True)
            form.addRow(note)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save")
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        fit_to_screen(self, 520, 260)

    def _on_save_clicked(self) -> None:
        entry = self.entry
        try:
            change = save_owner(entry.id if entry else None, self.name.text(), self.email.text(), self.group.text(),
                                was=entry.name if entry is not None and entry.id is None else None)  # fmt: skip
        except ValidationError as error:
            self.problem.show_problem(" ".join(error.problems.values()))
            return
        self.window.edits.history.do(change)
        self.accept()


class OwnersDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.setWindowTitle("Owners")
        self.entries: list[OwnerEntry] = []
        intro = QLabel("The owners the update requests go to. Those met in the plan but not yet in the directory "
                       "are listed too: give them an email address with Edit…")  # fmt: skip
        intro.setWordWrap(True)
        self.model = PreviewRowsModel(HEADINGS, self)
        self.table = preview_table(self.model, "Owners", (0, 1))
        self.table.doubleClicked.connect(self._on_edit_clicked)
        buttons = QDialogButtonBox()
        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip("Take the owner out of the directory; the plan keeps their name")
        for button, slot in ((self.add_button, self._on_add_clicked), (self.edit_button, self._on_edit_clicked),
                             (self.remove_button, self._on_remove_clicked)):  # fmt: skip
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(slot)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).setText("&Close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        window.plans_changed.connect(self.refresh)
        window.edits.history.changed.connect(self._on_history_changed)  # an edit, an undo, an import
        window.database_changed.connect(lambda _location: self.refresh())
        fit_to_screen(self, 820, 520)
        self.refresh()

    def _on_history_changed(self, _changes: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.entries = owners()
        self.model.set_rows([(e.name, e.email or "", e.group or "", str(e.open_actions),
                              "Yes" if e.id is not None else "Not yet") for e in self.entries])  # fmt: skip
        if self.entries:
            self.table.selectRow(0)
        self._enable()

    def chosen(self) -> OwnerEntry | None:
        index = self.table.currentIndex()
        return self.entries[index.row()] if index.isValid() and index.row() < len(self.entries) else None

    def _enable(self) -> None:
        writable = not self.window.read_only
        chosen = self.chosen()
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and chosen is not None)
        self.remove_button.setEnabled(writable and chosen is not None and chosen.id is not None)

    def _on_add_clicked(self) -> None:
        OwnerDialog(self.window, None, self).exec()

    def _on_edit_clicked(self) -> None:
        chosen = self.chosen()
        if chosen is not None and self.edit_button.isEnabled():
            OwnerDialog(self.window, chosen, self).exec()

    def _on_remove_clicked(self) -> None:
        chosen = self.chosen()
        if chosen is None or chosen.id is None:
            return
        answer = QMessageBox.question(self, "Remove the owner", f"Take {chosen.name} out of the directory? The "
                                      "plan keeps their name on what they own.")  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self.window.edits.history.do(remove_owner(chosen.id))
