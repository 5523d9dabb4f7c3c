"""Correcting and removing progress updates: audited, undoable; removing is soft (restorable)."""

from __future__ import annotations

from typing import Any

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.services.editing import Change, ValidationError, now
from hmics_desktop.storage.audit import AuditBatch
from hmics_desktop.storage.models import Action, ProgressUpdate


def describe_update(update: Any) -> str:
    """The update in words: "the update of 15/02/2022 on action 1.1"."""
    action = Action.get_by_id(update.action_id)
    return f"the update of {update.as_at.british()} on action {action.recommendation.number}.{action.position}"


def correct_progress(update_id: int, as_at: PlanDate, text: str) -> Change:
    """A corrected date or text for a progress update already recorded."""
    if not text.strip():
        raise ValidationError({"progress": "The progress update is empty: write what has happened, or remove it."})
    update = ProgressUpdate.get_by_id(update_id)
    wanted = {"as_at": as_at, "text": text.strip()}
    before = {"as_at": update.as_at, "text": update.text}

    def apply(audit: AuditBatch, values: dict[str, Any], previous: dict[str, Any]) -> None:
        ProgressUpdate.update(**values).where(ProgressUpdate.id == update_id).execute()
        for name, value in values.items():
            if previous[name] != value:
                audit.changed("progress_update", update_id, name, previous[name], value)

    return Change(
        f"correction of {describe_update(update)}",
        lambda audit: apply(audit, wanted, before),
        lambda audit: apply(audit, before, wanted),
    )


def remove_progress(update_ids: list[int]) -> Change:
    """Remove progress updates; they are kept (with the time) and come back with Undo or Deleted items."""
    updates = [ProgressUpdate.get_by_id(i) for i in update_ids]
    described = {u.id: describe_update(u) for u in updates}

    def mark(audit: AuditBatch, removed: bool) -> None:
        for update_id, what in described.items():
            ProgressUpdate.update(deleted_at=now() if removed else None).where(ProgressUpdate.id == update_id).execute()
            (audit.deleted if removed else audit.created)("progress_update", update_id, what)

    what = described[updates[0].id] if len(updates) == 1 else f"{len(updates)} progress updates"
    return Change(f"removal of {what}", lambda a: mark(a, True), lambda a: mark(a, False))


def restore_progress(update_ids: list[int]) -> Change:
    removal = remove_progress(update_ids)
    return Change(removal.description.replace("removal of", "restoring", 1), removal.undo, removal.redo)
