"""Numbered schema migrations (``db/migrations/NNNN_name.sql``), version in the database.

The schema version is SQLite's ``user_version``. Before any migration runs on a database
that already holds a schema, a copy is made with SQLite's backup API (see ``backups``).
PostgreSQL has its own scripts with the same numbers (``db/migrations/postgresql``) and
keeps the version in a ``schema_version`` table; they run under an advisory lock, so two
programs opening a new server database at the same moment apply them once.
"""

from __future__ import annotations

import functools
import logging
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import peewee

from hmics_desktop.paths import db_folder
from hmics_desktop.storage.sql import Sql

log = logging.getLogger(__name__)


def _after(version: int, sql: Sql) -> None:
    """What a migration does beyond its script (inside its transaction).

    0005 writes the rows' history; 0006 (on a file) gives every table ids that are never used twice.
    """
    if version == 5:
        from hmics_desktop.storage.history_backfill import backfill  # models, needed here only

        log.info("wrote %d history entries from the audit trail", backfill(sql))
    if version == 6 and not sql.postgres:
        _ids_never_reused(sql)


def largest_id_ever(sql: Sql, table: str) -> int:
    """The largest id ``table`` ever gave: in the table, or named by its history or the audit trail."""
    return int(
        sql.execute(
            f'SELECT {"greatest" if sql.postgres else "max"}(coalesce((SELECT max(id) FROM "{table}"), 0), '
            "coalesce((SELECT max(row_id) FROM row_history WHERE tbl = ?), 0), "
            "coalesce((SELECT max(entity_id) FROM audit_entry WHERE entity = ?), 0))",
            (table, table),
        ).fetchone()[0]
    )


_ROWID_KEY = re.compile(r'("id" INTEGER NOT NULL PRIMARY KEY)(?! AUTOINCREMENT)', re.IGNORECASE)


def _ids_never_reused(sql: Sql) -> None:
    """Rebuild each table whose id is SQLite's plain rowid with AUTOINCREMENT, everything else unchanged.

    Runs with foreign keys off (see :func:`migrate`), the triggers set aside meanwhile. Each count
    starts at the largest id the table, its history or the audit trail ever named.
    """
    triggers = sql.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _create in triggers:
        sql.execute(f'DROP TRIGGER "{name}"')
    tables = sql.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    for table, create in tables:
        if not _ROWID_KEY.search(create or ""):
            continue
        indexes = [row[0] for row in sql.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)
        ).fetchall()]  # fmt: skip
        rebuilt = _ROWID_KEY.sub(r"\1 AUTOINCREMENT", create, count=1)
        rebuilt = re.sub(rf'^CREATE TABLE "?{re.escape(table)}"?', f'CREATE TABLE "{table}_rebuilt"', rebuilt)
        sql.execute(rebuilt)
        sql.execute(f'INSERT INTO "{table}_rebuilt" SELECT * FROM "{table}"')
        sql.execute(f'DROP TABLE "{table}"')
        sql.execute(f'ALTER TABLE "{table}_rebuilt" RENAME TO "{table}"')
        for index in indexes:
            sql.execute(index)
        sql.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        sql.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, largest_id_ever(sql, table)))
    for _name, create in triggers:
        sql.execute(create)


_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    path: Path

    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def available_migrations(folder: Path | None = None) -> list[Migration]:
    return _scan(folder or db_folder() / "migrations")


@functools.cache
def _scan(folder: Path) -> list[Migration]:
    """The migrations in ``folder``, read once (a program may lose access to it later)."""
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


def shared_migrations() -> list[Migration]:
    """The PostgreSQL scripts, numbered as the SQLite ones."""
    found = available_migrations(db_folder() / "migrations" / "postgresql")
    if len(found) != latest_version():
        raise RuntimeError("the PostgreSQL migrations are not numbered as the SQLite ones")
    return found


MIGRATION_LOCK = 0x484D4944  # the advisory lock held while a server database is migrated


def shared_schema_version(sql: Sql) -> int | None:
    """The schema version of a server database: 0 when empty, None when it holds other tables."""
    if sql.execute("SELECT to_regclass('schema_version')").fetchone()[0] is not None:
        row = sql.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)
    tables = sql.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()[0]
    return None if tables else 0


def shared_schema_at_open(sql: Sql, ahead: Sequence[str] = ()) -> tuple[int | None, bool | None]:
    """:func:`shared_schema_version`, and whether the login may change the plan's rows (None: no plan tables yet).

    One round trip for a plan database (sent with the connection's settings); an empty database, or
    one of other tables, is told apart after. ``ahead``: the queries (without parameters) the program
    will ask first, asked in the same round trip; their answers are given to it (``Sql.fetch_all``)
    should it ask them before any other statement.
    """
    check = "SELECT (SELECT max(version) FROM schema_version), has_table_privilege(to_regclass('action'), 'UPDATE')"
    try:
        row, *answers = sql.fetch_all([check, *ahead]) if ahead else [sql.execute(check).fetchall()]
    except peewee.ProgrammingError:  # no schema_version table (or no right to read it: said the usual way)
        if ahead:  # or a table asked ahead is missing (an older schema): asked again alone
            return shared_schema_at_open(sql)
        return shared_schema_version(sql), None
    if ahead:
        sql.connection.ahead = dict(zip(ahead, answers, strict=True))
    return int(row[0][0] or 0), row[0][1]


def migrate_shared(sql: Sql) -> list[int]:
    """Apply the PostgreSQL migrations the database lacks, in one transaction, once among many programs."""
    applied: list[int] = []
    sql.execute("BEGIN")
    try:
        sql.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
        sql.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
        current = shared_schema_version(sql) or 0
        for migration in shared_migrations():
            if migration.version <= current:
                continue
            log.info("applying migration postgresql/%s", migration.path.name)
            sql.execute(migration.sql())
            _after(migration.version, sql)
            applied.append(migration.version)
        if applied:
            sql.execute("DELETE FROM schema_version")
            sql.execute("INSERT INTO schema_version (version) VALUES (?)", (applied[-1],))
        sql.execute("COMMIT")
    except BaseException:
        sql.connection.rollback()
        raise
    return applied


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def statements(sql: str) -> list[str]:
    """The statements of a migration script (a trigger's BEGIN … END stays whole)."""
    found, pending = [], ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                found.append(pending.strip())
            pending = ""
    if pending.strip() and not pending.strip().startswith("--"):
        found.append(pending.strip())
    return found


def migrate(connection: sqlite3.Connection, db_path: Path | None, *, application_id: int = 0) -> list[int]:
    """Apply the migrations the database lacks, in one transaction that holds the write lock.

    The version is read again once the lock is held, so that two programs opening a new
    file at the same moment do not both create the tables. A database that already holds a
    schema is backed up first. Returns the versions applied.
    """
    if db_path is not None:  # another program may be migrating: its statements wait in told rounds
        connection.execute("PRAGMA journal_mode = wal")
        if schema_version(connection) > 0:
            from hmics_desktop.storage import backups  # only for a file that is updated: not at every start

            backups.make_backup(connection, db_path, f"before-update-to-v{latest_version()}")
    applied: list[int] = []
    keys_on = connection.execute("PRAGMA foreign_keys").fetchone()[0]
    connection.execute("PRAGMA foreign_keys = OFF")  # a table rebuilt must not cascade (checked before commit)
    connection.execute("BEGIN IMMEDIATE")
    try:
        current = schema_version(connection)
        for migration in available_migrations():
            if migration.version <= current:
                continue
            log.info("applying migration %s", migration.path.name)
            for statement in statements(migration.sql()):
                connection.execute(statement)
            _after(migration.version, Sql(connection, "sqlite"))
            connection.execute(f"PRAGMA user_version = {migration.version}")
            applied.append(migration.version)
        if applied and application_id:
            connection.execute(f"PRAGMA application_id = {application_id}")
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise sqlite3.IntegrityError(f"the update would leave {len(broken)} rows pointing at nothing")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        connection.execute(f"PRAGMA foreign_keys = {int(keys_on)}")
    return applied
