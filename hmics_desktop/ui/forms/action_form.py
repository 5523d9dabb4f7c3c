"""The action form: number, text, owner, target, status, links, next steps and progress."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.domain.status import ActionStatus
from hmics_desktop.services import form_data
from hmics_desktop.services.editing import Change, EditHistory, ValidationError
from hmics_desktop.services.item_edits import move_action, save_item, set_links
from hmics_desktop.services.plan_edits import add_progress, combine
from hmics_desktop.ui.forms.fields import PlanDateEdit, ProblemLabel, TextBox, owner_completer
from hmics_desktop.ui.forms.item_form import ItemForm
from hmics_desktop.ui.forms.links_picker import LinksPicker
from hmics_desktop.ui.forms.next_steps_editor import NextStepsEditor
from hmics_desktop.ui.widgets import day_edit, plan_day_of


class ActionForm(ItemForm):
    def __init__(
        self, history: EditHistory, item_id: int | None, recommendation_id: int, parent: QWidget | None = None
    ):
        super().__init__(history, "Action", parent)
        self.item_id = item_id
        self.recommendation_id = recommendation_id
        rec = form_data.record("recommendation", recommendation_id)
        self.inspection_id = rec.inspection_id
        self.prefix = QLabel(f"{rec.number}.")
        self.position = QSpinBox()
        self.position.setRange(1, 999)
        self.position.setMaximumWidth(80)
        number = QWidget()
        number_row = QHBoxLayout(number)
        number_row.setContentsMargins(0, 0, 0, 0)
        number_row.addWidget(self.prefix)
        number_row.addWidget(self.position)
        number_row.addStretch(1)
        self.text = TextBox(5)
        self.owner = QLineEdit()
        self.owner.setCompleter(owner_completer(form_data.owners(), self))
        self.target = PlanDateEdit()
        self.status = QComboBox()
        self.status.addItem("Not recorded", None)
        for status in ActionStatus:
            self.status.addItem(status.label, status.value)
        self.links = LinksPicker(form_data.link_choices(item_id, self.inspection_id))
        self.links.changed.connect(self.mark_dirty)
        self.next_steps = NextStepsEditor()
        self.next_steps.changed.connect(self.mark_dirty)

        self.add_field("Number:", number, "number")
        self.add_field("Action to be taken:", self.text, "text")
        self.add_field("Owner:", self.owner, "owner")
        self.add_field("Target date:", self.target, "target")
        self.add_field("Status:", self.status, "status")
        self.add_field("Links:", self.links, "links")
        self.add_field("Next steps:", self.next_steps, "next_steps")
        self.top.addWidget(self._progress_box())  # the update typed before every meeting comes first
        self.extra.addWidget(self._move_box())
        self.reload()

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
        self.add_progress_button = QPushButton("Add update")
        self.add_progress_button.clicked.connect(self._on_add_progress_clicked)
        self.progress_problem = ProblemLabel()
        self.progress_text.submitted.connect(self._on_add_progress_clicked)
        row = QHBoxLayout()
        row.addWidget(QLabel("As at:"))
        row.addWidget(self.progress_date)
        row.addStretch(1)
        row.addWidget(self.add_progress_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.progress_text)
        layout.addLayout(row)
        layout.addWidget(self.progress_problem)
        layout.addWidget(self.progress_list)
        return box

    def _on_add_progress_clicked(self) -> None:
        if self.item_id is None and not self.save():
            return
        assert self.item_id is not None
        day = plan_day_of(self.progress_date)
        try:
            self.history.do(add_progress(self.item_id, day, self.progress_text.text()))
        except ValidationError as error:
            self.progress_problem.show_problem(" ".join(error.problems.values()))
            return
        self.progress_text.clear()
        self.progress_problem.show_problem(None)
        self._fill_progress()
        self.saved.emit()

    def _fill_progress(self) -> None:
        self.progress_list.clear()
        entries = form_data.progress(self.item_id) if self.item_id else []
        self.progress_list.addItems([f"As at {on}:\n{text}" for on, text in entries] or ["No progress recorded yet."])

    # Moving --------------------------------------------------------------------------------
    def _move_box(self) -> QGroupBox:
        box = QGroupBox("Move to another recommendation")
        self.move_to = QComboBox()
        for choice in form_data.recommendation_choices(self.inspection_id):
            self.move_to.addItem(choice.label, choice.id)
        self.move_button = QPushButton("Move")
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
            self.version = None
            self._fill_progress()
            return
        action = form_data.record("action", self.item_id)
        self.recommendation_id = action.recommendation_id
        self.prefix.setText(f"{action.recommendation.number}.")
        self.version = action.version
        self.setWindowTitle(f"Action {action.recommendation.number}.{action.position} — {rec.inspection.title}[*]")
        self.position.setValue(action.position)
        self.text.setPlainText(action.text)
        self.owner.setText(action.owner or "")
        self.target.set_value(action.target)
        self.status.setCurrentIndex(max(self.status.findData(action.status), 0))
        self.links.set_chosen(form_data.links(self.item_id))
        self.next_steps.set_text(action.next_steps or "")
        self._fill_progress()

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

    def change_for(self, values: dict[str, Any], overwrite: bool) -> Change:
        chosen_links = self.links.chosen()
        if self.item_id is None:

            def link(new_id: int) -> None:
                if chosen_links:
                    set_links(new_id, chosen_links).apply()

            return self.create_change("action", values, self.recommendation_id, link)
        changes = [save_item("action", self.item_id, values, None if overwrite else self.version)]
        if sorted(chosen_links) != sorted(form_data.links(self.item_id)):
            changes.append(set_links(self.item_id, chosen_links))
        return combine(changes[0].description, changes)
