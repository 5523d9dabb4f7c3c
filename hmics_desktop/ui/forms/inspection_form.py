"""The inspection form, and the dialog that merges one inspection into another.

The form: title, inspectorate, kind, publication date, owning group, challenges and risks.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from hmics_desktop.domain.words import counted
from hmics_desktop.services import form_data, plan_queries
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.services.inspection_edits import merge_inspections
from hmics_desktop.services.item_edits import save_item
from hmics_desktop.ui.forms.fields import PlanDateEdit, TextBox
from hmics_desktop.ui.forms.item_form import ItemForm, SaveChoice
from hmics_desktop.ui.forms.plan_dialogs import ChangeDialog
from hmics_desktop.ui.operations import Operations

INSPECTORATES = ["HMICS", "HMICFRS", "Audit Scotland", "Internal audit"]
KINDS = ["Thematic", "Custody", "Local policing", "Audit"]


def _editable_combo(items: list[str]) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(items)
    return combo


class InspectionForm(ItemForm):
    record_kind = "inspection"

    def __init__(self, history: Operations, item_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(history, "Inspection", parent)
        self.item_id = item_id
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Hate Crime 2021")
        self.inspectorate = _editable_combo(INSPECTORATES)
        self.kind = _editable_combo(["", *KINDS])
        self.published = PlanDateEdit()
        self.published.setPlaceholderText("e.g. June 2021")
        self.owning_group = QLineEdit()
        self.owning_group.setPlaceholderText("e.g. Crime Audit Tactical Group")
        self.challenges = TextBox(5)
        self.add_field("&Title:", self.title, "title")
        self.add_field("&Inspectorate:", self.inspectorate, "inspectorate", description="Choose one, or type another")
        self.add_field("&Kind:", self.kind, "kind", description="Choose one, or type another")
        self.add_field("&Published:", self.published, "published")
        self.add_field("Owning &group:", self.owning_group, "owning_group")
        self.add_field("&Challenges and risks:", self.challenges, "challenges_risks")
        self.resize(640, 480)
        self.reload()

    def load(self) -> None:
        if self.item_id is None:
            self.setWindowTitle("New inspection[*]")
            return
        inspection = form_data.record("inspection", self.item_id)
        self.setWindowTitle(f"Inspection — {inspection.title}[*]")
        self.title.setText(inspection.title)
        self.inspectorate.setCurrentText(inspection.inspectorate or "HMICS")
        self.kind.setCurrentText(inspection.kind or "")
        self.published.set_value(inspection.published)
        self.owning_group.setText(inspection.owning_group or "")
        self.challenges.setPlainText(inspection.challenges_risks or "")

    def collect(self) -> dict[str, Any]:
        problems: dict[str, str] = {}
        values = {
            "title": self.title.text().strip(),
            "inspectorate": self.inspectorate.currentText().strip() or None,
            "kind": self.kind.currentText().strip() or None,
            "published": self.date_value(self.published, "published", problems),
            "owning_group": self.owning_group.text().strip() or None,
            "challenges_risks": self.challenges.text() or None,
        }
        if problems:
            raise ValidationError(problems)
        return values

    def change_for(self, values: dict[str, Any], opened: dict[str, Any] | None, choice: SaveChoice) -> Change:
        if self.item_id is None:
            return self.create_change("inspection", values, None)
        return save_item("inspection", self.item_id, values, opened, restore=choice.restore)


class MergeDialog(ChangeDialog):
    """Move every recommendation of one inspection into another; the emptied one is deleted."""

    def __init__(self, history: Operations, inspection_id: int, parent: QWidget | None = None) -> None:
        super().__init__(history, "Merge the inspection into another", parent)
        self.inspection_id = inspection_id
        rows = plan_queries.inspections()
        source = next(row for row in rows if row.id == inspection_id)
        self.target = QComboBox()
        for row in rows:
            if row.id != inspection_id:
                self.target.addItem(row.title, row.id)
        note = QLabel(
            f"The {counted(source.counts.total, 'recommendation')} of “{source.title}”, with "
            f"{'its' if source.counts.total == 1 else 'their'} actions, progress and history, "
            f"{'moves' if source.counts.total == 1 else 'move'} into the inspection chosen here; “"
            f"{source.title}” is then deleted (Edit ▸ Undo or Deleted items bring it back)."
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.form.addRow("Merge &into:", self.target)
        self.ok_button.setText("&Merge")
        self.ok_button.setEnabled(self.target.count() > 0)

    def build(self) -> Change:
        return merge_inspections(self.inspection_id, self.target.currentData())
