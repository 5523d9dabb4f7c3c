"""Undo and redo on a server in a few statements: the rows read at once, checked in order, written in runs.

Replaying a step row by row costs two round trips per row (read it, write it): an undo of a
5,000-action import made some 30,000. Here the rows the step touched are read first, one query
per table (locked for the transaction); each change is checked, in the step's order, against
the row as the changes before it leave it; and the changes are written in runs — consecutive
changes of one table and kind (insert, update, delete), each row once in a run — one statement
per run (``storage.sql``'s set-wise writes). An update that moves a row within a unique key (a
number, a position, a title) is a run of its own, so that the rows pass through the same states
as they would one by one. An update writes every column of the row as the step had it (the
others are already so: the check says so), and its version goes up as it does one by one.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from hmics_desktop.storage.journal import DERIVED, Row, RowChange
from hmics_desktop.storage.sql import Sql

# The columns of each table's unique keys (db/migrations): an update changing one is written alone.
_UNIQUE = {
    "inspection": {"title"},
    "recommendation": {"inspection_id", "kind", "number"},
    "action": {"recommendation_id", "position"},
    "action_link": {"action_id", "target_id"},
    "request_return": {"request_id", "digest"},
    "list_entry": {"kind", "name"},
}

Same = Callable[[Row | None, Row | None], bool]


def replay(sql: Sql, changes: list[RowChange], same: Same, refuse: Callable[[RowChange], Exception]) -> None:
    """Make ``changes`` in order; ``refuse(change)`` is raised (nothing written) for one that no longer fits."""
    rows = _current(sql, changes)
    runs: list[tuple[str, str, list[RowChange]]] = []
    in_last_run: set[int] = set()  # the rows of the last run (a row is changed once in a run)
    for change in changes:
        key = (change.table, change.row_id)
        current = rows.get(key)
        if not same(current, change.old):
            raise refuse(change)
        kind = "delete" if change.new is None else "insert" if current is None else "update"
        rows[key] = change.new
        last = runs[-1] if runs else None
        alone = kind == "update" and _moves(change)
        if last is None or last[:2] != (change.table, kind) or alone or _moved(last[2]) or change.row_id in in_last_run:
            runs.append((change.table, kind, [change]))
            in_last_run = {change.row_id}
        else:
            last[2].append(change)
            in_last_run.add(change.row_id)
    for table, kind, run in runs:
        _write(sql, table, kind, run)


def _moves(change: RowChange) -> bool:
    return bool(_UNIQUE.get(change.table, set()) & set(change.changed_columns()))


def _moved(run: list[RowChange]) -> bool:
    return len(run) == 1 and run[0].old is not None and run[0].new is not None and _moves(run[0])


def _current(sql: Sql, changes: list[RowChange]) -> dict[tuple[str, int], Row | None]:
    """The rows the changes touch, as they stand, locked: one query per table."""
    ids: dict[str, set[int]] = {}
    for change in changes:
        ids.setdefault(change.table, set()).add(change.row_id)
    found: dict[tuple[str, int], Row | None] = {}
    for table, wanted in ids.items():
        query = f'SELECT id, row_to_json(t)::text FROM "{table}" t WHERE id = ANY(?) FOR UPDATE'
        for row_id, text in sql.execute(query, (sorted(wanted),)).fetchall():
            found[(table, int(row_id))] = json.loads(text)
    return found


def _write(sql: Sql, table: str, kind: str, run: list[RowChange]) -> None:
    if kind == "delete":
        sql.delete_rows(table, ("id",), [(change.row_id,) for change in run])
        return
    first = run[0].new or {}
    if kind == "insert":
        columns = list(first)
        sql.insert_rows(table, columns, [[(change.new or {}).get(c) for c in columns] for change in run])
        return
    columns = [c for c in first if c not in DERIVED and c != "id"]
    rows = [[*((change.new or {}).get(c) for c in columns), change.row_id] for change in run]
    sql.update_rows(table, columns, rows, bump_version="version" in first)
