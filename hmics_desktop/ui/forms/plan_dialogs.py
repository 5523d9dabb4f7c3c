"""Small dialogs for changes between meetings.

A revised target, a corrected progress update, evidence sent to HMICS, HMICS's response,
and changing several items at once.
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.domain.classification import DELAY_CATEGORY, NO_THEME, THEME
from hmics_desktop.domain.dates import DateError
from hmics_desktop.domain.status import ActionStatus, RecommendationStatus
from hmics_desktop.domain.words import counted, listed, plural
from hmics_desktop.services import form_data, lists
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.services.form_data import Progress
from hmics_desktop.services.plan_edits import bulk_set, record_response, revise_targets, submit_evidence
from hmics_desktop.services.progress_edits import correct_progress
from hmics_desktop.ui.accessible import buttons_last
from hmics_desktop.ui.forms.fields import ListChoice, PlanDateEdit, ProblemLabel, TextBox, elided, grading_choice
from hmics_desktop.ui.operations import Operations
from hmics_desktop.ui.widgets import day_edit, day_of, plan_day_of

LEAVE = "(leave as they are)"
KEEP = "keep"  # the value of "(leave as they are)" where None means "none"


def _items_note(kind: str, ids: list[int]) -> QLabel:
    """Which items the dialog changes: "For action 4.1 “Develop a structure …”" or "For actions 1.1, 1.2 and 2.1"."""
    labels = [form_data.item_label(kind, item_id) for item_id in ids]
    if len(labels) == 1:
        text = f"For {labels[0][0]} “{elided(labels[0][1])}”"
    else:
        numbers = [label.split(" ")[-1] for label, _text in labels]
        text = f"For {plural(kind)} {listed(numbers, 12)}"
    note = QLabel(f"{text}.")
    note.setWordWrap(True)
    return note


class ChangeDialog(QDialog):
    """A form whose OK makes one change through the shared history; problems show in place."""

    def __init__(self, history: Operations, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.problem = ProblemLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            buttons_last(self, self.buttons)  # the dialog opens on its first field, OK and Cancel come last
        super().showEvent(event)

    def build(self) -> Change:
        raise NotImplementedError

    def _on_ok(self) -> None:
        try:
            self.history.do(self.build())
        except ValidationError as error:
            self.problem.show_problem(" ".join(error.problems.values()))
            return
        except DateError as error:
            self.problem.show_problem(str(error))
            return
        self.accept()


class RevisionDialog(ChangeDialog):
    """A revised target for one or several items, with one reason."""

    def __init__(self, history: Operations, kind: str, ids: list[int], parent: QWidget | None = None) -> None:
        what = "action" if kind == "action" else "recommendation"
        title = (
            f"Revise the target of {counted(len(ids), what)}" if len(ids) > 1 else f"Revise the target of the {what}"
        )
        super().__init__(history, title, parent)
        self.kind, self.ids = kind, ids
        self.form.addRow(_items_note(kind, ids))
        self.target = PlanDateEdit()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. all target dates have now been extended to June 2025")
        self.form.addRow("New &target:", self.target)
        self.form.addRow("&Reason:", self.reason)
        self.ok_button.setText("Re&vise")
        self.form.addRow(QLabel("The initial target is kept: the committee still quotes it."))

    def build(self) -> Change:
        target = self.target.value()
        if target is None:
            raise ValidationError({"target": "Give the new target date."})
        return revise_targets(self.kind, self.ids, target, self.reason.text())


class CorrectProgressDialog(ChangeDialog):
    """The date or the words of a progress update already recorded."""

    def __init__(self, history: Operations, update: Progress, parent: QWidget | None = None) -> None:
        super().__init__(history, "Correct the progress update", parent)
        self.update_id, self.original = update.id, update.as_at
        self.as_at = day_edit(QDate(update.as_at.first_day()))
        self.text = TextBox(6)
        self.text.setPlainText(update.text)
        self.form.addRow("&As at:", self.as_at)
        self.form.addRow("&Update:", self.text)
        self.ok_button.setText("Sa&ve the correction")
        self.setMinimumWidth(640)

    def build(self) -> Change:
        day = day_of(self.as_at)
        # A month-only date stays a month unless another day is chosen.
        as_at = self.original if day == self.original.first_day() else plan_day_of(self.as_at)
        return correct_progress(self.update_id, as_at, self.text.text())


class EvidenceDialog(ChangeDialog):
    def __init__(self, history: Operations, recommendation_id: int, parent: QWidget | None = None) -> None:
        super().__init__(history, "Evidence submitted to HMICS", parent)
        self.recommendation_id = recommendation_id
        self.sent_on = day_edit()
        self.description = TextBox(3)
        self.proposes_closure = QCheckBox("&Proposes closure of the recommendation")
        self.proposes_closure.setChecked(True)
        self.form.addRow("&Sent on:", self.sent_on)
        self.form.addRow("&What was sent:", self.description)
        self.form.addRow("", self.proposes_closure)

    def build(self) -> Change:
        return submit_evidence(
            self.recommendation_id,
            plan_day_of(self.sent_on),
            self.description.text(),
            self.proposes_closure.isChecked(),
        )


class ResponseDialog(ChangeDialog):
    def __init__(self, history: Operations, evidence_id: int, impact: str, parent: QWidget | None = None) -> None:
        super().__init__(history, "HMICS's response", parent)
        self.evidence_id = evidence_id
        self.response_on = day_edit()
        self.accepted = QRadioButton("HMICS &closed the recommendation")
        self.more = QRadioButton("HMICS asked for &more evidence (it stays open)")
        self.accepted.setChecked(True)
        self.their_words = TextBox(3)
        self.impact = TextBox(3)
        self.impact.setPlainText(impact)
        self.form.addRow("&Response on:", self.response_on)
        self.form.addRow("", self.accepted)
        self.form.addRow("", self.more)
        self.form.addRow("&Their words:", self.their_words)
        self.form.addRow("&What we did and the impact:", self.impact)

    def build(self) -> Change:
        return record_response(
            self.evidence_id, plan_day_of(self.response_on), self.accepted.isChecked(), self.their_words.text(),
            self.impact.text() or None,
        )  # fmt: skip


class BulkDialog(ChangeDialog):
    """The same owner or status for several selected items; for recommendations, a theme, grading or delay category."""

    def __init__(
        self, history: Operations, kind: str, ids: list[int], owners: list[str], parent: QWidget | None = None
    ):
        super().__init__(history, f"Change {counted(len(ids), kind)} at once", parent)
        self.kind, self.ids = kind, ids
        self.form.addRow(_items_note(kind, ids))
        self.owner = QComboBox()
        self.owner.setEditable(True)
        self.owner.addItem(LEAVE, None)
        self.owner.addItems(owners)
        self.status = QComboBox()
        self.status.addItem(LEAVE, None)
        for status in ActionStatus if kind == "action" else RecommendationStatus:
            self.status.addItem(status.label, status.value)
        self.form.addRow("&Owner:", self.owner)
        self.form.addRow("&Status:", self.status)
        self.classes: dict[str, QComboBox] = {}
        if kind == "recommendation":
            for name, label, combo in (
                (THEME, "&Theme:", self._leave_or(ListChoice(NO_THEME), lists.names(THEME))),
                ("grading", "&Grading:", self._leave_or(grading_choice())),
                (DELAY_CATEGORY, "&Delay category:", self._leave_or(ListChoice("No category"),
                                                                    lists.names(DELAY_CATEGORY))),
            ):  # fmt: skip
                self.classes[name] = combo
                self.form.addRow(label, combo)
        self.ok_button.setText(f"&Change {plural(kind) if len(ids) > 1 else 'the ' + kind}")

    @staticmethod
    def _leave_or(combo: QComboBox, names: list[str] | None = None) -> QComboBox:
        """``combo`` with "(leave as they are)" first, chosen."""
        if isinstance(combo, ListChoice):
            combo.set_choices(names or [], None)
        combo.insertItem(0, LEAVE, KEEP)
        combo.setCurrentIndex(0)
        return combo

    def build(self) -> Change:
        values: dict[str, str | None] = {}
        owner = self.owner.currentText().strip()
        if owner and self.owner.currentIndex() != 0:
            values["owner"] = owner
        if self.status.currentData():
            values["status"] = self.status.currentData()
        values |= {name: combo.currentData() for name, combo in self.classes.items() if combo.currentData() != KEEP}
        if not values:
            raise ValidationError({"owner": "Choose what to give them all: an owner, a status, a theme…"})
        return bulk_set(self.kind, self.ids, values)
