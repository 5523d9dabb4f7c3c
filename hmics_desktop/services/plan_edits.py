"""Edits between meetings: progress updates, revised targets, bulk changes, evidence to HMICS."""

from __future__ import annotations

from typing import Any

from hmics_desktop.domain import clock, rules
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.status import RecommendationStatus
from hmics_desktop.domain.words import counted
from hmics_desktop.services.editing import Change, ValidationError, set_fields
from hmics_desktop.services.item_edits import MODELS
from hmics_desktop.storage.models import (
    EvidenceSubmission,
    Inspection,
    ProgressUpdate,
    Recommendation,
    TargetRevision,
)
from hmics_desktop.storage.steps import When


def _insert(model: Any, row: dict[str, Any], description: str) -> Change:
    """A change that inserts one row."""
    return Change(description, lambda: model.create(**row))


def add_progress(action_id: int, as_at: PlanDate, text: str) -> Change:
    if not text.strip():
        raise ValidationError({"progress": "The progress update is empty: write what has happened."})
    if problems := rules.check_progress_date(as_at, clock.today()):
        raise ValidationError(problems)
    return _insert(ProgressUpdate, {"action": action_id, "as_at": as_at, "text": text.strip()}, "progress update")


def combine(description: str, changes: list[Change], when: When | None = None) -> Change:
    """Several changes done and undone as one (a bulk change)."""

    def apply() -> None:
        for change in changes:
            change.apply()

    return Change(description, apply, when)


def _on(day: PlanDate) -> When:
    """A dated fact's step: it takes effect on its own date (never after today)."""
    return When(day=min(day.first_day(), clock.today()))


def revise_targets(kind: str, ids: list[int], target: PlanDate, reason: str) -> Change:
    """One revised target, with its reason, for each item ("all target dates extended to June 2025")."""
    problems = rules.check_reason(reason)
    for item_id in ids:
        record: Any = MODELS[kind].get_by_id(item_id)
        initial = record.initial_target if kind == "recommendation" else record.target
        problems |= rules.check_revised_target(initial, target)
    if problems:
        raise ValidationError(problems)
    changes = [
        _insert(TargetRevision, {kind: item_id, "target": target, "reason": reason.strip()}, "revised target")
        for item_id in ids
    ]
    return combine(f"revised target for {counted(len(ids), kind)}", changes)


def bulk_set(kind: str, ids: list[int], values: dict[str, Any]) -> Change:
    """The same owner or status for several items at once."""
    model = MODELS[kind]
    if kind == "recommendation" and values.get("status") == RecommendationStatus.CLOSED.value:
        for item_id in ids:
            record: Any = model.get_by_id(item_id)
            if not (values.get("impact") or record.impact or "").strip():
                raise ValidationError({"impact": f"Recommendation {record.number} has no “What we did and the impact”: "
                                                 "write it before closing the recommendation."})  # fmt: skip

    def apply() -> None:
        for item_id in ids:
            set_fields(model, item_id, _with_closure_date(kind, item_id, values), None)

    return Change(f"change of {counted(len(ids), kind)}", apply)


def _with_closure_date(kind: str, item_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """A recommendation closed without a closure date is closed today; one reopened has none."""
    if kind != "recommendation" or "status" not in values or "closed_on" in values:
        return values
    if values["status"] != RecommendationStatus.CLOSED.value:
        return {**values, "closed_on": None}
    known = Recommendation.get_by_id(item_id).closed_on
    return {**values, "closed_on": known or PlanDate.from_date(clock.today())}


def submit_evidence(recommendation_id: int, sent_on: PlanDate, description: str, proposes_closure: bool) -> Change:
    if not description.strip():
        raise ValidationError({"description": "Say what evidence was sent to HMICS."})
    row = {"recommendation": recommendation_id, "sent_on": sent_on, "description": description.strip(),
           "proposes_closure": proposes_closure}  # fmt: skip
    changes = [_insert(EvidenceSubmission, row, "evidence submitted")]
    if proposes_closure:
        status = {"status": RecommendationStatus.EVIDENCE_SUBMITTED.value}
        changes.append(bulk_set("recommendation", [recommendation_id], status))
    return combine("evidence submitted to HMICS", changes, _on(sent_on))


def record_response(
    evidence_id: int, response_on: PlanDate, accepted: bool, their_words: str, impact: str | None = None
) -> Change:
    """HMICS's answer: accepting closure closes the recommendation; asking for more keeps it open."""
    evidence = EvidenceSubmission.get_by_id(evidence_id)
    recommendation = Recommendation.get_by_id(evidence.recommendation_id)
    if accepted and not (impact or recommendation.impact or "").strip():
        raise ValidationError({"impact": "Write “What we did and the impact” before closing the recommendation."})
    published = Inspection.get_by_id(recommendation.inspection_id).published if accepted else None
    if problems := rules.check_closure_date(response_on, clock.today(), "response_on", published):
        raise ValidationError(problems)
    response = {"response_on": response_on, "response": "accepted" if accepted else "more_requested",
                "response_text": their_words.strip() or None}  # fmt: skip
    rec_values: dict[str, Any] = {
        "status": (RecommendationStatus.CLOSED if accepted else RecommendationStatus.OPEN).value,
        "closed_on": response_on if accepted else None,  # closed on the day HMICS accepted
    }
    if accepted and impact:
        rec_values["impact"] = impact
    return combine(
        "HMICS response recorded",
        [_set(EvidenceSubmission, evidence_id, response), bulk_set("recommendation", [recommendation.id], rec_values)],
        _on(response_on),
    )  # fmt: skip


def _set(model: Any, item_id: int, values: dict[str, Any]) -> Change:
    return Change("change", lambda: model.update(**values).where(model.id == item_id).execute())
