"""What every item form shares.

Fields with their problems shown in place, Save (Ctrl+S), Close (Esc) that asks before
losing changes, and a clear choice when the item changed elsewhere since it was opened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.domain.dates import DateError
from hmics_desktop.domain.rules import together
from hmics_desktop.services.editing import Change, EditConflict, ItemDeleted, ItemGone, ValidationError
from hmics_desktop.services.item_edits import create_item
from hmics_desktop.ui.accessible import buttons_last, labelled
from hmics_desktop.ui.forms.fields import PlanDateEdit, ProblemLabel
from hmics_desktop.ui.operations import Operations
from hmics_desktop.ui.widgets import fit_to_screen


@dataclass(frozen=True)
class SaveChoice:
    """What the user chose for fields changed elsewhere too: ``overwrite`` with theirs, or ``keep_theirs``."""

    overwrite: frozenset[str] = frozenset()
    keep_theirs: frozenset[str] = frozenset()
    restore: bool = False  # the item was deleted elsewhere: restore it, in the same step as the save


class ItemForm(QDialog):
    saved = Signal()
    record_kind = ""  # "inspection", "recommendation" or "action": the rules its fields follow

    def __init__(self, history: Operations, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.item_id: int | None = None
        self.opened: dict[str, Any] = {}  # the fields as loaded: a save writes only those the user changed
        self.dirty = False
        self._loading = False
        self.setWindowTitle(f"{title}[*]")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.problems: dict[str, ProblemLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}  # the field each problem is about, focused when it has one
        self.general_problem = ProblemLabel()
        body = QWidget()
        body_layout = QVBoxLayout(body)
        self.top = QVBoxLayout()  # what is used most, first (the action form's progress)
        body_layout.addLayout(self.top)
        body_layout.addLayout(self.form)
        self.extra = QVBoxLayout()
        body_layout.addLayout(self.extra)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the focus opens in a field, not on the scroll area
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save")  # the platform's own words may have no mnemonic, or another
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.buttons.clicked.connect(self._on_buttons_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_problem)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        fit_to_screen(self, 760, 700)

    # Building ----------------------------------------------------------------------------
    def add_field(
        self, label: str, widget: QWidget, name: str | None = None, *, field: QWidget | None = None,
        description: str | None = None,
    ) -> QWidget:  # fmt: skip
        """A labelled field; its problems (if ``name``) show just under it.

        ``widget`` is what the row shows; ``field`` the part of it the label names and its
        mnemonic moves to (a date beside its Revise target… button), ``widget`` itself by default.
        """
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if name:
            self.problems[name] = ProblemLabel()
            column.addWidget(self.problems[name])
        caption = labelled(label, field or widget, description)
        if name:
            self.captions[name] = caption
            self.fields[name] = field or widget
        self.form.addRow(caption, box)
        self._watch(widget)
        return widget

    def _watch(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self.mark_dirty)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self.mark_dirty)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self.mark_dirty)
            if widget.isEditable():
                widget.editTextChanged.connect(self.mark_dirty)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self.mark_dirty)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self.mark_dirty)

    def has_unsaved(self) -> bool:
        """Whether closing now would lose something typed (a form may hold more than its fields)."""
        return self.dirty

    def mark_dirty(self, *args: object) -> None:
        if not self._loading:
            self.dirty = True
            self.setWindowModified(True)

    def reload(self) -> None:
        """Show the item as saved now (after a save, a conflict or an undo)."""
        self._loading = True
        try:
            self.load()
            self.opened = self._shown()
        finally:
            self._loading = False
        self.dirty = False
        self.setWindowModified(False)
        for label in (*self.problems.values(), self.general_problem):
            label.show_problem(None)

    def _shown(self) -> dict[str, Any]:
        if self.item_id is None:
            return {}
        try:
            return self.collect()
        except ValidationError:  # a stored value the form cannot show as it is: never counted as opened
            return {}

    # For subclasses ------------------------------------------------------------------------
    def load(self) -> None:
        raise NotImplementedError

    def collect(self) -> dict[str, Any]:
        raise NotImplementedError

    def change_for(self, values: dict[str, Any], opened: dict[str, Any] | None, choice: SaveChoice) -> Change:
        """The change saving ``values`` (of an existing item, those the user changed); ``opened``: as loaded."""
        raise NotImplementedError

    def create_change(
        self, kind: str, values: dict[str, Any], parent_id: int | None, then: Callable[[int], None] | None = None
    ) -> Change:
        """Create the item; once done, the form shows it (and ``then(new id)`` runs in the same step)."""
        change, created = create_item(kind, values, parent_id)

        def apply() -> None:
            change.apply()
            self.item_id = created["id"]
            if then is not None:
                then(created["id"])

        return Change(change.description, apply)

    def date_value(self, edit: PlanDateEdit, name: str, problems: dict[str, str]) -> Any:
        try:
            return edit.value()
        except DateError as error:
            problems[name] = str(error)
            return None

    # Saving --------------------------------------------------------------------------------
    def save(self, choice: SaveChoice | None = None) -> bool:
        """Save the fields the user changed; a field also changed elsewhere meanwhile asks Reload or Overwrite."""
        choice = choice or SaveChoice()
        for label in (*self.problems.values(), self.general_problem):
            label.show_problem(None)
        try:
            values = self.collect()
            opened: dict[str, Any] | None = None
            if self.item_id is not None:
                changed = {name for name, value in values.items() if self.opened.get(name, value) != value}
                changed |= set(values) - set(self.opened)
                changed = together(self.record_kind, changed) & set(values)  # a status with its closure, whole
                values = {name: values[name] for name in changed - choice.keep_theirs}
                opened = {name: value for name, value in self.opened.items() if name not in choice.overwrite}
            self.history.do(self.change_for(values, opened, choice))
        except ValidationError as error:
            for name, message in error.problems.items():
                (self.problems.get(name) or self.general_problem).show_problem(message)
            first = next((self.fields[name] for name in error.problems if name in self.fields), None)
            if first is not None:  # the keyboard is taken to what needs putting right
                first.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        except EditConflict as conflict:
            return self._resolve_conflict(conflict, choice)
        except ItemDeleted as deleted:
            return self._resolve_deleted(deleted, choice)
        except ItemGone as gone:  # the form stays open with what was typed
            QMessageBox.warning(self, "No longer there", str(gone))
            return False
        self.reload()
        self.saved.emit()
        return True

    def _ask(self, title: str, text: str, accept: str, destroy: str) -> str | None:
        """A warning with two answers and Cancel: the answer's text, or None for Cancel."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        answers = {box.addButton(accept, QMessageBox.ButtonRole.AcceptRole): accept,
                   box.addButton(destroy, QMessageBox.ButtonRole.DestructiveRole): destroy}  # fmt: skip
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return answers.get(box.clickedButton())

    def _resolve_deleted(self, deleted: ItemDeleted, choice: SaveChoice) -> bool:
        """Restore the item with my changes, or discard them (it stays deleted, restorable); Cancel keeps the form."""
        answer = self._ask("Deleted elsewhere", str(deleted), "Restore and save", "Discard my changes")
        if answer == "Restore and save":
            return self.save(replace(choice, restore=True))
        if answer == "Discard my changes":
            self.dirty = False
            self.reject()
        return False

    def _resolve_conflict(self, conflict: EditConflict, choice: SaveChoice) -> bool:
        """Reload (theirs stays in the fields both changed, the rest of mine is saved) or Overwrite (mine)."""
        answer = self._ask("Changed elsewhere", str(conflict), "Overwrite with mine", "Reload")
        fields = frozenset(conflict.fields)
        if answer == "Overwrite with mine":
            return self.save(replace(choice, overwrite=choice.overwrite | fields))
        if answer == "Reload":
            return self.save(replace(choice, keep_theirs=choice.keep_theirs | fields))
        return False

    def _on_buttons_clicked(self, button: QAbstractButton) -> None:
        if button is self.save_button:
            self.save()
        else:
            self.reject()

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            buttons_last(self, self.buttons)
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in a one-line field must not save or close the form: Ctrl+S saves, Esc closes.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            event.ignore()
            return
        super().keyPressEvent(event)

    def _may_close(self) -> bool:
        """Ask before unsaved changes are lost; True when the form may close."""
        if not self.has_unsaved():
            return True
        choice = QMessageBox.question(
            self,
            "Unsaved changes",
            "Save your changes before closing?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if choice == QMessageBox.StandardButton.Cancel:
            return False
        if choice == QMessageBox.StandardButton.Save:
            return self.save()
        self.dirty = False
        return True

    def reject(self) -> None:  # Esc and Close
        if self._may_close():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # the window's close button
        if self._may_close():
            event.accept()
            self.done(QDialog.DialogCode.Rejected)
        else:
            event.ignore()
