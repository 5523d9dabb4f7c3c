"""The round of update requests: who was asked, who has answered, what is still missing; reminders; ``dump``.

A request is outstanding until a return has come back for it; one that came back without every
action answered is partly returned. A row the owner filled is answered, even when the plan had it
already; an action deleted or closed since the request has nothing left to ask, and no reminder
names it. The outstanding come first (the most overdue first), then the
partly returned, then the rest. A reminder is an email draft naming what is still missing, with
the workbook sent attached again when it is still where it was written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from hmics_desktop.domain import clock
from hmics_desktop.domain.requests import file_stem
from hmics_desktop.domain.words import NameOrder, counted, name_order, shortened
from hmics_desktop.services.request_mail import reminder_draft, save_draft
from hmics_desktop.storage.models import Owner, UpdateRequest
from hmics_desktop.storage.request_store import returns_of, still_open


@dataclass
class ReturnSeen:
    saved_on: date
    path: Path
    rows_filled: int
    imported_at: Any


@dataclass
class RequestState:
    """One request, as the round window and ``requests --status`` show it."""

    id: int
    owner: str
    email: str | None
    sent_on: date
    due_on: date
    path: Path
    rows: int
    record: str  # the request's record as kept (JSON), read only when its rows are wanted
    returns: list[ReturnSeen] = field(default_factory=list)
    filled: set[int] = field(default_factory=set)  # the actions filled in some return (all of them sent)
    settled: set[int] = field(default_factory=set)  # the actions sent deleted or closed since: nothing to ask

    @cached_property
    def sent(self) -> list[dict[str, Any]]:
        """Each row as sent: its action, number, text…"""
        return list(json.loads(self.record)["sent"])

    @property
    def returned_on(self) -> date | None:
        return max((r.saved_on for r in self.returns), default=None)

    @property
    def outstanding(self) -> bool:
        return not self.returns

    @property
    def overdue(self) -> bool:
        return self.outstanding and self.due_on < clock.today()

    @property
    def complete(self) -> bool:
        return len(self.filled | self.settled) >= self.rows

    def missing(self) -> list[str]:
        """The actions still open that no return has filled: “1.2 Develop a structure …”."""
        return [f"{row['number']} {shortened(row['text'], 70)} ({row['inspection']})"
                for row in self.sent if row["action"] not in self.filled | self.settled]  # fmt: skip

    def standing(self) -> str:
        """``Outstanding (overdue)``, ``Partly returned: 3 of 5 rows``, ``Returned: 5 of 5 rows``."""
        if self.outstanding:
            return "Outstanding (overdue)" if self.overdue else "Outstanding"
        filled = f"{len(self.filled)} of {counted(self.rows, 'row')}"
        return f"{'Returned' if self.complete else 'Partly returned'}: {filled}"

    def order(self) -> tuple[int, date, NameOrder]:
        rank = 0 if self.outstanding else (2 if self.complete else 1)
        return (rank, self.due_on, name_order(self.owner))


def round_state() -> list[RequestState]:
    """Every request, the outstanding first."""
    requests = list(UpdateRequest.select().order_by(UpdateRequest.id))
    returns = returns_of([r.id for r in requests])
    states = []
    for request in requests:
        state = RequestState(
            request.id, request.owner, request.email, date.fromisoformat(request.sent_on),
            date.fromisoformat(request.due_on), Path(request.path), request.rows, request.record,
        )  # fmt: skip
        for returned in returns.get(request.id, []):
            rows = json.loads(returned.rows or "[]")
            state.returns.append(ReturnSeen(date.fromisoformat(returned.saved_on[:10]), Path(returned.path),
                                            returned.rows_filled, returned.imported_at))  # fmt: skip
            state.filled |= {int(row["action"]) for row in rows}  # every row kept is one the owner filled
        states.append(state)
    _settle([state for state in states if state.returns and len(state.filled) < state.rows])
    return sorted(states, key=RequestState.order)


def _settle(states: list[RequestState]) -> None:
    """Note, in each of ``states``, the actions sent that are deleted or closed since (one query per 900)."""
    sent = {state.id: {int(row["action"]) for row in state.sent} - state.filled for state in states}
    still = still_open(set().union(*sent.values())) if sent else set()
    for state in states:
        state.settled = sent[state.id] - still


def status_lines() -> list[str]:
    """What ``requests --status`` prints: one line per request, the outstanding first."""
    lines = []
    for state in round_state():
        returned = f", returned {state.returned_on:%d/%m/%Y}" if state.returned_on else ""
        lines.append(f"{state.owner}: {state.standing()} (sent {state.sent_on:%d/%m/%Y}, due {state.due_on:%d/%m/%Y}"
                     f"{returned})")  # fmt: skip
    return lines


class ReminderError(Exception):
    """A reminder that cannot be written; ``str()`` says why."""


def draft_reminder(request_id: int, folder: Path | None = None, sender: str | None = None) -> Path:
    """Write a reminder for what the request still lacks; the ``.eml`` file written (beside the request by default)."""
    state = next((s for s in round_state() if s.id == request_id), None)
    if state is None:
        raise ReminderError("That request is no longer on record.")
    if not state.returns:
        _settle([state])
    missing = state.missing()
    if not missing:
        raise ReminderError(f"{state.owner} has answered every action of this request still open; there is nothing "
                            "to remind.")  # fmt: skip
    target_folder = folder or state.path.parent
    if not target_folder.is_dir():
        raise ReminderError(f"The folder {target_folder} is not there any more; choose where to write the reminder.")
    known = next((o for o in Owner.select() if o.name.casefold() == state.owner.casefold()), None)
    address = known.email if known is not None else state.email
    workbook = state.path if state.path.is_file() else None
    stem = file_stem(state.owner, "reminder", clock.today())
    target, number = target_folder / f"{stem}.eml", 1
    while target.exists():
        number += 1
        target = target_folder / f"{stem} ({number}).eml"
    save_draft(reminder_draft(state.owner, address, sender, state.sent_on, state.due_on, missing, workbook), target)
    return target


def dump_requests() -> dict[str, Any]:
    """The owners' directory and every request with its returns, as ``dump`` prints them (no ids)."""
    owners = [{"name": o.name, "email": o.email, "group": o.grp} for o in Owner.select().order_by(Owner.name)]
    requests = []
    for state in round_state():
        request = UpdateRequest.get_by_id(state.id)
        returns = []
        for returned in returns_of([state.id]).get(state.id, []):
            rows = [{k: v for k, v in row.items() if k != "action"} for row in json.loads(returned.rows or "[]")]
            returns.append({"saved_on": returned.saved_on, "file": Path(returned.path).name,
                            "rows_filled": returned.rows_filled, "rows": rows})  # fmt: skip
        requests.append({
            "owner": state.owner, "email": state.email, "sent_on": request.sent_on, "due_on": request.due_on,
            "as_at": request.as_at, "inspections": json.loads(request.inspections), "file": state.path.name,
            "rows": [{k: v for k, v in row.items() if k != "action"} for row in state.sent],
            "standing": state.standing(), "returns": returns,
        })  # fmt: skip
    return {"owners": owners, "requests": requests}
