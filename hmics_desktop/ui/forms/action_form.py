"""The action form: number, text, owner, target, status, links, next steps and progress."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.domain.status import ActionStatus
from hmics_desktop.services import form_data
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.services.item_edits import move_action, save_item, set_links
from hmics_desktop.services.plan_edits import add_progress, combine
from hmics_desktop.services.progress_edits import remove_progress
from hmics_desktop.ui.accessible import labelled, name_after
from hmics_desktop.ui.forms.fields import PlanDateEdit, ProblemLabel, TextBox, elided, owner_completer
from hmics_desktop.ui.forms.item_form import ItemForm, SaveChoice
from hmics_desktop.ui.forms.links_picker import LinksPicker
from hmics_desktop.ui.forms.next_steps_editor import NextStepsEditor
from hmics_desktop.ui.forms.plan_dialogs import CorrectProgressDialog, RevisionDialog
from hmics_desktop.ui.operations import Operations
from hmics_desktop.ui.requests.asks_panel import AsksPanel
from hmics_desktop.ui.widgets import day_edit, left_row, plan_day_of, text_width

TARGET_LABELS = {False: "Tar&get date:", True: "Initial tar&get:"}  # once revised, the field holds the initial one


class ActionForm(ItemForm):
    record_kind = "action"

    def __init__(self, history: Operations, item_id: int | None, recommendation_id: int, parent: QWidget | None = None):
        super().__init__(history, "Action", parent)
        self.item_id = item_id
        self.opened_links: list[int] = []  # the links as loaded: a save changes only what the user changed
        self.recommendation_id = recommendation_id
        rec = form_data.record("recommendation", recommendation_id)
        self.inspection_id = rec.inspection_id
        self.prefix = QLabel(f"{rec.number}.")
        self.position = QSpinBox()
        self.position.setRange(1, 999)
        self.position.setMaximumWidth(text_width(self.position, "9999") + 30)
        self.text = TextBox(5)
        self.owner = QLineEdit()
        self.owner.setCompleter(owner_completer(form_data.owners(), self))
        self.target = PlanDateEdit()
        self.revise_button = QPushButton("&Revise target…")
        self.revise_button.setToolTip("A new target with its reason; the initial target and the history are kept")
        self.revise_button.clicked.connect(self._on_revise_clicked)
        self.revisions = QListWidget()
        self.revisions.setMaximumHeight(64)
        self.status = QComboBox()
        for status in ActionStatus:
            self.status.addItem(status.label, status.value)
        self.links = LinksPicker(form_data.link_choices(item_id, self.inspection_id))
        self.links.changed.connect(self.mark_dirty)
        self.next_steps = NextStepsEditor()
        self.next_steps.changed.connect(self.mark_dirty)

        # The update typed before every meeting comes first, on screen and in the Tab order.
        self.top.addWidget(self._progress_box())
        self.asks = AsksPanel(history, self._saved_first)  # what the owner asked in a returned update request
        self.asks.answered.connect(self._on_asks_answered)
        self.top.addWidget(self.asks)
        # Every label has its own mnemonic (Alt+letter), none shared with the buttons (&Save).
        self.add_field("&Number:", left_row(self.prefix, self.position), "number", field=self.position)
        self.add_field("Action to be ta&ken:", self.text, "text")
        self.add_field(
            "&Owner:", self.owner, "owner", description="Start typing: the owners already recorded are offered"
        )
        self.add_field(TARGET_LABELS[False], left_row(self.target, self.revise_button), "target", field=self.target)
        self._watch(self.target)
        self.add_field("Re&vised targets:", self.revisions)
        self.add_field("S&tatus:", self.status, "status")
        self.add_field("&Links:", self.links, "links", field=self.links.filter,
                       description="Find an action by its number or words, then tick it in the list below")  # fmt: skip
        self.add_field("Ne&xt steps:", self.next_steps, "next_steps", field=self.next_steps.list)
        self.extra.addWidget(self._move_box())
        self.reload()
        (self.text if item_id is None else self.progress_text).setFocus()

    # Progress ----------------------------------------------------------------------------
    def _progress_box(self) -> QGroupBox:
        box = QGroupBox("Progress (newest first)")
        self.progress_list = QListWidget()
        self.progress_list.setWordWrap(True)
        self.progress_list.setMinimumHeight(110)
        self.progress_list.setMaximumHeight(170)
        self.progress_date = day_edit()
        self.progress_text = TextBox(3)
        self.progress_text.setPlaceholderText("Latest progress update… (Ctrl+Enter adds it)")
        text_label = labelled("New progress &update:", self.progress_text, "Ctrl+Enter adds it to the updates recorded")
        self.add_progress_button = QPushButton("A&dd update")
        self.add_progress_button.clicked.connect(self._on_add_progress_clicked)
        self.progress_problem = ProblemLabel()
        self.progress_text.submitted.connect(self._on_add_progress_clicked)
        row = QHBoxLayout()
        row.addWidget(labelled("&As at:", self.progress_date))
        row.addWidget(self.progress_date)
        row.addStretch(1)
        row.addWidget(self.add_progress_button)
        self.correct_button = QPushButton("&Correct…")
        self.correct_button.setToolTip("Correct the date or the text of the selected update (double-click)")
        self.correct_button.clicked.connect(self._on_correct_clicked)
        self.remove_button = QPushButton("R&emove update")
        self.remove_button.setToolTip("Remove the selected update (it can be restored: Undo or Deleted items)")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.progress_list.itemDoubleClicked.connect(lambda _item: self._on_correct_clicked())
        self.progress_list.currentRowChanged.connect(self._on_progress_current_changed)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(labelled("U&pdates recorded:", self.progress_list))
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.correct_button)
        list_buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(box)
        layout.addWidget(text_label)
        layout.addWidget(self.progress_text)
        layout.addLayout(row)
        layout.addWidget(self.progress_problem)
        layout.addLayout(list_buttons)
        layout.addWidget(self.progress_list)
        return box

    def _selected_update(self) -> form_data.Progress | None:
        item = self.progress_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _on_progress_current_changed(self, row: int) -> None:
        chosen = self._selected_update() is not None
        self.correct_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _on_correct_clicked(self) -> None:
        update = self._selected_update()
        if update is not None and CorrectProgressDialog(self.history, update, self).exec():
            self._fill_progress()
            self.saved.emit()

    def _on_remove_clicked(self) -> None:
        update = self._selected_update()
        if update is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove the update",
            f"Remove the update as at {update.as_at.british()} “{elided(update.text)}”? It can be brought back "
            "with Edit ▸ Undo or from Edit ▸ Deleted items.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.history.do(remove_progress([update.id]))
            self._fill_progress()
            self.saved.emit()

    def _saved_first(self) -> bool:
        return self.item_id is not None and (not self.dirty or self.save())

    def _on_asks_answered(self) -> None:
        self.reload()
        self.saved.emit()

    def _on_revise_clicked(self) -> None:
        if self.item_id is None or (self.dirty and not self.save()):  # what was typed is saved first
            return
        if RevisionDialog(self.history, "action", [self.item_id], self).exec():
            self.reload()
            self.saved.emit()

    def _on_add_progress_clicked(self) -> None:  # Add update, Ctrl+Enter
        if self.item_id is None and not super().save():  # a new action is saved first
            return
        self._add_typed_progress()

    def _add_typed_progress(self) -> bool:
        assert self.item_id is not None
        day = plan_day_of(self.progress_date)
        try:
            self.history.do(add_progress(self.item_id, day, self.progress_text.text()))
        except ValidationError as error:
            self.progress_problem.show_problem(" ".join(error.problems.values()))
            return False
        self.progress_text.clear()
        self.progress_problem.show_problem(None)
        self._fill_progress()
        self.saved.emit()
        return True

    def _typed_progress(self) -> bool:
        return bool(self.progress_text.text().strip())

    def has_unsaved(self) -> bool:
        return super().has_unsaved() or self._typed_progress()

    def save(self, choice: SaveChoice | None = None) -> bool:
        """Save (Ctrl+S): the fields, then the update typed in the progress box, which is never left behind."""
        if not self._typed_progress():
            return super().save(choice)
        if (self.dirty or self.item_id is None) and not super().save(choice):
            return False
        return self._add_typed_progress()

    def _fill_progress(self) -> None:
        self.progress_list.clear()
        entries = form_data.progress(self.item_id) if self.item_id else []
        for entry in entries:
            item = QListWidgetItem(f"As at {entry.as_at}:\n{entry.text}")
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.progress_list.addItem(item)
        if not entries:
            self.progress_list.addItem("No progress recorded yet.")
        self._on_progress_current_changed(-1)

    # Moving --------------------------------------------------------------------------------
    def _move_box(self) -> QGroupBox:
        box = QGroupBox("Move to another recommendation")
        self.move_to = QComboBox()
        for choice in form_data.recommendation_choices(self.inspection_id):
            self.move_to.addItem(choice.label, choice.id)
            self.move_to.setItemData(self.move_to.count() - 1, choice.full, Qt.ItemDataRole.ToolTipRole)
        name_after(self.move_to, "Move to the recommendation")
        self.move_button = QPushButton("&Move")
        self.move_button.setToolTip("The action takes the next free number there and keeps its history")
        self.move_button.clicked.connect(self._on_move_clicked)
        row = QHBoxLayout(box)
        row.addWidget(self.move_to, 1)
        row.addWidget(self.move_button)
        return box

    def _on_move_clicked(self) -> None:
        target = self.move_to.currentData()
        if self.item_id is None or target == self.recommendation_id or (self.dirty and not self.save()):
            return
        self.history.do(move_action(self.item_id, target))
        self.recommendation_id = target
        self.reload()
        self.saved.emit()

    # Loading and saving ---------------------------------------------------------------------
    def load(self) -> None:
        rec = form_data.record("recommendation", self.recommendation_id)
        self.prefix.setText(f"{rec.number}.")
        self.move_button.setEnabled(self.item_id is not None)
        self.move_to.setCurrentIndex(max(self.move_to.findData(self.recommendation_id), 0))
        if self.item_id is None:
            self.setWindowTitle(f"New action under recommendation {rec.number}[*]")
            self.position.setValue(form_data.next_action_position(self.recommendation_id))
            self.status.setCurrentIndex(self.status.findData(ActionStatus.NOT_STARTED.value))
            self.revise_button.setEnabled(False)
            self._fill_progress()
            return
        action = form_data.record("action", self.item_id)
        self.recommendation_id = action.recommendation_id
        self.prefix.setText(f"{action.recommendation.number}.")
        self.setWindowTitle(f"Action {action.recommendation.number}.{action.position} — {rec.inspection.title}[*]")
        self.position.setValue(action.position)
        self.text.setPlainText(action.text)
        self.owner.setText(action.owner or "")
        self.target.set_value(action.target)
        # Once set, the target changes only through Revise target… (with a reason and history).
        self.target.setReadOnly(action.target is not None)
        self.target.setToolTip("Use Revise target… to change it" if action.target is not None else "")
        self.revise_button.setEnabled(True)
        self.revisions.clear()
        revised = form_data.revisions("action", self.item_id)
        self.revisions.addItems(revised or ["Not revised."])
        # Once revised, the field holds the initial target; the revised one is in the list below it.
        self.captions["target"].setText(TARGET_LABELS[bool(revised)])
        name_after(self.target, TARGET_LABELS[bool(revised)])
        if action.status is None and self.status.findData(None) < 0:
            self.status.insertItem(0, "Not recorded", None)  # imported without a status
        self.status.setCurrentIndex(max(self.status.findData(action.status), 0))
        self.opened_links = form_data.links(self.item_id)
        self.links.set_chosen(self.opened_links)
        self.next_steps.set_text(action.next_steps or "")
        self._fill_progress()
        self.asks.show_for(self.item_id)

    def collect(self) -> dict[str, Any]:
        problems: dict[str, str] = {}
        values = {
            "position": self.position.value(),
            "text": self.text.text(),
            "owner": self.owner.text().strip() or None,
            "target": self.date_value(self.target, "target", problems),
            "status": self.status.currentData(),
            "next_steps": self.next_steps.text() or None,
        }
        if problems:
            raise ValidationError(problems)
        return values

    def change_for(self, values: dict[str, Any], opened: dict[str, Any] | None, choice: SaveChoice) -> Change:
        chosen_links = self.links.chosen()
        if self.item_id is None:

            def link(new_id: int) -> None:
                if chosen_links:
                    set_links(new_id, chosen_links).apply()

            return self.create_change("action", values, self.recommendation_id, link)
        changes = [save_item("action", self.item_id, values, opened, restore=choice.restore)]
        if sorted(chosen_links) != sorted(self.opened_links) and "links" not in choice.keep_theirs:
            links_opened = None if "links" in choice.overwrite else self.opened_links
            changes.append(set_links(self.item_id, chosen_links, links_opened))
        return combine(changes[0].description, changes)
