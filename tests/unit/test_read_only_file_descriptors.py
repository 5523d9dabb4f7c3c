"""The descriptors and locks a read-only plan database holds in this program are all let go once it is closed.

A read-only reader keeps descriptors of its own on the file (:mod:`hmics_desktop.storage.file_locks`)
and a read lock on SQLite's lock bytes for as long as a connection is open: while any is held, a
writer closing the file cannot write its WAL back and remove it, so none may outlive the reader.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from example_file import example_in

from hmics_desktop.storage import database as opening
from hmics_desktop.storage.file_locks import descriptors
from hmics_desktop.storage.models import database


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[Path]:
    db_path = example_in(tmp_path)
    yield db_path
    opening.close_database()


def _open_on(path: Path) -> list[str]:
    opened = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(path)):
            opened.append(target)
    return opened


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts the program's descriptors in /proc")
def test_a_background_job_that_read_across_two_openings_of_the_plan_leaves_no_connection_behind(plan: Path) -> None:
    """A job reads; the window opens the plan again twice meanwhile, the job reading between; then all close."""
    opening.open_database(plan, read_only=True, check=False)
    step = [threading.Event() for _ in range(4)]

    def job() -> None:
        with opening.own_connection():
            for turn in (0, 2):
                database.execute_sql("SELECT count(*) FROM action").fetchone()
                step[turn].set()
                step[turn + 1].wait(30)

    worker = threading.Thread(target=job)
    worker.start()
    for turn in (0, 2):
        assert step[turn].wait(30)
        opening.open_database(plan, read_only=True, check=False)  # the window opens it again
        step[turn + 1].set()
    worker.join(30)
    opening.close_database()
    assert _open_on(plan) == []  # nothing of it open in the program: no connection, no lock
    assert descriptors(plan).users == 0
