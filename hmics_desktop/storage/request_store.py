"""The update requests' own rows: the signing key, the requests sent, their returns, and the actions as they stand.

A return is weighed against the plan as it stands (is its action still there, where, open?)
and against the history (the day each of those facts took effect: ``storage.history.field_days``).
Everything is read in a few queries per thousand actions, never one per row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.effective import day_of
from hmics_desktop.domain.plan_changes import action_label
from hmics_desktop.storage import history
from hmics_desktop.storage.models import RequestKey, RequestReturn, UpdateRequest, database

_CHUNK = 900
CLOSED_ACTION = ("complete", "transferred", "withdrawn")


def signing_key() -> tuple[str, str]:
    """This database's identity and the secret its requests are signed with."""
    key = RequestKey.get_by_id(1)
    return str(key.database_id), str(key.secret)


def request_by_token(token: str) -> UpdateRequest | None:
    """The request a return answers: its id, owner and the day it was sent (not its long record of what was sent)."""
    fields = (UpdateRequest.id, UpdateRequest.owner, UpdateRequest.sent_on)
    return UpdateRequest.select(*fields).where(UpdateRequest.token == token).first()


def returns_of(request_ids: list[int]) -> dict[int, list[RequestReturn]]:
    """Each request's returns, oldest first."""
    found: dict[int, list[RequestReturn]] = {}
    for chunk in _chunks(sorted(set(request_ids))):
        query = RequestReturn.select().where(RequestReturn.request.in_(chunk)).order_by(RequestReturn.id)
        for row in query:
            found.setdefault(row.request_id, []).append(row)
    return found


def returned_actions(returned: RequestReturn) -> set[int]:
    """The actions a return recorded something for."""
    return {int(row["action"]) for row in json.loads(returned.rows or "[]") if row.get("recorded")}


def still_open(ids: set[int]) -> set[int]:
    """Those of the actions ``ids`` still open: not deleted, complete, transferred or withdrawn, nor closed with theirs.

    An action whose recommendation or inspection is deleted, or whose making was undone, is not open.
    """
    found: set[int] = set()
    for chunk in _chunks(sorted(ids)):
        marks = ", ".join("?" for _ in chunk)
        found |= {int(row[0]) for row in database.sql().execute(
            'SELECT a.id FROM "action" a JOIN "recommendation" r ON r.id = a.recommendation_id '
            f'JOIN "inspection" i ON i.id = r.inspection_id WHERE a.id IN ({marks}) AND a.deleted_at IS NULL '
            "AND r.deleted_at IS NULL AND i.deleted_at IS NULL AND r.status <> 'closed' "
            f"AND (a.status IS NULL OR a.status NOT IN ({', '.join(repr(s) for s in CLOSED_ACTION)}))",
            chunk,
        ).fetchall()}  # fmt: skip
    return found


@dataclass
class ActionNow:
    """An action as it stands, with the days the facts a return is weighed against took effect."""

    id: int
    number: str  # "3.1" (or "3.1 (area for development)"), as it is numbered now
    recommendation_id: int
    inspection: str
    target: PlanDate | None  # its own (initial) target
    status: str | None
    recommendation_status: str
    next_steps: str | None
    deleted: bool = False  # it, its recommendation or its inspection is deleted
    deleted_on: date | None = None  # the day it was (where known)
    closed_on: date | None = None  # marked complete (transferred, withdrawn), or its recommendation closed
    next_steps_on: date | None = None  # the day its next steps took effect
    moved_on: date | None = None  # the day it (or its recommendation) last took another number or inspection
    latest_update: PlanDate | None = None  # its latest progress update's date
    asks: list[tuple[str, Any]] = field(default_factory=list)  # what owners asked that waits: (kind, value)


def actions_now(ids: list[int]) -> dict[int, ActionNow]:
    """The actions of ``ids`` that are still in the database (a deleted one is there, marked so)."""
    sql = database.sql()
    found: dict[int, ActionNow] = {}
    parents: dict[int, tuple[int, int, Any]] = {}  # action → its recommendation, inspection, when deleted
    days: dict[str, PlanDate] = {}  # a plan's targets and updates share a few hundred days: each read once
    for chunk in _chunks(sorted(set(ids))):
        marks = ", ".join("?" for _ in chunk)
        cursor = sql.execute(
            "SELECT a.id, r.kind, r.number, a.position, a.recommendation_id, r.inspection_id, i.title, a.target, "
            "a.status, r.status, r.closed_on, a.next_steps, coalesce(a.deleted_at, r.deleted_at, i.deleted_at), "
            'p.as_at FROM "action" a JOIN "recommendation" r ON r.id = a.recommendation_id '
            'JOIN "inspection" i ON i.id = r.inspection_id '
            f'LEFT JOIN "progress_update" p ON p.id = a.latest_progress_id WHERE a.id IN ({marks})',
            chunk,
        )
        for (action_id, kind, rec_number, position, rec_id, inspection_id, title, target, status, rec_status, closed_on,
             next_steps, deleted, latest) in cursor.fetchall():  # fmt: skip
            number = action_label(kind, f"{rec_number}.{position}")
            target_date = _plan_date(days, target)
            action = ActionNow(action_id, number, rec_id, title, target_date, status, rec_status, next_steps,
                               deleted=deleted is not None)  # fmt: skip
            action.closed_on = day_of(closed_on) if rec_status == "closed" else None
            action.latest_update = _plan_date(days, latest)  # the update the action points at: the newest by date
            found[action_id] = action
            parents[action_id] = (rec_id, inspection_id, deleted)
    _days(sql, found, parents)
    _waiting_asks(sql, found)
    return found


def _plan_date(days: dict[str, PlanDate], text: str | None) -> PlanDate | None:
    """The date ``text`` stands for (None: none), read once however many actions share it."""
    if not text:
        return None
    found = days.get(text)
    if found is None:
        found = days[text] = PlanDate.from_iso(text)
    return found


def _days(sql: Any, found: dict[int, ActionNow], parents: dict[int, tuple[int, int, Any]]) -> None:
    """The days deletions, closures and next steps took effect (the history's, where it knows them)."""
    action_days = history.field_days(sql, "action", list(found))
    rec_days = history.field_days(sql, "recommendation", {rec for rec, _insp, _deleted in parents.values()})
    inspection_days = history.field_days(sql, "inspection", {i for _r, i, deleted in parents.values() if deleted})
    for action_id, action in found.items():
        rec_id, inspection_id, deleted = parents[action_id]
        days = action_days.get(action_id, {})
        action.next_steps_on = days.get("next_steps")
        rec = rec_days.get(rec_id, {})
        places = [days.get("recommendation_id"), days.get("position"), rec.get("number"), rec.get("inspection_id")]
        action.moved_on = max((day for day in places if day is not None), default=None)
        if deleted:
            known = [found_days.get(key, {}).get("deleted_at") for found_days, key in
                     ((action_days, action_id), (rec_days, rec_id), (inspection_days, inspection_id))]  # fmt: skip
            action.deleted_on = max((day for day in known if day is not None), default=None) or day_of(deleted)
        if action.status in CLOSED_ACTION:
            action.closed_on = days.get("status") or action.closed_on
        elif action.recommendation_status == "closed" and action.closed_on is None:
            action.closed_on = rec_days.get(rec_id, {}).get("status")


def _waiting_asks(sql: Any, found: dict[int, ActionNow]) -> None:
    for chunk in _chunks(sorted(found)):
        marks = ", ".join("?" for _ in chunk)
        for action_id, kind, target, status in sql.execute(
            f'SELECT action_id, kind, target, status FROM "owner_ask" WHERE action_id IN ({marks}) '
            "AND decision IS NULL",
            chunk,
        ).fetchall():
            found[action_id].asks.append((kind, target if kind == "target" else status))


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
