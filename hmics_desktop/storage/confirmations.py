"""What an import's file said again as it stood: the records and fields it confirmed, step by step.

A file of As at 30/06 that gives the Owner on record changes nothing, yet from its date the Owner
is known to hold: an older file imported later must not take it back. Each import step records
the fields its files confirmed in ``row_confirmation`` (migration 0013): one row per table, day
and set of fields, the records' ids listed in it, so that an import of 5,000 unchanged actions
adds a row or two, not 5,000 history entries. ``storage.field_times`` reads them beside the
history's entries, in the order recorded, as the value known on the file's day. An undo of the
import writes a row naming its step (which leaves them all out); a redo writes them again, as a
step of its own. Each row names its step as the audit trail does, and who made it (migration
0014), so that History tells what a file confirmed (:func:`standing`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hmics_desktop.domain.words import counted
from hmics_desktop.storage.sql import Sql

Group = tuple[str, date, tuple[str, ...]]  # a table, the file's day, the fields confirmed
# The confirmations of a table (its name given twice) that stand: not an undo's row, nor undone.
STANDING = (
    "tbl = ? AND undoes IS NULL AND step NOT IN "
    '(SELECT undoes FROM "row_confirmation" WHERE tbl = ? AND undoes IS NOT NULL)'
)


@dataclass
class Confirmed:
    """The fields a step's files said again as they stood, record by record (collected while it runs)."""

    groups: dict[Group, list[int]] = field(default_factory=dict)

    def note(self, table: str, row_id: int, names: Iterable[str], day: date) -> None:
        """The file of ``day`` said ``names`` of the record again as they stand."""
        fields = tuple(sorted(names))
        if fields:
            self.groups.setdefault((table, day, fields), []).append(row_id)

    def __bool__(self) -> bool:
        return bool(self.groups)

    def values(self) -> int:
        """How many values (a field of a record) the files said again."""
        return sum(len(fields) * len(set(row_ids)) for (_table, _day, fields), row_ids in self.groups.items())

    def only(self, description: str) -> str:
        """A step that changed nothing but these, named: "import of X (as at 30/06/2025): nothing changed, …"."""
        days = " and ".join(f"{day:%d/%m/%Y}" for day in sorted({day for _table, day, _fields in self.groups}))
        return f"{description} (as at {days}): nothing changed, {counted(self.values(), 'value')} confirmed"

    def without(self, set_by_step: set[tuple[str, int, str]]) -> Confirmed:
        """These, but for the fields the step itself set (a later plan of the same import changed them)."""
        rows = {(table, row_id) for table, row_id, _name in set_by_step}
        kept = Confirmed()
        for (table, day, fields), row_ids in self.groups.items():
            if rows.isdisjoint((table, row_id) for row_id in row_ids):
                kept.groups.setdefault((table, day, fields), []).extend(row_ids)  # most: the step set none of them
                continue
            for row_id in row_ids:
                kept.note(table, row_id, (n for n in fields if (table, row_id, n) not in set_by_step), day)
        return kept


def write(sql: Sql, step: int, recorded_at: str, confirmed: Confirmed, name: str, user: str) -> None:
    """Record the step's confirmations (inside its transaction), in one statement; ``name``: the step's, as audited."""
    rows = [
        (step, recorded_at, day.isoformat(), table, json.dumps(list(fields)), json.dumps(sorted(set(row_ids))), name,
         user)
        for (table, day, fields), row_ids in confirmed.groups.items()
    ]  # fmt: skip
    columns = ("step", "recorded_at", "known_on", "tbl", "fields", "row_ids", "step_name", "user")
    sql.insert_rows("row_confirmation", columns, rows)


def withdraw(sql: Sql, step: int, recorded_at: str, undone: int, confirmed: Confirmed, name: str, user: str) -> None:
    """Record that step ``undone``'s confirmations no longer count (an undo of it): a row per table."""
    tables = sorted({table for table, _day, _fields in confirmed.groups})
    columns = ("step", "recorded_at", "tbl", "fields", "row_ids", "undoes", "step_name", "user")
    rows = [(step, recorded_at, table, "[]", "[]", undone, name, user) for table in tables]
    sql.insert_rows("row_confirmation", columns, rows)


@dataclass(frozen=True)
class SaidAgain:
    """A record's fields a step's file said again as they stood, as History tells it."""

    step: int
    table: str
    row_id: int
    fields: tuple[str, ...]
    known_on: date  # the file's day
    recorded_at: str  # when the step was made (its audit rows' time)
    step_name: str | None  # the step as the audit trail names it (None: recorded before migration 0014)
    user: str | None


def read(sql: Sql, table: str, ids: set[int]) -> dict[int, list[tuple[int, str, date]]]:
    """The standing confirmations of the rows ``ids`` of ``table``: (step, field, the file's day) each, in order."""
    found: dict[int, list[tuple[int, str, date]]] = {}
    for step, known_on, fields, row_ids in _standing_rows(sql, table, "step, known_on, fields, row_ids"):
        names = json.loads(fields)
        day = date.fromisoformat(str(known_on))
        for row_id in ids.intersection(json.loads(row_ids)):
            found.setdefault(row_id, []).extend((int(step), name, day) for name in names)
    return found


def standing(sql: Sql, table: str, ids: Collection[int]) -> list[SaidAgain]:
    """What the steps that stand (not undone) confirmed of the rows ``ids`` of ``table``, in the order recorded."""
    found: list[SaidAgain] = []
    wanted = set(ids)
    columns = 'step, known_on, fields, row_ids, recorded_at, step_name, "user"'
    for step, known_on, fields, row_ids, at, name, user in _standing_rows(sql, table, columns):
        day = date.fromisoformat(str(known_on))
        for row_id in sorted(wanted.intersection(json.loads(row_ids))):
            found.append(SaidAgain(int(step), table, row_id, tuple(json.loads(fields)), day, str(at), name, user))
    return found


def _standing_rows(sql: Sql, table: str, columns: str) -> list[Any]:
    """``columns`` of the confirmations of ``table`` that stand, in the order recorded."""
    query = f'SELECT {columns} FROM "row_confirmation" WHERE {STANDING} ORDER BY step, id'
    return list(sql.execute(query, (table, table)).fetchall())
