"""The SQLite floor of an import: the rows it wrote, inserted again by bare ``sqlite3`` in one transaction.

:func:`floor_seconds` reads every row an import wrote into a database file (the plan's rows, then
its history and audit rows) and inserts them into a new plan database (the same schema, indexes,
triggers and durability, and the page cache the application gives a write) with one
``executemany`` per table and one commit, as nothing could do with less. Columns the database
keeps by itself (``version``, the latest progress) are left to it, as the import leaves them.
What an import takes beyond this is the application's own work.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.journal import DERIVED
from hmics_desktop.storage.plan_database import WRITE_CACHE_KIB

PLAN_TABLES = ("inspection", "list_entry", "recommendation", "action", "progress_update", "action_link",
               "target_revision")  # fmt: skip
TRAIL_TABLES = ("row_history", "audit_entry")

Rows = dict[str, tuple[list[str], list[tuple[object, ...]]]]


def written_rows(path: Path) -> Rows:
    """Every row of the tables an import writes, by table: (its columns, its rows), derived columns left out."""
    connection = sqlite3.connect(path)
    try:
        rows: Rows = {}
        for table in (*PLAN_TABLES, *TRAIL_TABLES):
            names = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")') if row[1] not in DERIVED]
            quoted = ", ".join(f'"{name}"' for name in names)
            rows[table] = (names, connection.execute(f'SELECT {quoted} FROM "{table}" ORDER BY id').fetchall())
        return rows
    finally:
        connection.close()


def floor_seconds(rows: Rows, tables: tuple[str, ...], fresh: Path) -> tuple[float, float]:
    """Seconds (and processor seconds) to insert ``rows`` of ``tables`` into the new plan database ``fresh``."""
    for left in (fresh, fresh.with_name(f"{fresh.name}-wal"), fresh.with_name(f"{fresh.name}-shm")):
        left.unlink(missing_ok=True)  # a file of an earlier run: the database must be new
    open_database(fresh)  # the application's schema, made as it makes it
    close_database()
    connection = sqlite3.connect(fresh, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = 1")
        connection.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")  # as the application's writes have it
        start, processor = time.perf_counter(), time.process_time()
        connection.execute("BEGIN IMMEDIATE")
        for table in tables:
            names, values = rows[table]
            quoted = ", ".join(f'"{name}"' for name in names)
            marks = ", ".join("?" for _ in names)
            connection.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', values)
        connection.execute("COMMIT")
        return time.perf_counter() - start, time.process_time() - processor
    finally:
        connection.close()


def floor_line(imported: Path, folder: Path, runs: int, yardstick: float) -> str:
    """The floor of the import into ``imported``, best of ``runs``: the plan's rows, then with history and audit."""
    rows = written_rows(imported)
    counts = (f"{len(rows['action'][1]):,} actions, {len(rows['row_history'][1]):,} history and "
              f"{len(rows['audit_entry'][1]):,} audit rows")  # fmt: skip
    figures = []
    for label, tables in (
        ("the plan's rows", PLAN_TABLES),
        ("with their history and audit", (*PLAN_TABLES, *TRAIL_TABLES)),
    ):
        best = min(
            (floor_seconds(rows, tables, folder / f"floor-{len(tables)}-{run}.sqlite") for run in range(runs)),
            key=lambda seconds: seconds[0],
        )
        figures.append(f"{label} {best[0]:.2f} s (cpu {best[1]:.2f}; ÷ openpyxl {best[0] / yardstick:.2f})")
    return f"SQLite floor (the same rows by bare executemany, one transaction; {counts}): " + "; ".join(figures)
