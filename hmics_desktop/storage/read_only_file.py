"""Reading a plan database file that cannot be written here, while other programs may write it.

SQLite reads a WAL database through the ``-wal`` and ``-shm`` files beside it. When both
exist, a reader that may write neither still reads correctly with ``mode=ro`` (SQLite 3.22
and later): it uses the ``-shm`` read-only, or reads the WAL into memory and holds the lock
that stops a checkpoint from changing the file under it, and it sees every commit.

With no ``-wal`` file nobody has the database open, but ``mode=ro`` would have to create the
two files: in a read-only folder it cannot, and in a writable one they would belong to this
user and the file's owner could no longer write. So such a file is read ``immutable``, which
reads the file alone and takes no locks, made safe here:

* a shared lock on SQLite's own lock bytes is held while the file is read that way (Linux's
  open-file locks, which no other connection's closing drops): a program that starts writing
  meanwhile cannot remove its ``-wal`` file when it closes, so its ``-wal`` stays to be seen;
* before each read (:meth:`ReadOnlyPlanDatabase.follow_writers`), a ``-wal`` file means
  someone writes: the connection is opened again the ``mode=ro`` way and sees their commits;
* after a read, a ``-wal`` file means the file may have changed during it: the read is
  refused with :class:`ReadInterrupted`, one sentence, never called damage;
* a connection reading through a writer's WAL holds that lock too, for as long as it is open:
  SQLite's own lock on those bytes is the program's (a POSIX lock), and is lost when any
  descriptor of the file in the program is closed (a Python ``open``, another thread's check);
  SQLite, counting it as held, does not take it again for the next connection, and a writer,
  closing, then wrote its WAL back into the file without regard for readers and removed it under
  the read, which saw two commits. No descriptor of the file is closed here while a connection
  to it is open either (:class:`~hmics_desktop.storage.file_locks.Descriptors`);
* for the moment of each read through a writer's WAL (:meth:`ReadOnlyPlanDatabase.snapshot`) by a
  reader that may not write the ``-shm`` file (one that may is SQLite's own reader, and must be free
  to rebuild a spoiled index), a read lock on the ``-shm`` file's checkpoint and recovery locks: no
  program writes its WAL back into the file meanwhile, so no page read from the file changes under
  the read (commits go on, into the WAL). SQLite's own reader, with a ``-shm`` it cannot write,
  holds a lock that should stop such a checkpoint; yet under CPU load one read in 30,000 to 600,000
  saw the rows of two commits in one SELECT: it had begun on the file alone (the WAL empty) and a
  checkpoint of two later commits overwrote the rest of its pages. Why SQLite's lock did not hold
  was not found (a close of any descriptor of the ``-shm`` in the program drops it; none was seen);
* a program holding the file alone (its write lock on those bytes: one closing its WAL, for a
  moment, or one in exclusive locking mode, whose ``-wal`` has no ``-shm`` beside it for as long
  as it holds it) is waited for in rounds, told, as SQLite's own locks are
  (:class:`~hmics_desktop.storage.plan_database.Rounds`), and after a read's wait it is "database
  is locked", never a ``-wal`` left over.

A database not in WAL mode (a file not yet updated), or one this user could write (opened
read-only by choice), is read with plain ``mode=ro``: SQLite's own locks keep the reader
consistent, and any file it makes beside it is one this user may make.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import peewee

from hmics_desktop.storage import plan_database
from hmics_desktop.storage.file_locks import LOCKS, descriptors
from hmics_desktop.storage.plan_database import DatabaseBusy, PlanDatabase, Rounds
from hmics_desktop.storage.sqlite_files import read_only_uri

_TRIES = 200  # of 10 ms: how long a writer's steps between two states may take


class ReadInterrupted(DatabaseBusy):
    """Another program began writing the file while it was read here (a read-only copy of it)."""

    def __init__(self) -> None:
        super().__init__("another program began writing the plan database while it was being read here; read it again")


class LeftOverWal(Exception):
    """Changes left in a -wal file that cannot be read from here (no -shm file, none can be made)."""


def _companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def being_written(path: Path) -> bool:
    """Whether a program has (or had, and did not close cleanly) the database open in WAL mode."""
    return _companion(path, "-wal").exists()


class ReadOnlyPlanDatabase(PlanDatabase):
    """A plan database file opened read-only, following what other programs write to it.

    Each thread's connection chooses its own way to read (and holds its own lock) when it opens.
    """

    def __init__(self, path: Path, *, writable_here: bool = False, **kwargs: Any) -> None:
        self.named = path
        self.path = Path(os.path.realpath(path))  # SQLite follows a link: the -wal and -shm are beside the file
        self.writable_here = writable_here
        self._locks: dict[int, int | None] = {}  # id of each connection: the descriptor its lock is on, if any
        self._immutable: set[int] = set()  # ids of the connections reading the file alone
        self._shm: dict[int, int] = {}  # id of each connection reading a WAL: the -shm file's inode
        self._files = descriptors(self.path)
        super().__init__(read_only_uri(self.path), uri=True, **kwargs)

    def location(self) -> str:
        return str(self.named)

    def _connect(self) -> sqlite3.Connection:
        """Connect the way the files beside it call for, and read once: a writer's steps take moments."""
        self._files.enter()
        try:
            return self._connect_once_files_kept()
        except BaseException:
            self._files.leave()
            raise

    def _connect_once_files_kept(self) -> sqlite3.Connection:
        last: sqlite3.OperationalError | None = None
        for _ in range(_TRIES):
            uri, lock = self._choose_uri()
            timeout = self._timeout  # type: ignore[attr-defined]  # peewee's own settings and hooks
            conn = sqlite3.connect(uri, timeout=timeout, isolation_level=None, **self.connect_params)
            try:
                self._add_conn_hooks(conn)  # type: ignore[attr-defined]
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError as error:  # files beside it made or removed meanwhile?
                conn.close()
                self._files.unlock(lock)
                last = error
                if not _between_writers_steps(error) and "unable to open" not in str(error):
                    raise
                time.sleep(0.01)
                continue
            except BaseException:
                conn.close()
                self._files.unlock(lock)
                raise
            self._locks[id(conn)] = lock
            if "immutable=1" in uri:
                self._immutable.add(id(conn))
            else:
                self._shm[id(conn)] = _inode(_companion(self.path, "-shm"))
            return conn
        if last is None or _between_writers_steps(last):
            raise ReadInterrupted() from last
        raise last

    def _close(self, conn: sqlite3.Connection) -> None:
        try:
            super()._close(conn)  # type: ignore[misc]
        finally:
            self._shm.pop(id(conn), None)
            self._immutable.discard(id(conn))
            self._files.unlock(self._locks.pop(id(conn), None))
            self._files.leave()

    def _choose_uri(self) -> tuple[str, int | None]:
        uri = read_only_uri(self.path)
        if self.writable_here or not self._files.in_wal_mode():
            return uri, None
        moment = time.monotonic() + _TRIES * 0.01  # a program opening the file makes its -wal, then its -shm
        with Rounds(self, plan_database.READ_WAIT_MS / 1000) as rounds:
            while True:
                asked = time.monotonic()
                lock = self._files.lock()  # before looking: a writer arriving later leaves its -wal in place
                held = lock is None and LOCKS  # another program holds the file alone (exclusive mode, or closing)
                if not held and not being_written(self.path):
                    return uri + "&immutable=1", lock
                if not held and _companion(self.path, "-shm").exists():
                    return uri, lock  # kept while it reads through the WAL: SQLite's own may be lost (see the module)
                self._files.unlock(lock)
                if held:  # in rounds, told, as SQLite's own locks are waited for
                    if not rounds.another(asked):
                        raise sqlite3.OperationalError("database is locked")
                elif time.monotonic() < moment:
                    time.sleep(0.01)
                else:
                    raise LeftOverWal(
                        f"The plan database {self.path.name} has changes in {self.path.name}-wal that only a "
                        "program that may write it can read: open it once where it can be written."
                    )

    def _read_as_immutable(self) -> bool:
        return not self.is_closed() and id(self._state.conn) in self._immutable  # type: ignore[attr-defined]

    def _outdated(self) -> bool:
        """Whether this thread's connection reads files that are no longer the ones beside the database."""
        if self.is_closed():
            return False
        conn_id = id(self._state.conn)  # type: ignore[attr-defined]
        if conn_id in self._immutable:
            return being_written(self.path)  # a writer began: read through its -wal
        if conn_id in self._shm:  # the writers all closed (or closed and came back): new files
            return _inode(_companion(self.path, "-shm")) != self._shm[conn_id]
        return False

    def follow_writers(self) -> None:
        """Outside a transaction: open again when other programs began or stopped writing."""
        if not self.in_transaction() and self._outdated():
            self.close()
            self.connect()

    def written_meanwhile(self) -> bool:
        """Whether what this thread read as immutable may have changed while it was read."""
        return self._read_as_immutable() and being_written(self.path)

    def interrupted(self, error: BaseException) -> bool:
        """Whether a failed read failed because another program was writing (not damage, not a right)."""
        return self.written_meanwhile() or _between_writers_steps(error)

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        self.follow_writers()
        return super().execute_sql(sql, params)

    def _may_write_index(self) -> bool:
        """Whether SQLite reads the ``-shm`` file read-write here: its own locks hold, and it may rebuild the index.

        Then nothing of this program's may hold the index's recovery lock: its own SQLite could not
        rebuild a spoiled index (a writer stopped while writing it), and would give up after 10 s.
        """
        return os.access(_companion(self.path, "-shm"), os.W_OK)

    @contextlib.contextmanager
    def _checkpoints_held(self) -> Iterator[None]:
        """While this thread reads through a writer's WAL: nobody writes it back into the file or rebuilds its index."""
        shm_inode = None if self.is_closed() else self._shm.get(id(self._state.conn))  # type: ignore[attr-defined]
        if shm_inode is None or not LOCKS or self._may_write_index():
            yield
            return
        with Rounds(self, plan_database.READ_WAIT_MS / 1000) as rounds:
            asked = time.monotonic()
            while (held := self._files.hold_checkpoints(shm_inode)) is None:
                if _inode(_companion(self.path, "-shm")) != shm_inode:
                    raise ReadInterrupted()  # the writers all closed meanwhile: read it again, from the file
                if time.monotonic() - asked < plan_database.ROUND_MS / 1000:
                    time.sleep(0.01)  # a checkpoint takes moments: asked again soon, told only after a round
                    continue
                if not rounds.another(asked):
                    raise sqlite3.OperationalError("database is locked")
                asked = time.monotonic()
        try:
            yield
        finally:
            self._files.let_checkpoints_run(held)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        self.follow_writers()
        try:
            with self._checkpoints_held(), self.atomic("DEFERRED"):
                yield
        except (sqlite3.DatabaseError, peewee.DatabaseError) as error:
            if self.interrupted(error):
                raise ReadInterrupted() from error
            raise
        if self.written_meanwhile():
            raise ReadInterrupted()


def _between_writers_steps(error: BaseException | None) -> bool:
    """A read that would have to write: the WAL index is being made or rebuilt by a writer just now."""
    return "readonly database" in str(error)


def _inode(path: Path) -> int:
    try:
        return path.stat().st_ino
    except OSError:
        return 0
