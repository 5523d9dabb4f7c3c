"""The change journal: every row a step inserts, updates or deletes, caught as it happens.

Temporary triggers (they live only on this program's connection) copy each changed row of
the plan tables, before and after, into ``temp.hmics_journal``; an update that sets only the
columns the database keeps by itself does not wake them. A step is then exactly the list of
row changes it made, whatever code made them, and undoing it means putting those rows back
(:mod:`hmics_desktop.storage.replay`). Columns that the database keeps by itself (``version``,
the latest progress pointer) are carried along but never decide whether a row changed.
On PostgreSQL the triggers are the schema's own (``hmics_journal_rows``, statement triggers
since migration 0010): they write into this session's temporary ``hmics_journal`` when it exists.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

from hmics_desktop.storage.sql import Sql

# The plan's own tables (the history began with them: migration 0005 wrote theirs from the audit trail).
PLAN_TABLES = (
    "inspection",
    "recommendation",
    "action",
    "action_link",
    "progress_update",
    "target_revision",
    "evidence_submission",
    "list_entry",
)
# Every table journalled: the plan's, then the owners' directory, update returns and owners' asks.
TRACKED = (*PLAN_TABLES, "owner", "request_return", "owner_ask")
DERIVED = frozenset({"version", "latest_progress_id"})

Row = dict[str, Any]


class RowChange(NamedTuple):
    """One row changed by a step: ``old`` is None for an insert, ``new`` None for a delete.

    A named tuple, the lightest to make: a large step (an import) makes tens of thousands.
    """

    table: str
    row_id: int
    old: Row | None
    new: Row | None

    def inverse(self) -> RowChange:
        return RowChange(self.table, self.row_id, self.new, self.old)

    def changed_columns(self) -> list[str]:
        """The columns whose value differs (all of them for an insert or a delete), derived ones left out."""
        columns = (self.new or self.old or {}).keys()
        old, new = self.old or {}, self.new or {}
        return [c for c in columns if c not in DERIVED and c != "id" and old.get(c) != new.get(c)]


_columns: dict[tuple[int, int, str], list[str]] = {}


def columns(connection: Sql, table: str) -> list[str]:
    """A table's columns (asked once per connection and schema version)."""
    key = (id(connection.connection), connection.execute("PRAGMA schema_version").fetchone()[0], table)
    if key not in _columns:
        _columns[key] = [row[1] for row in connection.execute(f'PRAGMA main.table_info("{table}")')]
    return _columns[key]


def row_json(table_columns: list[str], prefix: str) -> str:
    """``json_object('a', NEW."a", …)``: a row as JSON inside a trigger or a query."""
    return "json_object(" + ", ".join(f"'{c}', {prefix}\"{c}\"" for c in table_columns) + ")"


def row_query(connection: Sql, table: str) -> str:
    """``SELECT <the row as JSON> FROM table WHERE id = ?`` on either engine."""
    if connection.postgres:
        return f'SELECT row_to_json(t)::text FROM "{table}" t WHERE id = ? FOR UPDATE'
    return f'SELECT {row_json(columns(connection, table), "")} FROM "{table}" WHERE id = ?'


_POSTGRES_JOURNAL = (
    "CREATE TEMP TABLE IF NOT EXISTS hmics_journal "
    "(seq bigserial PRIMARY KEY, tbl text NOT NULL, row_id bigint NOT NULL, old text, new text)"
)


def _install(connection: Sql) -> None:
    """Create the journal table and its triggers on this SQLite connection, once; they are temporary."""
    if connection.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'hmics_journal'").fetchone():
        return
    connection.execute(
        "CREATE TEMP TABLE hmics_journal (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER NOT NULL, "
        "old TEXT, new TEXT)"
    )
    for table in TRACKED:
        cols = columns(connection, table)
        kept = [c for c in cols if c not in DERIVED]
        watched = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in kept)
        old, new = row_json(cols, "OLD."), row_json(cols, "NEW.")
        # an update that sets only what the database keeps (a version, the latest progress) never wakes it
        of = " OF " + ", ".join(f'"{c}"' for c in kept)
        for event, when, values in (
            ("INSERT", "", f"NEW.id, NULL, {new}"),
            (f"UPDATE{of}", f"WHEN {watched}", f"NEW.id, {old}, {new}"),
            ("DELETE", "", f"OLD.id, {old}, NULL"),
        ):
            connection.execute(
                f'CREATE TEMP TRIGGER "journal_{table}_{event.split()[0].lower()}" AFTER {event} ON main."{table}" '
                f"{when} BEGIN INSERT INTO hmics_journal (tbl, row_id, old, new) VALUES ('{table}', {values}); END"
            )


def start(connection: Sql) -> None:
    """Begin recording a step (inside its transaction); on a server without a round trip of its own."""
    if connection.postgres:
        connection.send(_POSTGRES_JOURNAL)
        connection.send("DELETE FROM pg_temp.hmics_journal")
        return
    _install(connection)
    connection.execute("DELETE FROM temp.hmics_journal")


def position(connection: Sql) -> Callable[[], int]:
    """How many row changes the step has made so far (where the next one will stand in :func:`collect`).

    Read when called: on a server it is asked now and answered with the next statement (no round trip).
    """
    rows = connection.fetch_later(f"SELECT count(*) FROM {_journal_table(connection)}")
    return lambda: int(rows()[0][0])


def _journal_table(connection: Sql) -> str:
    return "pg_temp.hmics_journal" if connection.postgres else "temp.hmics_journal"


def collect(connection: Sql) -> list[RowChange]:
    """The row changes recorded since :func:`start`, in the order they happened."""
    if connection.postgres:  # read and emptied in one round trip
        rows = connection.execute(
            "WITH gone AS (DELETE FROM pg_temp.hmics_journal RETURNING *) SELECT tbl, row_id, old, new FROM gone "
            "ORDER BY seq"
        ).fetchall()
    else:
        rows = connection.execute("SELECT tbl, row_id, old, new FROM temp.hmics_journal ORDER BY seq").fetchall()
        connection.execute("DELETE FROM temp.hmics_journal")
    # one JSON array of every old and new row: one decode instead of two per row change
    values = iter(json.loads("[" + ",".join(text or "null" for row in rows for text in (row[2], row[3])) + "]"))
    return [
        RowChange(table, int(row_id), old, new)
        for (table, row_id, _, _), old, new in zip(rows, values, values, strict=True)
    ]
