"""Opening a plan database: pragmas, integrity check, version check, migrations.

``models.database`` is created unopened; :func:`open_database` initialises it for a file
(or ``:memory:``) so that the application and each test choose their own.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path

import peewee
from peewee import SqliteDatabase

from hmics_desktop.storage import migrations
from hmics_desktop.storage.models import database

log = logging.getLogger(__name__)

APPLICATION_ID = 0x484D4943  # "HMIC": marks a file as one of ours
_SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseOpenError(Exception):
    """A database that cannot be opened; ``str()`` is the user's message."""


class NotAPlanDatabase(DatabaseOpenError):
    pass


class DatabaseTooNew(DatabaseOpenError):
    pass


class DatabaseDamaged(DatabaseOpenError):
    """``PRAGMA quick_check`` failed: the user may open it read-only or restore a backup."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(
            f"The plan database {path.name} is damaged ({problems[0]}). "
            "Open it read-only to copy what you need, or restore a backup."
        )


def open_database(path: str | Path, *, read_only: bool = False, check: bool = True) -> SqliteDatabase:
    """Open (creating when absent) and migrate the plan database at ``path``.

    ``check=False`` leaves the integrity check to the caller (the window runs
    :func:`integrity_problems` in the background); a database about to be migrated is
    always checked first.
    """
    in_memory = str(path) == ":memory:"
    db_path = None if in_memory else Path(path)
    if db_path is not None:
        _refuse_non_sqlite(db_path)
        if not read_only:
            db_path.parent.mkdir(parents=True, exist_ok=True)
    if not database.is_closed():
        database.close()
    if read_only and db_path is not None:
        database.init(f"file:{db_path.as_posix()}?mode=ro", uri=True, pragmas={"foreign_keys": 1})
    else:
        pragmas: dict[str, object] = {"foreign_keys": 1, "busy_timeout": 5000}
        if not in_memory:
            pragmas["journal_mode"] = "wal"
        database.init(str(path), pragmas=pragmas)
    try:
        database.connect()
        connection = database.connection()
        _check_identity(connection, db_path)
        needs_migration = migrations.schema_version(connection) < migrations.latest_version()
        if db_path is not None and (check or (needs_migration and migrations.schema_version(connection) > 0)):
            _quick_check(connection, db_path)
        if not read_only:
            migrations.migrate(connection, db_path)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except (sqlite3.DatabaseError, peewee.DatabaseError) as error:
        database.close()
        if "malformed" in str(error) and db_path is not None:
            raise DatabaseDamaged(db_path, [str(error)]) from error
        name = db_path.name if db_path else "the database"
        raise NotAPlanDatabase(f"{name} cannot be opened as a plan database ({error}).") from error
    except DatabaseOpenError:
        database.close()
        raise
    return database


def close_database() -> None:
    if not database.is_closed():
        database.close()


def _refuse_non_sqlite(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        if handle.read(16) != _SQLITE_MAGIC:
            raise NotAPlanDatabase(f"{path.name} is not a plan database (it is not an SQLite file).")


def _check_identity(connection: sqlite3.Connection, path: Path | None) -> None:
    app_id = connection.execute("PRAGMA application_id").fetchone()[0]
    has_tables = connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    name = path.name if path else "the database"
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and has_tables):
        raise NotAPlanDatabase(f"{name} is an SQLite file, but not a plan database of this application.")
    version = migrations.schema_version(connection)
    latest = migrations.latest_version()
    if version > latest:
        raise DatabaseTooNew(
            f"{name} was written by a newer version of this application (schema {version}, "
            f"this version knows up to {latest}). Install the newer version to open it; "
            "the file has not been changed."
        )


def _quick_check(connection: sqlite3.Connection, path: Path) -> None:
    problems = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    if problems != ["ok"]:
        log.error("quick_check failed on %s: %s", path, problems[:5])
        raise DatabaseDamaged(path, problems)


def integrity_problems(path: Path) -> DatabaseDamaged | None:
    """Run SQLite's quick check on a connection of its own (safe on another thread)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)) as connection:
            _quick_check(connection, path)
    except DatabaseDamaged as damaged:
        return damaged
    except sqlite3.DatabaseError as error:
        return DatabaseDamaged(path, [str(error)])
    return None


def backups_of(path: Path) -> list[Path]:
    """Backups made before migrations, newest first."""
    return sorted(path.parent.glob(f"{path.stem}.before-v*.backup*"), reverse=True)
