"""Locks of this program's own on a plan database file and its ``-shm`` file, beside SQLite's (Linux's open-file locks).

A read-only reader (:mod:`hmics_desktop.storage.read_only_file`) takes two kinds, each on a
descriptor of its own:

* a read lock on SQLite's lock bytes in the database file (its "shared" range): a program
  closing its WAL needs a write lock there to write the WAL back into the file and remove it,
  so it leaves both in place while this lock is held;
* for the moment of one read through a writer's WAL, a read lock on the ``-shm`` file's
  checkpoint and recovery lock bytes: no program writes the WAL back into the database file or
  rebuilds the WAL index meanwhile (a checkpoint waits for the next commit, a recovery its turn),
  so no page read from the file can change under the read. Commits go on: they only add to the WAL.

Closing a descriptor of a file drops every lock the program's SQLite connections hold on it
(POSIX locks belong to the program, not to a descriptor). So none of these descriptors is closed
while a connection to the file is open or being opened here: a lock let go is let go on its
descriptor, kept for the next, and all are closed once the last connection has closed.
"""

from __future__ import annotations

import os
import struct
import threading
from pathlib import Path

try:
    import fcntl  # Linux's open-file locks; elsewhere only the -wal checks stand guard
except ImportError:
    fcntl = None  # type: ignore[assignment]
LOCKS = fcntl is not None and hasattr(fcntl, "F_OFD_SETLK")

# SQLite's unix locks: a reader holds a read lock on these bytes of the database file, a program
# removing its WAL (or writing the file without one) needs a write lock on them.
_SHARED_FIRST = 0x40000000 + 2
_SHARED_SIZE = 510
# In the -shm file: the WAL's checkpoint and recovery locks (SQLite's unix VFS, bytes 121 and 122).
_WAL_FIRST = 121
_WAL_SIZE = 2
_SHM = "-shm"


class Descriptors:
    """The descriptors this program opens on one database file and its ``-shm`` file itself (see the module)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.users = 0  # connections open or being opened
        self.free: dict[str, list[int]] = {"": [], _SHM: []}  # by the file's suffix
        self.stale: list[int] = []  # on a file since put in its place: closed with the others
        self.guard = threading.Lock()

    def enter(self) -> None:
        with self.guard:
            self.users += 1

    def leave(self) -> None:
        with self.guard:
            self.users -= 1
            if self.users == 0:
                for fd in [*self.free[""], *self.free[_SHM], *self.stale]:
                    os.close(fd)
                for each in self.free.values():
                    each.clear()
                self.stale.clear()

    def _take(self, suffix: str = "") -> int:
        path = self.path.with_name(self.path.name + suffix)
        now = os.stat(path)
        with self.guard:
            kept = self.free[suffix]
            while kept:
                fd = kept.pop()
                was = os.fstat(fd)
                if (was.st_dev, was.st_ino) == (now.st_dev, now.st_ino):
                    return fd
                self.stale.append(fd)
        return os.open(path, os.O_RDONLY)

    def _give(self, fd: int, suffix: str = "") -> None:
        with self.guard:
            self.free[suffix].append(fd)

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
        if not LOCKS:
            return None
        fd = self._take()
        if _locked(fd, _SHARED_FIRST, _SHARED_SIZE):
            return fd
        self._give(fd)
        return None

    def unlock(self, fd: int | None) -> None:
        if fd is not None:
            _unlock(fd, _SHARED_FIRST, _SHARED_SIZE)
            self._give(fd)

    def hold_checkpoints(self, shm_inode: int) -> int | None:
        """A read lock on the checkpoint and recovery locks of the ``-shm`` file a connection reads.

        None while a program holds one of them (it writes its WAL back, or rebuilds the index: the
        caller waits its turn), or when that ``-shm`` file is no longer the one beside the database.
        """
        try:
            fd = self._take(_SHM)
        except FileNotFoundError:
            return None
        if os.fstat(fd).st_ino == shm_inode and _locked(fd, _WAL_FIRST, _WAL_SIZE):
            return fd
        self._give(fd, _SHM)
        return None

    def let_checkpoints_run(self, fd: int) -> None:
        _unlock(fd, _WAL_FIRST, _WAL_SIZE)
        self._give(fd, _SHM)


def _locked(fd: int, first: int, size: int) -> bool:
    try:
        fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _request(fcntl.F_RDLCK, first, size))
    except OSError:
        return False
    return True


def _unlock(fd: int, first: int, size: int) -> None:
    fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _request(fcntl.F_UNLCK, first, size))


def _request(kind: int, first: int, size: int) -> bytes:
    # struct flock: type, whence, start, length, pid (0 for open-file locks)
    return struct.pack("hhqqi4x", kind, os.SEEK_SET, first, size, 0)


_FILES: dict[str, Descriptors] = {}
_FILES_GUARD = threading.Lock()


def descriptors(path: Path) -> Descriptors:
    """The one :class:`Descriptors` of this file in this program (every database object opened on it shares it)."""
    with _FILES_GUARD:
        return _FILES.setdefault(os.path.realpath(path), Descriptors(path))
