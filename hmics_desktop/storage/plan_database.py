"""The SQLite database object: writes wait their turn, reads see one snapshot.

Every write transaction starts with ``BEGIN IMMEDIATE``, so it holds the write lock from
its first statement: a transaction that reads first and writes later could not wait for
the lock (SQLite answers "locked" at once, busy timeout or not). While another program
writes, ``begin`` waits in short rounds and tells :attr:`PlanDatabase.on_wait` each
round, so a window can say that it is waiting; after :attr:`write_wait_seconds` it gives
up with :class:`DatabaseBusy`. Only then is the busy timeout a round's: a read waits for as
long as another program's moment with the file takes (:data:`READ_WAIT_MS`). Reads that
must agree with each other run inside :meth:`PlanDatabase.snapshot`, one deferred
transaction (WAL gives it one snapshot).

A write keeps its pages in memory (up to :data:`WRITE_CACHE_KIB`, the change journal's temporary
rows too) until it commits, and the page cache is set back after: with SQLite's 2 MB a large
step (an import) wrote its pages to the WAL and read them back before the commit wrote them
again, and spilled the journal into a temporary file. Durability is unchanged: the commit
writes and syncs the WAL as before.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from typing import Any

import peewee
from peewee import DatabaseProxy, SqliteDatabase

from hmics_desktop.storage.sql import Sql

ROUND_MS = 250  # the busy timeout of one round of waiting for the write lock
# The busy timeout at all other times: a read waits while another program's connection holds
# the file for a moment (the last one to close it writes its WAL back under an exclusive lock,
# which takes longer than a round on a busy or slow disk).
READ_WAIT_MS = 10_000
# The page cache of a write transaction, main and temporary (a 5,000-action import touches about 20 MB).
WRITE_CACHE_KIB = 65_536


class DatabaseBusy(Exception):
    """Another program held the write lock for longer than the wait allows.

    ``str()`` is the cause only ("another program has been writing … for 60 seconds"): whoever
    says it adds what it left behind ("nothing was changed"), once.
    """


class PlanDatabase(SqliteDatabase):
    """``SqliteDatabase`` whose transactions take the write lock first and wait for it."""

    dialect = "sqlite"
    on_wait: Callable[[float], None] | None = None  # called with the seconds waited so far
    write_wait_seconds = 60.0
    read_only = False

    def __init__(self, database: Any, **kwargs: Any) -> None:
        super().__init__(database, lock_type="IMMEDIATE", **kwargs)

    def sql(self) -> Sql:
        """The connection for raw SQL (see :mod:`hmics_desktop.storage.sql`)."""
        return Sql(self.connection(), self.dialect)

    def location(self) -> str:
        """The file (or ``:memory:``) as the user names it."""
        return str(self.database)

    def snapshot(self) -> Any:
        """A read transaction: every query inside it sees the same committed state."""
        return self.atomic("DEFERRED")

    def unhurried(self) -> contextlib.AbstractContextManager[None]:
        """Long one-off work (a copy): a file sets no time limit, so there is none to lift."""
        return contextlib.nullcontext()

    def begin(self, lock_type: str | None = None) -> None:
        lock = lock_type or "IMMEDIATE"
        if lock != "IMMEDIATE" or self.read_only:
            super().begin("DEFERRED" if self.read_only else lock)
            return
        connection = self.connection()
        connection.execute(f"PRAGMA busy_timeout = {ROUND_MS}")
        try:
            self._wait_for_lock(lock)
            connection.execute(f"PRAGMA busy_timeout = {READ_WAIT_MS}")
            self._roomy_cache(connection)
        except BaseException:
            # Whatever stopped it (an interrupt, a lost file) is the cause to say: the lock let go, the wait put back.
            with contextlib.suppress(sqlite3.Error):
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
            with contextlib.suppress(sqlite3.Error):
                connection.execute(f"PRAGMA busy_timeout = {READ_WAIT_MS}")
            raise

    def _wait_for_lock(self, lock: str) -> None:
        """``BEGIN`` in rounds of :data:`ROUND_MS`, telling :attr:`on_wait`, until :attr:`write_wait_seconds`."""
        started = time.monotonic()
        while True:
            try:
                super().begin(lock)
                return
            except peewee.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise
                waited = time.monotonic() - started
                if waited >= self.write_wait_seconds:
                    raise DatabaseBusy(
                        f"another program has been writing to the plan database for {waited:.0f} seconds"
                    ) from error
                if self.on_wait is not None:
                    self.on_wait(waited)

    def _roomy_cache(self, connection: sqlite3.Connection) -> None:
        """The write's pages kept in memory until it commits (see the module), the caches as they were kept."""
        state = self._state  # type: ignore[attr-defined]  # peewee's, one per thread (each has its connection)
        if getattr(state, "cache_sizes", None) is None:
            state.cache_sizes = (
                connection.execute("PRAGMA main.cache_size").fetchone()[0],
                connection.execute("PRAGMA temp.cache_size").fetchone()[0],
            )
        connection.execute(f"PRAGMA main.cache_size = -{WRITE_CACHE_KIB}")
        connection.execute(f"PRAGMA temp.cache_size = -{WRITE_CACHE_KIB}")

    def _cache_back(self) -> None:
        """The page caches as they were before the write (its pages freed once it has ended)."""
        state = self._state  # type: ignore[attr-defined]
        sizes, state.cache_sizes = getattr(state, "cache_sizes", None), None
        if sizes is None or self.is_closed():
            return
        connection = self.connection()
        with contextlib.suppress(sqlite3.Error):  # a lost file: nothing to give back to
            connection.execute(f"PRAGMA main.cache_size = {sizes[0]}")
            connection.execute(f"PRAGMA temp.cache_size = {sizes[1]}")

    def commit(self) -> None:
        super().commit()  # a commit refused (a full disk) is rolled back next, which puts the caches back
        self._cache_back()

    def rollback(self) -> None:
        """Roll back, unless SQLite already did (a full disk or an I/O error ends the transaction)."""
        try:
            if not self.is_closed() and not self.connection().in_transaction:
                return
            super().rollback()
        finally:
            self._cache_back()


class PlanDatabaseProxy(DatabaseProxy):
    """The models' database: an SQLite :class:`PlanDatabase` or a PostgreSQL one, chosen at open time.

    Settings made on the proxy (``on_wait``, ``read_only``, ``write_wait_seconds``) are kept
    and given to every database it is pointed at; before any is open it reads as closed. Dunder
    names are the proxy's own: handing on ``__dict__`` made the database's instance attributes
    look like the proxy's, and a setting patched for a while (pytest's ``monkeypatch``) was then
    deleted instead of put back.
    """

    __slots__ = ("_Model", "_callbacks", "obj", "settings")

    def __init__(self) -> None:
        object.__setattr__(self, "settings", {})
        super().__init__()

    def initialize(self, obj: Any) -> None:
        super().initialize(obj)
        for name, value in self.settings.items() if obj is not None else ():
            setattr(obj, name, value)

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # the proxy's own (its ``__dict__``…), never the database's
            raise AttributeError(attr)
        if self.obj is None:
            if attr in self.settings:
                return self.settings[attr]
            if attr == "is_closed":
                return lambda: True
            if hasattr(PlanDatabase, attr) and not callable(getattr(PlanDatabase, attr)):
                return getattr(PlanDatabase, attr)
        return super().__getattr__(attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        if attr in ("obj", "_callbacks", "_Model"):
            object.__setattr__(self, attr, value)
            return
        self.settings[attr] = value
        if self.obj is not None:
            setattr(self.obj, attr, value)


class SaveUnsure(peewee.OperationalError):
    """The server fell silent during a commit: the change may have been saved or not."""
