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
migration) runs :meth:`SharedPlanDatabase.unhurried`.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import peewee
import psycopg
from peewee import PostgresqlDatabase
from psycopg.abc import PQGen
from psycopg.adapt import Dumper

from hmics_desktop.storage.plan_database import ROUND_MS, DatabaseBusy
from hmics_desktop.storage.sql import Sql

WRITE_LOCK = 0x484D4943  # the advisory lock every write transaction holds ("HMIC")
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


class ServerSilent(psycopg.OperationalError):
    """The server did not answer for :data:`ANSWER_SECONDS`: the connection is given up."""


def _answered_within(gen: PQGen[Any], seconds: float) -> PQGen[Any]:
    """psycopg's waiting generator, given up after ``seconds`` without a word from the server.

    psycopg's wait wakes the generator every tenth of a second with nothing ready; a server
    that answers (even slowly, in pieces) starts the count again.
    """
    deadline = time.monotonic() + seconds
    ready: Any = None  # the first turn starts the generator
    while True:
        try:
            waiting = next(gen) if ready is None else gen.send(ready)
        except StopIteration as done:
            return done.value
        ready = yield waiting
        if ready:
            deadline = time.monotonic() + seconds
        elif time.monotonic() >= deadline:
            gen.close()
            raise ServerSilent(f"the database server did not answer for {seconds:.0f} seconds")  # users' words


def fell_silent(error: BaseException) -> bool:
    """Whether ``error`` (psycopg's, or peewee's made from it) is the client giving up on a silent server."""
    return isinstance(error, ServerSilent) or isinstance(error.__context__, ServerSilent)


class _AnsweringConnection(psycopg.Connection[Any]):
    """A connection that gives up on a server silent for ``answer_seconds`` (None: waits as long as it takes)."""

    answer_seconds: float | None = ANSWER_SECONDS

    def wait(self, gen: PQGen[Any], *args: Any, **kwargs: Any) -> Any:
        if self.answer_seconds is None:
            return super().wait(gen, *args, **kwargs)
        try:
            return super().wait(_answered_within(gen, self.answer_seconds), *args, **kwargs)
        except ServerSilent:
            self.pgconn.finish()  # it may yet answer, too late: this connection is done with
            raise


class _TextDumper(Dumper):
    """Dates and times as text ("2022-09-14 10:00:00"), the form the schema keeps them in."""

    oid = psycopg.adapters.types["text"].oid

    def dump(self, obj: Any) -> bytes:
        return str(obj).encode()


def is_url(location: object) -> bool:
    """Whether a database location names a PostgreSQL server rather than a file."""
    return str(location).startswith(("postgresql://", "postgres://"))


Location = Path | str  # a database file, or the URL of a database on a server


def parse_location(text: str) -> Location:
    """A location as the user typed it: a URL stays text (``postgres://`` spelt as peewee reads it), else a path.

    A password typed as it is ("postgresql://jsmith:pa@ss/w?rd@server/plans", or ``?password=a b``)
    is percent-encoded, so that libpq reads the same login, password and server as this program
    does: it would read a server "ss/w?rd@server", or refuse "a b", and say so in an error, a
    part of the password with it.
    """
    if text.startswith("postgres://"):
        text = "postgresql://" + text.removeprefix("postgres://")
    return _with_password_encoded(text) if is_url(text) else Path(text)


# What RFC 3986 lets a login or password hold as it is; anything else is percent-encoded
_URL_SAFE = re.compile(r"(?:[A-Za-z0-9._~!$'()*+,;=-]|%[0-9A-Fa-f]{2})*")
# ?password=… up to the next "&name=" (an "&" not followed by one is the password's own)
_QUERY_PASSWORD = re.compile(r"([?&]password=)(.*?)(?=&[A-Za-z_]+=|$)")


_SECRET_PARAMETERS = ("password", "sslpassword")  # never kept with a location (the keyring keeps a password)


def _encoded(part: str) -> str:
    """A login or password as a URL must hold it; one already well encoded as it is."""
    return part if _URL_SAFE.fullmatch(part) else quote(part, safe="")


def _with_password_encoded(url: str) -> str:
    """The URL with its login, password and ``password=`` percent-encoded where typed as they are.

    The ``password=`` first (it may hold an "@"); then, in the URL's login part, the login runs
    to the first ":" and the password from there to the last "@" (a server's name holds none).
    A login alone may hold an "@" too (Azure's "jsmith@myserver"), never a "/" or "?": an "@"
    after one of those is in the database's name or a parameter, left as it is.
    """
    scheme, _, rest = _QUERY_PASSWORD.sub(lambda found: found[1] + _encoded(found[2]), url).partition("://")
    userinfo, at, server = rest.rpartition("@")
    if at and (":" in userinfo or not {"/", "?"} & set(userinfo)):
        login, colon, password = userinfo.partition(":")
        rest = f"{_encoded(login)}{colon}{_encoded(password)}@{server}"
    return f"{scheme}://{rest}"


def login_of(location: str) -> str:
    """The login a server database's location names (for telling two logins' entries apart)."""
    return unquote(urlsplit(location).username or "") or "default login"


def bracketed(host: str) -> str:
    """A server as a URL names it: an IPv6 address in brackets ("[::1]"), any other as it is."""
    return f"[{host}]" if ":" in host else host


def display_location(url: str | Path) -> str:
    """A location for messages and lists: a file as it is, a URL without its password.

    All else libpq reads stays, so that File ▸ Recent opens the same database the same way: no
    server is the one on this machine through its socket (not "localhost" over the network),
    and ``?host=/var/run/postgresql`` or ``?sslmode=verify-full`` are kept.
    """
    if not is_url(url):
        return str(url)
    parts = urlsplit(_with_password_encoded(str(url)))  # a password's "&" or "@" cannot be taken for more
    user = f"{parts.username}@" if parts.username else ""
    host = bracketed(parts.hostname) if parts.hostname else ""
    port = f":{parts.port}" if parts.port else ""
    kept = [each for each in parts.query.split("&") if each and each.split("=")[0] not in _SECRET_PARAMETERS]
    query = f"?{'&'.join(kept)}" if kept else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}{query}"


def short_name(location: Location) -> str:
    """A location for a window's title: a file's name, or "plans on server" ("plans on [::1]") on a server."""
    if not is_url(location):
        return Path(location).name
    parts = urlsplit(str(location))
    return f"{unquote(parts.path.lstrip('/'))} on {bracketed(parts.hostname or 'localhost')}"


def _time_limits(statement_seconds: float, lock_seconds: float) -> str:
    """The server's limits for a session (0: none)."""
    return f"SET statement_timeout = {statement_seconds * 1000:.0f}; SET lock_timeout = {lock_seconds * 1000:.0f}"


class SaveUnsure(peewee.OperationalError):
    """The server fell silent during a commit: the change may have been saved or not."""


class SharedPlanDatabase(PostgresqlDatabase):
    """``PostgresqlDatabase`` (psycopg 3) whose write transactions take the write lock and wait for it."""

    dialect = "postgresql"
    on_wait: Callable[[float], None] | None = None
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
        connection = _AnsweringConnection.connect(**params, autocommit=True)
        connection.answer_seconds = self.answer_seconds
        for kind in (datetime, date):
            connection.adapters.register_dumper(kind, _TextDumper)
        settings = _time_limits(self.statement_seconds, self.lock_seconds)
        if self.read_only:
            settings += "; SET default_transaction_read_only = on"
        connection.execute(settings)
        return connection

    @contextlib.contextmanager
    def unhurried(self) -> Iterator[None]:
        """Long one-off work (a copy, a migration) on this connection: no time limit, then the usual ones."""
        connection = self.connection()
        connection.answer_seconds = None
        self.sql().execute(_time_limits(0, 0))
        try:
            yield
        finally:
            connection.answer_seconds = self.answer_seconds
            if not (connection.closed or connection.broken):
                self.sql().execute(_time_limits(self.statement_seconds, self.lock_seconds))

    def rollback(self) -> None:
        """Roll back, unless the connection is gone (the server then ends the transaction itself)."""
        connection = None if self.is_closed() else self._state.conn  # type: ignore[attr-defined]
        if connection is None or connection.closed or connection.broken:
            return
        super().rollback()

    def commit(self) -> None:
        """Commit; a server silent meanwhile may have committed or not, and that is said."""
        try:
            super().commit()
        except peewee.OperationalError as error:
            if fell_silent(error):
                raise SaveUnsure(f"{error} while the change was being saved") from error
            raise

    def sql(self) -> Sql:
        """The connection for raw SQL (see :mod:`hmics_desktop.storage.sql`)."""
        return Sql(self.connection(), self.dialect)

    def location(self) -> str:
        return display_location(str(self.database))

    def snapshot(self) -> Any:
        """A read transaction: every query inside it sees the same committed state."""
        return self.atomic(_SNAPSHOT)

    def begin(self, isolation_level: Any = None) -> None:
        if isolation_level == _SNAPSHOT or self.read_only:
            self.cursor().execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return
        super().begin(isolation_level)
        started = time.monotonic()
        while not self.cursor().execute("SELECT pg_try_advisory_xact_lock(%s)", (WRITE_LOCK,)).fetchone()[0]:
            waited = time.monotonic() - started
            if waited >= self.write_wait_seconds:
                self.rollback()
                raise DatabaseBusy(
                    f"someone else has been writing to the shared plan database for {waited:.0f} seconds"
                )
            if self.on_wait is not None:
                self.on_wait(waited)
            time.sleep(ROUND_MS / 1000)
