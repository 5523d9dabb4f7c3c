"""Another program on the same database: its own connection, either engine, one transaction."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import psycopg

from hmics_desktop.storage.sql import Sql

ROOT = Path(__file__).resolve().parents[1]
_EDIT = textwrap.dedent(
    """
    import sys
    from hmics_desktop.services.edit_history import EditHistory
    from hmics_desktop.services.item_edits import save_item
    from hmics_desktop.storage.database import open_database
    from hmics_desktop.storage.models import Action

    open_database(sys.argv[1])
    action = Action.get_by_id(int(sys.argv[2]))
    EditHistory().do(save_item("action", action.id, {"owner": sys.argv[3]}, action.version))
    """
)


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


def edit_elsewhere(location: Path | str, action_id: int, owner: str) -> None:
    """Another machine's user changes an action's owner, through the application, in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-c", _EDIT, str(location), str(action_id), owner],
        env={"PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
