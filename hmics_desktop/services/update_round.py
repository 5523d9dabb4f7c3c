"""The update round: what the secretary sees of each action in turn, and saving one step of it.

Before a meeting the secretary goes through the actions one after another: the action,
its last update and next steps; types the new update, corrects the next steps or the
status, and moves on. Each saved step is one change (undoable as one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.status import ActionStatus
from hmics_desktop.services import form_data
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.services.item_edits import save_item
from hmics_desktop.services.plan_edits import add_progress, combine
from hmics_desktop.storage.models import Action, Recommendation, TargetRevision


@dataclass(frozen=True)
class RoundItem:
    """One action as the round shows it."""

    id: int
    number: str
    inspection: str
    text: str
    owner: str
    target: PlanDate | None
    status: str | None
    next_steps: str
    last_update: form_data.Progress | None
    opened: dict[str, Any]  # next steps and status as stored when shown: a save changes only what the user changed


def round_item(action_id: int) -> RoundItem:
    action: Any = Action.get_by_id(action_id)
    rec = action.recommendation
    revised = (
        TargetRevision.select()
        .where(TargetRevision.action == action_id)
        .order_by(TargetRevision.revised_on.desc(), TargetRevision.id.desc())
        .first()
    )
    updates = form_data.progress(action_id)
    return RoundItem(
        id=action_id, number=f"{rec.number}.{action.position}", inspection=rec.inspection.title, text=action.text,
        owner=action.owner or "", target=revised.target if revised else action.target, status=action.status,
        next_steps=action.next_steps or "", last_update=updates[0] if updates else None,
        opened={"next_steps": action.next_steps, "status": action.status},
    )  # fmt: skip


def round_list(action_ids: list[int]) -> list[tuple[str, str]]:
    """(number, text) of each action, in the order given; a few queries however long the round."""
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(action_ids), 900):
        chunk = action_ids[start : start + 900]
        query = Action.select(Action.id, Action.position, Action.text, Recommendation.number).join(Recommendation)
        for action in query.where(Action.id.in_(chunk)):
            found[action.id] = (f"{action.recommendation.number}.{action.position}", action.text)
    return [found[action_id] for action_id in action_ids]


def save_step(
    item: RoundItem, as_at: PlanDate, update: str, next_steps: str, status: str | None,
    keep_theirs: frozenset[str] = frozenset(),
) -> Change | None:  # fmt: skip
    """The new update and any change to next steps or status, as one change; None when nothing changed.

    ``keep_theirs``: fields changed elsewhere too since the round showed the action, left as they are.
    """
    changes = []
    if update.strip():
        changes.append(add_progress(item.id, as_at, update))
    values: dict[str, Any] = {}
    if next_steps.strip() != item.next_steps.strip():
        values["next_steps"] = next_steps.strip() or None
    if status != item.status:
        if status is not None and status not in {s.value for s in ActionStatus}:
            raise ValidationError({"status": "Choose a status from the list."})
        values["status"] = status
    values = {name: value for name, value in values.items() if name not in keep_theirs}
    if values:
        changes.append(save_item("action", item.id, values, item.opened))
    if not changes:
        return None
    return combine(f"round update of action {item.number}", changes)
