"""The plan as it stood on a paper's date ("as at"), for the committee's papers.

Everything comes from the plan as it stood at the end of that day (``storage.history.as_of``):
the inspections' names and challenges, which recommendations there were, their texts,
positions, impacts, statuses, closures and initial targets, and the targets in force. A paper
made today for a past day is the paper made on that day, unless a change that took effect by
then was recorded after it (a closure dated last month, typed today): the paper then says
what was recorded later (:func:`recorded_later`). Areas for development are kept apart: the
committee does not count them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan import Plan
from hmics_desktop.domain.plan_changes import shown
from hmics_desktop.domain.status import (
    ActionStatus,
    CommitteeCounts,
    RecommendationStatus,
    Standing,
    committee_standing,
)
from hmics_desktop.storage import history
from hmics_desktop.storage.history import PlanState
from hmics_desktop.storage.models import database
from hmics_desktop.storage.plan_reader import latest_revisions_in, plan_from_state

_FINISHED = {ActionStatus.COMPLETE.value, ActionStatus.TRANSFERRED.value, ActionStatus.WITHDRAWN.value}


@dataclass
class RecommendationAsAt:
    id: int
    kind: str  # "recommendation" or "area_for_development"
    number: int
    text: str
    status: RecommendationStatus
    standing: Standing
    initial_target: PlanDate | None
    target: PlanDate | None  # the target in force on the date (revised or initial)
    position: str
    impact: str
    closed_on: PlanDate | None  # only when closed on or before the date

    @property
    def counted(self) -> bool:
        return self.kind == "recommendation"

    def closed_between(self, since: date | None, as_at: date) -> bool:
        """Closed after ``since`` and on or before ``as_at`` ("closed since last meeting")."""
        if self.closed_on is None:
            return False
        day = self.closed_on.first_day()
        return (since is None or day > since) and day <= as_at


@dataclass
class InspectionAsAt:
    id: int
    title: str
    published: PlanDate | None
    challenges_risks: str
    recommendations: list[RecommendationAsAt] = field(default_factory=list)

    def counted(self) -> list[RecommendationAsAt]:
        return [r for r in self.recommendations if r.counted]

    def counts(self) -> CommitteeCounts:
        return CommitteeCounts.of([r.standing for r in self.counted()])


@dataclass
class PlansAsAt:
    """What a paper shows: the inspections as they stood, and the plan of each (for the appendix)."""

    day: date
    inspections: list[InspectionAsAt]
    plans: dict[int, Plan]
    recorded_later: list[str] = field(default_factory=list)


def _date(value: Any) -> PlanDate | None:
    return PlanDate.from_iso(value) if value else None


def open_action_targets(state: PlanState) -> dict[int, list[PlanDate]]:
    """Each recommendation's open actions' targets in force on the state's day (revised or first)."""
    revised: dict[int, tuple[str, int, str]] = {}
    for revision in state.rows.get("target_revision", {}).values():
        action_id = revision.get("action_id")
        key = (str(revision["revised_on"]), revision["id"])
        if action_id is not None and (action_id not in revised or key > revised[action_id][:2]):
            revised[action_id] = (*key, revision["target"])
    found: dict[int, list[PlanDate]] = {}
    for action in state.live("action"):
        if action["status"] in _FINISHED:
            continue
        target = revised[action["id"]][2] if action["id"] in revised else action["target"]
        if target:
            found.setdefault(action["recommendation_id"], []).append(PlanDate.from_iso(target))
    return found


def inspections_in(state: PlanState, inspection_ids: list[int]) -> list[InspectionAsAt]:
    """The inspections (in the order given) with their recommendations as the state holds them."""
    day = state.day
    assert day is not None
    found: list[InspectionAsAt] = []
    targets = latest_revisions_in(state, set(state.rows["recommendation"]))
    action_targets = open_action_targets(state)
    for inspection_id in inspection_ids:
        row = state.rows["inspection"].get(inspection_id)
        if row is None or row["deleted_at"]:
            continue
        inspection = InspectionAsAt(inspection_id, row["title"], _date(row["published"]), row["challenges_risks"] or "")
        recs = [r for r in state.live("recommendation") if r["inspection_id"] == inspection_id]
        for rec in sorted(recs, key=lambda r: (r["kind"] != "recommendation", r["number"])):
            status = RecommendationStatus(rec["status"])
            closed_on = _date(rec["closed_on"]) if status is RecommendationStatus.CLOSED else None
            initial = _date(rec["initial_target"])
            override = Standing(rec["standing_override"]) if rec["standing_override"] else None
            standing = committee_standing(status, initial, day, override, action_targets.get(rec["id"], []))
            inspection.recommendations.append(
                RecommendationAsAt(
                    id=rec["id"], kind=rec["kind"], number=rec["number"], text=rec["text"] or "", status=status,
                    standing=standing, initial_target=initial, target=targets.get(rec["id"], initial),
                    position=rec["position"] or "", impact=rec["impact"] or "", closed_on=closed_on,
                )
            )  # fmt: skip
        found.append(inspection)
    return found


def plans_as_at(inspection_ids: list[int], as_at: date) -> PlansAsAt:
    """The chosen inspections and their plans as they stood at the end of ``as_at``, in one snapshot."""
    with database.snapshot():
        sql = database.sql()
        state = history.as_of(sql, as_at, inspection_ids=inspection_ids)
        known = history.as_of(sql, as_at, as_at, inspection_ids=inspection_ids)
    inspections = inspections_in(state, inspection_ids)
    plans = {i.id: plan_from_state(state, i.id) for i in inspections}
    return PlansAsAt(as_at, inspections, plans, recorded_later(known, state, inspections))


def inspections_as_at(inspection_ids: list[int], as_at: date) -> list[InspectionAsAt]:
    """The inspections (in the order given) with their recommendations as at the day."""
    with database.snapshot():
        state = history.as_of(database.sql(), as_at, inspection_ids=inspection_ids)
    return inspections_in(state, inspection_ids)


def recorded_later(known: PlanState, state: PlanState, inspections: list[InspectionAsAt]) -> list[str]:
    """What the paper shows that was recorded after its date (a closure dated then, typed later), in words."""
    then = {i.id: i for i in inspections_in(known, [i.id for i in inspections])}
    said: list[str] = []
    for inspection in inspections:
        before = then.get(inspection.id)
        if before is None:
            said.append(f"the inspection “{inspection.title}”")
            continue
        if before.title != inspection.title:
            said.append(f"the name “{inspection.title}” (it was “{before.title}”)")
        old = {r.id: r for r in before.recommendations}
        for rec in inspection.recommendations:
            was = old.get(rec.id)
            name = f"{'Recommendation' if rec.counted else 'Area for development'} {rec.number}"
            if was is None:
                said.append(f"{name}")
            elif was.status != rec.status or was.closed_on != rec.closed_on:
                closed = f" on {shown(rec.closed_on)}" if rec.closed_on else ""
                said.append(f"{name} {rec.status.label.lower()}{closed}")
            elif (was.text, was.position, was.impact, was.initial_target) != (
                rec.text, rec.position, rec.impact, rec.initial_target
            ):  # fmt: skip
                said.append(f"a change to {name}")
    progress_then = {u["id"]: u for u in known.live("progress_update")}
    actions = {a["id"] for a in state.live("action")}
    for update in state.live("progress_update"):
        if update["action_id"] in actions and progress_then.get(update["id"], {}).get("text") != update["text"]:
            said.append(f"a progress update as at {shown(_date(update['as_at']))}")
    return said
