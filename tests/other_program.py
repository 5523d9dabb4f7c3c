"""Another program on the same database: its own connection, either engine, one transaction."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg

from hmics_desktop.storage.sql import Sql


@contextlib.contextmanager
def other_program(location: Path | str) -> Iterator[Sql]:
    """A connection of its own to ``location`` (``?`` placeholders), committed when the block ends."""
    if isinstance(location, Path):
        connection: sqlite3.Connection | psycopg.Connection = sqlite3.connect(location)
        dialect = "sqlite"
    else:
        connection = psycopg.connect(location)
        dialect = "postgresql"
    try:
        yield Sql(connection, dialect)
        connection.commit()
    finally:
        connection.close()
