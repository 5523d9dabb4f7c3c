"""When the open plan database is backed up: before an import, and once a day while editing.

The copies themselves are made by ``storage.backups``; none is made of an in-memory, read-only
or server database (a server's is backed up with its own tools), nor of an empty file.
"""

from __future__ import annotations

from pathlib import Path

from hmics_desktop.storage.models import database


def _file() -> Path | None:
    path = database.database
    if database.dialect == "sqlite" and path != ":memory:" and not database.read_only:
        return Path(path)
    return None


def daily_backup() -> None:
    """At most one backup a day while editing (in the user-data folder; see ``storage.backups``)."""
    path = _file()
    if path is not None:
        from hmics_desktop.storage import backups  # with the first edit: not needed to show the window

        backups.backup_if_due(database.connection(), path)


def backup_now(reason: str) -> None:
    """A backup of the open database file (before an import); none for an empty one."""
    path = _file()
    if path is not None:
        from hmics_desktop.storage import backups

        connection = database.connection()
        if connection.execute("SELECT EXISTS (SELECT 1 FROM inspection)").fetchone()[0]:
            backups.make_backup(connection, path, reason)
