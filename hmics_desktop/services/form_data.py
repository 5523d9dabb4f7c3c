"""What the forms show: an item's fields, its history lists and the choices offered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.words import shortened
from hmics_desktop.storage.models import (
    Action,
    ActionLink,
    EvidenceSubmission,
    Inspection,
    Owner,
    ProgressUpdate,
    Recommendation,
    TargetRevision,
)


@dataclass(frozen=True)
class Choice:
    id: int
    label: str  # shortened at a word ("R1 The Scottish Police Authority and …")
    full: str = ""  # the whole text, for a tooltip


def record(kind: str, item_id: int) -> Any:
    model = {"inspection": Inspection, "recommendation": Recommendation, "action": Action}[kind]
    return model.get_by_id(item_id)


def exists(kind: str, item_id: int | None) -> bool:
    if item_id is None:
        return True
    model = {"inspection": Inspection, "recommendation": Recommendation, "action": Action}[kind]
    return model.get_or_none(model.id == item_id) is not None


def owners() -> list[str]:
    """The owners a form offers: those recorded on the plan and those in the owners' directory."""
    recs = Recommendation.select(Recommendation.owner).where(Recommendation.owner.is_null(False))
    actions = Action.select(Action.owner).where(Action.owner.is_null(False))
    found = {str(row.owner) for row in [*recs, *actions]} | {str(row.name) for row in Owner.select(Owner.name)}
    return sorted(found, key=str.lower)


def revised_target(kind: str, item_id: int) -> PlanDate | None:
    """The target it was revised to last, or None when it was never revised."""
    field = TargetRevision.recommendation if kind == "recommendation" else TargetRevision.action
    last = (
        TargetRevision.select()
        .where(field == item_id)
        .order_by(TargetRevision.revised_on.desc(), TargetRevision.id.desc())
        .first()
    )
    return last.target if last else None


def revisions(kind: str, item_id: int) -> list[str]:
    """The target's history as the committee reads it: "Sept 2022 → June 2025, because …"."""
    item = record(kind, item_id)
    start = item.initial_target if kind == "recommendation" else item.target
    field = TargetRevision.recommendation if kind == "recommendation" else TargetRevision.action
    lines, previous = [], start
    for revision in (
        TargetRevision.select().where(field == item_id).order_by(TargetRevision.revised_on, TargetRevision.id)
    ):
        lines.append(f"{previous or 'no target'} → {revision.target}, because {revision.reason or 'no reason given'} "
                     f"({revision.revised_on:%d/%m/%Y})")  # fmt: skip
        previous = revision.target
    return lines


def evidence(recommendation_id: int) -> list[tuple[int, str, bool]]:
    """(id, description, awaiting a response) for each submission, oldest first."""
    found = []
    for item in (
        EvidenceSubmission.select()
        .where(EvidenceSubmission.recommendation == recommendation_id)
        .order_by(EvidenceSubmission.sent_on, EvidenceSubmission.id)
    ):
        line = f"Sent {item.sent_on}: {item.description}" + (" (proposing closure)" if item.proposes_closure else "")
        if item.response:
            answer = "closure accepted" if item.response == "accepted" else "more evidence requested"
            line += f" — HMICS {item.response_on}: {answer}" + (f": {item.response_text}" if item.response_text else "")
        found.append((item.id, line, item.response is None))
    return found


@dataclass(frozen=True)
class Progress:
    id: int
    as_at: PlanDate
    text: str


def progress(action_id: int) -> list[Progress]:
    """The action's progress updates (not those removed), newest first."""
    updates = ProgressUpdate.select().where((ProgressUpdate.action == action_id) & ProgressUpdate.deleted_at.is_null())
    return [
        Progress(u.id, u.as_at, u.text) for u in updates.order_by(ProgressUpdate.as_at.desc(), ProgressUpdate.id.desc())
    ]


def link_choices(action_id: int | None, inspection_id: int) -> list[tuple[Choice, str]]:
    """Every action of the inspection as (choice, its text) for the links picker.

    The action itself is offered only when it already links to itself (legacy plans do, such as
    the published one's 1.4), so that saving its form never drops a link unasked.
    """
    keep_itself = action_id is not None and action_id in links(action_id)
    query = (
        Action.select(Action, Recommendation)
        .join(Recommendation)
        .where((Recommendation.inspection == inspection_id) & Action.deleted_at.is_null()
               & (Recommendation.kind == "recommendation"))
    )  # fmt: skip
    offered = [a for a in query if a.id != action_id or keep_itself]
    found = [(Choice(a.id, f"{a.recommendation.number}.{a.position}"), a.text) for a in offered]
    from hmics_desktop.domain.numbering import action_sort_key  # its patterns: compiled when first needed

    return sorted(found, key=lambda pair: action_sort_key(pair[0].label))


def links(action_id: int) -> list[int]:
    return [link.target_id for link in ActionLink.select().where(ActionLink.action == action_id)]


def recommendation_choices(inspection_id: int) -> list[Choice]:
    query = (
        Recommendation.select()
        .where((Recommendation.inspection == inspection_id) & Recommendation.deleted_at.is_null())
        .order_by(Recommendation.kind.desc(), Recommendation.number)
    )
    choices = []
    for r in query:
        number = f"{'R' if r.kind == 'recommendation' else 'AfD '}{r.number}"
        choices.append(Choice(r.id, f"{number} {shortened(r.text, 70)}", f"{number} {' '.join(r.text.split())}"))
    return choices


def next_action_position(recommendation_id: int) -> int:
    used = [a.position for a in Action.select(Action.position).where(Action.recommendation == recommendation_id)]
    return max(used, default=0) + 1


def next_recommendation_number(inspection_id: int, kind: str) -> int:
    query = Recommendation.select(Recommendation.number).where(
        (Recommendation.inspection == inspection_id) & (Recommendation.kind == kind)
    )
    return max((r.number for r in query), default=0) + 1


def item_label(kind: str, item_id: int) -> tuple[str, str]:
    """("action 1.1", its text) — how a confirmation names an item."""
    item = record(kind, item_id)
    if kind == "action":
        return f"action {item.recommendation.number}.{item.position}", item.text
    if kind == "recommendation":
        what = "recommendation" if item.kind == "recommendation" else "area for development"
        return f"{what} {item.number}", item.text
    return "the inspection", item.title
