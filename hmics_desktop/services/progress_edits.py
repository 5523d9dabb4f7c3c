"""Correcting and removing progress updates: audited, undoable; removing is soft (restorable)."""

from __future__ import annotations

from typing import Any

from hmics_desktop.domain import clock, rules
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.storage.models import Action, ProgressUpdate


def describe_update(update: Any) -> str:
    """The update in words: "the update of 15/02/2022 on action 1.1"."""
    action = Action.get_by_id(update.action_id)
    return f"the update of {update.as_at.british()} on action {action.recommendation.number}.{action.position}"


def correct_progress(update_id: int, as_at: PlanDate, text: str) -> Change:
    """A corrected date or text for a progress update already recorded."""
    if not text.strip():
        raise ValidationError({"progress": "The progress update is empty: write what has happened, or remove it."})
    if problems := rules.check_progress_date(as_at, clock.today()):
        raise ValidationError(problems)
    update = ProgressUpdate.get_by_id(update_id)

    def apply() -> None:
        ProgressUpdate.update(as_at=as_at, text=text.strip()).where(ProgressUpdate.id == update_id).execute()

    return Change(f"correction of {describe_update(update)}", apply)


def _mark_removed(update_ids: list[int], removed: bool) -> None:
    stamp = clock.now() if removed else None
    ProgressUpdate.update(deleted_at=stamp).where(ProgressUpdate.id.in_(update_ids)).execute()


def _what(update_ids: list[int]) -> str:
    if len(update_ids) == 1:
        return describe_update(ProgressUpdate.get_by_id(update_ids[0]))
    return f"{len(update_ids)} progress updates"


def remove_progress(update_ids: list[int]) -> Change:
    """Remove progress updates; they are kept (with the time) and come back with Undo or Deleted items."""
    return Change(f"removal of {_what(update_ids)}", lambda: _mark_removed(update_ids, True))


def restore_progress(update_ids: list[int]) -> Change:
    return Change(f"restoring {_what(update_ids)}", lambda: _mark_removed(update_ids, False))
