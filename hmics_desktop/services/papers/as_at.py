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

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from typing import Any

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan import Plan
from hmics_desktop.domain.status import (
    ActionStatus,
    CommitteeCounts,
    RecommendationStatus,
    Standing,
    committee_standing,
    standing_until,
)
from hmics_desktop.services.papers.recorded_later import Made, said_later
from hmics_desktop.storage import history
from hmics_desktop.storage.history import PlanState
from hmics_desktop.storage.models import database
from hmics_desktop.storage.plan_reader import latest_revisions_in, plan_from_state

_STATUSES = {status.value: status for status in RecommendationStatus}  # looked up, not made, for every row and day
_FINISHED = {ActionStatus.COMPLETE.value, ActionStatus.TRANSFERRED.value, ActionStatus.WITHDRAWN.value}


@dataclass(slots=True)
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
    """What a paper shows: the inspections as they stood, and (asked for) the plan of one, for the appendix."""

    day: date
    inspections: list[InspectionAsAt]
    state: PlanState
    recorded_later: list[str] = field(default_factory=list)

    def plan(self, inspection_id: int) -> Plan:
        return plan_from_state(self.state, inspection_id)


@lru_cache(maxsize=8192)
def _date(value: Any) -> PlanDate | None:
    """A stored date read once (the same months and days recur over thousands of rows and days)."""
    return PlanDate.from_iso(value) if value else None


def action_targets_in(
    state: PlanState, recommendation_ids: set[int] | None = None, *, with_no_target: bool = False
) -> dict[int, tuple[int, PlanDate | None]]:
    """Each open action's recommendation and target in force on the state's day (revised, or its first).

    ``recommendation_ids``: only the actions of these recommendations (None: of all); ``with_no_target``:
    those with no target too (None).
    """
    revised: dict[int, tuple[str, int, str]] = {}
    for revision in state.rows.get("target_revision", {}).values():
        action_id = revision.get("action_id")
        key = (str(revision["revised_on"]), revision["id"])
        if action_id is not None and (action_id not in revised or key > revised[action_id][:2]):
            revised[action_id] = (*key, revision["target"])
    found: dict[int, tuple[int, PlanDate | None]] = {}
    for action in state.live("action"):
        if recommendation_ids is not None and action["recommendation_id"] not in recommendation_ids:
            continue
        if action["status"] in _FINISHED:
            continue
        target = revised[action["id"]][2] if action["id"] in revised else action["target"]
        if target or with_no_target:
            found[action["id"]] = (action["recommendation_id"], _date(target))
    return found


def open_action_targets(state: PlanState, recommendation_ids: set[int] | None = None) -> dict[int, list[PlanDate]]:
    """Each recommendation's open actions' targets in force on the state's day (revised or first)."""
    found: dict[int, list[PlanDate]] = {}
    for rec_id, target in action_targets_in(state, recommendation_ids).values():
        if target is not None:
            found.setdefault(rec_id, []).append(target)
    return found


def judged_by_actions(recommendations: Iterable[dict[str, Any]]) -> set[int]:
    """Those of the recommendations (rows) judged by their open actions' targets.

    Open, with no initial target, not marked by hand: only these need the plan's actions to be counted.
    """
    return {
        rec["id"] for rec in recommendations
        if not rec["initial_target"] and rec["status"] != "closed" and not rec["standing_override"]
    }  # fmt: skip


def _standing(rec: dict[str, Any], day: date, action_targets: dict[int, list[PlanDate]]) -> Standing:
    """A recommendation's standing as the committee counts it on the day (its row as it stood then)."""
    override = Standing(rec["standing_override"]) if rec["standing_override"] else None
    status = _STATUSES[rec["status"]]
    return committee_standing(status, _date(rec["initial_target"]), day, override, action_targets.get(rec["id"], []))


# By a recommendation row's identity: the row, then (its inspection, its call and the call's last day:
# ``domain.status.standing_until``) when it is counted and not judged by its actions, else None.
Calls = dict[int, tuple[dict[str, Any], tuple[int, Standing, date | None] | None]]


def standings_in(state: PlanState, calls: Calls | None = None) -> list[tuple[int, int, Standing]] | None:
    """What the papers count on the state's day, without the rest of their rows: (recommendation, inspection, standing).

    Each counted recommendation of each inspection standing then, in the order of their ids, with
    the standing :func:`inspections_in` gives it; None when one is judged by its actions' targets
    and the state holds no actions (read them for that day). ``calls``: kept from one day to the
    next of a walk (``history.as_of_days`` shares the rows that did not change), so that a
    recommendation not judged by its actions is judged once, not once a day.
    """
    day = state.day
    assert day is not None
    calls = {} if calls is None else calls
    standing = {i for i, row in state.rows["inspection"].items() if not row["deleted_at"]}
    rows = state.rows["recommendation"]
    found: list[tuple[int, int, Standing]] = []
    by_actions: list[tuple[int, dict[str, Any]]] = []  # where in ``found``, and the row
    for rec_id in sorted(rows):  # made in the order they are read (by each chart, on each change of the filters)
        rec = rows[rec_id]
        known = calls.get(id(rec))
        if known is None or known[0] is not rec:
            known = calls[id(rec)] = (rec, _call(rec))
        call = known[1]
        if call is None:
            if rec["kind"] == "recommendation" and not rec["deleted_at"] and rec["inspection_id"] in standing:
                by_actions.append((len(found), rec))
                found.append((rec_id, rec["inspection_id"], Standing.ON_TRACK))  # its place, judged below
        elif call[0] in standing:
            found.append((rec_id, call[0], Standing.DELAYED if call[2] is not None and call[2] < day else call[1]))
    if by_actions and "action" not in state.rows:
        return None
    if by_actions:
        targets = open_action_targets(state, {rec["id"] for _at, rec in by_actions})
        for at, rec in by_actions:
            found[at] = (rec["id"], rec["inspection_id"], _standing(rec, day, targets))
    return found


def _call(rec: dict[str, Any]) -> tuple[int, Standing, date | None] | None:
    """A counted recommendation's inspection and call (None: not counted, or judged by its actions on each day)."""
    if rec["kind"] != "recommendation" or rec["deleted_at"] or judged_by_actions([rec]):
        return None
    override = Standing(rec["standing_override"]) if rec["standing_override"] else None
    return (rec["inspection_id"], *standing_until(_STATUSES[rec["status"]], _date(rec["initial_target"]), override))


def inspections_in(state: PlanState, inspection_ids: list[int]) -> list[InspectionAsAt]:
    """The inspections (in the order given) with their recommendations as the state holds them."""
    day = state.day
    assert day is not None
    found: list[InspectionAsAt] = []
    targets = latest_revisions_in(state, set(state.rows["recommendation"]))
    judged = judged_by_actions(state.live("recommendation"))
    action_targets = open_action_targets(state, judged) if judged else {}
    for inspection_id in inspection_ids:
        row = state.rows["inspection"].get(inspection_id)
        if row is None or row["deleted_at"]:
            continue
        inspection = InspectionAsAt(inspection_id, row["title"], _date(row["published"]), row["challenges_risks"] or "")
        recs = state.live_under("recommendation", "inspection_id", inspection_id)
        for rec in sorted(recs, key=lambda r: (r["kind"] != "recommendation", r["number"])):
            status = _STATUSES[rec["status"]]
            closed_on = _date(rec["closed_on"]) if status is RecommendationStatus.CLOSED else None
            initial = _date(rec["initial_target"])
            standing = _standing(rec, day, action_targets)
            inspection.recommendations.append(
                RecommendationAsAt(
                    id=rec["id"], kind=rec["kind"], number=rec["number"], text=rec["text"] or "", status=status,
                    standing=standing, initial_target=initial, target=targets.get(rec["id"], initial),
                    position=rec["position"] or "", impact=rec["impact"] or "", closed_on=closed_on,
                )
            )  # fmt: skip
        found.append(inspection)
    return found


def plans_as_at(
    inspection_ids: list[int], as_at: date, known_on: date | None = None, *, with_actions: bool = False
) -> PlansAsAt:
    """The chosen inspections as they stood at the end of ``as_at``, in one snapshot.

    ``known_on``: as what was recorded by then knew them (the paper as it was made on that day).
    Otherwise, when something recorded after the day took effect by then, what it changes is
    said (``recorded_later``; the actions too when ``with_actions``: the progress paper shows them).
    """
    with database.snapshot():
        sql = database.sql()
        state = history.as_of(sql, as_at, known_on, inspection_ids=inspection_ids, latest_progress=True)
        inspections = inspections_in(state, inspection_ids)
        said = []
        if known_on is None and history.recorded_later(sql, as_at):
            known = history.as_of(sql, as_at, as_at, inspection_ids=inspection_ids, latest_progress=True)
            said = recorded_later(known, state, inspections, with_actions, partial(history.made_on, sql))
    return PlansAsAt(as_at, inspections, state, said)


def inspections_as_at(inspection_ids: list[int], as_at: date) -> list[InspectionAsAt]:
    """The inspections (in the order given) with their recommendations as at the day."""
    with database.snapshot():
        state = history.as_of(database.sql(), as_at, inspection_ids=inspection_ids, latest_progress=True)
    return inspections_in(state, inspection_ids)


def recorded_later(
    known: PlanState,
    state: PlanState,
    inspections: list[InspectionAsAt],
    with_actions: bool = True,
    made: Made | None = None,
) -> list[str]:
    """What the paper shows differently from what was known on its date, in words (an undo, a late closure…).

    ``made``: a row's day it exists from and the day its making was recorded (to say an item was made by mistake).
    """
    ids = [i.id for i in inspections] + [
        i for i in known.rows.get("inspection", {}) if i not in state.rows["inspection"]
    ]
    return said_later(known, state, inspections_in(known, ids), inspections_in(state, ids), with_actions, made)
