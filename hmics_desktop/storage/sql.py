"""Raw SQL on either engine: the queries are written once, with SQLite's ``?`` placeholders.

:class:`Sql` wraps the open connection (``database.sql()``). On SQLite it passes the
queries through; on PostgreSQL it turns each ``?`` into psycopg's ``%s`` (and a literal
``%`` into ``%%``). :meth:`Sql.insert` returns the new row's id on both (``lastrowid`` or
``RETURNING id``); :meth:`Sql.new_ids` hands out the ids of rows about to be inserted in
bulk. Rows by the thousand are written with :meth:`Sql.insert_rows`, :meth:`Sql.update_rows`
and :meth:`Sql.delete_rows`: on SQLite one ``executemany`` (a file has no round trips to save),
on PostgreSQL one statement whatever the number of rows, its rows handed over as one JSON
array that the server reads as the table's own rows (``json_populate_recordset``), so that
a step's round trips do not grow with its rows. psycopg's errors become peewee's
(``peewee.IntegrityError`` …), as they do for peewee's own queries. Where the engines truly
differ (the journal's JSON rows, deferred foreign keys) the caller asks :attr:`Sql.postgres`.
Reads that go together are asked with :meth:`Sql.fetch_all`: on PostgreSQL in one round trip
(psycopg's pipeline). Inside a transaction on a server, the set-wise writes and :meth:`Sql.send` go
without waiting: their answers come with the next statement's (``shared_database``), so a step's
writes cost no round trips of their own.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import peewee

_WRAP_ERRORS = peewee.__exception_wrapper__  # type: ignore[attr-defined]  # driver errors as peewee's

_PLACEHOLDER = re.compile(r"\?")
# A JSON array of objects read as rows of a table (its columns' types; a key left out is null).
_ROWS = 'json_populate_recordset(NULL::"{table}", ?::json) AS v'


@functools.cache
def to_postgres(query: str) -> str:
    """A query with ``?`` placeholders as psycopg wants it (``%s``, and ``%%`` for ``%``)."""
    return _PLACEHOLDER.sub("%s", query.replace("%", "%%"))


class Sql:
    """One connection, either engine, spoken to in SQLite's placeholders."""

    def __init__(self, connection: Any, dialect: str) -> None:
        self.connection = connection
        self.dialect = dialect
        self.postgres = dialect == "postgresql"

    def execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; the cursor it returns can be iterated, ``fetchone``-ed, ``fetchall``-ed."""
        if self.postgres:
            with _WRAP_ERRORS:
                return self.connection.execute(to_postgres(query) if params else query, params or None)
        return self.connection.execute(query, params)

    def fetch_all(self, queries: Sequence[str | tuple[str, Sequence[Any]]]) -> list[list[Any]]:
        """The rows of each of ``queries`` (a query, or a query and its parameters): on PostgreSQL one round trip."""
        asked = [(query, ()) if isinstance(query, str) else query for query in queries]
        if not self.postgres:
            return [self.connection.execute(query, params).fetchall() for query, params in asked]
        ahead = getattr(self.connection, "answered_ahead", None)
        if ahead is not None and not any(params for _query, params in asked):
            found = ahead([query for query, _params in asked])
            if found is not None:
                return found
        postgres = [(to_postgres(query) if params else query, params or None) for query, params in asked]
        with _WRAP_ERRORS:
            if hasattr(self.connection, "send"):  # the application's connection: with what it sent before
                cursors = [self.connection.send(query, params) for query, params in postgres]
                self.connection.settle()
            else:
                with self.connection.pipeline():
                    cursors = [self.connection.execute(query, params) for query, params in postgres]
            return [cursor.fetchall() for cursor in cursors]

    def fetch_later(self, query: str, params: Sequence[Any] = ()) -> Callable[[], list[Any]]:
        """The rows of ``query``, read when called: on a server asked now and answered with the next statement's."""
        if not (self.postgres and hasattr(self.connection, "send")):
            found = self.execute(query, params).fetchall()
            return lambda: found
        with _WRAP_ERRORS:
            cursor = self.connection.send(to_postgres(query) if params else query, params or None)

        def rows() -> list[Any]:
            with _WRAP_ERRORS:
                return list(cursor.fetchall())

        return rows

    def send(self, query: str, params: Sequence[Any] = ()) -> None:
        """Run a statement whose answer is not needed at once.

        Inside a transaction on a server it is sent without waiting: its answer (or its error) comes
        with the next statement's. Elsewhere it runs at once.
        """
        if self.postgres and getattr(self.connection, "in_transaction", lambda: False)():
            with _WRAP_ERRORS:
                self.connection.send(to_postgres(query) if params else query, params or None)
            return
        self.execute(query, params)

    @contextlib.contextmanager
    def versions_once(self, settled: Sequence[int] = ()) -> Iterator[None]:
        """Inside a write transaction: the items' versions and latest progress kept once, at the end of the block.

        On a server the triggers note what each statement owes each action and recommendation, and
        the block's end adds it up in one update of each table (migration 0012), not one per
        statement; both sent without waiting. ``settled``: actions the block inserts with their
        version and latest progress already given (``storage.new_action_rows``), owed nothing.
        Inside the block the versions and latest progress are not yet kept: read neither there.
        An error leaves them owed: the transaction is then rolled back. On a file nothing changes
        (its row triggers keep them row by row).
        """
        if not self.postgres:
            yield
            return
        self.send("SELECT hmics_versions_later()")
        yield
        self.send("SELECT hmics_versions_now(?::integer[])", (list(settled),))

    def executemany(self, query: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        if self.postgres:
            with _WRAP_ERRORS:
                self.connection.cursor().executemany(to_postgres(query), rows)
        else:
            self.connection.executemany(query, rows)

    def id_chunks(self, ids: Iterable[int]) -> list[list[int]]:
        """``ids`` in order, as many to an ``IN (?, …)`` as the engine takes.

        900 on SQLite (its limit on a statement's values, with room to spare), 30,000 on a server
        (its limit is 65,535), so that a server is asked once, whatever the plan's size.
        """
        ordered, size = sorted(ids), 30_000 if self.postgres else 900
        return [ordered[start : start + size] for start in range(0, len(ordered), size)]

    def insert_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Insert ``rows`` (values in the order of ``columns``) into ``table``: one statement on PostgreSQL."""
        names = ", ".join(f'"{c}"' for c in columns)
        if self.postgres:
            self._set_wise(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM {_ROWS.format(table=table)}',
                           columns, rows)  # fmt: skip
        else:
            self.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in columns)})', rows)

    def update_rows(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, bump_version: bool = False
    ) -> None:
        """Set ``columns`` of the rows whose id ends each of ``rows`` (``version`` + 1 with ``bump_version``)."""
        if self.postgres:
            sets = ", ".join(
                [*(f'"{c}" = v."{c}"' for c in columns), *(['"version" = t."version" + 1'] * bump_version)]
            )
            query = f'UPDATE "{table}" AS t SET {sets} FROM {_ROWS.format(table=table)} WHERE t."id" = v."id"'
            last = {row[-1]: row for row in rows}  # a row given twice ends as its last, as one by one it would
            self._set_wise(query, [*columns, "id"], last.values())
            return
        sets = ", ".join([*(f'"{c}" = ?' for c in columns), *(['"version" = "version" + 1'] * bump_version)])
        self.executemany(f'UPDATE "{table}" SET {sets} WHERE id = ?', rows)

    def delete_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Delete the rows of ``table`` whose ``columns`` hold the values of one of ``rows``."""
        if self.postgres:
            matched = " AND ".join(f't."{c}" = v."{c}"' for c in columns)
            self._set_wise(f'DELETE FROM "{table}" AS t USING {_ROWS.format(table=table)} WHERE {matched}', columns,
                           rows)  # fmt: skip
            return
        self.executemany(f'DELETE FROM "{table}" WHERE {" AND ".join(f"{c} = ?" for c in columns)}', rows)

    def _set_wise(self, query: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Run ``query`` over ``rows`` sent as one JSON array (dates and times as text, as they are kept)."""
        data = [dict(zip(columns, row, strict=True)) for row in rows]
        if data:
            self.send(query, (json.dumps(data, default=str, ensure_ascii=False, separators=(",", ":")),))

    def insert(self, query: str, params: Sequence[Any] = ()) -> int:
        """Run an ``INSERT`` of one row and return its id."""
        if self.postgres:
            return int(self.execute(f"{query} RETURNING id", params).fetchone()[0])
        return int(self.connection.execute(query, params).lastrowid)

    def new_ids_of(self, counts: dict[str, int]) -> dict[str, list[int]]:
        """:meth:`new_ids` of several tables (``table`` → how many): on PostgreSQL in one round trip."""
        if not self.postgres:
            return {table: self.new_ids(table, count) for table, count in counts.items()}
        query = "SELECT nextval(pg_get_serial_sequence('\"{}\"', 'id')) FROM generate_series(1, ?)"
        asked = [(table, count) for table, count in counts.items() if count > 0]
        found = self.fetch_all([(query.format(table), (count,)) for table, count in asked])
        return {table: [] for table in counts} | {
            table: [int(row[0]) for row in rows] for (table, _count), rows in zip(asked, found, strict=True)
        }

    def new_ids(self, table: str, count: int) -> list[int]:
        """Ids for ``count`` new rows of ``table``, known before they are inserted (with ``executemany``).

        Inside a write transaction only. On SQLite they follow the largest id the table ever gave
        (its AUTOINCREMENT count), which the write lock keeps free: insert the rows before any
        other row of the table. On PostgreSQL
        the table's own sequence hands them out (those left unused are a gap, as after a rollback).
        """
        if count <= 0:
            return []
        if self.postgres:
            return self.new_ids_of({table: count})[table]
        largest = int(
            self.execute(
                f'SELECT max(coalesce((SELECT max(id) FROM "{table}"), 0), '
                "coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0))",
                (table,),
            ).fetchone()[0]
        )
        return list(range(largest + 1, largest + 1 + count))
