"""When each field of a record took effect and when it became known, read from the history.

An import of an older file asks both of every value it would change (``domain.reimport_rules``):
a value stays when it took effect after the file's date or became known after it. Known is the
As at date of the file that brought the value (``row_history.known_on``), or of a later file that
said it again (``storage.confirmations``), else the day the edit was recorded. A step undone
counts for nothing: its entries and its undo's are left out together (``row_history.undoes``);
a redo counts as a step of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache
from typing import NamedTuple

from hmics_desktop.domain.reimport_rules import FileDate, Since
from hmics_desktop.storage import confirmations
from hmics_desktop.storage.sql import Sql

_CHUNK = 900


@cache  # a plan's history holds a few hundred days: each pair read once
def _since(effective_on: str, known_on: str | None, recorded_on: str) -> Since:
    known = known_on or recorded_on
    return Since(date.fromisoformat(effective_on), date.fromisoformat(known), known_on is not None)


class _Set(NamedTuple):
    """A field set (one a step), an undo's (``undoes``: the step it withdraws) or a file's confirmation."""

    step: int
    effective_on: str
    known_on: str | None
    value: object
    since: Since
    undoes: int | None = None
    confirms: bool = False


def field_times(sql: Sql, table: str, ids: Iterable[int]) -> dict[int, dict[str, Since]]:
    """For each row, when each field's value took effect and became known.

    That is when the field came to hold the value it holds: a change undone, or set back the
    same day, leaves it as old as it was; a file that said it again makes it known from its day.
    ``"id"`` stands for the row itself: when it was made.
    """
    wanted = sorted(set(ids))
    confirmed = confirmations.read(sql, table, set(wanted)) if wanted else {}
    entries: dict[int, list[_Entry]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        cursor = sql.execute(
            "SELECT row_id, step, effective_on, known_on, recorded_at, kind, new, undoes "
            f'FROM "row_history" WHERE tbl = ? AND row_id IN ({marks}) ORDER BY id',
            [table, *chunk],
        )
        for row in cursor.fetchall():
            entries.setdefault(row[0], []).append(row[1:])
    found = {row_id: _field_sets(row, confirmed.get(row_id, [])) for row_id, row in entries.items()}
    return {
        row_id: {name: since for name, sets in fields.items() if (since := _held_since(sets)) is not None}
        for row_id, fields in found.items()
        if fields is not None
    }


_Entry = tuple[int, str, str | None, object, str, str, int | None]  # step, days, recorded at, kind, new, undoes


def _field_sets(entries: list[_Entry], confirmed: list[tuple[int, str, date]]) -> dict[str, list[_Set]] | None:
    """A row's sets of each field, with the confirmations in their place (None: the row was removed)."""
    fields: dict[str, list[_Set]] | None = None
    pending = list(confirmed)  # in step order: each after its step's entries, before the next step's
    for step, effective_on, known_on, recorded_at, kind, new, undoes in entries:
        fields = _confirm(fields, pending, step)
        if kind == "delete":
            fields = None
            continue
        since = _since(effective_on, known_on, str(recorded_at)[:10])
        if kind == "create" or fields is None:
            fields = {}
        for name, value in json.loads(new).items():
            sets = fields.setdefault(name, [])
            if sets and sets[-1].step == step and not sets[-1].confirms:
                sets.pop()  # one step sets a field once: to what it leaves (a closure moved to another day)
            sets.append(_Set(step, effective_on, known_on, value, since, undoes))
    return _confirm(fields, pending, None)


def _confirm(
    fields: dict[str, list[_Set]] | None, pending: list[tuple[int, str, date]], before: int | None
) -> dict[str, list[_Set]] | None:
    """Add to ``fields`` the confirmations of the steps before step ``before`` (None: all left)."""
    while pending and (before is None or pending[0][0] < before):
        step, name, day = pending.pop(0)
        if fields is not None and name in fields:
            known = day.isoformat()
            fields[name].append(_Set(step, known, known, None, _since(known, known, known), confirms=True))
    return fields


def _held_since(sets: list[_Set]) -> Since | None:
    """When a field came to hold its last value, from its sets in the order recorded (one a step).

    A step undone counts for nothing: an undo's set withdraws the set of the step it names, and
    the confirmations after it (an undo recorded before the history named the step it undid is
    read as a set like any other). A set to the value it holds changes nothing (a step that
    leaves it as it was: a closure moved to another day carries its impact along). A hand edit
    set back by hand the day it took effect (a slip put right, or an undo of old) cancels it.
    What a file says is its As at date's word, even when it sets back what came before (a file
    of a hand edit's day, or a second file of the same day): the value is as new as that file.
    A file that says again what is held (a confirmation) leaves the value as old as it was, but
    known from the file's As at date when that is later.
    """
    standing: list[_Set] = []
    for one in sets:
        if one.undoes is None:
            standing.append(one)
        elif not _withdrawn(standing, one.undoes):
            standing.append(one._replace(undoes=None))  # its step's set is not the last standing: an ordinary set
    runs: list[_Set] = []
    for one in standing:
        if one.confirms:
            if runs and one.since.known > runs[-1].since.known:
                last = runs[-1].since
                runs[-1] = runs[-1]._replace(since=Since(last.took_effect, one.since.known, True))
            continue
        if runs and one.value == runs[-1].value:
            continue
        if (
            len(runs) > 1
            and one.value == runs[-2].value
            and one.known_on is None
            and (runs[-1].effective_on, runs[-1].known_on) == (one.effective_on, None)
        ):
            runs.pop()  # a hand edit set back by hand the day it took effect
            continue
        runs.append(one)
    return runs[-1].since if runs else None


def _withdrawn(standing: list[_Set], step: int) -> bool:
    """Take ``step``'s set out of ``standing``, with the confirmations after it; False when another set is after it."""
    for index in range(len(standing) - 1, -1, -1):
        if standing[index].step == step and not standing[index].confirms:
            del standing[index:]
            return True
        if not standing[index].confirms:
            return False
    return False


def links_changed_after(sql: Sql, file_date: FileDate) -> Callable[[], dict[int, date | None]]:
    """The actions whose links were changed (a link added or removed) after the file's day, or known after it.

    A change undone is not one (nor is its undo); links a file of a later day said again are known from it
    (``storage.confirmations``): each action's day is that of the latest such file, None where its links
    were changed after the file's day. One read, asked now and read when called (on a server, with the
    next statement's answer: ask it before the step writes its history).
    """
    day = file_date.day.isoformat()
    rows = sql.fetch_later(
        "SELECT new, old, NULL, NULL FROM \"row_history\" WHERE tbl = 'action_link' AND (effective_on > ? "
        "OR known_on > ? OR (known_on IS NULL AND recorded_at > ?)) AND undoes IS NULL AND step NOT IN "
        "(SELECT undoes FROM \"row_history\" WHERE tbl = 'action_link' AND undoes IS NOT NULL) "
        'UNION ALL SELECT NULL, NULL, row_ids, known_on FROM "row_confirmation" '
        f"WHERE {confirmations.STANDING} AND known_on > ?",
        (day, day, f"{day} 23:59:59", "action_link", "action_link", day),
    )

    def actions() -> dict[int, date | None]:
        changed: dict[int, date | None] = {}
        said_again: dict[int, date] = {}
        for new, old, confirmed, known_on in rows():
            if confirmed is not None:
                on = date.fromisoformat(str(known_on))
                for action_id in json.loads(confirmed):
                    said_again[action_id] = max(on, said_again.get(action_id, on))
                continue
            row = json.loads(new or old or "{}")
            if "action_id" in row:
                changed[int(row["action_id"])] = None
        return {**said_again, **changed}

    return actions


def latest_revision(sql: Sql, recommendation_id: int) -> int | None:
    """The recommendation's revised target in force (the latest revised, the last entered of a day): its id."""
    row = sql.execute(
        'SELECT id FROM "target_revision" WHERE recommendation_id = ? ORDER BY revised_on DESC, id DESC LIMIT 1',
        (recommendation_id,),
    ).fetchone()
    return int(row[0]) if row else None
