"""Automatic backups of a plan database, kept in the user-data folder, and restoring one.

A copy is made with SQLite's backup API (consistent while the database is in use) before
every import and every migration, and at most once a day while editing. The newest
:data:`KEEP` copies of each database are kept in a folder of its own under
``<user data>/backups``. After a restore, automatic backups pause until the application
starts again, so that the restored state is not pushed out by copies of itself (as Anki does).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from platformdirs import user_data_path

log = logging.getLogger(__name__)

KEEP = 10
DAILY = timedelta(hours=24)
_STAMP = "%Y%m%d-%H%M%S"
_paused = False


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
    return user_data_path("hmics-desktop", appauthor=False) / "backups" / f"{db_path.stem}-{digest}"


def list_backups(db_path: Path) -> list[Backup]:
    """The backups of ``db_path``, newest first."""
    folder = folder_for(db_path)
    found = []
    for path in folder.glob("*.sqlite") if folder.is_dir() else []:
        stamp, _, reason = path.stem.partition("_")
        try:
            made_at = datetime.strptime(stamp, _STAMP)
        except ValueError:
            continue
        found.append(Backup(path, made_at, reason))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def make_backup(connection: sqlite3.Connection, db_path: Path, reason: str) -> Path | None:
    """Copy the open database into its backup folder; the oldest beyond :data:`KEEP` go.

    Returns the copy, or None while backups are paused after a restore.
    """
    if _paused and reason != "before-restore":
        return None
    folder = folder_for(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{datetime.now():{_STAMP}}_{reason}.sqlite"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{datetime.now():{_STAMP}}_{reason}-{counter}.sqlite"
    with contextlib.closing(sqlite3.connect(target)) as copy:
        connection.backup(copy)
    log.info("backed up %s to %s", db_path, target)
    for old in list_backups(db_path)[KEEP:]:
        old.path.unlink(missing_ok=True)
    return target


def backup_if_due(connection: sqlite3.Connection, db_path: Path) -> Path | None:
    """A daily backup while editing: made when the newest backup is a day old or there is none."""
    newest = list_backups(db_path)
    if newest and datetime.now() - newest[0].made_at < DAILY:
        return None
    return make_backup(connection, db_path, "daily")


def restore(backup: Path, db_path: Path) -> None:
    """Copy ``backup`` over the database at ``db_path`` (closed by the caller), page by page.

    The current state is backed up first ("before-restore"), so a restore can be undone by
    restoring that copy. Automatic backups then pause until the application starts again.
    """
    global _paused
    with contextlib.closing(sqlite3.connect(db_path)) as current:
        make_backup(current, db_path, "before-restore")
        with contextlib.closing(sqlite3.connect(backup)) as source:
            source.backup(current)
    _paused = True
    log.info("restored %s from %s; automatic backups paused until restart", db_path, backup)
