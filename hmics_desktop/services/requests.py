"""Update requests out: each owner's open actions as a workbook, an email draft beside it, a record kept.

An owner's open actions are those not complete, transferred or withdrawn, of recommendations
not closed, in the inspections chosen, as the plan stood at the end of the request's day
(``storage.history.as_of``: one inspection at a time, so that a plan of fifty thousand actions
is never held whole). Each owner gets "‹Owner› – update request – ‹date›.xlsx" and its ``.eml``
draft; the requests are recorded once every file is written, and the files are taken away
again if they cannot be.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan_changes import action_label
from hmics_desktop.domain.requests import file_stem
from hmics_desktop.domain.words import counted, listed, name_order
from hmics_desktop.excel.atomic_save import CannotWriteExport
from hmics_desktop.excel.cell_text import TextTooLong
from hmics_desktop.excel.request_workbook import RequestHeading, RequestRow, Signing, write_request_workbook
from hmics_desktop.services.request_mail import request_draft, save_draft
from hmics_desktop.storage import history
from hmics_desktop.storage.journal import Row
from hmics_desktop.storage.models import Inspection, Owner, UpdateRequest, database
from hmics_desktop.storage.plan_reader import latest_progress_in, latest_revisions_in
from hmics_desktop.storage.request_store import CLOSED_ACTION, signing_key

Progress = Callable[[int, int, str], None]
_TABLES = ("inspection", "recommendation", "action", "progress_update", "target_revision")


class RequestError(Exception):
    """Requests that cannot be made; ``str()`` says why in one sentence (nothing was written)."""


@dataclass
class RequestOptions:
    folder: Path
    due_on: date
    as_at: date | None = None  # the plan as at this day (default: today)
    inspections: list[str] | None = None  # by name (default: every inspection)
    owners: list[str] | None = None  # by name (default: every owner with open actions)
    sender: str | None = None  # the secretary's address, for the drafts' From
    marking: str = "OFFICIAL"


@dataclass
class SentRequest:
    owner: str
    email: str | None
    rows: int
    workbook: Path
    draft: Path


@dataclass
class RequestsSent:
    sent: list[SentRequest] = field(default_factory=list)
    unowned: int = 0  # open actions with no owner: no one to ask
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        """``2 update requests: DCI Smith (3 actions) and Supt Brown (3 actions)``."""
        owners = listed([f"{s.owner} ({counted(s.rows, 'action')})" for s in self.sent], 5)
        return f"{counted(len(self.sent), 'update request')}: {owners}" if self.sent else "no update requests"

    def unowned_sentence(self) -> str:
        """What was left out for want of an owner ("" when nothing was)."""
        if not self.unowned:
            return ""
        have, them = ("has", "it") if self.unowned == 1 else ("have", "them")
        return f"{counted(self.unowned, 'open action')} {have} no owner, so no one was asked about {them}."


def _inspection_ids(names: list[str] | None) -> dict[int, str]:
    query = Inspection.select(Inspection.id, Inspection.title).where(Inspection.deleted_at.is_null())
    found = {row.id: row.title for row in query.order_by(Inspection.title)}
    if names is None:
        return found
    by_name = {title.casefold(): i for i, title in found.items()}
    missing = [name for name in names if name.strip().casefold() not in by_name]
    if missing:
        raise RequestError(
            f"No inspection is called “{missing[0]}” (the inspections are {listed(list(found.values()), 6)})."
        )
    return {by_name[name.strip().casefold()]: found[by_name[name.strip().casefold()]] for name in names}


def open_actions(
    as_at: date, inspections: list[str] | None = None, owners: list[str] | None = None
) -> tuple[dict[str, list[RequestRow]], int, int]:
    """Each owner's open actions as at the end of ``as_at`` (owners as the plan writes them), those with none.

    And, for a past day, how many of that day's open actions are open no longer (closed, complete,
    deleted since): no owner is asked about them, and the count says why they are missing.
    """
    wanted = {name.strip().casefold() for name in owners} if owners is not None else None
    found: dict[str, list[RequestRow]] = {}
    unowned = settled = 0
    with database.snapshot():
        ids = list(_inspection_ids(inspections))
        # Nothing takes effect after today: the plan as at today is the plan as it stands.
        if as_at >= clock.today():
            source: Iterable[Found] = _open_now(ids)
        else:
            still_open = {found_now[2]["id"] for found_now in _open_now(ids)}
            source = list(_open_then(as_at, ids))
            settled = sum(1 for found_then in source if found_then[2]["id"] not in still_open)
            source = [found_then for found_then in source if found_then[2]["id"] in still_open]
        for title, rec, action, latest, revised in source:
            owner = (action["owner"] or "").strip()
            if not owner:
                unowned += 1
            elif wanted is None or owner.casefold() in wanted:
                found.setdefault(owner, []).append(_row(title, rec, action, latest, revised))
    return found, unowned, settled


Found = tuple[str, Row, Row, tuple[str, PlanDate] | None, PlanDate | None]  # inspection, rec, action, latest, target


def _open_then(as_at: date, inspection_ids: list[int]) -> Iterator[Found]:
    """The open actions as the plan stood (``history.as_of``), one inspection at a time."""
    sql = database.sql()
    for inspection_id in inspection_ids:
        state = history.as_of(sql, as_at, tables=_TABLES, inspection_ids=[inspection_id])
        inspection = state.rows["inspection"].get(inspection_id)
        if inspection is None or inspection["deleted_at"]:
            continue
        recs = {r["id"]: r for r in state.live("recommendation") if r["status"] != "closed"}
        actions = [a for a in state.live("action") if a["recommendation_id"] in recs
                   and a["status"] not in CLOSED_ACTION]  # fmt: skip
        ids = {a["id"] for a in actions}
        latest = latest_progress_in(state, ids)
        revised = latest_revisions_in(state, ids, "action_id")
        for action in sorted(actions, key=lambda a: _order(recs[a["recommendation_id"]], a)):
            yield inspection["title"], recs[action["recommendation_id"]], action, latest.get(action["id"]), \
                revised.get(action["id"])  # fmt: skip


_NOW = (
    "SELECT i.title, r.id, r.kind, r.number, r.text, a.id, a.position, a.text, a.owner, a.target, a.next_steps, "
    'p.as_at, p.text FROM "action" a JOIN "recommendation" r ON r.id = a.recommendation_id '
    'JOIN "inspection" i ON i.id = r.inspection_id LEFT JOIN "progress_update" p ON p.id = a.latest_progress_id '
    "WHERE a.deleted_at IS NULL AND r.deleted_at IS NULL AND r.status <> 'closed' "
    "AND (a.status IS NULL OR a.status NOT IN ('complete', 'transferred', 'withdrawn')) AND i.id IN ({}) "
    "ORDER BY i.title, r.kind <> 'recommendation', r.number, a.position"
)


def _open_now(inspection_ids: list[int]) -> Iterator[Found]:
    """The open actions as the plan stands: the tables, in one query (and one for the revised targets)."""
    sql = database.sql()
    revised: dict[int, PlanDate] = {}
    query = "SELECT action_id, target FROM target_revision WHERE action_id IS NOT NULL ORDER BY revised_on, id"
    for action_id, target in sql.execute(query).fetchall():
        revised[action_id] = PlanDate.from_iso(target)
    for chunk in [inspection_ids[i : i + 900] for i in range(0, len(inspection_ids), 900)]:
        cursor = sql.execute(_NOW.format(", ".join("?" for _ in chunk)), chunk)
        for (title, rec_id, kind, number, rec_text, action_id, position, text, owner, target, next_steps, on,
             latest) in cursor:  # fmt: skip
            rec = {"id": rec_id, "kind": kind, "number": number, "text": rec_text}
            action = {"id": action_id, "position": position, "text": text, "owner": owner, "target": target,
                      "next_steps": next_steps}  # fmt: skip
            yield title, rec, action, (latest, PlanDate.from_iso(on)) if on else None, revised.get(action_id)


def _order(rec: dict[str, Any], action: dict[str, Any]) -> tuple[bool, int, int]:
    return (rec["kind"] != "recommendation", rec["number"], action["position"])


def _row(
    title: str, rec: dict[str, Any], action: dict[str, Any], latest: tuple[str, PlanDate] | None, revised: Any
) -> RequestRow:
    target = revised or (PlanDate.from_iso(action["target"]) if action["target"] else None)
    kind = "R" if rec["kind"] == "recommendation" else "AfD "
    return RequestRow(
        action_id=action["id"],
        inspection=title,
        recommendation_number=f"{kind}{rec['number']}",
        recommendation=rec["text"] or "",
        number=action_label(rec["kind"], f"{rec['number']}.{action['position']}"),
        action=action["text"] or "",
        target=target.british() if target else "",
        latest_on=latest[1].british() if latest else "",
        latest=latest[0] if latest else "",
        next_steps=action["next_steps"] or "",
    )


def owners_directory() -> dict[str, Owner]:
    """The directory's owners by their name, compared without case."""
    return {row.name.casefold(): row for row in Owner.select()}


def send_requests(options: RequestOptions, progress: Progress | None = None) -> RequestsSent:
    """Write each owner's request and draft into ``options.folder`` and record the requests."""
    today = clock.today()
    as_at = options.as_at or today
    if as_at > today:
        raise RequestError(f"The plan cannot be sent as at {as_at:%d/%m/%Y}, a day after today; nothing was written.")
    if options.due_on < today:
        raise RequestError(f"The date to send them back by ({options.due_on:%d/%m/%Y}) has passed; choose a later one.")
    if database.read_only:
        raise RequestError("The plan database is read-only here, and requests sent are kept in it; none was written.")
    if not options.folder.is_dir():
        raise RequestError(f"The folder {options.folder} does not exist; nothing was written.")
    by_owner, unowned, settled = open_actions(as_at, options.inspections, options.owners)
    result = RequestsSent(unowned=unowned)
    if settled:
        result.warnings.append(
            f"{counted(settled, 'action')} open on {as_at:%d/%m/%Y} {'has' if settled == 1 else 'have'} been closed, "
            f"completed or deleted since; no one is asked about {'it' if settled == 1 else 'them'}."
        )
    if options.owners is not None:
        met = {name.casefold() for name in by_owner}
        result.warnings += [f"{name} has no open actions in the inspections chosen; no request was made for them."
                            for name in options.owners if name.strip().casefold() not in met]  # fmt: skip
    database_id, secret = signing_key()
    directory = owners_directory()
    taken: set[str] = set()
    written: list[Path] = []
    records: list[dict[str, Any]] = []
    try:
        for index, (owner, rows) in enumerate(sorted(by_owner.items(), key=lambda item: name_order(item[0]))):
            if progress is not None:
                progress(index, len(by_owner), f"Writing {owner}’s request…")
            known = directory.get(owner.casefold())
            email = known.email if known is not None else None
            stem = _free_stem(options.folder, file_stem(owner, "update request", today), taken)
            workbook, draft = options.folder / f"{stem}.xlsx", options.folder / f"{stem}.eml"
            token = secrets.token_hex(16)
            heading = RequestHeading(owner, today, options.due_on, as_at, options.marking)
            signing = Signing(database_id, secret, token)
            record, cleaned, package = write_request_workbook(workbook, heading, rows, signing)
            written.append(workbook)
            plans = sorted({row.inspection for row in rows})
            save_draft(request_draft(owner, email, options.sender, options.due_on, plans, workbook, package), draft)
            written.append(draft)
            result.warnings += [f"{owner}’s request: {warning}" for warning in cleaned]
            result.sent.append(SentRequest(owner, email, len(rows), workbook, draft))
            records.append({
                "token": token, "owner": owner, "email": email, "sent_on": today.isoformat(),
                "due_on": options.due_on.isoformat(), "as_at": as_at.isoformat(), "inspections": json.dumps(plans),
                "path": str(workbook), "rows": len(rows), "created_at": clock.stamp(),
                "record": json.dumps({"payload": record.payload(), "sent": [_sent(row) for row in rows]}),
            })  # fmt: skip
        with database.atomic():
            for start in range(0, len(records), 100):
                UpdateRequest.insert_many(records[start : start + 100]).execute()
    except BaseException as error:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        if isinstance(error, CannotWriteExport | TextTooLong):
            raise RequestError(f"{error} No request was kept.") from None
        raise
    return result


def _sent(row: RequestRow) -> dict[str, Any]:
    return {"action": row.action_id, "inspection": row.inspection, "recommendation": row.recommendation_number,
            "number": row.number, "text": row.action, "target": row.target, "latest_on": row.latest_on,
            "latest": row.latest, "next_steps": row.next_steps}  # fmt: skip


def _free_stem(folder: Path, stem: str, taken: set[str]) -> str:
    """``stem``, or ``stem (2)``…: never a file already there nor one this batch named (compared without case)."""
    candidate, number = stem, 1
    while candidate.casefold() in taken or any((folder / f"{candidate}{s}").exists() for s in (".xlsx", ".eml")):
        number += 1
        candidate = f"{stem} ({number})"
    taken.add(candidate.casefold())
    return candidate
