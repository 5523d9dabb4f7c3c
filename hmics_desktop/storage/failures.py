"""What went wrong, in one sentence a secretary can act on, from SQLite's, PostgreSQL's or the system's error."""

from __future__ import annotations

import errno
import shutil
import sqlite3
import sys
from pathlib import Path

import peewee

from hmics_desktop.storage.plan_database import DatabaseBusy, SavedUnanswered, SaveUnsure

FULL_BELOW = 1 << 20  # a disk with less than a megabyte free is full for a database

# SQLite's messages (the same through sqlite3 and peewee) and what they mean to the user.
_SQLITE_CAUSES = (
    ("database or disk is full", "the disk is full: free some space and try again"),
    ("readonly database", "the plan database is read-only here (no permission to write it or its folder)"),
    ("database is locked", "another program kept the plan database busy for too long"),
    ("unable to open database file", "the plan database or its folder cannot be opened (missing or no permission)"),
    ("disk i/o error", "the disk could not be read or written (a disk or network problem)"),
    ("file is not a database", "the file is not a plan database"),
)

# PostgreSQL's (libpq's) messages, for a database on a server.
_SERVER_CAUSES = (
    ("password authentication failed", "the server refused the user name or password"),
    ("no password supplied", "the server asks for a password and none was given"),
    ("does not exist", "there is no such database or user on the server (check the names)"),
    ("permission denied", "your login has no permission to use this database (ask its administrator)"),
    ("read-only transaction", "the shared plan database is open read-only (for your login, or as asked)"),
    ("timeout expired", "the database server did not answer in time (check the address, or the network)"),
    ("connection refused", "the database server cannot be reached (is it running, and is the address right?)"),
    ("resolve host", "the database server's name is not known (check the address)"),
    ("translate host name", "the database server's name is not known (check the address)"),
    ("server closed the connection", "the connection to the database server was lost; try again"),
    ("terminating connection", "the database server ended the connection (it may be restarting); try again"),
    ("the connection is closed", "the connection to the database server was lost; try again"),
    ("connection timed out", "the database server stopped answering (check the network); try again"),
    ("statement timeout", "the database server took too long to answer (it may be overloaded)"),
    ("lock timeout", "another program kept the shared plan database busy for too long"),
    ("connection failed", "the database server cannot be reached (check the address, or the network)"),
)

_OS_CAUSES = {
    errno.ENOSPC: "the disk is full: free some space and try again",
    errno.EDQUOT: "your disk quota is full: free some space and try again",
    errno.EACCES: "you have no permission to write there",
    errno.EPERM: "you have no permission to write there",
    errno.EROFS: "the disk is read-only",
    errno.ENOENT: "the file or folder does not exist",
}


class SaidInWords(Exception):
    """A failure whose ``str()`` is already its cause in the users' words (a backup folder that is full…)."""


def cause(error: BaseException) -> str | None:
    """The cause in the users' words, or None when it is not one we know."""
    if isinstance(error, DatabaseBusy | SaidInWords):
        return str(error)
    if isinstance(error, SaveUnsure):
        return str(error)  # its own words: what happened to the COMMIT
    if _fell_silent(error):
        return f"{error} (it may be paused or overloaded)"  # its own words: how long it waited
    if isinstance(error, sqlite3.Error | peewee.DatabaseError):
        text = str(error).lower()
        for fragment, words in (*_SQLITE_CAUSES, *_SERVER_CAUSES):
            if fragment in text:
                return words
        return None
    if isinstance(error, OSError) and error.errno in _OS_CAUSES:
        return _OS_CAUSES[error.errno]
    return None


def outcome(error: BaseException) -> str:
    """What a failed change left behind: nothing, or (a server silent while saving) perhaps the change."""
    if isinstance(error, SavedUnanswered) and error.on_undo_list:
        return f"the change was saved, and Edit ▸ {error.taken_back_by} takes it back"
    if isinstance(error, SavedUnanswered):
        return "the change was saved, but it cannot be undone from here: change it back by hand"
    if isinstance(error, SaveUnsure):
        return "the change may or may not have been saved: look at the plan once the server answers again"
    return "nothing was changed"


def _disk_is_full(path: Path | None) -> bool:
    """SQLite reports a full disk as an I/O error when it cannot even make its -shm file."""
    if path is None:
        return False
    try:
        return shutil.disk_usage(path.parent).free < FULL_BELOW
    except OSError:
        return False


def explain_failure(error: BaseException, path: Path | None = None, *, doing: str = "") -> str:
    """One sentence: what failed (``doing``), where, and why; "nothing was changed" for writes."""
    reason = cause(error) or f"an unexpected problem ({error})"
    if "disk i/o error" in str(error).lower() and _disk_is_full(path):
        reason = _OS_CAUSES[errno.ENOSPC]
    where = f" ({path})" if path is not None else ""
    head = f"{doing}{where} failed: " if doing else (f"The plan database{where} cannot be used: ")
    return head + reason + "."


def explain_shared_failure(error: BaseException, where: str) -> str:
    """One sentence for a server database that cannot be used (``where``: its URL without password)."""
    reason = cause(error) or f"an unexpected problem ({str(error).strip().splitlines()[0]})"
    return f"The shared plan database {where} cannot be used: {reason}."


def _fell_silent(error: BaseException) -> bool:
    """Whether a server fell silent (asked of the server's driver only where one was opened)."""
    if "hmics_desktop.storage.shared_database" not in sys.modules:
        return False
    from hmics_desktop.storage.shared_database import fell_silent

    return fell_silent(error)
