"""Automatic backups of a plan database, kept in the user-data folder, and restoring one.

A copy is made with SQLite's backup API (consistent while the database is in use) before
every import and every migration, and at most once a day while editing. The newest
:data:`KEEP` copies of each database are kept in a folder of its own under
``<user data>/backups``. After a restore, automatic backups pause until the application
starts again, so that the restored state is not pushed out by copies of itself (as Anki does).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from hmics_desktop.domain import clock
from hmics_desktop.private_files import new_private_file, private_folder
from hmics_desktop.storage.failures import FULL_BELOW, SaidInWords, cause
from hmics_desktop.storage.plan_database import backup_waiting
from hmics_desktop.storage.sqlite_files import database_files, read_only_uri, remove_files, whole_file_problem

log = logging.getLogger(__name__)

KEEP = 10
DAILY = timedelta(hours=24)
_STAMP = "%Y%m%d-%H%M%S"
_NUMBERED = re.compile(r"(.+?)-(\d+)")  # "daily-2": the second backup made in that second
_paused = False


class BackupFailed(SaidInWords):
    """A backup could not be made; ``str()`` is the cause, naming the backup folder."""


class RestoreRefused(Exception):
    """A backup that cannot be restored; ``str()`` is one sentence, and the plan is as it was."""


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    reason: str  # "before-import", "daily", "before-update-to-v3", "before-restore"

    def describe(self) -> str:
        words = {
            "before-import": "before an import",
            "daily": "while editing",
            "before-restore": "before a backup was restored",
        }.get(self.reason, "before the database was updated" if self.reason.startswith("before-update") else "")
        return f"{self.made_at:%d/%m/%Y %H:%M}, {words}".rstrip(", ")


def folder_for(db_path: Path) -> Path:
    """The folder holding the backups of one database (named after it, unique to its path)."""
    resolved = str(db_path.resolve())
    digest = hashlib.sha1(resolved.encode("utf-8")).hexdigest()[:8]
    from platformdirs import user_data_path  # when first asked: not needed to show the window

    return user_data_path("hmics-desktop", appauthor=False) / "backups" / f"{db_path.stem}-{digest}"


def list_backups(db_path: Path) -> list[Backup]:
    """The whole backups of ``db_path``, newest first.

    A file that is not a whole plan database (empty, cut short by a full disk) is not a
    backup: it is neither listed nor counted among the :data:`KEEP`, and never deleted here.
    Backups made in the same second are told apart by their number (``…_daily-2``).
    """
    folder = folder_for(db_path)
    found = []
    for path in folder.glob("*.sqlite") if folder.is_dir() else []:
        stamp, _, name = path.stem.partition("_")
        try:
            made_at = datetime.strptime(stamp, _STAMP)
            if _problem(path) is not None:
                continue
            mtime = path.stat().st_mtime_ns
        except (ValueError, OSError):
            continue
        numbered = _NUMBERED.fullmatch(name)
        reason, number = (numbered[1], int(numbered[2])) if numbered else (name, 1)
        found.append((made_at, number, mtime, Backup(path, made_at, reason)))
    return [backup for *_, backup in sorted(found, key=lambda f: f[:3], reverse=True)]


def make_backup(
    connection: sqlite3.Connection, db_path: Path, reason: str, *, sparing: Path | None = None
) -> Path | None:
    """Copy the open database into its backup folder; then the oldest beyond :data:`KEEP` go, but ``sparing``.

    Returns the copy, or None while backups are paused after a restore. A copy that cannot
    be made whole (the backup folder's disk full or read-only) is removed and nothing is
    trimmed: :class:`BackupFailed` says why, naming the backup folder.
    """
    if _paused and reason != "before-restore":
        return None
    folder = folder_for(db_path)
    target = None
    try:
        private_folder(folder)
        target = _claim_name(folder, reason)
        with contextlib.closing(sqlite3.connect(target)) as copy:
            backup_waiting(connection, copy)
        if (problem := _problem(target)) is not None:
            raise sqlite3.DatabaseError(f"the copy {problem}")
    except (OSError, sqlite3.Error) as error:
        if target is not None:
            remove_files(database_files(target))
        log.warning("could not back up %s to %s: %s", db_path, folder, error)
        raise BackupFailed(_why_not(error, folder)) from error
    log.info("backed up %s to %s", db_path, target)
    _trim(db_path, keeping=target, sparing=sparing)
    return target


def _claim_name(folder: Path, reason: str) -> Path:
    """Make ``<stamp>_<reason>.sqlite``, an empty private file, numbered ``-2``, ``-3``… after the first.

    The file is made exclusively, so two programs backing up in the same second never share a copy.
    """
    stamp = f"{clock.now():{_STAMP}}"
    number = len(list(folder.glob(f"{stamp}_*.sqlite"))) + 1
    while True:
        target = folder / (f"{stamp}_{reason}.sqlite" if number == 1 else f"{stamp}_{reason}-{number}.sqlite")
        try:
            new_private_file(target)
        except FileExistsError:
            number += 1
        else:
            return target


def _trim(db_path: Path, *, keeping: Path, sparing: Path | None) -> None:
    """Delete the whole backups beyond the newest :data:`KEEP`: never ``keeping`` nor ``sparing``."""
    spared = {keeping.resolve(), *((sparing.resolve(),) if sparing else ())}
    for old in list_backups(db_path)[KEEP:]:
        if old.path.resolve() not in spared:
            old.path.unlink(missing_ok=True)


def _problem(path: Path) -> str | None:
    from hmics_desktop.storage.database import APPLICATION_ID  # the database module uses this one

    return whole_file_problem(path, APPLICATION_ID)


def _why_not(error: BaseException, folder: Path) -> str:
    """Why a backup could not be made, naming the backup folder (the database's own disk may have room)."""
    number = error.errno if isinstance(error, OSError) else None
    text = str(error).lower()
    if number in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text or _nearly_full(folder):
        return f"the backup folder {folder} is full: free some space there and try again"
    existing = next((p for p in (folder, *folder.parents) if p.exists()), folder)
    try:
        read_only_disk = bool(os.statvfs(existing).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        read_only_disk = number == errno.EROFS
    if read_only_disk:
        return f"the backup folder {folder} is on a read-only disk, so no backup can be made there"
    if number in (errno.EACCES, errno.EPERM) or "readonly" in text or "unable to open" in text:
        return f"the backup folder {folder} cannot be written (no permission), so no backup can be made there"
    return f"the backup to {folder} could not be made ({cause(error) or error})"


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        return False


def backup_if_due(connection: sqlite3.Connection, db_path: Path) -> Path | None:
    """A daily backup while editing: made when the newest backup is a day old or there is none."""
    newest = list_backups(db_path)
    if newest and clock.now() - newest[0].made_at < DAILY:
        return None
    return make_backup(connection, db_path, "daily")


def check_restorable(backup: Path) -> None:
    """Refuse (:class:`RestoreRefused`) a backup that is missing, empty, cut short, damaged or not a plan's."""
    refused = f"The backup {backup.name} {{}}; the plan was not changed."
    try:
        problem = _problem(backup)
    except FileNotFoundError:
        problem = "no longer exists (it was moved or deleted)"
    except OSError as error:
        problem = f"cannot be read ({cause(error) or error.strerror or error})"
    if problem is not None:
        raise RestoreRefused(refused.format(problem))
    try:
        source = sqlite3.connect(read_only_uri(backup, immutable=True), uri=True)
    except sqlite3.Error as error:
        raise RestoreRefused(refused.format(f"cannot be read ({cause(error) or error})")) from error
    with contextlib.closing(source):
        try:
            checked = [row[0] for row in source.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.Error as error:
            checked = [str(error)]
        if checked != ["ok"]:
            raise RestoreRefused(refused.format(f"is damaged ({checked[0]})"))


def restoring_done() -> None:
    """After a restore: automatic backups pause until the application starts again."""
    global _paused
    _paused = True
