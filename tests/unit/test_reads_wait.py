"""Reads and opens wait in rounds while another program holds the file, say so each round, and give up bounded.

Another program is a real process: it switches the file to exclusive locking mode and writes,
which shuts out every connection opened after it (readers too) until it closes. A connection
already open keeps it from switching; the reads here are on a connection opened afresh, as a
background job's is, and a read-only window's when other programs begin or stop writing.
On a server, another program holds the inspections' table (``tests/plan_holder.py``), and a slow
answer is a statement that sleeps.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import peewee
import pytest
from plan_holder import held

from hmics_desktop.cli.main import main


@pytest.fixture
def example_file(tmp_path: Path) -> Path:
    db_path = tmp_path / "plans.sqlite"
    assert main(["example", "--db", str(db_path)]) == 0
    return db_path


@pytest.fixture
def told(monkeypatch) -> list:
    """What the database tells while it waits: the seconds of each round, then "over" once."""
    from hmics_desktop.storage.models import database

    said: list = []
    monkeypatch.setattr(database, "on_wait", said.append)
    monkeypatch.setattr(database, "on_waited", lambda: said.append("over"))
    return said


@pytest.mark.parametrize("read_only", [False, True], ids=["writable", "read-only"])
def test_a_read_waits_in_rounds_saying_so_while_another_program_holds_the_file(
    example_file: Path, told: list, read_only: bool
) -> None:
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.models import Inspection, database

    open_database(example_file, read_only=read_only, check=False)
    database.close()  # opened again by the read
    try:
        with held(example_file, seconds=1.5):
            titles = [i.title for i in Inspection.select()]
    finally:
        close_database()
    assert titles == ["Renamed by another program"]  # it waited, and then read what the other program wrote
    rounds, end = told[:-1], told[-1]
    assert end == "over" and len(rounds) >= 2 and rounds == sorted(rounds) and "over" not in rounds


@pytest.mark.parametrize("read_only", [False, True], ids=["writable", "read-only"])
def test_opening_waits_in_rounds_saying_so(example_file: Path, told: list, read_only: bool) -> None:
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.models import Inspection

    try:
        with held(example_file, seconds=1.5):
            open_database(example_file, read_only=read_only, check=False)
        titles = [i.title for i in Inspection.select()]
    finally:
        close_database()
    assert titles == ["Renamed by another program"]
    assert told[-1] == "over" and told.count("over") >= 1 and isinstance(told[0], float)


def test_a_read_kept_waiting_too_long_says_another_program_keeps_the_plan_busy(
    example_file: Path, told: list, monkeypatch
) -> None:
    from hmics_desktop.storage import plan_database
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.failures import explain_failure
    from hmics_desktop.storage.models import Inspection, database

    open_database(example_file, check=False)
    database.close()  # opened again by the read
    monkeypatch.setattr(plan_database, "READ_WAIT_MS", 600)
    try:
        with held(example_file), pytest.raises(peewee.OperationalError) as failed:
            list(Inspection.select())
        assert told and told[-1] == "over"
        words = explain_failure(failed.value, example_file)
        assert words.endswith("another program kept the plan database busy for too long.")
        assert [i.title for i in Inspection.select()] == ["Renamed by another program"]  # the next read reads
    finally:
        close_database()


def test_a_busy_answer_that_comes_at_once_still_waits_its_round(example_file: Path, told: list, monkeypatch) -> None:
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.models import Inspection, database

    open_database(example_file, check=False)
    database.close()  # opened again by the read, answered "busy" at once (as SQLite answers in some states)
    monkeypatch.setattr(database.obj, "_timeout", 0)
    monkeypatch.setattr(database.obj, "_pragmas", [("foreign_keys", 1), ("busy_timeout", 0)])
    try:
        with held(example_file, seconds=1.5):
            titles = [i.title for i in Inspection.select()]
    finally:
        close_database()
    assert titles == ["Renamed by another program"]
    assert 2 <= len(told) - 1 < 40  # rounds of a quarter of a second, not thousands of asks


def test_a_read_that_never_waited_tells_nothing(example_file: Path, told: list) -> None:
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.models import Inspection

    open_database(example_file)
    try:
        assert [i.title for i in Inspection.select()] == ["Crime Audit 2020"]
    finally:
        close_database()
    assert told == []


def _let_go_after_two_rounds(other: sqlite3.Connection) -> list:
    """The rounds the database tells while ``other`` holds the write lock, which it lets go after the second."""
    from hmics_desktop.storage.models import database

    told_while_held: list = []

    def let_go_after_two_rounds(seconds: float) -> None:
        told_while_held.append(seconds)
        if len(told_while_held) == 2:
            other.execute("COMMIT")

    database.on_wait = let_go_after_two_rounds  # put back by the ``told`` fixture
    return told_while_held


def test_a_write_tells_when_its_wait_is_over(example_file: Path, told: list) -> None:
    from hmics_desktop.services.edit_history import EditHistory
    from hmics_desktop.services.item_edits import save_item
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.models import Action

    open_database(example_file)
    try:
        first = Action.select().order_by(Action.id).first().id
        with closing(sqlite3.connect(example_file, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            told_while_held = _let_go_after_two_rounds(other)
            EditHistory().do(save_item("action", first, {"owner": "After the wait"}, None))
        assert Action.get_by_id(first).owner == "After the wait"
    finally:
        close_database()
    assert len(told_while_held) == 2 and told == ["over"]


def test_an_open_that_must_update_the_file_waits_for_another_writer_saying_so(tmp_path: Path, told: list) -> None:
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.migrations import latest_version, schema_version
    from hmics_desktop.storage.models import database

    db_path = tmp_path / "plans.sqlite"
    with closing(sqlite3.connect(db_path, isolation_level=None)) as other:
        other.execute("PRAGMA journal_mode = wal")  # a new file another program has begun to write
        other.execute("BEGIN IMMEDIATE")
        told_while_held = _let_go_after_two_rounds(other)
        try:
            open_database(db_path, create=True)
            assert schema_version(database.connection()) == latest_version()
        finally:
            close_database()
    assert len(told_while_held) == 2 and told == ["over"]  # it said so each round (it waited silently for 60 s)


@pytest.fixture
def told_inside(monkeypatch) -> list:
    """What the database tells while it waits, each round as (seconds, whether told inside a statement)."""
    from hmics_desktop.storage.models import database
    from hmics_desktop.storage.plan_database import waiting_inside_a_statement

    said: list = []
    monkeypatch.setattr(database, "on_wait", lambda seconds: said.append((seconds, waiting_inside_a_statement())))
    monkeypatch.setattr(database, "on_waited", lambda: said.append("over"))
    return said


def test_a_read_on_a_server_waits_for_a_table_another_program_holds_saying_so(
    example_on_server: str, told_inside: list
) -> None:
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.models import Inspection

    open_database(example_on_server)
    try:
        with held(example_on_server, seconds=2):
            titles = [i.title for i in Inspection.select()]
    finally:
        close_database()
    assert titles == ["Renamed by another program"]
    rounds, end = told_inside[:-1], told_inside[-1]
    assert end == "over" and rounds and all(inside for _seconds, inside in rounds)
    assert [seconds for seconds, _ in rounds] == sorted(seconds for seconds, _ in rounds)


def test_a_read_on_a_server_kept_waiting_past_its_lock_timeout_says_another_program_keeps_it_busy(
    example_on_server: str, told_inside: list, monkeypatch
) -> None:
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.failures import explain_shared_failure
    from hmics_desktop.storage.models import Inspection, database

    monkeypatch.setitem(database.settings, "lock_seconds", 2)
    open_database(example_on_server)
    try:
        with held(example_on_server), pytest.raises(peewee.OperationalError) as failed:
            list(Inspection.select())
        assert told_inside and told_inside[-1] == "over"
        assert explain_shared_failure(failed.value, "plans").endswith(
            "another program kept the shared plan database busy for too long."
        )
        assert [i.title for i in Inspection.select()] == ["Renamed by another program"]  # the next read reads
    finally:
        close_database()


def test_a_server_slow_to_answer_is_said_as_a_wait_and_a_quick_answer_is_not(
    example_on_server: str, told_inside: list
) -> None:
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.models import database

    open_database(example_on_server)
    try:
        database.execute_sql("SELECT count(*) FROM action").fetchall()
        assert told_inside == []
        database.execute_sql("SELECT pg_sleep(1.6)").fetchall()
    finally:
        close_database()
    assert len(told_inside) >= 2 and told_inside[-1] == "over"


def test_a_change_inside_a_read_that_another_program_overtook_fails_at_once_without_waiting(
    example_file: Path, told: list
) -> None:
    """Waiting cannot help a stale snapshot (SQLITE_BUSY_SNAPSHOT): only ending the transaction can."""
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.models import Inspection, database

    open_database(example_file, check=False)
    try:
        with pytest.raises(peewee.OperationalError, match="locked"), database.snapshot():
            assert Inspection.select().count() == 1  # the snapshot is taken
            with closing(sqlite3.connect(example_file, isolation_level=None)) as other:
                other.execute("UPDATE inspection SET title = 'Renamed by another program'")
            Inspection.update(title="Renamed here").execute()  # a write on the older snapshot
        assert [i.title for i in Inspection.select()] == ["Renamed by another program"]
    finally:
        close_database()
    assert told == []  # it was not made to wait, round after round, for what waiting cannot bring


def test_a_backup_of_a_file_another_program_holds_waits_saying_so_and_gives_up_bounded(
    example_file: Path, told: list, monkeypatch
) -> None:
    """SQLite's backup asks again for as long as the file is busy: here in told rounds, for a read's wait at most."""
    from hmics_desktop.storage import backups, plan_database
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.models import database

    monkeypatch.setattr(plan_database, "READ_WAIT_MS", 600)
    open_database(example_file, check=False)
    database.close()
    try:
        with held(example_file), pytest.raises(backups.BackupFailed) as refused:  # held for 60 s
            backups.backup_if_due(database.connection(), example_file)  # the daily backup: no read before it
    finally:
        close_database()
    assert "another program kept the plan database busy for too long" in str(refused.value)
    assert told[-1] == "over" and len(told) >= 2
    assert backups.list_backups(example_file) == []  # no copy cut short is left
