"""Numbered schema migrations (``db/migrations/NNNN_name.sql``), version in the database.

The schema version is SQLite's ``user_version``. Before any migration runs on a database
that already holds a schema, a copy is made with SQLite's backup API beside the file.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hmics_desktop.paths import db_folder

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    path: Path

    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def available_migrations(folder: Path | None = None) -> list[Migration]:
    folder = folder or db_folder() / "migrations"
    found = []
    for path in folder.iterdir():
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), path))
    found.sort(key=lambda m: m.version)
    expected = list(range(1, len(found) + 1))
    if [m.version for m in found] != expected:
        raise RuntimeError(f"migrations in {folder} are not numbered 1…{len(found)}")
    return found


def latest_version() -> int:
    return len(available_migrations())


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def backup_copy(connection: sqlite3.Connection, db_path: Path, version: int) -> Path:
    """Copy the database beside itself with SQLite's backup API; return the copy's path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.stem}.before-v{version + 1}-{stamp}.backup{db_path.suffix or '.sqlite'}")
    with contextlib.closing(sqlite3.connect(target)) as copy:
        connection.backup(copy)
    log.info("backed up %s to %s before migrating", db_path, target)
    return target


def migrate(connection: sqlite3.Connection, db_path: Path | None) -> list[int]:
    """Apply the migrations the database lacks, each in its own transaction.

    Returns the versions applied. ``db_path`` is None for an in-memory database (no backup).
    """
    current = schema_version(connection)
    pending = [m for m in available_migrations() if m.version > current]
    if not pending:
        return []
    if current > 0 and db_path is not None:
        backup_copy(connection, db_path, current)
    applied = []
    for migration in pending:
        log.info("applying migration %s", migration.path.name)
        script = f"BEGIN IMMEDIATE;\n{migration.sql()}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
        try:
            connection.executescript(script)
        except sqlite3.Error:
            if connection.in_transaction:
                connection.rollback()
            raise
        applied.append(migration.version)
    return applied
