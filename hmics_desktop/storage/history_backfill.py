"""The history of the rows a database held before it kept one, read back from its audit trail.

Run once, inside the migration that makes ``row_history`` (0005). For every row standing in
the plan tables, the audit trail's changes of its own fields are walked back from the row as
it stands, giving each earlier version; each version is then dated as a change made that day
would be (``domain.effective``: a progress update on its As at date, a closure on its
closure date, a recommendation from its inspection's publication…) and written as entries,
recorded at the time the audit trail gives. An item deleted and restored stands deleted between
the two (the deletion's time is its ``deleted_at``); an action moved stands under the
recommendation its former number names (the audit trail keeps "4.1", the recommendation of that
number in the same inspection; of a recommendation and an area for development with that number,
the one of the kind it was moved to). What the trail cannot give back (the links an action had,
rows an undo removed) is taken as it stands: the plan as at a day before such a change shows it as
it is now.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from peewee import BooleanField, ForeignKeyField, IntegerField

from hmics_desktop.domain import clock
from hmics_desktop.domain.effective import Entry, StepDays, day_of
from hmics_desktop.storage import history
from hmics_desktop.storage.journal import DERIVED, PLAN_TABLES, Row
from hmics_desktop.storage.models import BaseModel
from hmics_desktop.storage.sql import Sql


@dataclass(frozen=True)
class _Change:
    at: str
    step: str
    kind: str  # update, delete, restore, create
    name: str | None
    old: str | None


def _models() -> dict[str, type[BaseModel]]:
    found = {}
    pending = list(BaseModel.__subclasses__())
    while pending:
        model = pending.pop()
        found[model._meta.table_name] = model
        pending.extend(model.__subclasses__())
    return found


def _integer_columns(model: type[BaseModel]) -> set[str]:
    kinds = (IntegerField, ForeignKeyField, BooleanField)
    return {f.column_name for f in model._meta.sorted_fields if isinstance(f, kinds)}


def _typed(text: str | None, integer: bool) -> Any:
    if text is None or not integer:
        return text
    if text in ("True", "False"):
        return int(text == "True")
    try:
        return int(text)
    except ValueError:
        return text


def _tables(sql: Sql) -> set[str]:
    query = (
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        if sql.postgres
        else "SELECT name FROM sqlite_master WHERE type = 'table'"
    )
    return {row[0] for row in sql.execute(query).fetchall()}


class _Numbers:
    """An action's former number ("4.1") as the recommendation and position it names."""

    def __init__(self, sql: Sql) -> None:
        self.recommendations = {
            row[0]: (row[1], row[2], row[3])  # inspection, kind, number
            for row in sql.execute('SELECT id, inspection_id, kind, number FROM "recommendation"').fetchall()
        }

    def place(self, number: str | None, now_under: Any) -> dict[str, Any]:
        """``recommendation_id`` and ``position`` for ``number`` (empty when it names none)."""
        rec_number, _dot, position = (number or "").partition(".")
        here = self.recommendations.get(now_under)
        if here is None or not rec_number.isdigit() or not position.isdigit():
            return {}
        named = [
            (kind != here[1], rec_id)
            for rec_id, (inspection, kind, num) in self.recommendations.items()
            if inspection == here[0] and num == int(rec_number)
        ]
        return {"recommendation_id": min(named)[1], "position": int(position)} if named else {}


def backfill(sql: Sql) -> int:
    """Write the history of every row of the plan tables; returns how many entries were written."""
    models = _models()
    published = {row[0]: row[1] for row in sql.execute('SELECT id, published FROM "inspection"').fetchall()}
    numbers = _Numbers(sql)
    steps: list[tuple[int, str, list[Entry]]] = []
    for table in [t for t in PLAN_TABLES if t in _tables(sql)]:  # a table a later migration makes has no past
        integers = _integer_columns(models[table])
        audit: dict[int, list[_Change]] = defaultdict(list)
        for entity_id, at, kind, name, old, step in sql.execute(
            'SELECT entity_id, at, change, field, old_value, step FROM "audit_entry" WHERE entity = ? ORDER BY id',
            (table,),
        ).fetchall():
            audit[entity_id].append(_Change(str(at), step or "", kind, name, old))
        cursor = sql.execute(f'SELECT * FROM "{table}" ORDER BY id')
        names = [column[0] for column in cursor.description]
        for values in cursor.fetchall():
            row = {n: (int(v) if isinstance(v, bool) else v) for n, v in zip(names, values, strict=True)}
            row = {n: v for n, v in row.items() if n not in DERIVED}
            for at, entries in _row_history(table, row, audit.get(row["id"], []), integers, published, numbers):
                steps.append((len(steps) + 1, at, entries))
    history.insert_entries(sql, steps)
    return sum(len(entries) for _step, _at, entries in steps)


def _row_history(
    table: str, current: Row, changes: list[_Change], integers: set[str], published: dict[int, Any], numbers: _Numbers
) -> list[tuple[str, list[Entry]]]:
    """(recorded at, entries) for the row's making and each later change the trail gives back.

    The audit rows of one step (the same time and step) are one change of the row.
    """
    versions: list[tuple[_Change, Row]] = []  # each step's change with the row as it left it, newest first
    row = dict(current)
    deleted_before: dict[int, str | None] = {}  # a restore's index: when the item it restored was deleted
    deleted: str | None = None
    for index, change in enumerate(changes):
        if change.kind in ("delete", "restore"):
            deleted_before[index], deleted = deleted, change.at if change.kind == "delete" else None
    for index in reversed(range(len(changes))):
        change = changes[index]
        if change.kind == "create":
            break
        before = dict(row)
        if change.kind == "update" and change.name in row and change.name != "id":
            before[change.name] = _typed(change.old, change.name in integers)
        elif change.kind == "update" and change.name == "number" and table == "action":
            before.update(numbers.place(change.old, row.get("recommendation_id")))
        elif change.kind in ("delete", "restore") and "deleted_at" in row:
            before["deleted_at"] = None if change.kind == "delete" else deleted_before[index]
        else:
            continue
        if versions and (versions[-1][0].at, versions[-1][0].step) == (change.at, change.step):
            versions[-1] = (change, versions[-1][1])  # the same step: one change, from the row before it
        else:
            versions.append((change, row))
        row = before
    made = next((c for c in changes if c.kind == "create"), None)
    made_at = made.at if made else (str(current.get("created_at") or "") or clock.stamp())
    made_day = day_of(made_at) or clock.today()
    found = [(made_at, _days(made_day, made, published).entries(table, row["id"], None, row))]
    for change, after in reversed(versions):
        days = _days(day_of(change.at) or made_day, change, published)
        found.append((change.at, days.entries(table, row["id"], dict(row), after)))
        row = after
    return [(at, entries) for at, entries in found if entries]


def _days(day: date, change: _Change | None, published: dict[int, Any]) -> StepDays:
    from_file = change is not None and change.step.lower().startswith("import")
    return StepDays(day, from_file, published.get)
