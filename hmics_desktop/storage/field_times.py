"""When each field of a record took effect and when it became known, read from the history.

An import of an older file asks both of every value it would change (``domain.reimport_rules``):
a value stays when it took effect after the file's date or became known after it. Known is the
As at date of the file that brought the value (``row_history.known_on``), else the day the edit
was recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from functools import cache

from hmics_desktop.domain.reimport_rules import FileDate, Since
from hmics_desktop.storage.sql import Sql

_CHUNK = 900


@cache  # a plan's history holds a few hundred days: each pair read once
def _since(effective_on: str, known_on: str | None, recorded_on: str) -> Since:
    known = known_on or recorded_on
    return Since(date.fromisoformat(effective_on), date.fromisoformat(known), known_on is not None)


def field_times(sql: Sql, table: str, ids: Iterable[int]) -> dict[int, dict[str, Since]]:
    """For each row, when each field's value took effect and became known.

    That is when the field came to hold the value it holds: a change undone, or set back the
    same day, leaves it as old as it was. ``"id"`` stands for the row itself: when it was made.
    """
    found: dict[int, dict[str, list[_Set]]] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        cursor = sql.execute(
            'SELECT row_id, step, effective_on, known_on, recorded_at, kind, new FROM "row_history" '
            f"WHERE tbl = ? AND row_id IN ({marks}) ORDER BY id",
            [table, *chunk],
        )
        for row_id, step, effective_on, known_on, recorded_at, kind, new in cursor.fetchall():
            if kind == "delete":
                found.pop(row_id, None)
                continue
            since = _since(effective_on, known_on, str(recorded_at)[:10])
            if kind == "create":
                found[row_id] = {}
            fields = found.setdefault(row_id, {})
            for name, value in json.loads(new).items():
                sets = fields.setdefault(name, [])
                if sets and sets[-1][0] == step:
                    sets.pop()  # one step sets a field once: to what it leaves (a closure moved to another day)
                sets.append((step, effective_on, known_on, value, since))
    return {row_id: {name: _held_since(sets) for name, sets in fields.items()} for row_id, fields in found.items()}


_Set = tuple[int, str, str | None, object, Since]  # a field set: its step, its day, the file's day, the value, when


def _held_since(sets: list[_Set]) -> Since:
    """When a field came to hold its last value, from its sets in the order recorded (one a step).

    A set to the value it holds changes nothing (a step that leaves it as it was: a closure moved
    to another day carries its impact along). A hand edit set back by hand the day it took effect
    (undone, or a slip put right) cancels it. What a file says is its As at date's word, even
    when it sets back what came before (a file of a hand edit's day, or a second file of the same
    day): the value is as new as that file; so is one whose import was undone (the history does
    not tell an undo from a file saying the same), which keeps more of the plan, never less.
    """
    runs: list[_Set] = []
    for step, effective_on, known_on, value, since in sets:
        if runs and value == runs[-1][3]:
            continue
        if len(runs) > 1 and value == runs[-2][3] and known_on is None and runs[-1][1:3] == (effective_on, None):
            runs.pop()  # a hand edit set back by hand the day it took effect
            continue
        runs.append((step, effective_on, known_on, value, since))
    return runs[-1][4]


def links_changed_after(sql: Sql, file_date: FileDate) -> set[int]:
    """The actions whose links were changed (a link added or removed) after the file's day, or known after it."""
    day = file_date.day.isoformat()
    changed: set[int] = set()
    for new, old in sql.execute(
        "SELECT new, old FROM \"row_history\" WHERE tbl = 'action_link' AND (effective_on > ? OR known_on > ? "
        "OR (known_on IS NULL AND recorded_at > ?))",
        (day, day, f"{day} 23:59:59"),
    ).fetchall():
        row = json.loads(new or old or "{}")
        if "action_id" in row:
            changed.add(int(row["action_id"]))
    return changed


def latest_revision(sql: Sql, recommendation_id: int) -> int | None:
    """The recommendation's revised target in force (the latest revised, the last entered of a day): its id."""
    row = sql.execute(
        'SELECT id FROM "target_revision" WHERE recommendation_id = ? ORDER BY revised_on DESC, id DESC LIMIT 1',
        (recommendation_id,),
    ).fetchone()
    return int(row[0]) if row else None
