"""A plan opened read-only by choice (its user may write it) reads as SQLite's own readers do.

Such a reader may write the WAL index beside the file, so it rebuilds the index itself when it
finds it spoiled (a writer stopped while writing it): nothing of this program's own may stand in
its way (:mod:`hmics_desktop.storage.read_only_file` holds locks only for readers that cannot).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from example_file import example_in

from hmics_desktop.storage import database as opening
from hmics_desktop.storage.models import database

ROOT = Path(__file__).resolve().parents[2]

# Renames the inspection and keeps the rename in its -wal (no checkpoint), then waits to be stopped.
WRITER = textwrap.dedent(
    """
    import sqlite3, sys, time
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("UPDATE inspection SET title = 'Renamed by another program'")
    print("committed", flush=True)
    time.sleep(60)
    """
)


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[Path]:
    yield example_in(tmp_path)
    opening.close_database()


@pytest.mark.skipif(sys.platform != "linux", reason="the WAL index's locks held by the program are Linux's")
def test_a_read_only_by_choice_read_rebuilds_a_spoiled_wal_index_itself(plan: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=tempfile.gettempdir())
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(plan)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "committed", writer.stderr
        opening.open_database(plan, read_only=True, check=False)
        assert database.read_only
    finally:
        writer.send_signal(signal.SIGKILL)  # stopped for good: the -wal and its index stay beside the file
        writer.communicate(timeout=30)
    with open(f"{plan}-shm", "r+b") as index:  # both copies of its header, as a writer stopped while writing it
        index.write(b"\0" * 96)
    with database.snapshot():
        titles = [title for (title,) in database.execute_sql("SELECT title FROM inspection").fetchall()]
    assert titles == ["Renamed by another program"]
