"""The Edit menu and the forms that keep the plan up to date.

Undo and redo across every window (see :mod:`undo_keys`), new, edit, delete, revise a
target, add a progress update, the update round, bulk changes, history, deleted items,
and the inspections' own edits (merge, delete). One form per item stays open at a time.
The right-click menus of the board and the plan tree offer the same actions.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from hmics_desktop.domain.words import counted, listed
from hmics_desktop.ui.accessible import tell
from hmics_desktop.ui.operations import Operations
from hmics_desktop.ui.shell.undo_keys import UndoKeys
from hmics_desktop.ui.widgets import gone_when_closed, menu_action

STATUS_SECONDS = 6  # how long a "Saved" or "Undone" message stays in the status bar
_LABEL_PIXELS = 600  # the longest Undo or Redo label: the Edit menu stays well inside a 1366 px screen
_FORMS, _DIALOGS, _ROUND = (
    "hmics_desktop.ui.forms.item_form",
    "hmics_desktop.ui.forms.plan_dialogs",
    "hmics_desktop.ui.round.round_window",
)

# The forms, the dialogs and the update round are loaded when first opened: the window shows without them.
if TYPE_CHECKING:
    from hmics_desktop.ui.board.board_view import BoardView
    from hmics_desktop.ui.forms.item_form import ItemForm
    from hmics_desktop.ui.round.round_window import RoundWindow
    from hmics_desktop.ui.shell.main_window import MainWindow


class EditController(QObject):
    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.editable = True
        self.history = Operations(self)  # every change off the GUI thread; the views told what it touched
        self.history.listeners.append(self._on_history_changed)
        self.history.changed.connect(window.refresh)  # what the change touched, and only that, shown again
        self.forms: dict[tuple[str, int | None], ItemForm] = {}
        self.round: RoundWindow | None = None
        self.last_menu: QMenu | None = None  # the right-click menu shown last
        self.undo_keys = UndoKeys(self.undo, self.redo, self._undo_blocked, self._tell, self)
        self.menu = menu
        self.undo_action = menu_action(menu, "&Undo", self.undo, QKeySequence.StandardKey.Undo, shown_only=True)
        self.redo_action = menu_action(menu, "&Redo", self.redo, "Ctrl+Shift+Z", shown_only=True)
        menu.addSeparator()
        self.edit_action = menu_action(menu, "&Open selected…", self.open_selected, "Enter", shown_only=True)
        self.add_update_action = menu_action(menu, "Add pro&gress update…", self.add_update, "Ctrl+U")
        self.round_action = menu_action(menu, "Update rou&nd…", self.start_round, "Ctrl+R")
        self.stale_round_action = menu_action(
            menu, "Round o&f actions not updated since the last meeting…", self.start_stale_round, "Ctrl+Shift+R"
        )
        self.revise_action = menu_action(menu, "Revise &target…", self.revise_selected, "Ctrl+T")
        self.bulk_action = menu_action(menu, "Change owner, &status, theme or grading of selected…", self.bulk_selected)
        self.delete_action = menu_action(
            menu, "&Delete selected…", self.delete_selected, QKeySequence.StandardKey.Delete
        )
        self.history_action = menu_action(menu, "&History of selected…", self.history_of_selected, "Ctrl+H")
        menu.addSeparator()
        self.new_inspection_action = menu_action(menu, "New &inspection…", lambda: self.open_form("inspection", None))
        self.new_recommendation_action = menu_action(menu, "New re&commendation…", self.new_recommendation)
        self.new_action_action = menu_action(menu, "New &action…", self.new_action, "Ctrl+Shift+N")
        self.merge_action = menu_action(menu, "&Merge the inspection into another…", self.merge_inspection)
        self.delete_inspection_action = menu_action(menu, "Delete the ins&pection…", self.delete_inspection)
        menu.addSeparator()
        self.deleted_action = menu_action(menu, "De&leted items…", self.deleted_items)
        menu_action(menu, "Themes and dela&y categories…", self.edit_lists)
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

    def item_menu(self, parent: QWidget, position: QPoint) -> None:
        """The right-click menu of a row of the board or the plan tree (the row is selected first)."""
        items = self.selection()
        actions_only = bool(items) and all(kind == "action" for kind, _id in items)
        menu = QMenu(parent)
        menu.addAction(self.edit_action)
        if actions_only:
            menu.addAction(self.add_update_action)
        menu.addAction(self.revise_action)
        menu.addAction(self.history_action)
        if actions_only and len(items) > 1:
            menu.addAction(self.round_action)
        menu.addSeparator()
        menu.addAction(self.new_action_action)
        menu.addAction(self.delete_action)
        self._show_menu(menu, parent.mapToGlobal(position))

    def inspection_menu(self, parent: QWidget, position: QPoint) -> None:
        """The right-click menu of an inspection (Plans tab)."""
        menu = QMenu(parent)
        menu.addAction("&Open (edit or rename)…", self.open_inspection)
        menu.addAction("&History…", self.history_of_inspection)
        menu.addSeparator()
        menu.addAction("Update &round of this inspection…", self.round_of_inspection)
        menu.addAction(self.new_recommendation_action)
        menu.addAction(self.merge_action)
        menu.addAction(self.delete_inspection_action)
        self._show_menu(menu, parent.mapToGlobal(position))

    def _show_menu(self, menu: QMenu, where: QPoint) -> None:
        """Pop the menu up without blocking; it is kept until the next one replaces it."""
        if self.last_menu is not None:
            self.last_menu.deleteLater()
        self.last_menu = menu
        menu.popup(where)

    # Forms ---------------------------------------------------------------------------------
    def open_form(self, kind: str, item_id: int | None, parent_id: int | None = None) -> ItemForm:
        key = (kind, item_id)
        form = self.forms.get(key) if item_id is not None else None
        if form is None:
            if kind == "inspection":
                from hmics_desktop.ui.forms.inspection_form import InspectionForm

                form = InspectionForm(self.history, item_id, self.window)
            elif kind == "recommendation":
                from hmics_desktop.services.plan_queries import inspection_of
                from hmics_desktop.ui.forms.recommendation_form import RecommendationForm

                inspection = parent_id or inspection_of("recommendation", item_id or 0)
                form = RecommendationForm(self.history, item_id, inspection, self.window)
            else:
                from hmics_desktop.ui.forms.action_form import ActionForm

                parent = parent_id or _form_data().record("action", item_id).recommendation_id
                form = ActionForm(self.history, item_id, parent, self.window)
            form.finished.connect(lambda _result, k=key: self.forms.pop(k, None))
            gone_when_closed(form)
            form.saved.connect(self._on_form_saved)
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

    def add_update(self) -> None:
        """The selected action's form, with the cursor in its new progress update."""
        actions = [item_id for kind, item_id in self.selection() if kind == "action"]
        if not actions:
            QMessageBox.information(self.window, "Add progress update", "Select the action to add an update to.")
            return
        form = self.open_form("action", actions[0])
        from hmics_desktop.ui.forms.action_form import ActionForm  # loaded by open_form

        assert isinstance(form, ActionForm)
        form.progress_text.setFocus()

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
        if kind == "action":
            item_id = _form_data().record("action", item_id).recommendation_id
        self.open_form("action", None, item_id)

    # The update round ------------------------------------------------------------------------
    def start_round(self) -> None:
        """Several selected actions, or else every action the board shows (with its filters)."""
        selected = [item_id for kind, item_id in self.selection() if kind == "action"]
        if len(selected) > 1:
            self._open_round(selected, counted(len(selected), "selected action"))
        else:
            self._round_of_board()
            if selected and self.round is not None and selected[0] in self.round.ids:
                self.round.show_step(self.round.ids.index(selected[0]))  # from the action selected

    def round_of_inspection(self) -> None:
        """Every action of the inspection chosen on the Plans tab (the board's other filters kept)."""
        inspection = self._inspection()
        if inspection is not None:
            self._round_of_board(lambda board: board.inspection.setCurrentIndex(board.inspection.findData(inspection)))

    def start_stale_round(self) -> None:
        """The actions not updated since the last meeting (the board's filter, with the others kept)."""
        self._round_of_board(lambda board: board.stale.setChecked(True))

    def _round_of_board(self, narrow: Callable[[BoardView], None] | None = None) -> None:
        """The actions the board shows, once ``narrow`` has set one more of its filters."""
        board = self.window.board
        board.show_actions()
        if narrow is not None:
            narrow(board)
        self.window.workspace.setCurrentWidget(board)
        self._open_round([item_id for _kind, item_id in board.shown_items()], board.describe_filter())

    def _open_round(self, ids: list[int], title: str) -> None:
        if not ids:
            QMessageBox.information(self.window, "Update round", "No actions to go through: change the filters.")
            return
        if self.round is not None:
            self.round.close()
        from hmics_desktop.ui.round.round_window import RoundWindow

        self.round = RoundWindow(self.history, ids, title, self.window)
        gone_when_closed(self.round).finished.connect(self._on_round_finished)
        self.round.open_requested.connect(self.open_form)
        self.round.step_saved.connect(self._on_form_saved)
        self.round.show()
        self.round.activateWindow()

    def _on_round_finished(self, _result: int) -> None:
        self.round = None

    # Several at once ----------------------------------------------------------------------------
    def revise_selected(self) -> None:
        chosen = self._selected_of_one_kind("Revise target")
        if chosen:
            from hmics_desktop.ui.forms.plan_dialogs import RevisionDialog

            gone_when_closed(RevisionDialog(self.history, *chosen, parent=self.window)).exec()

    def bulk_selected(self) -> None:
        chosen = self._selected_of_one_kind("Change several")
        if chosen:
            from hmics_desktop.ui.forms.plan_dialogs import BulkDialog

            gone_when_closed(BulkDialog(self.history, *chosen, owners=_form_data().owners(), parent=self.window)).exec()

    def delete_selected(self) -> None:
        chosen = self._selected_of_one_kind("Delete")
        if not chosen:
            return
        kind, ids = chosen
        from hmics_desktop.ui.forms.fields import elided

        names = [f"{label} “{elided(text, 60)}”" for label, text in (_form_data().item_label(kind, i) for i in ids)]
        box = QMessageBox(QMessageBox.Icon.Question, "Delete", f"Delete {listed(names)}?", parent=self.window)
        box.setInformativeText(
            f"{'They' if len(ids) > 1 else 'It'} can be restored, with {'their' if len(ids) > 1 else 'its'} "
            "history, from Edit ▸ Deleted items (or Edit ▸ Undo)."
        )
        delete_button = box.addButton(f"Delete {counted(len(ids), kind)}", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is delete_button:
            from hmics_desktop.services.item_edits import delete_items  # what changes the plan: when first used

            self.history.do(delete_items(kind, ids))

    def history_of_selected(self) -> None:
        items = self.selection()
        if items:
            from hmics_desktop.ui.forms.record_dialogs import HistoryDialog

            kind, item_id = items[0]
            label, _text = _form_data().item_label(kind, item_id)
            gone_when_closed(HistoryDialog(kind, item_id, label[0].upper() + label[1:], self.window)).exec()

    def deleted_items(self) -> None:
        from hmics_desktop.ui.forms.record_dialogs import DeletedItemsDialog

        gone_when_closed(DeletedItemsDialog(self.history, self.window, editable=self.editable)).exec()

    def edit_lists(self) -> None:
        from hmics_desktop.ui.forms.lists_dialog import ListsDialog

        gone_when_closed(ListsDialog(self.history, self.window, editable=self.editable)).exec()

    # Inspections ---------------------------------------------------------------------------------
    def _inspection(self) -> int | None:
        inspection = self.window.plan_view.selected_inspection_id()
        if inspection is None:
            QMessageBox.information(self.window, "Inspection", "Choose the inspection first (Plans tab).")
        return inspection

    def open_inspection(self) -> None:
        inspection = self._inspection()
        if inspection is not None:
            self.open_form("inspection", inspection)

    def history_of_inspection(self) -> None:
        inspection = self._inspection()
        if inspection is not None:
            from hmics_desktop.ui.forms.record_dialogs import HistoryDialog

            title = _form_data().record("inspection", inspection).title
            gone_when_closed(HistoryDialog("inspection", inspection, title, self.window)).exec()

    def merge_inspection(self) -> None:
        inspection = self._inspection()
        if inspection is not None:
            from hmics_desktop.ui.forms.inspection_form import MergeDialog

            gone_when_closed(MergeDialog(self.history, inspection, self.window)).exec()

    def delete_inspection(self) -> None:
        inspection = self._inspection()
        if inspection is None:
            return
        title = _form_data().record("inspection", inspection).title
        answer = QMessageBox.question(
            self.window,
            "Delete the inspection",
            f"Delete the inspection “{title}” with all its recommendations and actions? It can be restored "
            "from Edit ▸ Deleted items (or Edit ▸ Undo).",
        )
        if answer == QMessageBox.StandardButton.Yes:
            from hmics_desktop.services.item_edits import delete_items

            self.history.do(delete_items("inspection", [inspection]))

    def set_editable(self, editable: bool, has_plans: bool = True) -> None:
        """A read-only database: every edit is off (viewing and History stay on).

        An empty one: only a new inspection (the welcome page offers the example and the import).
        """
        self.new_inspection_action.setEnabled(editable)
        for action in (self.edit_action, self.new_recommendation_action, self.new_action_action,
                       self.revise_action, self.bulk_action, self.delete_action, self.add_update_action,
                       self.round_action, self.stale_round_action, self.merge_action,
                       self.delete_inspection_action):  # fmt: skip
            action.setEnabled(editable and has_plans)
        self.history_action.setEnabled(has_plans)
        self.editable = editable
        self._update_actions()

    def forget(self) -> None:
        """Close the forms and drop the undo history (another database is opening)."""
        for form in list(self.forms.values()):
            form.close()
        if self.round is not None:
            self.round.close()
        self.forms.clear()
        self.history.forget()

    # Undo and redo --------------------------------------------------------------------------
    def undo(self) -> None:
        if self.editable:
            self._replay(self.history.undo, "Cannot undo", "Undone")

    def redo(self) -> None:
        if self.editable:
            self._replay(self.history.redo, "Cannot redo", "Redone")

    def _replay(self, step: Callable[[], str | None], title: str, word: str) -> None:
        from hmics_desktop.services.edit_history import UndoNotPossible  # the undo list's: loaded by the first change

        try:
            description = step()
        except UndoNotPossible as refused:
            QMessageBox.information(self.window, title, str(refused))
            return
        if description:
            self._say(f"{word}: {description}.")

    def _say(self, sentence: str) -> None:
        """A brief word in the main window's status bar, said aloud too: what was just saved, undone or redone."""
        tell(self.window, sentence, STATUS_SECONDS)

    def _on_form_saved(self) -> None:
        done, self.history.last_done = self.history.last_done, None
        self._say(f"Saved: {done.description}." if done is not None else "Saved (nothing had changed).")

    def _undo_blocked(self, window: QWidget | None) -> str | None:
        if isinstance(window, _loaded(_DIALOGS, "ChangeDialog")):
            return "Finish this dialog (OK or Cancel) before undoing a saved change."
        if window is not None and window is QApplication.activeModalWidget():
            return ""  # a question (or another dialog) waits for its answer
        if isinstance(window, _loaded(_FORMS, "ItemForm")) and window.has_unsaved():
            return "This form has changes not saved yet: save them (Ctrl+S) or close the form before undoing."
        if isinstance(window, _loaded(_ROUND, "RoundWindow")) and window.typed():
            return "Save (Ctrl+Enter) or clear what you typed here before undoing a saved change."
        return None

    def _tell(self, window: QWidget | None, sentence: str) -> None:
        if isinstance(window, _loaded(_FORMS, "ItemForm")):
            window.general_problem.show_problem(sentence)
        elif isinstance(window, _loaded(_ROUND, "RoundWindow") | _loaded(_DIALOGS, "ChangeDialog")):
            window.problem.show_problem(sentence)

    def _on_history_changed(self) -> None:
        self._update_actions()
        self.follow_changes()

    def follow_changes(self) -> None:
        """The open forms and the round show the plan as it is now (after a step here, or changes elsewhere)."""
        for key, form in list(self.forms.items()):
            if not _form_data().exists(*key):
                if form.dirty:  # its making undone elsewhere: what was typed stays in the form, to be copied
                    from hmics_desktop.services.editing import ItemGone

                    form.general_problem.show_problem(str(ItemGone(key[0])))
                    continue
                form.close()
            elif not form.dirty:
                form.reload()
        if self.round is not None and not self.round.typed():
            self.round.show_step(self.round.index)  # an undo elsewhere: show the action as it is now

    def _update_actions(self) -> None:
        undo, redo = self.history.next_undo(), self.history.next_redo()
        self.undo_action.setEnabled(undo is not None and self.editable)
        self.redo_action.setEnabled(redo is not None and self.editable)
        for action, verb, step in ((self.undo_action, "Undo", undo), (self.redo_action, "Redo", redo)):
            action.setText(f"&{verb} {_label(self.menu, step)}" if step else f"&{verb}")
            action.setToolTip(f"{verb} {step or ''}".strip() + f" ({action.shortcut().toString()})")


def _label(menu: QMenu, step: str) -> str:
    """``step`` as the Edit menu shows it: shortened in the middle to fit a small screen, an "&" shown as typed.

    An import names its inspections, however long; the end (what it changed or confirmed) stays.
    """
    return menu.fontMetrics().elidedText(step, Qt.TextElideMode.ElideMiddle, _LABEL_PIXELS).replace("&", "&&")


def _form_data() -> ModuleType:
    """The forms' reads of the plan (:mod:`services.form_data`): loaded by the first action that needs them."""
    from hmics_desktop.services import form_data

    return form_data


class _NoneOpen:
    """The kind of no window: what a window is asked against when its kind's module is not loaded."""


def _loaded(module: str, name: str) -> Any:
    """The window class ``name`` of ``module``, once loaded; before, no window of it can be open (nothing is loaded)."""
    found = sys.modules.get(module)
    return getattr(found, name) if found is not None else _NoneOpen
