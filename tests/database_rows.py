"""Every row of every table of a database file, to prove that nothing changed."""

import sqlite3
from contextlib import closing
from pathlib import Path


def database_rows(path: Path) -> list:
    with closing(sqlite3.connect(path)) as connection, connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return [(t, connection.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()) for t in tables]
