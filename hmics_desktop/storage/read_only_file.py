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
  to it is open either (:class:`_Descriptors`);
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
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import peewee

from hmics_desktop.storage import plan_database
from hmics_desktop.storage.plan_database import DatabaseBusy, PlanDatabase, Rounds
from hmics_desktop.storage.sqlite_files import read_only_uri

try:
    import fcntl  # Linux's open-file locks; elsewhere only the -wal checks stand guard
except ImportError:
    fcntl = None  # type: ignore[assignment]
_LOCKS = fcntl is not None and hasattr(fcntl, "F_OFD_SETLK")

# SQLite's unix locks: a reader holds a read lock on these bytes, a program removing its WAL
# (or writing the file without one) needs a write lock on them.
_SHARED_FIRST = 0x40000000 + 2
_SHARED_SIZE = 510
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
        self.path = path
        self.writable_here = writable_here
        self._locks: dict[int, int | None] = {}  # id of each connection: the descriptor its lock is on, if any
        self._immutable: set[int] = set()  # ids of the connections reading the file alone
        self._shm: dict[int, int] = {}  # id of each connection reading a WAL: the -shm file's inode
        self._files = _descriptors(path)
        super().__init__(read_only_uri(path), uri=True, **kwargs)

    def location(self) -> str:
        return str(self.path)

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
                held = lock is None and _LOCKS  # another program holds the file alone (exclusive mode, or closing)
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

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        self.follow_writers()
        try:
            with self.atomic("DEFERRED"):
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


class _Descriptors:
    """The descriptors this program opens on one database file itself: for its locks, and to read its header.

    Closing a descriptor of a file drops every lock the program's SQLite connections hold on it
    (POSIX locks belong to the program, not to a descriptor): a thread's read through a writer's
    WAL then no longer stops that writer, closing, from writing its WAL back into the file and
    removing it under the read, which saw two commits. So none is closed while a connection to
    the file is open or being opened here: a lock let go is let go on its descriptor, kept for the
    next, and all are closed once the last connection has closed.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.users = 0  # connections open or being opened
        self.free: list[int] = []
        self.stale: list[int] = []  # on a file since put in its place: closed with the others
        self.guard = threading.Lock()

    def enter(self) -> None:
        with self.guard:
            self.users += 1

    def leave(self) -> None:
        with self.guard:
            self.users -= 1
            if self.users == 0:
                for fd in self.free + self.stale:
                    os.close(fd)
                self.free.clear()
                self.stale.clear()

    def _take(self) -> int:
        now = os.stat(self.path)
        with self.guard:
            while self.free:
                fd = self.free.pop()
                kept = os.fstat(fd)
                if (kept.st_dev, kept.st_ino) == (now.st_dev, now.st_ino):
                    return fd
                self.stale.append(fd)
        return os.open(self.path, os.O_RDONLY)

    def _give(self, fd: int) -> None:
        with self.guard:
            self.free.append(fd)

    def in_wal_mode(self) -> bool:
        """Whether the file's header says WAL (bytes 18 and 19 are 2)."""
        fd = self._take()
        try:
            header = os.pread(fd, 20, 0)
        finally:
            self._give(fd)
        return len(header) == 20 and header[18:20] == b"\x02\x02"

    def lock(self) -> int | None:
        """A read lock on SQLite's lock bytes, on a descriptor of its own; None where there are none to take.

        None also while another program holds the file alone (a program closing its WAL, for a
        moment; one in exclusive locking mode, for as long as it likes): the caller waits for it.
        """
        if not _LOCKS:
            return None
        fd = self._take()
        try:
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _request(fcntl.F_RDLCK))
        except OSError:
            self._give(fd)
            return None
        return fd

    def unlock(self, fd: int | None) -> None:
        if fd is not None:
            try:
                fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _request(fcntl.F_UNLCK))
            finally:
                self._give(fd)


def _request(kind: int) -> bytes:
    # struct flock: type, whence, start, length, pid (0 for open-file locks)
    return struct.pack("hhqqi4x", kind, os.SEEK_SET, _SHARED_FIRST, _SHARED_SIZE, 0)


_FILES: dict[str, _Descriptors] = {}
_FILES_GUARD = threading.Lock()


def _descriptors(path: Path) -> _Descriptors:
    """The one :class:`_Descriptors` of this file in this program (every database object opened on it shares it)."""
    with _FILES_GUARD:
        return _FILES.setdefault(os.path.realpath(path), _Descriptors(path))
