"""The PostgreSQL database object: the same small interface as the SQLite ``PlanDatabase``.

Writes take one transaction-wide advisory lock first, so that writers follow each other
exactly as they do on an SQLite file (``BEGIN IMMEDIATE``): a step reads and writes
without anyone writing in between, and a second writer waits in rounds, telling
:attr:`SharedPlanDatabase.on_wait`, until :attr:`write_wait_seconds` have passed
(:class:`DatabaseBusy`). Version checks still tell two people editing the same item
apart (``EditConflict``). :meth:`snapshot` is a read-only ``REPEATABLE READ`` transaction.
Dates and times travel as text, as SQLite keeps them, so queries compare them alike.

Nothing waits for ever. The server ends a statement that runs longer than
:data:`STATEMENT_SECONDS` or waits :data:`LOCK_SECONDS` for a table another program holds
(the transaction rolled back, so nothing is changed); a server that does not answer at all
(paused, or hung on its disk) cannot end anything, so the client gives up on a connection
silent for :data:`ANSWER_SECONDS` (:class:`ServerSilent`). Long one-off work (a copy, a
migration) runs :meth:`SharedPlanDatabase.unhurried`. A statement left without an answer for
longer than a :data:`MOMENT` (a table another program holds, a slow server) tells ``on_wait``
each round while it waits, and ``on_waited`` once answered, as a write waiting its turn does.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

import peewee
import psycopg
from peewee import PostgresqlDatabase
from psycopg.abc import PQGen
from psycopg.adapt import Dumper
from psycopg.conninfo import conninfo_to_dict
from psycopg.pq import TransactionStatus

from hmics_desktop.storage.locations import display_location
from hmics_desktop.storage.plan_database import (
    READS_FIRST,
    ROUND_MS,
    DatabaseBusy,
    Rounds,
    SavedUnanswered,
    SaveUnsure,
    inside_a_statement,
)
from hmics_desktop.storage.sql import Sql


def _hand_the_driver_to_peewee() -> None:
    """peewee was imported without psycopg (``hmics_desktop.storage``): give it the driver now, as its import would."""
    driver: Any = peewee  # the names peewee's own import would have set
    if driver.psycopg is not None:
        return
    from psycopg.types.json import Json, Jsonb

    driver.psycopg, driver.TransactionStatus, driver.Json_pg3, driver.Jsonb_pg3 = (
        psycopg,
        TransactionStatus,
        Json,
        Jsonb,
    )
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle, adapter.txn_inerror = TransactionStatus.IDLE, TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN


_hand_the_driver_to_peewee()

WRITE_LOCK = 0x484D4943  # the advisory lock every write transaction holds ("HMIC")
_LOCK = "SELECT pg_try_advisory_xact_lock(%s), txid_current()"  # … tried, with the transaction's id
CONNECT_TIMEOUT = 5  # seconds before an unreachable server is reported
# A server that stops answering mid-way (a dropped network) is noticed within about 20 seconds,
# instead of the minutes TCP would wait: libpq's keepalives and its TCP user timeout.
_NETWORK_WATCH = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 2,
                  "tcp_user_timeout": 20_000}  # fmt: skip
_SNAPSHOT = "snapshot"
# The longest statement of a 5,000-action import took 0.7 s on a local server (its new actions in one
# executemany), an undo of it 0.3 s, the board of 50,000 actions 0.2 s: 15 s leaves room for a slow
# server or network. A copy of 500,000 updates commits for ~30 s: copies and migrations are unhurried.
STATEMENT_SECONDS = 15  # the server ends a statement running longer (statement_timeout)
LOCK_SECONDS = 10  # … or waiting longer for a table another program holds (lock_timeout)
ANSWER_SECONDS = 20  # the client gives up on a server silent this long (it cannot end anything itself)
MOMENT = 1.0  # a statement unanswered longer is said to be waiting (a table another program holds, a slow server)
# No statement is prepared on the server (psycopg's threshold off). psycopg names a statement
# prepared as it sends it; one sent behind a write the server refuses is skipped there, never made,
# and its next use failed ("prepared statement … does not exist"). Each statement is planned
# anew: a 5,000-action import costs the server the same processor time (0.86 s against 0.82 s,
# best of 3), 150 hand edits and their undos 0.52 s against 0.34 s. It also lets a pooler in
# transaction mode (PgBouncer) stand between the program and the server.
NO_PREPARED_STATEMENTS = None


class ServerSilent(psycopg.OperationalError):
    """The server did not answer for :data:`ANSWER_SECONDS`: the connection is given up."""


def _watched(gen: PQGen[Any], owner: Any, seconds: float | None) -> PQGen[Any]:
    """psycopg's waiting generator, watched each time it wakes (every tenth of a second, or on a word).

    Nothing ready: given up after ``seconds`` (None: never) without a word from the server (a server
    that answers, even slowly, in pieces, starts the count again); and once the statement has waited
    past a moment, ``owner.on_wait`` is told each round, inside the statement (:func:`inside_a_statement`:
    the connection can run no other until the server answers), and ``owner.on_waited`` once the answer
    (or the error) has come. ``owner``: None, nobody to tell.
    """
    started = heard = time.monotonic()
    next_told, told = started + MOMENT, False
    ready: Any = None  # the first turn starts the generator
    try:
        while True:
            try:
                waiting = next(gen) if ready is None else gen.send(ready)
            except StopIteration as done:
                return done.value
            ready = yield waiting
            now = time.monotonic()
            if ready:
                heard = now
            elif seconds is not None and now - heard >= seconds:
                gen.close()
                raise ServerSilent(f"the database server did not answer for {seconds:.0f} seconds")  # users' words
            elif now >= next_told and owner is not None and owner.on_wait is not None:
                told, next_told = True, now + ROUND_MS / 1000
                with inside_a_statement():
                    owner.on_wait(now - started)
    finally:
        if told and owner.on_waited is not None:
            owner.on_waited()


def fell_silent(error: BaseException) -> bool:
    """Whether ``error`` (psycopg's, or peewee's made from it) is the client giving up on a silent server."""
    return isinstance(error, ServerSilent) or isinstance(error.__context__, ServerSilent)


class _SettlingCursor(psycopg.Cursor[Any]):
    """A cursor whose statement also carries what the connection sent before it without waiting (one round trip).

    Its answer (and theirs, and their errors: the first one raised) is in before :meth:`execute`
    returns, as without a pipeline; a text of several statements waits for theirs first (a pipeline
    takes one statement at a time).
    """

    _conn: _AnsweringConnection

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        connection = self._conn
        connection.ahead = {}
        if connection.pending is None:
            return super().execute(query, params, **kwargs)
        if params is None and ";" in str(query).rstrip().rstrip(";"):
            connection.settle()
            return super().execute(query, params, **kwargs)
        try:
            super().execute(query, params, **kwargs)
        except BaseException:  # an error of what was sent before, come in meanwhile: it is the one said
            connection.discard()
            raise
        connection.settle()
        return self

    def executemany(self, query: Any, params_seq: Any, **kwargs: Any) -> None:
        self._conn.ahead = {}
        self._conn.settle()
        super().executemany(query, params_seq, **kwargs)


class _AnsweringConnection(psycopg.Connection[Any]):
    """A connection that gives up on a server silent for ``answer_seconds`` (None: waits as long as it takes).

    What needs no answer at once (``BEGIN``, a write transaction's inserts)
    is :meth:`send`-ed: it goes to the server now, in psycopg's pipeline, and its answer is awaited
    with the next statement's (:class:`_SettlingCursor`), so it costs no round trip of its own.
    """

    answer_seconds: float | None = ANSWER_SECONDS
    owner: Any = None  # the SharedPlanDatabase, told while a statement waits (its on_wait, on_waited)
    pending: contextlib.ExitStack | None = None  # the pipeline of statements sent whose answers are not in yet
    _pipeline: psycopg.Pipeline
    _pending_writes = False  # whether they may hold writes of a transaction begun
    # Answers asked before they were needed (``migrations.shared_schema_at_open``): good until the next statement.
    ahead: dict[str, list[Any]] = {}  # noqa: RUF012 - only ever replaced, never changed in place
    lock_asked: tuple[float, psycopg.Cursor[Any]] | None = None  # when, and the answer (``READS_FIRST``)
    transaction_id: int | None = None  # the write transaction's: whether it committed can be asked, its answer lost

    def send(self, query: str, params: Any = None) -> psycopg.Cursor[Any]:
        """Send ``query`` now; its answer is awaited with the next statement's. Its cursor (read it after)."""
        self.ahead = {}
        if self.pending is None:
            self._pending_writes = self.info.transaction_status == TransactionStatus.INTRANS
            self.pending = contextlib.ExitStack()
            self._pipeline = self.pending.enter_context(self.pipeline())
        if query.startswith("BEGIN"):
            self._pending_writes = True
        cursor = psycopg.Cursor(self)
        try:
            cursor.execute(query, params)
        except BaseException:  # an error of what was sent before, come in meanwhile
            self.discard()
            raise
        return cursor

    def answered_ahead(self, queries: list[str]) -> list[list[Any]] | None:
        """The answers to ``queries`` asked ahead, should every one be (each is given once); else None."""
        ahead, self.ahead = self.ahead, {}
        found = [ahead.get(query) for query in queries]
        return None if any(rows is None for rows in found) else [rows for rows in found if rows is not None]

    def in_transaction(self) -> bool:
        """Whether a transaction is open (or its ``BEGIN`` sent): a write sent now is committed with it."""
        if self.pending is not None:
            return self._pending_writes
        return self.info.transaction_status == TransactionStatus.INTRANS

    def settle(self) -> None:
        """Wait for the answers of what was sent; the first error among them is raised."""
        pending, self.pending = self.pending, None
        if pending is None:
            return
        try:
            pending.close()
        except psycopg.errors.PipelineAborted as aborted:  # what the first error stopped: that error is the cause
            if isinstance(aborted.__context__, psycopg.Error):
                raise aborted.__context__ from None
            raise

    def close(self) -> None:
        """Close; what was sent and not yet answered is dropped with the connection (no wait for it)."""
        pending, self.pending = self.pending, None
        super().close()
        if pending is not None:
            with contextlib.suppress(psycopg.Error):
                pending.close()  # the pipeline ended here, not (said as an error) when collected

    def discard(self) -> None:
        """Wait for the answers of what was sent, whatever they are (the transaction is being rolled back)."""
        with contextlib.suppress(psycopg.Error):
            self.settle()

    def wait(self, gen: PQGen[Any], *args: Any, **kwargs: Any) -> Any:
        try:  # the owner: the database to tell while a statement waits
            return super().wait(_watched(gen, self.owner, self.answer_seconds), *args, **kwargs)
        except ServerSilent:
            self.pgconn.finish()  # it may yet answer, too late: this connection is done with
            raise


class _TextDumper(Dumper):
    """Dates and times as text ("2022-09-14 10:00:00"), the form the schema keeps them in."""

    oid = psycopg.adapters.types["text"].oid

    def dump(self, obj: Any) -> bytes:
        return str(obj).encode()


def _limits(statement_seconds: float, lock_seconds: float) -> dict[str, str]:
    """The server's limits for a session (0: none), in milliseconds."""
    return {"statement_timeout": f"{statement_seconds * 1000:.0f}", "lock_timeout": f"{lock_seconds * 1000:.0f}"}


def _session_options(params: dict[str, Any], settings: dict[str, str]) -> str:
    """The connection's ``options`` with ``settings`` added: the server applies them as the session starts.

    They travel in the connection's first message, so they cost no statement and no round trip, and
    no transaction rolled back undoes them. Options the user's address already gives are kept first.
    """
    given = str(conninfo_to_dict(**params).get("options") or "")
    return " ".join([given, *(f"-c {name}={value}" for name, value in settings.items())]).strip()


def _set_time_limits(connection: _AnsweringConnection, statement_seconds: float, lock_seconds: float) -> None:
    """Set the session's limits now (long one-off work, and the usual limits after it)."""
    connection.execute(
        "; ".join(f"SET {name} = {value}" for name, value in _limits(statement_seconds, lock_seconds).items())
    )


class SharedPlanDatabase(PostgresqlDatabase):
    """``PostgresqlDatabase`` (psycopg 3) whose write transactions take the write lock and wait for it."""

    dialect = "postgresql"
    on_wait: Callable[[float], None] | None = None
    on_waited: Callable[[], None] | None = None
    write_wait_seconds = 60.0
    read_only = False
    answer_seconds: float = ANSWER_SECONDS
    statement_seconds = STATEMENT_SECONDS
    lock_seconds = LOCK_SECONDS

    def __init__(self, url: str, **kwargs: Any) -> None:
        kwargs.setdefault("connect_timeout", CONNECT_TIMEOUT)
        kwargs.update(_NETWORK_WATCH)
        super().__init__(url, prefer_psycopg3=True, **kwargs)

    def connection(self) -> Any:
        self._revive()
        return super().connection()

    def cursor(self, named_cursor: Any = None) -> Any:
        self._revive()
        return super().cursor(named_cursor)

    def _revive(self) -> None:
        """Between transactions, a connection the network or the server dropped is opened afresh.

        The query that met the drop fails (and says so); the next one finds a new connection, so a
        laptop that lost its Wi-Fi for a moment carries on without being restarted.
        """
        connection = None if self.is_closed() else self._state.conn  # type: ignore[attr-defined]
        if connection is not None and (connection.closed or connection.broken) and not self.in_transaction():
            self.close()

    def _connect(self) -> Any:
        params = {"conninfo": self.database, **self.connect_params}
        settings = _limits(self.statement_seconds, self.lock_seconds)
        if self.read_only:
            settings["default_transaction_read_only"] = "on"
        params["options"] = _session_options(params, settings)
        connection = _AnsweringConnection.connect(
            **params, autocommit=True, cursor_factory=_SettlingCursor, prepare_threshold=NO_PREPARED_STATEMENTS
        )
        connection.answer_seconds = self.answer_seconds
        connection.owner = self
        for kind in (datetime, date):
            connection.adapters.register_dumper(kind, _TextDumper)
        return connection

    @contextlib.contextmanager
    def unhurried(self) -> Iterator[None]:
        """Long one-off work (a copy, a migration) on this connection: no time limit, then the usual ones."""
        connection = self.connection()
        connection.answer_seconds = None
        _set_time_limits(connection, 0, 0)
        try:
            yield
        finally:
            connection.answer_seconds = self.answer_seconds
            if not (connection.closed or connection.broken):
                _set_time_limits(connection, self.statement_seconds, self.lock_seconds)

    def rollback(self) -> None:
        """Roll back, unless the connection is gone (the server then ends the transaction itself)."""
        connection = None if self.is_closed() else self._state.conn  # type: ignore[attr-defined]
        if connection is None or connection.closed or connection.broken:
            return
        connection.discard()  # what was sent since the last answer (the error, and what it aborted)
        super().rollback()

    def commit(self) -> None:
        """Commit; a server silent meanwhile, or a connection lost, may have committed or not, and that is said.

        An error the server answers with (a refused write sent without waiting) ends the transaction
        unsaved; a connection that ends with no answer leaves the COMMIT's fate unknown, unless the
        server, asked again, says the transaction was rolled back (its writes and the COMMIT go
        together, without waiting: the server may have ended it on any of them).
        """
        try:
            super().commit()
        except peewee.OperationalError as error:
            if fell_silent(error):
                raise SaveUnsure(
                    f"{error} while the change was being saved (it may be paused or overloaded)"
                ) from error
            connection = self._state.conn  # type: ignore[attr-defined]
            unanswered = getattr(error.__context__, "sqlstate", None) is None
            if unanswered and (connection is None or connection.closed or connection.broken):
                fate = None if connection is None else self._fate(connection.transaction_id)
                if fate == "aborted":
                    raise  # the server rolled it back (ended mid-way): nothing was changed
                if fate == "committed":
                    raise SavedUnanswered(
                        "the connection to the database server was lost just as the change was saved"
                    ) from error
                raise SaveUnsure(
                    "the connection to the database server was lost while the change was being saved"
                ) from error
            raise

    def _fate(self, xid: int | None) -> str | None:
        """What the server made of transaction ``xid`` (its COMMIT sent, the answer lost), asked on a new connection.

        "committed", "aborted" or "in progress"; None when it cannot be told (the server out of reach).
        """
        if xid is None:
            return None
        try:
            with psycopg.connect(self.database, **self.connect_params, autocommit=True) as other:
                return str(other.execute("SELECT txid_status(%s)", (xid,)).fetchone()[0])  # type: ignore[index]
        except psycopg.Error:
            return None

    def sql(self) -> Sql:
        """The connection for raw SQL (see :mod:`hmics_desktop.storage.sql`)."""
        return Sql(self.connection(), self.dialect)

    def location(self) -> str:
        return display_location(str(self.database))

    def snapshot(self) -> Any:
        """A read transaction: every query inside it sees the same committed state."""
        return self.atomic(_SNAPSHOT)

    def begin(self, isolation_level: Any = None) -> None:
        """Begin a transaction; a connection found lost on the way is said as any statement's error is."""
        connection = self.connection()
        with peewee.__exception_wrapper__:  # type: ignore[attr-defined]
            if isolation_level == _SNAPSHOT or self.read_only:  # begun with the first read: no round trip of its own
                connection.send("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                return
            if isolation_level == READS_FIRST:  # the lock's answer comes with the first reads' (``held_since_begun``)
                connection.send("BEGIN")
                connection.lock_asked = (time.monotonic(), connection.send(_LOCK, (WRITE_LOCK,)))
                return
        self._wait_for_lock(time.monotonic(), self._begun_locked(isolation_level))

    def held_since_begun(self) -> bool:
        """Whether the write lock was had as asked with the transaction's first reads (they were read under it).

        Else it is waited for now, as :meth:`begin` waits (:class:`DatabaseBusy` after
        :attr:`write_wait_seconds`), and False: what was read before must be read again.
        """
        connection = self.connection()
        asked, connection.lock_asked = connection.lock_asked, None
        if asked is None:
            return True
        started, answer = asked
        with peewee.__exception_wrapper__:  # type: ignore[attr-defined]
            connection.settle()
            locked, connection.transaction_id = answer.fetchone()  # type: ignore[misc]
        if locked:
            return True
        self._wait_for_lock(started, False)
        return False

    def _wait_for_lock(self, asked: float, locked: bool) -> None:
        """Try the write lock (first asked at ``asked``) in :class:`Rounds`, each told, until had or given up."""
        with Rounds(self, self.write_wait_seconds, started=asked) as rounds:
            while not locked:
                if not rounds.another(asked):
                    self.rollback()
                    raise DatabaseBusy(
                        f"someone else has been writing to the shared plan database for {rounds.seconds:.0f} seconds"
                    )
                asked = time.monotonic()
                with peewee.__exception_wrapper__:  # type: ignore[attr-defined]
                    locked = self.cursor().execute("SELECT pg_try_advisory_xact_lock(%s)", (WRITE_LOCK,)).fetchone()[0]

    def _begun_locked(self, isolation_level: Any) -> bool:
        """Begin a write transaction and try the write lock once, in one round trip: whether it was had."""
        chosen = isolation_level or self._isolation_level  # type: ignore[attr-defined]
        with peewee.__exception_wrapper__:  # type: ignore[attr-defined]
            if chosen:
                super().begin(isolation_level)
            else:
                self.connection().send("BEGIN")
            locked, self.connection().transaction_id = self.cursor().execute(_LOCK, (WRITE_LOCK,)).fetchone()
        return bool(locked)
