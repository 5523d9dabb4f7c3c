"""What a paper made after its date shows differently from the paper made on that date, in words.

A paper as at a day shows the plan as it stood then; when something that took effect by then
was recorded later (a closure typed in late, an undo, an item deleted by mistake), the paper
says what. The comparison is generic: every value of what a paper is printed from, for each
item (the inspection, each recommendation, each action of a progress paper's appendix), as
the plan stood on the day as recorded then and as known now; a value the papers gain later is
compared without anyone having to add it here. Only the words for each field are kept here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import Any

from hmics_desktop.domain.effective import day_of
from hmics_desktop.domain.plan import Plan
from hmics_desktop.domain.plan_changes import shown
from hmics_desktop.domain.words import listed
from hmics_desktop.storage.history import PlanState
from hmics_desktop.storage.plan_reader import plan_from_state

Made = Callable[[str, int], tuple[date, date] | None]  # a row's day it exists from and day its making was recorded

# What a paper prints, in the users' words; a field not named here is said by its own name.
WORDS = {
    "title": "name", "inspection": "name", "published": "publication date", "challenges_risks": "challenges and risks",
    "text": "text", "status": "status", "status_text": "status", "standing": "standing (on track or delayed)",
    "initial_target": "initial target", "target": "target", "revised_target": "revised target",
    "position": "position", "impact": "what we did and the impact", "closed_on": "date of closure", "kind": "type",
    "links": "links", "links_text": "links", "owner": "owner", "progress": "latest progress update",
    "progress_on": "date of the latest progress update", "next_steps": "next steps", "plan_title": "plan title",
    "as_at": "As at date", "earlier_progress": "earlier progress updates",
}  # fmt: skip
_CLOSURE = {"status", "closed_on", "standing", "impact", "status_text"}  # said as "closed on …", "open"


def changed(was: Any, is_: Any, skip: frozenset[str] = frozenset()) -> list[str]:
    """The names of the fields of two versions of a printed item (dataclasses) whose values differ."""
    return [f.name for f in fields(was) if f.name not in skip and getattr(was, f.name) != getattr(is_, f.name)]


def in_words(names: list[str]) -> str:
    return listed(list(dict.fromkeys(WORDS.get(name, name.replace("_", " ")) for name in names)), 8)


def inspection_said(was: Any, is_: Any) -> list[str]:
    """The inspection's own values (its name, publication, challenges and risks…)."""
    names = changed(was, is_, frozenset({"id", "recommendations"}))
    said = [f"the name “{is_.title}” (it was “{was.title}”)"] if "title" in names else []
    rest = [name for name in names if name != "title"]
    return said + ([f"the {in_words(rest)} of “{is_.title}”"] if rest else [])


def recommendations_said(
    was: Any, is_: Any, plans: tuple[Plan, Plan] | None, state: PlanState, made: Made | None
) -> list[str]:
    """Each recommendation added, left out or changed (with its plan's values when the paper prints them)."""
    old = {r.id: r for r in was.recommendations}
    new = {r.id: r for r in is_.recommendations}
    planned = [{(r.kind, r.number): r for r in plan.recommendations} for plan in plans] if plans else None
    said = []
    for rec_id in [*new, *(i for i in old if i not in new)]:
        rec = new.get(rec_id) or old[rec_id]
        name = f"{'Recommendation' if rec.counted else 'Area for development'} {rec.number}"
        before, after = old.get(rec_id), new.get(rec_id)
        if before is None:
            said.append(f"{name} added")
            continue
        if after is None:
            said.append(left_out(name, "recommendation", rec_id, state, made))
            continue
        names = changed(before, after, frozenset({"id"}))
        if planned is not None and (key := (rec.kind, rec.number)) in planned[0] and key in planned[1]:
            names += changed(planned[0][key], planned[1][key], frozenset({"actions", "kind", "number"}))
        if {"status", "closed_on"} & set(names):
            closed = f" on {shown(after.closed_on)}" if after.closed_on else ""
            said.append(f"{name} {after.status.label.lower()}{closed}")
            names = [n for n in names if n not in _CLOSURE]
        if names:
            said.append(f"the {in_words(names)} of {name}")
    return said


def actions_said(was: Plan, is_: Plan, known: PlanState, state: PlanState, made: Made | None) -> list[str]:
    """Each action of the appendix added, left out or changed."""

    def actions(plan: Plan) -> dict[str, Any]:
        return {a.number if r.kind == "recommendation" else f"{a.number} (area for development)": a
                for r in plan.recommendations for a in r.actions}  # fmt: skip

    old, new = actions(was), actions(is_)
    ids = _action_ids(known)
    said = []
    for number in [*new, *(n for n in old if n not in new)]:
        before, after = old.get(number), new.get(number)
        if before is None:
            said.append(f"action {number} added")
        elif after is None:
            said.append(left_out(f"action {number}", "action", ids.get(number), state, made))
        elif names := changed(before, after, frozenset({"number"})):
            said.append(f"the {in_words(names)} of action {number}")
    return said


def left_out(name: str, table: str, row_id: int | None, state: PlanState, made: Made | None) -> str:
    """An item the paper made on its day showed and this one does not: made by mistake (deleted soon after), or not."""
    row = state.get(table, row_id)
    days = made(table, row_id) if made is not None and row_id is not None and row and row.get("deleted_at") else None
    deleted = day_of(row.get("deleted_at")) if row else None
    if days is None or deleted is None:
        return f"{name} taken out"
    return f"{name} left out (recorded on {days[1]:%d/%m/%Y} and deleted on {deleted:%d/%m/%Y}: made by mistake)"


def _action_ids(state: PlanState) -> dict[str, int]:
    """Each live action's number (as :func:`actions_said` keys them) and id, as the state holds them."""
    found = {}
    for action in state.live("action"):
        rec = state.get("recommendation", action["recommendation_id"])
        if rec is not None:
            suffix = "" if rec["kind"] == "recommendation" else " (area for development)"
            found[f"{rec['number']}.{action['position']}{suffix}"] = int(action["id"])
    return found


def said_later(
    known: PlanState, state: PlanState, before: list[Any], now: list[Any], with_actions: bool, made: Made | None
) -> list[str]:
    """What the paper shows differently from what was known on its date (``before``: its inspections as known then)."""
    was_by_id, is_by_id = {i.id: i for i in before}, {i.id: i for i in now}
    said: list[str] = []
    for inspection_id in [*is_by_id, *(i for i in was_by_id if i not in is_by_id)]:
        was, is_ = was_by_id.get(inspection_id), is_by_id.get(inspection_id)
        if was is None and is_ is not None:
            said.append(f"the inspection “{is_.title}” added")
            continue
        if is_ is None and was is not None:
            said.append(left_out(f"the inspection “{was.title}”", "inspection", inspection_id, state, made))
            continue
        assert was is not None and is_ is not None
        plans = (plan_from_state(known, inspection_id), plan_from_state(state, inspection_id)) if with_actions else None
        said += inspection_said(was, is_)
        if plans is not None:
            said += [f"the {in_words(names)} of “{is_.title}”'s plan" for names in
                     [changed(plans[0], plans[1], frozenset({"inspection", "recommendations"}))] if names]  # fmt: skip
        said += recommendations_said(was, is_, plans, state, made)
        if plans is not None:
            said += actions_said(*plans, known, state, made)
    return said
