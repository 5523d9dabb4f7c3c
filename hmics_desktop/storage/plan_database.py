"""The SQLite database object: writes wait their turn, reads see one snapshot.

Every write transaction starts with ``BEGIN IMMEDIATE``, so it holds the write lock from
its first statement: a transaction that reads first and writes later could not wait for
the lock (SQLite answers "locked" at once, busy timeout or not). While another program
writes, ``begin`` waits in short rounds and tells :attr:`PlanDatabase.on_wait` each
round, so a window can say that it is waiting; after :attr:`write_wait_seconds` it gives
up with :class:`DatabaseBusy`. Reads that must agree with each other run inside
:meth:`PlanDatabase.snapshot`, one deferred transaction (WAL gives it one snapshot).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import peewee
from peewee import SqliteDatabase

ROUND_MS = 250  # the busy timeout of one round of waiting for the write lock


class DatabaseBusy(Exception):
    """Another program held the write lock for longer than the wait allows."""


class PlanDatabase(SqliteDatabase):
    """``SqliteDatabase`` whose transactions take the write lock first and wait for it."""

    on_wait: Callable[[float], None] | None = None  # called with the seconds waited so far
    write_wait_seconds = 60.0
    read_only = False

    def __init__(self, database: Any, **kwargs: Any) -> None:
        super().__init__(database, lock_type="IMMEDIATE", **kwargs)

    def snapshot(self) -> Any:
        """A read transaction: every query inside it sees the same committed state."""
        return self.atomic("DEFERRED")

    def begin(self, lock_type: str | None = None) -> None:
        lock = lock_type or "IMMEDIATE"
        if lock != "IMMEDIATE" or self.read_only:
            super().begin("DEFERRED" if self.read_only else lock)
            return
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
                        f"Another program has been writing to the plan database for {waited:.0f} seconds; "
                        "nothing was changed. Try again when it has finished."
                    ) from error
                if self.on_wait is not None:
                    self.on_wait(waited)

    def rollback(self) -> None:
        """Roll back, unless SQLite already did (a full disk or an I/O error ends the transaction)."""
        if not self.is_closed() and not self.connection().in_transaction:
            return
        super().rollback()
