"""Read plans back out of the database, as plain :class:`~hmics_desktop.domain.plan.Plan` data.

"As at" a day, a plan is the plan as it stood that day (``storage.history.as_of``): the
inspection's name, its recommendations and actions, their texts, owners, targets, statuses
and closures, each as they were, and an action's progress its latest update on or before
that day. Without a day, the plan as it stands.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.numbering import action_sort_key
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.storage.models import Inspection, TargetRevision, database

if TYPE_CHECKING:  # the history is read for a plan's export or paper, not to show the board
    from hmics_desktop.storage.history import PlanState


def inspection_titles() -> list[str]:
    query = Inspection.select(Inspection.title).where(Inspection.deleted_at.is_null()).order_by(Inspection.title)
    return [row.title for row in query]


def _date(value: Any) -> PlanDate | None:
    return PlanDate.from_iso(value) if value else None


def _iso(value: Any) -> str | None:
    return PlanDate.from_iso(value).iso() if value else None


def plan_from_state(state: PlanState, inspection_id: int) -> Plan:
    """The plan of one inspection as the state holds it (progress: the latest on or before the state's day)."""
    inspection = state.rows["inspection"][inspection_id]
    recommendations = sorted(
        state.live_under("recommendation", "inspection_id", inspection_id),
        key=lambda r: (r["kind"] != "recommendation", r["number"]),
    )
    rec_numbers = {rec["id"]: rec["number"] for rec in recommendations}
    actions = sorted(
        (a for rec_id in rec_numbers for a in state.live_under("action", "recommendation_id", rec_id)),
        key=lambda a: a["position"],
    )
    numbers = {a["id"]: f"{rec_numbers[a['recommendation_id']]}.{a['position']}" for a in actions}
    by_recommendation: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for action in actions:
        by_recommendation[action["recommendation_id"]].append(action)
    links: dict[int, list[str]] = defaultdict(list)
    for action_id in numbers:
        for link in state.live_under("action_link", "action_id", action_id):
            if link["target_id"] in numbers:
                links[action_id].append(numbers[link["target_id"]])
    progress = latest_progress_in(state, set(numbers))
    revised = latest_revisions_in(state, set(rec_numbers))
    plan = Plan(
        inspection=inspection["title"],
        inspectorate=inspection["inspectorate"],
        plan_title=inspection["plan_title"],
        as_at=_iso(inspection["as_at"]),
    )
    for rec in recommendations:
        plan.recommendations.append(
            PlanRecommendation(
                number=rec["number"],
                text=rec["text"],
                kind=rec["kind"],
                owner=rec["owner"],
                status=rec["status"],
                status_text=rec["status_text"],
                initial_target=_iso(rec["initial_target"]),
                revised_target=revised[rec["id"]].iso() if rec["id"] in revised else None,
                position=rec["position"],
                impact=rec["impact"],
                closed_on=_iso(rec["closed_on"]),
                standing_override=rec["standing_override"],
                theme=rec.get("theme"),
                grading=rec.get("grading"),
                delay_category=rec.get("delay_category"),
                actions=[
                    PlanAction(
                        number=numbers[a["id"]],
                        text=a["text"],
                        links=sorted(links.get(a["id"], []), key=action_sort_key),
                        links_text=a["links_text"],
                        owner=a["owner"],
                        target=_iso(a["target"]),
                        status=a["status"],
                        status_text=a["status_text"],
                        progress=progress[a["id"]][0] if a["id"] in progress else "",
                        progress_on=progress[a["id"]][1].iso() if a["id"] in progress else None,
                        next_steps=a["next_steps"],
                    )
                    for a in by_recommendation[rec["id"]]
                ],
            )
        )
    return plan


def read_plans(titles: list[str] | None = None, as_at: date | None = None) -> dict[str, Plan]:
    """The plans (all, or those now titled so) as they stood at the end of ``as_at``, in one snapshot.

    Keyed by the inspection's name as it stands now (the plan holds the name it had on the day);
    an inspection not yet recorded on the day has no plan.
    """
    from hmics_desktop.storage import history

    with database.snapshot():
        query = Inspection.select(Inspection.id, Inspection.title).where(Inspection.deleted_at.is_null())
        if titles is not None:
            query = query.where(Inspection.title.in_(titles))
        names = {row.id: row.title for row in query.order_by(Inspection.title)}
        state = history.as_of(database.sql(), as_at, inspection_ids=list(names), latest_progress=True)
    inspections = state.rows["inspection"]
    return {
        title: plan_from_state(state, i)
        for i, title in names.items()
        if i in inspections and not inspections[i]["deleted_at"]
    }


def latest_progress_in(state: PlanState, action_ids: set[int]) -> dict[int, tuple[str, PlanDate]]:
    """Each action's latest progress text and its date, on or before the state's day."""
    limit = state.day.isoformat() if state.day is not None else None
    found: dict[int, tuple[str, PlanDate]] = {}
    for action_id in action_ids:
        updates = [u for u in state.live_under("progress_update", "action_id", action_id)
                   if limit is None or u["as_at"] <= limit]  # fmt: skip
        if updates:
            latest = max(updates, key=lambda u: (u["as_at"], u["id"]))
            found[action_id] = (latest["text"], PlanDate.from_iso(latest["as_at"]))
    return found


def latest_revisions_in(
    state: PlanState, recommendation_ids: set[int], column: str = "recommendation_id"
) -> dict[int, PlanDate]:
    """Each recommendation's latest revised target in the state (revised on or before its day).

    ``column="action_id"``: each action's, for ``recommendation_ids`` naming actions.
    """
    found: dict[int, tuple[str, int, PlanDate]] = {}
    for revision in state.rows.get("target_revision", {}).values():
        rec_id = revision.get(column)
        if rec_id not in recommendation_ids:
            continue
        key = (str(revision["revised_on"]), revision["id"])
        if rec_id not in found or key > found[rec_id][:2]:
            found[rec_id] = (*key, PlanDate.from_iso(revision["target"]))
    return {rec_id: target for rec_id, (_on, _id, target) in found.items()}


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
