"""The recommendation (or area for development) form.

Its text, owner, theme and grading, targets, status, position, what we did and the impact,
the committee's call (and a delay's category and reason) and the evidence sent to HMICS.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QSpinBox, QWidget

from hmics_desktop.domain import clock
from hmics_desktop.domain.classification import DELAY_CATEGORY, NO_THEME, THEME
from hmics_desktop.domain.dates import DateError, PlanDate
from hmics_desktop.domain.status import RecommendationStatus, Standing, committee_call
from hmics_desktop.services import form_data, lists
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.services.item_edits import save_item
from hmics_desktop.ui.forms.fields import ListChoice, PlanDateEdit, TextBox, grading_choice, owner_completer
from hmics_desktop.ui.forms.item_form import ItemForm, SaveChoice
from hmics_desktop.ui.forms.plan_dialogs import EvidenceDialog, ResponseDialog, RevisionDialog
from hmics_desktop.ui.operations import Operations
from hmics_desktop.ui.widgets import text_width

LISTS_MENU = "Edit ▸ Themes and delay categories…"


class RecommendationForm(ItemForm):
    record_kind = "recommendation"

    def __init__(self, history: Operations, item_id: int | None, inspection_id: int, parent: QWidget | None = None):
        super().__init__(history, "Recommendation", parent)
        self.item_id = item_id
        self.inspection_id = inspection_id
        self.kind = QComboBox()
        self.kind.addItem("Recommendation", "recommendation")
        self.kind.addItem("Area for development", "area_for_development")
        self.number = QSpinBox()
        self.number.setRange(1, 999)
        self.number.setMaximumWidth(text_width(self.number, "9999") + 30)
        self.text = TextBox(6)
        self.owner = QLineEdit()
        self.owner.setCompleter(owner_completer(form_data.owners(), self))
        self.initial_target = PlanDateEdit()
        self.closed_on = PlanDateEdit()
        self.closed_on.setPlaceholderText("Today when left empty")
        self.status = QComboBox()
        for status in RecommendationStatus:
            self.status.addItem(status.label, status.value)
        self.standing_label = QLabel()
        self.standing_label.setWordWrap(True)
        # Tab stops at the call, so that a screen reader reads it out with the fields
        self.standing_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.standing_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.override = QComboBox()
        self.override.addItem("As computed", None)
        self.override.addItem(Standing.ON_TRACK.label, Standing.ON_TRACK.value)
        self.override.addItem(Standing.DELAYED.label, Standing.DELAYED.value)
        self.override_reason = QLineEdit()
        self.override_reason.setPlaceholderText("Why the call is made by hand")
        self.override_reason.setAccessibleName("Why the call is made by hand")
        self.theme = ListChoice(NO_THEME)
        self.grading = grading_choice()
        self.delay_category = ListChoice("No category")
        self.delay_category.setAccessibleName("Delay category")
        self.delay_reason = QLineEdit()
        self.delay_reason.setPlaceholderText("Why it is delayed")
        self.delay_reason.setAccessibleName("Delay reason")
        self.position = TextBox(3)
        self.impact = TextBox(3)
        self.outcomes = TextBox(2)
        self.revisions = QListWidget()
        self.revisions.setMaximumHeight(80)
        self.evidence = QListWidget()
        self.evidence.setMaximumHeight(90)
        self.evidence.setWordWrap(True)

        # Every label has its own mnemonic (Alt+letter), none shared with the buttons (&Save).
        self.add_field("T&ype:", self.kind, "kind")
        self.add_field("&Number:", self.number, "number")
        self.add_field("Te&xt:", self.text, "text")
        self.add_field(
            "&Owner:", self.owner, "owner", description="Start typing: the owners already recorded are offered"
        )
        self.add_field("&Theme:", self.theme, "theme", description=f"From the list of themes ({LISTS_MENU})")
        self.add_field("&Grading:", self.grading, "grading")
        self.add_field("&Initial target:", self.initial_target, "initial_target")
        revise = QPushButton("&Revise target…")
        revise.clicked.connect(self._on_revise_clicked)
        self.add_field("Re&vised targets:", self._row(self.revisions, revise), field=self.revisions)
        self.add_field("St&atus:", self.status, "status")
        self.add_field("C&losed on:", self.closed_on, "closed_on", description="Left empty when closing: today")
        self.add_field("Co&mmittee:", self.standing_label)
        self.add_field("Mar&k by hand:", self._row(self.override, self.override_reason), "standing_override_reason",
                       field=self.override)  # fmt: skip
        self.add_field("&Delay (category, reason):", self._row(self.delay_category, self.delay_reason), "delay_reason",
                       field=self.delay_category)  # fmt: skip
        for part in (self.override, self.override_reason, self.delay_category, self.delay_reason):
            self._watch(part)  # the parts of a row of two: a change asks before closing, as any field's
        self.add_field("&Position:", self.position, "position")
        self.add_field("&What we did and the impact:", self.impact, "impact")
        self.add_field("Strategic o&utcomes:", self.outcomes, "outcomes")
        send = QPushButton("&Evidence sent…")
        send.clicked.connect(self._on_evidence_clicked)
        self.respond = QPushButton("&HMICS response…")
        self.respond.clicked.connect(self._on_response_clicked)
        self.add_field("Evidence to HMI&CS:", self._row(self.evidence, send, self.respond), field=self.evidence)
        self._revised_target: PlanDate | None = None
        for combo in (self.status, self.override):
            combo.currentIndexChanged.connect(self._show_committee_call)
        self.initial_target.textChanged.connect(self._show_committee_call)
        self.reload()

    def _show_committee_call(self, *_args: object) -> None:
        """The committee's call as the form stands now (closed, on track, delayed or marked by hand), and why."""
        try:
            initial = self.initial_target.value()
        except DateError:
            initial = None  # said under the field when saving
        override = self.override.currentData()
        self.standing_label.setText(
            committee_call(
                RecommendationStatus(self.status.currentData()),
                initial,
                self._revised_target,
                Standing(override) if override else None,
                clock.today(),
            )
        )

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget, 1 if isinstance(widget, QListWidget | QLineEdit) else 0)
        return box

    def load(self) -> None:
        saved = self.item_id is not None
        rec = form_data.record("recommendation", self.item_id) if saved else None
        self.theme.set_choices(lists.names(THEME), rec.theme if rec else None)
        self.delay_category.set_choices(lists.names(DELAY_CATEGORY), rec.delay_category if rec else None)
        for widget in (self.revisions.parentWidget(), self.evidence.parentWidget()):
            widget.setEnabled(saved)
        if not saved:
            self.setWindowTitle("New recommendation[*]")
            self.number.setValue(form_data.next_recommendation_number(self.inspection_id, "recommendation"))
            self._show_committee_call()
            return
        assert self.item_id is not None and rec is not None
        kind = "Recommendation" if rec.kind == "recommendation" else "Area for development"
        self.setWindowTitle(f"{kind} {rec.number} — {rec.inspection.title}[*]")
        self.kind.setCurrentIndex(self.kind.findData(rec.kind))
        self.number.setValue(rec.number)
        self.text.setPlainText(rec.text)
        self.owner.setText(rec.owner or "")
        self.initial_target.set_value(rec.initial_target)
        self.status.setCurrentIndex(self.status.findData(rec.status))
        self.closed_on.set_value(rec.closed_on)
        self.override.setCurrentIndex(max(self.override.findData(rec.standing_override), 0))
        self.override_reason.setText(rec.standing_override_reason or "")
        self.grading.setCurrentIndex(max(self.grading.findData(rec.grading), 0))
        self.delay_reason.setText(rec.delay_reason or "")
        self.position.setPlainText(rec.position or "")
        self.impact.setPlainText(rec.impact or "")
        self.outcomes.setPlainText(rec.outcomes or "")
        self._revised_target = form_data.revised_target("recommendation", self.item_id)
        self._show_committee_call()
        self.revisions.clear()
        self.revisions.addItems(form_data.revisions("recommendation", self.item_id) or ["Not revised."])
        self.evidence.clear()
        entries = form_data.evidence(self.item_id)
        self.evidence.addItems([line for _id, line, _waiting in entries] or ["None sent yet."])
        self.respond.setEnabled(any(waiting for *_rest, waiting in entries))

    def collect(self) -> dict[str, Any]:
        problems: dict[str, str] = {}
        values = {
            "kind": self.kind.currentData(),
            "number": self.number.value(),
            "text": self.text.text(),
            "owner": self.owner.text().strip() or None,
            "initial_target": self.date_value(self.initial_target, "initial_target", problems),
            "status": self.status.currentData(),
            "standing_override": self.override.currentData(),
            "standing_override_reason": self.override_reason.text().strip() or None,
            "theme": self.theme.value(),
            "grading": self.grading.currentData(),
            "delay_category": self.delay_category.value(),
            "delay_reason": self.delay_reason.text().strip() or None,
            "position": self.position.text() or None,
            "impact": self.impact.text() or None,
            "outcomes": self.outcomes.text() or None,
        }
        closed_on = self.date_value(self.closed_on, "closed_on", problems)
        if values["status"] == RecommendationStatus.CLOSED.value:
            values["closed_on"] = closed_on or PlanDate.from_date(clock.today())
        else:
            values["closed_on"] = None
        if problems:
            raise ValidationError(problems)
        return values

    def change_for(self, values: dict[str, Any], opened: dict[str, Any] | None, choice: SaveChoice) -> Change:
        if self.item_id is None:
            return self.create_change("recommendation", values, self.inspection_id)
        return save_item("recommendation", self.item_id, values, opened, restore=choice.restore)

    def _after_dialog(self, dialog: Any) -> None:
        if self.dirty and not self.save():  # what was typed is saved first, never lost
            return
        if dialog.exec():
            self.reload()
            self.saved.emit()

    def _on_revise_clicked(self) -> None:
        assert self.item_id is not None
        self._after_dialog(RevisionDialog(self.history, "recommendation", [self.item_id], self))

    def _on_evidence_clicked(self) -> None:
        assert self.item_id is not None
        self._after_dialog(EvidenceDialog(self.history, self.item_id, self))

    def _on_response_clicked(self) -> None:
        assert self.item_id is not None
        waiting = [item_id for item_id, _line, pending in form_data.evidence(self.item_id) if pending]
        self._after_dialog(ResponseDialog(self.history, waiting[-1], self.impact.text(), self))
