"""Put rows back as a step found them (undo) or as it left them (redo), or refuse in one sentence.

Each row change is applied only while the row still is exactly as the step left it (for an
undo) or found it (for a redo), columns the database keeps by itself aside; otherwise
nothing is changed and :class:`ReplayConflict` names the item. On a server the rows are read,
checked and written a table at a time (:mod:`hmics_desktop.storage.replay_set_wise`). Every change the replay
makes is itself journalled and checked: a replay that would touch any other row (a
cascade over later work, say) is refused, so an undo can only ever remove what its own
step made.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

import peewee

from hmics_desktop.storage import journal, replay_set_wise
from hmics_desktop.storage.journal import DERIVED, Row, RowChange
from hmics_desktop.storage.labels import Labels
from hmics_desktop.storage.sql import Sql

_INTEGRITY = (sqlite3.IntegrityError, peewee.IntegrityError)


class ReplayConflict(Exception):
    """The rows are no longer as the step left them; ``str()`` says which item, in the users' words."""


def revert(connection: Sql, changes: list[RowChange]) -> list[RowChange]:
    """Undo ``changes`` (newest first); returns the row changes the undo made."""
    return _replay(connection, [change.inverse() for change in reversed(changes)], "undone")


def reapply(connection: Sql, changes: list[RowChange]) -> list[RowChange]:
    """Redo ``changes`` (oldest first) after an undo; returns the row changes the redo made."""
    return _replay(connection, changes, "redone")


def _replay(connection: Sql, changes: list[RowChange], verb: str) -> list[RowChange]:
    labels = Labels(connection)
    journal.start(connection)
    # rows come back in any order
    connection.execute("SET CONSTRAINTS ALL DEFERRED" if connection.postgres else "PRAGMA defer_foreign_keys = ON")
    try:
        if connection.postgres:  # a round trip per row would be thousands: read, check and write set-wise
            replay_set_wise.replay(connection, changes, _same, lambda change: _changed_since(labels, change, verb))
        else:
            for change in changes:
                _apply(connection, change, labels, verb)
        if connection.postgres:
            connection.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checked here, where the clash is explained
    except _INTEGRITY as error:
        raise ReplayConflict(_clash(changes, labels, verb, error)) from error
    made = journal.collect(connection)
    expected = {(c.table, c.row_id) for c in changes}
    stray = [c for c in made if (c.table, c.row_id) not in expected]
    if stray:
        raise ReplayConflict(
            f"This step cannot be {verb}: {labels.describe(stray[0])} was added or changed since "
            "(in another window or program), and it would be lost."
        )
    return made


def _apply(connection: Sql, change: RowChange, labels: Labels, verb: str) -> None:
    table, row_id = change.table, change.row_id
    current = _current(connection, table, row_id)
    if not _same(current, change.old):
        raise _changed_since(labels, change, verb)
    if change.new is None:
        connection.execute(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))
    elif current is None:
        names = list(change.new)
        quoted = ", ".join(f'"{n}"' for n in names)
        placeholders = ", ".join("?" for _ in names)
        connection.execute(f'INSERT INTO "{table}" ({quoted}) VALUES ({placeholders})', [change.new[n] for n in names])
    else:
        names = change.changed_columns()
        assignments = ", ".join(f'"{n}" = ?' for n in names)
        if "version" in current:
            assignments += ', "version" = "version" + 1'
        connection.execute(
            f'UPDATE "{table}" SET {assignments} WHERE id = ?', [*(change.new[n] for n in names), row_id]
        )


def _changed_since(labels: Labels, change: RowChange, verb: str) -> ReplayConflict:
    return ReplayConflict(
        f"This step cannot be {verb}: {labels.describe(change)} has been changed since "
        "(in another window or program). Nothing was changed."
    )


def _current(connection: Sql, table: str, row_id: int) -> Row | None:
    row = connection.execute(journal.row_query(connection, table), (row_id,)).fetchone()
    return json.loads(row[0]) if row else None


def _same(current: Row | None, expected: Row | None) -> bool:
    if current is None or expected is None:
        return current is expected
    return _plain(current) == _plain(expected)


def _plain(row: Row) -> Row:
    return {k: v for k, v in row.items() if k not in DERIVED}


def _clash(changes: Iterable[RowChange], labels: Labels, verb: str, error: Exception) -> str:
    first = next(iter(changes))
    if "unique" in str(error).lower():
        return (
            f"This step cannot be {verb}: its number or title is now taken by another item "
            f"(while restoring {labels.describe(first)}). Nothing was changed."
        )
    return (
        f"This step cannot be {verb}: {labels.describe(first)} no longer fits the plan ({error}). Nothing was changed."
    )
