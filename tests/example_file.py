"""The example plan as a closed file: no -wal or -shm beside it, readable by every user."""

import sqlite3
from contextlib import closing
from pathlib import Path

from hmics_desktop.cli.main import main


def example_in(folder: Path) -> Path:
    """``folder``/plans.sqlite holding the example plan, checkpointed, with the files beside it removed."""
    db_path = folder / "plans.sqlite"
    assert main(["example", "--db", str(db_path)]) == 0
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for extra in folder.glob("plans.sqlite-*"):
        extra.unlink()
    db_path.chmod(0o644)
    return db_path
