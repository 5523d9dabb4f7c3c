"""Two programs at once, with real processes: writers wait their turn, reads see one snapshot.

The tests taking ``db_location`` run on an SQLite file and on a PostgreSQL server.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from other_program import other_program
from plan_fixture import LEGACY_WORKBOOK

from hmics_desktop.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def _start(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "hmics_desktop", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def _finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def _inspections(location: Path | str) -> list[str]:
    with other_program(location) as connection:
        return sorted(t for (t,) in connection.execute("SELECT title FROM inspection"))


def test_two_importers_at_once_both_land(db_location) -> None:
    db_path = db_location
    assert main(["example", "--db", str(db_path)]) == 0
    names = [f"Imported {n}" for n in range(4)]
    running = [_start("import", str(LEGACY_WORKBOOK), "--db", str(db_path), "--inspection", name) for name in names]
    results = [_finish(p) for p in running]
    assert [code for code, _out, _err in results] == [0, 0, 0, 0], [err for _c, _o, err in results]
    assert set(names) <= set(_inspections(db_path))


def test_two_programs_creating_a_new_database_at_the_same_moment(db_location) -> None:
    db_path = db_location
    running = [_start("example", "--db", str(db_path)) for _ in range(3)]
    results = [_finish(p) for p in running]
    assert [code for code, _out, _err in results] == [0, 0, 0], [err for _c, _o, err in results]
    assert _inspections(db_path) == ["Crime Audit 2020"]


def test_dump_beside_an_importer_always_sees_whole_commits(db_location) -> None:
    db_path = db_location
    assert main(["example", "--db", str(db_path)]) == 0
    importers = [
        _start("import", str(LEGACY_WORKBOOK), "--db", str(db_path), "--inspection", f"Beside {n}") for n in range(3)
    ]
    dumps = []
    while any(p.poll() is None for p in importers) or not dumps:
        code, out, err = _finish(_start("dump", "--db", str(db_path)))
        assert code == 0, err
        dumps.append(json.loads(out))
    assert all(_finish(p)[0] == 0 for p in importers)
    for data in dumps:  # an inspection is there with all its recommendations, or not at all
        for plan in data["plans"]:
            assert len(plan["recommendations"]) == len(dumps[0]["plans"][0]["recommendations"]), plan["inspection"]


EDITOR = textwrap.dedent(
    """
    import sys
    from hmics_desktop.services.edit_history import EditHistory
    from hmics_desktop.services.item_edits import save_item
    from hmics_desktop.storage.database import open_database
    from hmics_desktop.storage.models import Action

    open_database(sys.argv[1])
    history = EditHistory()
    print("ready", flush=True)
    for n in range(int(sys.argv[2])):
        action = Action.select().order_by(Action.id).first()
        history.do(save_item("action", action.id, {"owner": f"Owner {n}"}, None))
    print("done", flush=True)
    """
)


def _editor(tmp_path: Path, db_path: Path | str, edits: int) -> subprocess.Popen:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, str(script), str(db_path), str(edits)], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_an_editor_beside_an_importer_both_finish(tmp_path: Path, db_location) -> None:
    db_path = db_location
    assert main(["example", "--db", str(db_path)]) == 0
    editor = _editor(tmp_path, db_path, 60)
    importer = _start("import", str(LEGACY_WORKBOOK), "--db", str(db_path), "--inspection", "Beside the editor")
    assert _finish(importer)[0] == 0
    code, out, err = _finish(editor)
    assert code == 0 and out.split() == ["ready", "done"], err
    assert "Beside the editor" in _inspections(db_path)


def test_an_editor_killed_mid_way_leaves_whole_steps(tmp_path: Path) -> None:
    db_path = tmp_path / "plans.sqlite"
    assert main(["example", "--db", str(db_path)]) == 0
    editor = _editor(tmp_path, db_path, 100_000)
    assert editor.stdout is not None and editor.stdout.readline().strip() == "ready"
    time.sleep(1.0)
    editor.kill()  # SIGKILL; on Windows TerminateProcess
    editor.communicate(timeout=30)
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        owner = connection.execute("SELECT owner FROM action ORDER BY id LIMIT 1").fetchone()[0]
        last = connection.execute(
            "SELECT new_value FROM audit_entry WHERE field = 'owner' ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]
    assert owner == last  # the last step that landed landed whole: its data and its audit row


HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO inspection (title, created_at) VALUES ('Held by another program', '2024-01-01')")
    print("locked", flush=True)
    time.sleep(1.5)
    connection.execute("COMMIT")
    """
)


@pytest.mark.sqlite_only
def test_a_writer_waits_for_the_lock_instead_of_failing(plan_db, db_path: Path) -> None:
    from hmics_desktop.services.plans import load_example_plan
    from hmics_desktop.storage.models import database

    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    waited: list[float] = []
    database.on_wait = waited.append
    try:
        load_example_plan()
    finally:
        database.on_wait = None
    holder.communicate(timeout=30)
    assert holder.returncode == 0
    assert waited and max(waited) > 0.5  # it waited, saying so, and then wrote
    assert _inspections(db_path) == ["Crime Audit 2020", "Held by another program"]


@pytest.mark.sqlite_only
def test_a_write_that_gives_up_waiting_leaves_the_lock_and_says_its_wait_is_over(
    plan_db, db_path: Path, monkeypatch
) -> None:
    from hmics_desktop.storage.models import database
    from hmics_desktop.storage.plan_database import DatabaseBusy

    monkeypatch.setattr(database, "write_wait_seconds", 0.3)
    told: list[float | str] = []
    monkeypatch.setattr(database, "on_wait", told.append)
    monkeypatch.setattr(database, "on_waited", lambda: told.append("over"))
    with closing(sqlite3.connect(db_path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseBusy), database.atomic():
            pass
        other.execute("ROLLBACK")
    assert len(told) >= 2 and told[-1] == "over" and not database.connection().in_transaction
    with closing(sqlite3.connect(db_path, timeout=0, isolation_level=None)) as other:  # the lock is free
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")


@pytest.mark.parametrize("command", ["dump", "export"])
def test_reading_commands_write_nothing(tmp_path: Path, command: str, capsys) -> None:
    db_path = tmp_path / "plans.sqlite"
    assert main(["example", "--db", str(db_path)]) == 0
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = (db_path.read_bytes(), db_path.stat().st_mtime_ns)
    args = {
        "dump": ["dump"],
        "export": ["export", "--inspection", "Crime Audit 2020", "--out", str(tmp_path / "p.xlsx")],
    }
    assert main([*args[command], "--db", str(db_path)]) == 0
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns) == before


@pytest.mark.logs_error("the import command failed")
def test_a_command_kept_waiting_by_another_writer_says_nothing_was_changed_once(
    db_location, monkeypatch, capsys
) -> None:
    from hmics_desktop.storage.models import database
    from hmics_desktop.storage.shared_database import WRITE_LOCK

    assert main(["example", "--db", str(db_location)]) == 0
    monkeypatch.setattr(database, "write_wait_seconds", 0.5)
    capsys.readouterr()
    with other_program(db_location) as other:  # another program writing, for longer than the wait allows
        other.execute(
            "SELECT pg_advisory_xact_lock(?)" if other.postgres else "BEGIN IMMEDIATE", (WRITE_LOCK,)[: other.postgres]
        )
        assert main(["import", str(LEGACY_WORKBOOK), "--db", str(db_location), "--inspection", "Waited"]) == 2
    err = capsys.readouterr().err
    assert err.count("nothing was changed") == 1 and len(err.strip().splitlines()) == 1, err
    assert "has been writing to the" in err and "Waited" not in _inspections(db_location)


def test_an_import_kept_waiting_reads_the_plan_as_the_other_writer_left_it(db_location, capsys) -> None:
    """On a server an import's first reads go with its request for the write lock: made again once it is had.

    Another program holds the lock and, while the import waits, adds the inspection the import names:
    the import goes into it (read before, it would have made a second one, refused as a duplicate).
    """
    assert main(["example", "--db", str(db_location)]) == 0
    command = ["import", str(LEGACY_WORKBOOK), "--db", str(db_location), "--inspection", "Made meanwhile"]
    made = ('INSERT INTO "inspection" (title, version, created_at) VALUES (?, 1, ?)',
            ("Made meanwhile", "2025-01-01 09:00:00"))  # fmt: skip
    status, out = _import_while_another_writes(db_location, command, made, capsys)
    assert status == 0, out
    assert _inspections(db_location).count("Made meanwhile") == 1
    assert "imported Made meanwhile: 6 recommendations and 21 actions created; 1 inspection updated" in (
        out
    )  # no inspection created: the file went into the one made meanwhile


_TARGET_ACTIONS = (
    'SELECT a.id FROM "action" a JOIN "recommendation" r ON r.id = a.recommendation_id '
    'JOIN "inspection" i ON i.id = r.inspection_id WHERE i.title = ?'
)
# What another program does to the plan the import names while the import waits for the write lock.
_MEANWHILE = {
    "names an inspection as the file does": ('UPDATE "inspection" SET title = ? WHERE id = 1', ("Target",), False),
    "deletes its actions": (
        f'UPDATE "action" SET deleted_at = ? WHERE id IN ({_TARGET_ACTIONS})',
        ("2025-01-01 09:00:00", "Target"),
        True,
    ),
    "gives its actions another owner": (
        f'UPDATE "action" SET owner = ? WHERE id IN ({_TARGET_ACTIONS})',
        ("Changed meanwhile", "Target"),
        True,
    ),
    "renumbers its recommendations": (
        'UPDATE "recommendation" SET number = number + 100 WHERE inspection_id IN '
        '(SELECT id FROM "inspection" WHERE title = ?)',
        ("Target",),
        True,
    ),
}


def _plans_held(location: Path | str) -> list[tuple]:
    with other_program(location) as connection:
        return sorted(
            connection.execute(
                "SELECT i.title, i.deleted_at IS NULL, r.number, a.position, a.owner, a.deleted_at IS NULL, a.version "
                'FROM "inspection" i LEFT JOIN "recommendation" r ON r.inspection_id = i.id '
                'LEFT JOIN "action" a ON a.recommendation_id = r.id'
            ).fetchall(),
            key=repr,
        )


def _import_while_another_writes(location: Path | str, command: list[str], change: tuple, capsys) -> tuple[int, str]:
    """``command`` run while another program holds the write lock, and makes ``change`` once the import waits."""
    from hmics_desktop.storage.models import database
    from hmics_desktop.storage.shared_database import WRITE_LOCK

    waiting = threading.Event()
    database.on_wait = lambda _seconds: waiting.set()
    done: list[int] = []
    importer = threading.Thread(target=lambda: done.append(main(command)))
    try:
        with other_program(location) as other:
            other.execute(
                "SELECT pg_advisory_xact_lock(?)" if other.postgres else "BEGIN IMMEDIATE",
                (WRITE_LOCK,)[: other.postgres],
            )
            capsys.readouterr()
            importer.start()
            assert waiting.wait(60)  # it has read, and waits for the lock
            other.execute(*change)
        importer.join(120)
    finally:
        database.on_wait = None
    return done[0], capsys.readouterr().out


@pytest.mark.parametrize("meanwhile", list(_MEANWHILE))
def test_an_import_kept_waiting_does_as_it_would_after_the_other_writer(
    db_location, tmp_path, meanwhile, capsys
) -> None:
    """What the other writer did while the import waited is what the import goes by: as had it come first."""
    query, params, imported_before = _MEANWHILE[meanwhile]
    second = tmp_path / "second.sqlite" if isinstance(db_location, Path) else f"{db_location}_second"
    if isinstance(second, str):
        with other_program(db_location) as connection:
            connection.connection.commit()
            connection.connection.autocommit = True
            connection.execute(f'CREATE DATABASE "{second.rsplit("/", 1)[1]}"')
    said = []
    for location in (db_location, second):
        command = ["import", str(LEGACY_WORKBOOK), "--db", str(location), "--inspection", "Target"]
        assert main(["example", "--db", str(location)]) == 0
        if imported_before:
            assert main(command) == 0
        if location == second:
            code, out = _import_while_another_writes(location, command, (query, params), capsys)
        else:
            with other_program(location) as other:
                other.execute(query, params)
            capsys.readouterr()
            code, out = main(command), capsys.readouterr().out
        said.append((code, out.replace(str(location), "the plan")))
    assert said[1] == said[0]
    assert _plans_held(second) == _plans_held(db_location)


def test_a_step_tells_whether_another_program_wrote_since_the_trail_was_last_read(plan_db, db_location) -> None:
    from other_program import edit_elsewhere

    from hmics_desktop.services.edit_history import EditHistory, OpChanges
    from hmics_desktop.services.item_edits import save_item
    from hmics_desktop.services.plan_facts import change_counter
    from hmics_desktop.services.plans import load_example_plan
    from hmics_desktop.storage.models import Action

    load_example_plan()
    history = EditHistory()
    first, second = (a.id for a in Action.select().order_by(Action.id).limit(2))
    seen = change_counter()
    history.do(save_item("action", first, {"owner": "Mine"}, None))
    mine: OpChanges = history.last_changes
    assert mine.trail == (seen, change_counter())  # nobody else: the rows between are my step's own
    edit_elsewhere(db_location, second, "Theirs")
    history.do(save_item("action", first, {"owner": "Mine again"}, None))
    after = history.last_changes.trail
    assert after is not None and after[0] > mine.trail[1] and after[1] == change_counter()  # theirs came between
    history.undo()
    undone = history.last_changes.trail
    assert undone is not None and undone[0] == after[1] < undone[1]  # an undo has its own trail
