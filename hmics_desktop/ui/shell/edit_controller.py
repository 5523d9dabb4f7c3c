"""The Edit menu and the forms that keep the plan up to date.

Undo and redo across every form, new, edit, delete, bulk changes, history, deleted items.
One form per item stays open at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from hmics_desktop.services import form_data, plan_queries
from hmics_desktop.services.editing import EditHistory, UndoNotPossible
from hmics_desktop.services.item_edits import delete_items
from hmics_desktop.ui.forms.action_form import ActionForm
from hmics_desktop.ui.forms.inspection_form import InspectionForm
from hmics_desktop.ui.forms.item_form import ItemForm
from hmics_desktop.ui.forms.plan_dialogs import BulkDialog, RevisionDialog
from hmics_desktop.ui.forms.recommendation_form import RecommendationForm
from hmics_desktop.ui.forms.record_dialogs import DeletedItemsDialog, HistoryDialog
from hmics_desktop.ui.widgets import menu_action

if TYPE_CHECKING:
    from hmics_desktop.ui.shell.main_window import MainWindow


class EditController(QObject):
    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.history = EditHistory()
        self.history.listeners.append(self._on_history_changed)
        self.forms: dict[tuple[str, int | None], ItemForm] = {}
        self.undo_action = menu_action(menu, "&Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = menu_action(menu, "&Redo", self.redo, QKeySequence("Ctrl+Shift+Z"))
        menu.addSeparator()
        self.edit_action = menu_action(menu, "&Open selected… (Enter)", self.open_selected)
        self.new_inspection_action = menu_action(menu, "New &inspection…", lambda: self.open_form("inspection", None))
        self.new_recommendation_action = menu_action(menu, "New re&commendation…", self.new_recommendation)
        self.new_action_action = menu_action(menu, "New &action…", self.new_action, QKeySequence("Ctrl+Shift+N"))
        menu.addSeparator()
        self.revise_action = menu_action(menu, "Revise &targets of selected…", self.revise_selected)
        self.bulk_action = menu_action(menu, "Change owner or status of selected…", self.bulk_selected)
        self.delete_action = menu_action(
            menu, "&Delete selected", self.delete_selected, QKeySequence.StandardKey.Delete
        )
        menu.addSeparator()
        self.history_action = menu_action(
            menu, "&History of selected…", self.history_of_selected, QKeySequence("Ctrl+H")
        )
        menu_action(menu, "Deleted &items…", self.deleted_items)
        self._update_actions()

    # Selection -----------------------------------------------------------------------------
    def selection(self) -> list[tuple[str, int]]:
        """The items selected on the board or in the plan tree, whichever is showing."""
        if self.window.workspace.currentWidget() is self.window.board:
            return self.window.board.selected_items()
        return self.window.plan_view.selected_items()

    def _selected_of_one_kind(self, verb: str) -> tuple[str, list[int]] | None:
        items = self.selection()
        kinds = {kind for kind, _id in items}
        if len(kinds) != 1:
            QMessageBox.information(self.window, verb, "Select one or more recommendations, or one or more actions.")
            return None
        return kinds.pop(), [item_id for _kind, item_id in items]

    # Forms ---------------------------------------------------------------------------------
    def open_form(self, kind: str, item_id: int | None, parent_id: int | None = None) -> ItemForm:
        key = (kind, item_id)
        form = self.forms.get(key) if item_id is not None else None
        if form is None:
            if kind == "inspection":
                form = InspectionForm(self.history, item_id, self.window)
            elif kind == "recommendation":
                inspection = parent_id or plan_queries.inspection_of("recommendation", item_id or 0)
                form = RecommendationForm(self.history, item_id, inspection, self.window)
            else:
                parent = parent_id or form_data.record("action", item_id).recommendation_id
                form = ActionForm(self.history, item_id, parent, self.window)
            form.finished.connect(lambda _result, k=key: self.forms.pop(k, None))
            if item_id is not None:
                self.forms[key] = form
        form.show()
        form.raise_()
        form.activateWindow()
        return form

    def open_selected(self) -> None:
        items = self.selection()
        if items:
            self.open_form(*items[0])

    def new_recommendation(self) -> None:
        inspection = self.window.plan_view.selected_inspection_id()
        if inspection is None:
            QMessageBox.information(self.window, "New recommendation", "Choose the inspection first (Plans tab).")
            return
        self.open_form("recommendation", None, inspection)

    def new_action(self) -> None:
        items = self.selection()
        if not items:
            QMessageBox.information(self.window, "New action", "Select the recommendation (or one of its actions).")
            return
        kind, item_id = items[0]
        recommendation = item_id if kind == "recommendation" else form_data.record("action", item_id).recommendation_id
        self.open_form("action", None, recommendation)

    # Several at once ----------------------------------------------------------------------------
    def revise_selected(self) -> None:
        chosen = self._selected_of_one_kind("Revise targets")
        if chosen:
            RevisionDialog(self.history, *chosen, parent=self.window).exec()

    def bulk_selected(self) -> None:
        chosen = self._selected_of_one_kind("Change several")
        if chosen:
            BulkDialog(self.history, *chosen, owners=form_data.owners(), parent=self.window).exec()

    def delete_selected(self) -> None:
        chosen = self._selected_of_one_kind("Delete")
        if not chosen:
            return
        kind, ids = chosen
        answer = QMessageBox.question(
            self.window,
            "Delete",
            f"Delete {len(ids)} {kind}(s)? They can be restored, with their history, from Edit ▸ Deleted items "
            "(or Edit ▸ Undo).",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.history.do(delete_items(kind, ids))

    def history_of_selected(self) -> None:
        items = self.selection()
        if items:
            kind, item_id = items[0]
            HistoryDialog(kind, item_id, kind.capitalize(), self.window).exec()

    def deleted_items(self) -> None:
        DeletedItemsDialog(self.history, self.window).exec()

    def set_editable(self, editable: bool) -> None:
        """A read-only database: every edit is off (viewing and History stay on)."""
        for action in (self.edit_action, self.new_inspection_action, self.new_recommendation_action,
                       self.new_action_action, self.revise_action, self.bulk_action, self.delete_action):  # fmt: skip
            action.setEnabled(editable)
        self.editable = editable
        self._update_actions()

    def forget(self) -> None:
        """Close the forms and drop the undo history (another database is opening)."""
        for form in list(self.forms.values()):
            form.close()
        self.forms.clear()
        self.history.undo_stack.clear()
        self.history.redo_stack.clear()
        self._update_actions()

    # Undo and redo --------------------------------------------------------------------------
    def undo(self) -> None:
        self._replay(self.history.undo, "Cannot undo")

    def redo(self) -> None:
        self._replay(self.history.redo, "Cannot redo")

    def _replay(self, step: Callable[[], str | None], title: str) -> None:
        try:
            step()
        except UndoNotPossible as refused:
            QMessageBox.information(self.window, title, str(refused))

    def _on_history_changed(self) -> None:
        self._update_actions()
        for key, form in list(self.forms.items()):
            if not form_data.exists(*key):
                form.dirty = False
                form.close()
            elif not form.dirty:
                form.reload()
        self.window.plans_changed.emit()

    def _update_actions(self) -> None:
        undo, redo = self.history.undo_stack, self.history.redo_stack
        editable = getattr(self, "editable", True)
        self.undo_action.setEnabled(bool(undo) and editable)
        self.redo_action.setEnabled(bool(redo) and editable)
        self.undo_action.setText(f"&Undo {undo[-1].description}" if undo else "&Undo")
        self.redo_action.setText(f"&Redo {redo[-1].description}" if redo else "&Redo")
