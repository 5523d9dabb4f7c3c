"""Edits between meetings: progress updates, revised targets, bulk changes, evidence to HMICS."""

from __future__ import annotations

from typing import Any

from hmics_desktop.domain import rules
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.status import RecommendationStatus
from hmics_desktop.domain.words import counted
from hmics_desktop.services.editing import Change, ValidationError, set_fields
from hmics_desktop.services.item_edits import MODELS
from hmics_desktop.storage.audit import AuditBatch
from hmics_desktop.storage.models import EvidenceSubmission, ProgressUpdate, Recommendation, TargetRevision


def _reinsertable(model: Any, row: dict[str, Any], description: str) -> Change:
    """A change that inserts one row (keeping its id across undo and redo) and undoes by deleting it."""
    created: dict[str, int] = {}
    entity = str(model._meta.table_name)

    def redo(audit: AuditBatch) -> None:
        record = model.create(**row, **({"id": created["id"]} if "id" in created else {}))
        created["id"] = record.id
        audit.created(entity, record.id, description)

    def undo(audit: AuditBatch) -> None:
        audit.deleted(entity, created["id"], description)
        model.delete_by_id(created["id"])

    return Change(description, redo, undo)


def add_progress(action_id: int, as_at: PlanDate, text: str) -> Change:
    if not text.strip():
        raise ValidationError({"progress": "The progress update is empty: write what has happened."})
    return _reinsertable(ProgressUpdate, {"action": action_id, "as_at": as_at, "text": text.strip()}, "progress update")


def combine(description: str, changes: list[Change]) -> Change:
    """Several changes done and undone as one (a bulk change)."""

    def redo(audit: AuditBatch) -> None:
        for change in changes:
            change.redo(audit)

    def undo(audit: AuditBatch) -> None:
        for change in reversed(changes):
            change.undo(audit)

    return Change(description, redo, undo)


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
        _reinsertable(TargetRevision, {kind: item_id, "target": target, "reason": reason.strip()}, "revised target")
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
    olds: dict[int, dict[str, Any]] = {}

    def redo(audit: AuditBatch) -> None:
        for item_id in ids:
            olds[item_id] = set_fields(model, item_id, values, audit, None)

    def undo(audit: AuditBatch) -> None:
        for item_id in ids:
            set_fields(model, item_id, olds[item_id], audit, None)

    return Change(f"change of {counted(len(ids), kind)}", redo, undo)


def submit_evidence(recommendation_id: int, sent_on: PlanDate, description: str, proposes_closure: bool) -> Change:
    if not description.strip():
        raise ValidationError({"description": "Say what evidence was sent to HMICS."})
    row = {"recommendation": recommendation_id, "sent_on": sent_on, "description": description.strip(),
           "proposes_closure": proposes_closure}  # fmt: skip
    changes = [_reinsertable(EvidenceSubmission, row, "evidence submitted")]
    if proposes_closure:
        status = {"status": RecommendationStatus.EVIDENCE_SUBMITTED.value}
        changes.append(bulk_set("recommendation", [recommendation_id], status))
    return combine("evidence submitted to HMICS", changes)


def record_response(
    evidence_id: int, response_on: PlanDate, accepted: bool, their_words: str, impact: str | None = None
) -> Change:
    """HMICS's answer: accepting closure closes the recommendation; asking for more keeps it open."""
    evidence = EvidenceSubmission.get_by_id(evidence_id)
    recommendation = Recommendation.get_by_id(evidence.recommendation_id)
    if accepted and not (impact or recommendation.impact or "").strip():
        raise ValidationError({"impact": "Write “What we did and the impact” before closing the recommendation."})
    response = {"response_on": response_on, "response": "accepted" if accepted else "more_requested",
                "response_text": their_words.strip() or None}  # fmt: skip
    rec_values: dict[str, Any] = {
        "status": (RecommendationStatus.CLOSED if accepted else RecommendationStatus.OPEN).value
    }
    if accepted and impact:
        rec_values["impact"] = impact
    return combine(
        "HMICS response recorded",
        [_set(EvidenceSubmission, evidence_id, response), bulk_set("recommendation", [recommendation.id], rec_values)],
    )  # fmt: skip


def _set(model: Any, item_id: int, values: dict[str, Any]) -> Change:
    old: dict[str, Any] = {}

    def redo(audit: AuditBatch) -> None:
        record = model.get_by_id(item_id)
        old.update({name: getattr(record, name) for name in values})
        model.update(**values).where(model.id == item_id).execute()
        for name, value in values.items():
            audit.changed(str(model._meta.table_name), item_id, name, old[name], value)

    def undo(audit: AuditBatch) -> None:
        model.update(**old).where(model.id == item_id).execute()
        for name, value in old.items():
            audit.changed(str(model._meta.table_name), item_id, name, values[name], value)

    return Change("change", redo, undo)
