"""Restoring a backup over the plan: in one write transaction, the plan as it was backed up first inside it.

The backup is checked (whole, a plan's, not written by a newer version), brought up to this
version in a private copy, and then every row of the plan is replaced by the copy's rows in
one write transaction. That transaction takes the write lock before the plan as it is is
backed up ("before-restore"), so nothing another program saves can fall between that backup
and the restore: it either was saved before (and is in the backup) or waits and lands on the
restored plan. Another program keeps its connection and simply sees the restored rows. Ids
given since the backup are not given again (each table's count stays where it was), so the audit
trail's newest number never comes back. A failure (no room, locked for too long) leaves the plan
exactly as it was.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import tempfile
from pathlib import Path

from hmics_desktop.storage import backups, migrations
from hmics_desktop.storage.backups import RestoreRefused
from hmics_desktop.storage.database import APPLICATION_ID
from hmics_desktop.storage.sqlite_files import read_only_uri

log = logging.getLogger(__name__)

WAIT_SECONDS = 60  # for another program to finish writing, as every write here waits


def restore(backup: Path, db_path: Path) -> None:
    """Replace the plan at ``db_path`` (closed by the caller) with ``backup``; see the module's notes."""
    backups.check_restorable(backup)
    with contextlib.closing(sqlite3.connect(read_only_uri(backup, immutable=True), uri=True)) as source:
        version = migrations.schema_version(source)
    if version > migrations.latest_version():
        raise RestoreRefused(
            f"The backup {backup.name} was made by a newer version of this application (schema {version}); install "
            "that version to restore it. The plan was not changed."
        )
    with tempfile.TemporaryDirectory(prefix="hmics-restore-") as folder:
        copy = Path(folder) / "restored.sqlite"
        shutil.copyfile(backup, copy)
        with contextlib.closing(sqlite3.connect(copy, isolation_level=None)) as brought:
            migrations.migrate(brought, None, application_id=APPLICATION_ID)
        _replace_rows(db_path, copy, backup)
    backups.restoring_done()
    log.info("restored %s from %s; automatic backups paused until restart", db_path, backup)


def _replace_rows(db_path: Path, copy: Path, backup: Path) -> None:
    current = sqlite3.connect(db_path, timeout=WAIT_SECONDS, isolation_level=None)
    with contextlib.closing(current):
        current.execute("PRAGMA foreign_keys = OFF")
        current.execute("ATTACH DATABASE ? AS restored", (str(copy),))
        current.execute("BEGIN IMMEDIATE")  # waits for another program's write; holds the lock to the end
        try:
            with contextlib.closing(sqlite3.connect(db_path)) as reader:  # the plan as it is, inside the lock
                backups.make_backup(reader, db_path, "before-restore", sparing=backup)
            triggers = current.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger'").fetchall()
            for name, _sql in triggers:
                current.execute(f'DROP TRIGGER main."{name}"')
            tables = [row[0] for row in current.execute(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()]  # fmt: skip
            given = current.execute("SELECT name, seq FROM main.sqlite_sequence").fetchall()
            for table in [*tables, "sqlite_sequence"]:
                columns = ", ".join(f'"{row[1]}"' for row in current.execute(f'PRAGMA main.table_info("{table}")'))
                current.execute(f'DELETE FROM main."{table}"')
                current.execute(f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM restored."{table}"')
            _keep_counts(current, given)
            for _name, sql in triggers:
                current.execute(sql)
            if current.execute("PRAGMA main.foreign_key_check").fetchall():
                raise RestoreRefused(f"The backup {backup.name} does not hang together; the plan was not changed.")
            current.execute("COMMIT")
        except BaseException:
            current.execute("ROLLBACK")
            raise
        finally:
            current.execute("DETACH DATABASE restored")


def _keep_counts(current: sqlite3.Connection, given: list[tuple[str, int]]) -> None:
    """Each table's count of ids stays at the largest it gave, the backup's or since: no id is given twice.

    (An id given after the backup and given again after the restore would name two rows; the audit
    trail's newest number would come back after as many changes, as if the plan had not changed.)
    """
    for name, seq in given:
        kept = current.execute("UPDATE main.sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, name))
        if kept.rowcount == 0:
            current.execute("INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)", (name, seq))
