"""Copying a whole plan database between engines (a file to a server and back), ids and all.

Every row of every table is copied as it is, with its id, so the history and the audit
trail read the same in the copy. The copy goes into an empty database in one
transaction: it lands whole or not at all. The source must be at this version's schema: a
file at an older one is updated first where it may be written (backed up before, as when
the window opens it); a server database is updated by its owner's login.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import BooleanField, sort_models  # type: ignore[attr-defined]

from hmics_desktop.storage.database import DatabaseOpenError, DatabaseTooOld, close_database, open_database
from hmics_desktop.storage.locations import Location, display_location, is_url
from hmics_desktop.storage.migrations import largest_id_ever
from hmics_desktop.storage.models import BaseModel, database
from hmics_desktop.storage.sql import Sql
from hmics_desktop.storage.sqlite_files import database_files, remove_files


class CopyRefused(Exception):
    """The copy cannot be made; ``str()`` says why, in one sentence."""


@dataclass
class Copied:
    rows: dict[str, int]  # the rows copied, per table
    source_updated: bool  # the source file was at an older version and was updated first


@dataclass
class TableRows:
    name: str
    columns: list[str]
    rows: list[tuple[Any, ...]]


def _models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    pending = list(BaseModel.__subclasses__())
    while pending:
        model = pending.pop()
        found.append(model)
        pending.extend(model.__subclasses__())
    return list(sort_models(found))


def _read_all() -> list[TableRows]:
    tables = []
    with database.unhurried(), database.snapshot():
        sql = database.sql()
        for model in _models():
            booleans = {f.column_name for f in model._meta.sorted_fields if isinstance(f, BooleanField)}
            cursor = sql.execute(f'SELECT * FROM "{model._meta.table_name}" ORDER BY id')
            columns = [column[0] for column in cursor.description]
            rows = [
                tuple(bool(v) if c in booleans and v is not None else v for c, v in zip(columns, row, strict=True))
                for row in cursor.fetchall()
            ]
            tables.append(TableRows(model._meta.table_name, columns, rows))
    return tables


def _write_all(tables: list[TableRows]) -> None:
    with database.unhurried(), database.atomic():  # a server checks 500,000 updates' links at the commit: ~30 s
        sql = database.sql()
        # an action names its latest progress update, which comes later
        sql.execute("SET CONSTRAINTS ALL DEFERRED" if sql.postgres else "PRAGMA defer_foreign_keys = ON")
        # the copy is the same database: its key (made when the empty one was) gives way to the original's,
        # so that returns of the original's update requests are recognised in the copy
        sql.execute('DELETE FROM "request_key"')
        for table in tables:
            for rows in _chunks(table.rows):
                sql.insert_rows(table.name, table.columns, rows)
        for table in tables:
            _never_again(sql, table.name)
            if "version" in table.columns:  # as the original had them, not as the copy's child rows counted them
                place = table.columns.index("version")
                for rows in _chunks(table.rows):
                    sql.update_rows(table.name, ("version",), [(row[place], row[0]) for row in rows])


def _chunks(rows: list[tuple[Any, ...]], size: int = 20_000) -> list[list[tuple[Any, ...]]]:
    """A table's rows a statement at a time on a server (500,000 updates would be one JSON text of 100 MB)."""
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def _never_again(sql: Sql, table: str) -> None:
    """Start the copy's count of ``table``'s ids past every id the original gave (its history names them all).

    The history's count numbers its steps too: past every step's number (one that wrote only what a file
    confirmed has no entry of its own).
    """
    largest = largest_id_ever(sql, table)
    if table == "row_history":
        steps = 'SELECT max(step) FROM "row_history" UNION ALL SELECT max(step) FROM "row_confirmation"'
        largest = max([largest, *(int(row[0]) for row in sql.execute(steps).fetchall() if row[0] is not None)])
    if not largest:
        return
    if sql.postgres:
        sql.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), ?)", (largest,))
    else:
        sql.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (largest, table))


def copy_database(source: Location, target: Location, opener: Callable[..., Any] = open_database) -> Copied:
    """Copy every row of ``source`` into the empty database ``target``.

    ``opener`` opens each (the command line's asks for a server's password).
    """
    try:
        updated = _open_source(source, opener)
        tables = _read_all()
    except DatabaseOpenError as error:
        raise CopyRefused(str(error)) from None
    finally:
        close_database()
    created = _would_create(target)
    try:
        if opener(target).read_only:
            raise CopyRefused(f"{display_location(target)} is read-only here; nothing was copied.")
        if any(_count(name) for name in ("inspection", "audit_entry", "reporting_round", "update_request", "owner")):
            raise CopyRefused(
                f"{display_location(target)} already holds plans; copy into a new, empty database. Nothing was copied."
            )
        _write_all(tables)
    except DatabaseOpenError as error:
        close_database()
        remove_files(created)
        raise CopyRefused(str(error)) from None
    except BaseException:
        close_database()
        remove_files(created)  # a full disk: no empty plan database left where there was none
        raise
    finally:
        close_database()
    return Copied({table.name: len(table.rows) for table in tables}, updated)


def _would_create(target: Location) -> list[Path]:
    """The files a copy into ``target`` creates: none for a server database, or a file that is there."""
    if is_url(target) or Path(target).exists():
        return []
    return [made for made in database_files(Path(target)) if not made.exists()]


def _open_source(source: Location, opener: Callable[..., Any]) -> bool:
    """Open the source read-only, or update a file at an older version first; whether it was updated."""
    try:
        opener(source, read_only=True, create=False)
    except DatabaseTooOld:
        if is_url(source):
            raise
        opener(source, create=False)  # a file that cannot be written here is still refused, in words
        return True
    return False


def _count(table: str) -> int:
    return int(database.sql().execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
