"""Rows a writer holds back and then writes together: one statement per table and kind of change.

An import decides row by row; writing each row as it is decided would cost a statement per
row, and on a server each statement is a round trip. The writer holds its rows here and
:meth:`HeldRows.write` writes them in a few statements (``storage.sql``'s ``insert_rows`` …):
new rows first (parents before children, in the order the plan's tables hang together), then
whole records as they stand (what peewee's ``save`` would write), then single columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from peewee import Model

from hmics_desktop.storage.journal import PLAN_TABLES
from hmics_desktop.storage.sql import Sql

_Key = tuple[str, tuple[str, ...]]


def _order(key: _Key) -> int:
    return PLAN_TABLES.index(key[0]) if key[0] in PLAN_TABLES else len(PLAN_TABLES)


class HeldRows:
    """New rows, saved records and changed columns, held until :meth:`write`."""

    def __init__(self) -> None:
        self._inserts: dict[_Key, list[Sequence[Any]]] = {}
        self._saved: dict[tuple[str, int], Model] = {}
        self._updates: dict[_Key, list[Sequence[Any]]] = {}

    def insert(self, table: str, columns: Sequence[str], row: Sequence[Any]) -> None:
        """A new row (with its id when others name it before it is written)."""
        self._inserts.setdefault((table, tuple(columns)), []).append(row)

    def save(self, record: Model) -> None:
        """The whole record, as it stands when written (a later change to it is written too)."""
        self._saved[(record._meta.table_name, record.get_id())] = record

    def update(self, table: str, columns: Sequence[str], row: Sequence[Any]) -> None:
        """``columns`` of the row whose id ends ``row`` (after any new row and saved record)."""
        self._updates.setdefault((table, tuple(columns)), []).append(row)

    def write(self, sql: Sql) -> None:
        """Write what is held, a statement per table and kind of change, and hold nothing more."""
        for (table, columns), rows in sorted(self._inserts.items(), key=lambda item: _order(item[0])):
            sql.insert_rows(table, columns, rows)
        saved: dict[_Key, list[Sequence[Any]]] = {}
        for record in self._saved.values():
            fields = [f for f in record._meta.sorted_fields if not f.primary_key]
            key = (record._meta.table_name, tuple(f.column_name for f in fields))
            values = [f.db_value(record.__data__.get(f.name)) for f in fields]
            saved.setdefault(key, []).append([*values, record.get_id()])
        for (table, columns), rows in [*saved.items(), *self._updates.items()]:
            sql.update_rows(table, columns, rows)
        self._inserts, self._saved, self._updates = {}, {}, {}
