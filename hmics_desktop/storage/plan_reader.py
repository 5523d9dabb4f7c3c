"""Read plans back out of the database, as plain :class:`~hmics_desktop.domain.plan.Plan` data.

"As at" a day, an action's progress is its latest update on or before that day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.numbering import action_sort_key
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.storage.models import (
    Action,
    ActionLink,
    Inspection,
    ProgressUpdate,
    Recommendation,
    TargetRevision,
    database,
)


def inspection_titles() -> list[str]:
    query = Inspection.select(Inspection.title).where(Inspection.deleted_at.is_null()).order_by(Inspection.title)
    return [row.title for row in query]


def read_plan(inspection: Inspection, as_at: date | None = None) -> Plan:
    """The plan of one inspection; progress as at ``as_at`` (default: the latest)."""
    recommendations = list(
        Recommendation.select()
        .where((Recommendation.inspection == inspection) & Recommendation.deleted_at.is_null())
        .order_by(Recommendation.kind.desc(), Recommendation.number)
    )
    rec_numbers = {rec.id: rec.number for rec in recommendations}
    actions = list(
        Action.select()
        .where(Action.recommendation.in_(list(rec_numbers)) & Action.deleted_at.is_null())
        .order_by(Action.position)
    )
    numbers = {a.id: f"{rec_numbers[a.recommendation_id]}.{a.position}" for a in actions}
    by_recommendation: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        by_recommendation[action.recommendation_id].append(action)
    links = _links(list(numbers), numbers)
    progress = latest_progress(list(numbers), as_at)
    revised = latest_revisions([r.id for r in recommendations])
    plan = Plan(
        inspection=inspection.title,
        inspectorate=inspection.inspectorate,
        plan_title=inspection.plan_title,
        as_at=inspection.as_at.iso() if inspection.as_at else None,
    )
    for rec in recommendations:
        plan.recommendations.append(
            PlanRecommendation(
                number=rec.number,
                text=rec.text,
                kind=rec.kind,
                owner=rec.owner,
                status=rec.status,
                status_text=rec.status_text,
                initial_target=rec.initial_target.iso() if rec.initial_target else None,
                revised_target=revised[rec.id].iso() if rec.id in revised else None,
                position=rec.position,
                impact=rec.impact,
                closed_on=rec.closed_on.iso() if rec.closed_on else None,
                standing_override=rec.standing_override,
                actions=[
                    PlanAction(
                        number=numbers[a.id],
                        text=a.text,
                        links=links.get(a.id, []),
                        links_text=a.links_text,
                        owner=a.owner,
                        target=a.target.iso() if a.target else None,
                        status=a.status,
                        status_text=a.status_text,
                        progress=progress[a.id][0] if a.id in progress else "",
                        progress_on=progress[a.id][1].iso() if a.id in progress else None,
                        next_steps=a.next_steps,
                    )
                    for a in by_recommendation[rec.id]
                ],
            )
        )
    return plan


def read_plans(titles: list[str] | None = None, as_at: date | None = None) -> list[Plan]:
    """The plans (all, or those titled), read in one snapshot so that they never mix two commits."""
    with database.snapshot():
        query = Inspection.select().where(Inspection.deleted_at.is_null()).order_by(Inspection.title)
        if titles is not None:
            query = query.where(Inspection.title.in_(titles))
        return [read_plan(inspection, as_at) for inspection in query]


def _links(action_ids: list[int], numbers: dict[int, str]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(action_ids):
        for link in ActionLink.select().where(ActionLink.action.in_(chunk)):
            if link.target_id in numbers:
                found[link.action_id].append(numbers[link.target_id])
    return {k: sorted(v, key=action_sort_key) for k, v in found.items()}


def latest_progress(action_ids: list[int], as_at: date | None = None) -> dict[int, tuple[str, PlanDate]]:
    """Each action's latest progress text and its date, on or before ``as_at``."""
    found: dict[int, tuple[str, PlanDate]] = {}
    limit = PlanDate.from_date(as_at).iso() if as_at else None
    for chunk in _chunks(action_ids):
        query = ProgressUpdate.select().where(ProgressUpdate.action.in_(chunk) & ProgressUpdate.deleted_at.is_null())
        if limit is not None:
            query = query.where(ProgressUpdate.as_at <= limit)
        for update in query.order_by(ProgressUpdate.as_at, ProgressUpdate.id):
            found[update.action_id] = (update.text, update.as_at)
    return found


def latest_revisions(recommendation_ids: list[int]) -> dict[int, PlanDate]:
    """Each recommendation's current (latest revised) target, where it was revised."""
    found: dict[int, PlanDate] = {}
    for chunk in _chunks(recommendation_ids):
        query = TargetRevision.select().where(TargetRevision.recommendation.in_(chunk))
        for revision in query.order_by(TargetRevision.revised_on, TargetRevision.id):
            if revision.recommendation_id is not None:
                found[revision.recommendation_id] = revision.target
    return found


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
