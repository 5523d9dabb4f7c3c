"""Opening a plan database: pragmas, integrity check, version check, migrations.

``models.database`` is a proxy; :func:`open_database` points it at a file (or
``:memory:``) or, for a ``postgresql://`` URL, at a server database (:func:`open_shared`),
so that the application and each test choose their own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import peewee

from hmics_desktop.private_files import new_private_file
from hmics_desktop.storage import migrations
from hmics_desktop.storage.failures import explain_failure, explain_shared_failure
from hmics_desktop.storage.locations import is_url, short_name
from hmics_desktop.storage.models import database
from hmics_desktop.storage.plan_database import ROUND_MS, PlanDatabase, connected_here
from hmics_desktop.storage.read_only_file import LeftOverWal, ReadInterrupted, ReadOnlyPlanDatabase

if TYPE_CHECKING:
    from hmics_desktop.storage.shared_database import SharedPlanDatabase

log = logging.getLogger(__name__)

APPLICATION_ID = 0x484D4943  # "HMIC": marks a file as one of ours
_SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseOpenError(Exception):
    """A database that cannot be opened; ``str()`` is the user's message."""


class NotAPlanDatabase(DatabaseOpenError):
    pass


class DatabaseTooNew(DatabaseOpenError):
    pass


class DatabaseTooOld(DatabaseOpenError):
    """Written by an older version, and opened where it cannot be updated (read-only)."""


class DatabaseDamaged(DatabaseOpenError):
    """``PRAGMA quick_check`` failed: the user may open it read-only or restore a backup."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(
            f"The plan database {path.name} is damaged ({problems[0]}). "
            "Open it read-only to copy what you need, or restore a backup."
        )


class PasswordNeeded(DatabaseOpenError):
    """The server asks for a password, or refused the one given: ask the user (again)."""


class DatabaseMissing(DatabaseOpenError):
    """No database at the path (only the commands that create one may create it)."""


def open_database(
    path: str | Path,
    *,
    read_only: bool = False,
    check: bool = True,
    create: bool = True,
    password: str | None = None,
    ahead: Sequence[str] = (),
) -> PlanDatabase | SharedPlanDatabase:
    """Open and, where needed, migrate the plan database at ``path``.

    Opening writes nothing unless the schema must be created or migrated. A file or folder
    that cannot be written opens read-only (``database.read_only`` says so). ``create=False``
    refuses a path with no database; a missing folder is always refused. ``check=False``
    leaves the integrity check to the caller (the window runs :func:`integrity_problems` in
    the background); a database about to be migrated is always checked first. A
    ``postgresql://`` URL opens a server database (``password`` when the URL has none); ``ahead``:
    the queries the program asks first, asked there with the schema's version (one round trip less).
    """
    if is_url(path):
        return open_shared(str(path), read_only=read_only, create=create, password=password, ahead=ahead)
    in_memory = str(path) == ":memory:"
    db_path = None if in_memory else Path(path)
    if db_path is not None:
        _refuse_missing(db_path, create=create and not read_only)
        _refuse_non_sqlite(db_path)
        read_only = read_only or not _writable(db_path)
    close_database()
    database.read_only = read_only
    try:
        _connect(db_path, read_only)
        connection = database.connection()
        _check_identity(connection, db_path)
        version = migrations.schema_version(connection)
        needs_migration = version < migrations.latest_version()
        if read_only and needs_migration:
            raise _cannot_update(db_path.name if db_path else "the database", version, shared=False)
        if db_path is not None and (check or (needs_migration and version > 0)):
            _quick_check(connection, db_path)
        if needs_migration:
            migrations.migrate(connection, db_path, application_id=APPLICATION_ID)
    except (sqlite3.DatabaseError, peewee.DatabaseError, DatabaseDamaged) as error:
        if _interrupted(error):  # another program was writing it: not damage, not a missing right
            close_database()
            raise DatabaseOpenError(explain_failure(ReadInterrupted(), db_path)) from error
        close_database()
        if isinstance(error, DatabaseDamaged):
            raise
        if "malformed" in str(error) and db_path is not None:
            raise DatabaseDamaged(db_path, [str(error)]) from error
        raise DatabaseOpenError(explain_failure(error, db_path)) from error
    except LeftOverWal as error:
        close_database()
        raise DatabaseOpenError(str(error)) from error
    except ReadInterrupted as error:
        close_database()
        raise DatabaseOpenError(explain_failure(error, db_path)) from error
    except BaseException:
        close_database()
        raise
    return database.obj


def _interrupted(error: BaseException) -> bool:
    return isinstance(database.obj, ReadOnlyPlanDatabase) and database.obj.interrupted(error)


def open_shared(
    url: str, *, read_only: bool = False, create: bool = True, password: str | None = None, ahead: Sequence[str] = ()
) -> SharedPlanDatabase:
    """Open and, where needed, migrate the plan database on a PostgreSQL server.

    A database the login may read but not write opens read-only. Every failure (server
    unreachable, wrong password, no permission, a newer schema) is one sentence.
    """
    close_database()
    where = short_name(url)  # "plans on server": never the password, and no URL in a sentence
    database.read_only = read_only
    from hmics_desktop.storage.shared_database import SharedPlanDatabase  # the server's driver, when first used

    database.initialize(SharedPlanDatabase(url, **({"password": password} if password else {})))
    try:
        database.connect()
        sql = database.sql()
        version, may_write = migrations.shared_schema_at_open(sql, ahead)
        latest = migrations.latest_version()
        if version is None:
            raise NotAPlanDatabase(
                f"The database {where} holds other tables: it is not a plan database of this application."
            )
        if version > latest:
            raise DatabaseTooNew(
                f"The database {where} was written by a newer version of this application (schema {version}, "
                f"this version knows up to {latest}). Install the newer version to open it; nothing was changed."
            )
        if version == 0 and not create:
            raise DatabaseMissing(f"There is no plan database in {where} yet.")
        if version < latest:
            if read_only or may_write is False:  # asked so, or a login that may only read: it cannot update it
                raise _cannot_update(where, version, shared=True)
            with database.unhurried():  # a migration of a large plan may take its time
                migrations.migrate_shared(sql)
            may_write = None
        if may_write is None and not read_only:  # asked again once the tables are there
            may_write = sql.execute("SELECT has_table_privilege('action', 'UPDATE')").fetchone()[0]
        if not read_only and not may_write:
            database.read_only = True
            sql.execute("SET default_transaction_read_only = on")
    except peewee.DatabaseError as error:
        close_database()
        words = explain_shared_failure(error, where)
        if any(sign in str(error) for sign in ("password authentication failed", "no password supplied")):
            raise PasswordNeeded(words) from error
        raise DatabaseOpenError(words) from error
    except BaseException:
        close_database()
        raise
    return database.obj


def _connect(db_path: Path | None, read_only: bool) -> None:
    if db_path is None:
        database.initialize(PlanDatabase(":memory:", pragmas={"foreign_keys": 1}))
        database.connect()
        return
    if not read_only:
        if not db_path.exists():
            new_private_file(db_path)  # a new plan is the user's own (its -wal and -shm files follow it)
        database.initialize(PlanDatabase(str(db_path), pragmas={"foreign_keys": 1, "busy_timeout": ROUND_MS}))
        database.connect()
        return
    # Read-only, following other programs' writes: see read_only_file for how, and why not immutable alone.
    pragmas = {"foreign_keys": 1, "busy_timeout": ROUND_MS}
    database.initialize(ReadOnlyPlanDatabase(db_path, writable_here=_writable(db_path), pragmas=pragmas))
    database.connect()


def _writable(path: Path) -> bool:
    """Whether SQLite can write the file and its folder (the journal and WAL files live there)."""
    folder_ok = os.access(path.parent, os.W_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def _refuse_missing(path: Path, *, create: bool) -> None:
    if not path.parent.is_dir():
        raise DatabaseMissing(f"The folder {path.parent} does not exist, so there is no plan database {path.name}.")
    if not path.exists() and not create:
        raise DatabaseMissing(f"There is no plan database at {path}.")


def _cannot_update(name: str, version: int, *, shared: bool) -> DatabaseOpenError:
    """A database opened read-only that is empty, or at an older version (:class:`DatabaseTooOld`)."""
    if version == 0:
        return DatabaseOpenError(f"{name} is empty and cannot be written here, so it cannot be made a plan database.")
    older = f"{name} was written by an older version of this application and must be updated"
    if shared:  # the tables are updated by their owner's login (see the README)
        return DatabaseTooOld(f"{older} first: open it once with a login that may change it (its owner's).")
    return DatabaseTooOld(
        f"{older}, but it cannot be written here (read-only). Copy it somewhere you can write and open the copy."
    )


def close_database() -> None:
    if not database.is_closed():
        database.close()
    database.read_only = False


@contextlib.contextmanager
def own_connection() -> Iterator[None]:
    """Work on this thread (a background job's) through a connection of its own, closed at the end.

    Only the connection: the database stays open for the window, with the settings it chose
    (read-only…). The connections the job left on databases the window has since closed (one or more) are closed too.
    """
    used = database.obj
    try:
        yield
    finally:
        for opened in {id(each): each for each in (used, database.obj, *connected_here()) if each is not None}.values():
            if not opened.is_closed():
                opened.close()


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
    """Run SQLite's quick check on a connection of its own (safe on another thread).

    A file that cannot be read just now (moved, a network folder gone for a moment, locked,
    another program beginning to write it) is not damaged: it is not checked this time, and
    whoever uses it next is told why it cannot be. It is read as the window reads a file it may
    not write (:mod:`read_only_file`), so the check never leaves files beside it.
    """
    reader = ReadOnlyPlanDatabase(path, writable_here=_writable(path))
    try:
        reader.connect()
        _quick_check(reader.connection(), path)
    except DatabaseDamaged as damaged:
        return None if reader.written_meanwhile() else damaged
    except (sqlite3.OperationalError, peewee.OperationalError, ReadInterrupted, LeftOverWal, OSError) as error:
        log.warning("could not check %s: %s", path, error)  # could not open or read it: says nothing of what it holds
    except (sqlite3.DatabaseError, peewee.DatabaseError) as error:  # "malformed", "not a database"
        return None if reader.interrupted(error) else DatabaseDamaged(path, [str(error)])
    finally:
        reader.close()
    return None
