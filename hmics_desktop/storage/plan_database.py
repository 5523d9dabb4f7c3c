"""The SQLite database object: writes wait their turn, reads see one snapshot, and every wait says so.

Every write transaction starts with ``BEGIN IMMEDIATE``, so it holds the write lock from
its first statement: a transaction that reads first and writes later could not wait for
the lock (SQLite answers "locked" at once, busy timeout or not). Every statement that finds
the file busy (another program writing, writing its WAL back, or holding the file alone in
exclusive locking mode) waits in rounds of :data:`ROUND_MS` (the connection's busy timeout)
and tells :attr:`PlanDatabase.on_wait` each round, so that a window can say it is waiting, and
:attr:`PlanDatabase.on_waited` once it no longer waits. ``BEGIN IMMEDIATE`` gives up after
:attr:`PlanDatabase.write_wait_seconds` with :class:`DatabaseBusy`; any other statement after
:data:`READ_WAIT_MS` with SQLite's own "database is locked" (a read changes nothing, so there
is nothing to put back). A busy answer that came at once (SQLite answers some states without
calling its busy handler) waits out its round before it is asked again; a write on a read
transaction's snapshot that another program's commit overtook fails at once (no wait helps). Reads
that must agree with each other run inside :meth:`PlanDatabase.snapshot`, one deferred
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
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import peewee
from peewee import DatabaseProxy, SqliteDatabase

from hmics_desktop.storage.sql import Sql

ROUND_MS = 250  # the busy timeout: how long one round of waiting for the file lasts
# How long any other statement (a read) waits in all, in rounds: another program's moment with the
# file (the last one to close it writes its WAL back under an exclusive lock) may take seconds on a
# busy or slow disk.
READ_WAIT_MS = 10_000
# The page cache of a write transaction, main and temporary (a 5,000-action import touches about 20 MB).
WRITE_CACHE_KIB = 65_536


_here = threading.local()


@contextlib.contextmanager
def inside_a_statement() -> Iterator[None]:
    """Around ``on_wait`` told while a statement waits for the server: this thread may run no other meanwhile."""
    _here.inside = True
    try:
        yield
    finally:
        _here.inside = False


def waiting_inside_a_statement() -> bool:
    """Whether ``on_wait`` is told from inside a statement (a server's connection, taken until it answers)."""
    return getattr(_here, "inside", False)


def connected_here() -> list[Any]:
    """The SQLite databases this thread has a connection open on (the window may have opened others since)."""
    return [each for each in getattr(_here, "connected", []) if not each.is_closed()]


# ``atomic(READS_FIRST)``: a write transaction whose first reads are sent with its write lock's request
# (on a server: one round trip); ``held_since_begun`` then says whether they were read under the lock.
READS_FIRST = "reads first"


class DatabaseBusy(Exception):
    """Another program held the write lock for longer than the wait allows.

    ``str()`` is the cause only ("another program has been writing … for 60 seconds"): whoever
    says it adds what it left behind ("nothing was changed"), once.
    """


def _busy(error: sqlite3.OperationalError) -> bool:
    """Whether SQLite found the file busy for a while, so that asking again may succeed.

    Not a stale snapshot (SQLITE_BUSY_SNAPSHOT: a write in a read transaction another program's
    commit overtook): no wait can help it, only ending the transaction, so it fails at once.
    """
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return "database is locked" in str(error)
    return (code & 0xFF) == sqlite3.SQLITE_BUSY and code != sqlite3.SQLITE_BUSY_SNAPSHOT


class Rounds:
    """One wait in rounds of :data:`ROUND_MS` for ``owner``: each round told, and the end once (when told)."""

    def __init__(self, owner: Any, seconds: float, started: float | None = None) -> None:
        self.owner, self.seconds = owner, seconds
        self.started = time.monotonic() if started is None else started
        self.told = False

    def another(self, asked: float) -> bool:
        """After an ask made at ``asked`` found the file busy: wait out the round, or False when the time is up."""
        waited = time.monotonic() - self.started
        if waited >= self.seconds:
            return False
        if self.owner.on_wait is not None:
            self.told = True
            self.owner.on_wait(waited)
        time.sleep(max(0.0, ROUND_MS / 1000 - (time.monotonic() - asked)))  # an answer at once waits its round
        return True

    def __enter__(self) -> Rounds:
        return self

    def __exit__(self, *_: object) -> None:
        if self.told and self.owner.on_waited is not None:
            self.owner.on_waited()


class WaitingCursor(sqlite3.Cursor):
    """A cursor whose statement, when the file is busy, waits in rounds, telling its database (see the module)."""

    def execute(self, sql: str, parameters: Any = (), /) -> WaitingCursor:
        owner = getattr(self.connection, "owner", None)
        if owner is None:
            return super().execute(sql, parameters)
        writes = sql.lstrip()[:15].upper() == "BEGIN IMMEDIATE"
        with Rounds(owner, owner.write_wait_seconds if writes else READ_WAIT_MS / 1000) as rounds:
            while True:
                asked = time.monotonic()
                try:
                    return super().execute(sql, parameters)
                except sqlite3.OperationalError as error:
                    if not _busy(error):
                        raise
                    if not rounds.another(asked):
                        if not writes:
                            raise
                        writing = "another program has been writing to the plan database"
                        raise DatabaseBusy(f"{writing} for {rounds.seconds:.0f} seconds") from error


def backup_waiting(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Copy ``source`` into ``target`` (SQLite's backup); while the source is busy, wait in told rounds, as a read.

    sqlite3's own backup asks again for as long as the file is busy, silently: a program holding
    the file alone kept a backup (the daily one, before an import) waiting for as long as it held it.
    """
    owner = getattr(source, "owner", None)
    if owner is None:
        source.backup(target)
        return
    with Rounds(owner, READ_WAIT_MS / 1000) as rounds:
        asked = time.monotonic()

        def progress(status: int, _remaining: int, _total: int) -> None:
            nonlocal asked
            if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and not rounds.another(asked):
                raise sqlite3.OperationalError("database is locked")
            asked = time.monotonic()

        source.backup(target, progress=progress, sleep=0)


class WaitingConnection(sqlite3.Connection):
    """A connection whose statements wait in rounds while the file is busy (:class:`WaitingCursor`)."""

    owner: Any = None  # the PlanDatabase it belongs to

    def cursor(self, factory: Any = WaitingCursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:  # sqlite3's own makes a plain cursor
        return self.cursor().execute(sql, parameters)


class PlanDatabase(SqliteDatabase):
    """``SqliteDatabase`` whose transactions take the write lock first and wait for it."""

    dialect = "sqlite"
    on_wait: Callable[[float], None] | None = None  # called each round with the seconds waited so far
    on_waited: Callable[[], None] | None = None  # called once a wait that was told is over
    write_wait_seconds = 60.0
    read_only = False

    def __init__(self, database: Any, **kwargs: Any) -> None:
        kwargs.setdefault("timeout", ROUND_MS / 1000)
        kwargs.setdefault("factory", WaitingConnection)
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

    def held_since_begun(self) -> bool:
        """Whether the write lock was held when the transaction began: on a file, always (``BEGIN IMMEDIATE``)."""
        return True

    def begin(self, lock_type: str | None = None) -> None:
        """Begin a transaction; a write one waits for the write lock in rounds (see the module)."""
        lock = "IMMEDIATE" if lock_type in (None, READS_FIRST) else str(lock_type)
        super().begin("DEFERRED" if self.read_only else lock)
        if lock == "IMMEDIATE" and not self.read_only:
            connection = self.connection()
            try:
                self._roomy_cache(connection)
            except BaseException:  # (an interrupt): the lock let go, the cause said
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
                raise

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        if isinstance(conn, WaitingConnection):
            conn.owner = self  # whom its statements tell while they wait
        _here.connected = [*connected_here(), self]  # kept (not let go with its connection open) until closed
        super()._add_conn_hooks(conn)  # type: ignore[misc]

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

    Settings made on the proxy (``on_wait``, ``on_waited``, ``read_only``, ``write_wait_seconds``) are kept
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


class SavedUnanswered(SaveUnsure):
    """The commit's answer was lost, and the server, asked again, says the change was saved.

    ``step``: the step saved (``storage.steps.Step``, known before the COMMIT was sent: its rows, its
    number), set by :func:`~hmics_desktop.storage.steps.record_step`; ``on_undo_list``: it was put on
    the undo list all the same (set by whoever did).
    """

    step: Any = None
    on_undo_list: bool = False  # (or, for an undo saved so, on the redo list: ``taken_back_by`` says which)
    taken_back_by = "Undo"
