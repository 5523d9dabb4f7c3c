"""A database read where it cannot be written, while another program writes it: real processes.

The reader gives up root's rights (as in test_read_only_and_failures), so the file and its
folder really cannot be written by it; the writer is a second process that may write them.
The reader sees every commit, never part of one, and never calls the file damaged.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from example_file import example_in

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() != 0,
    reason="a reader that cannot write the file beside a writer that can needs root's rights to drop",
)

# Reads the plan database in a loop for ``seconds`` as the user nobody, and prints what it saw:
# for each read, the generations of the actions' texts (one commit writes them all), or the error.
READER = textwrap.dedent(
    """
    import json, os, sys, time
    from hmics_desktop.storage import database as opening
    from hmics_desktop.storage.models import database
    os.setgid(65534)
    os.setuid(65534)
    path, seconds = sys.argv[1], float(sys.argv[2])
    seen, errors, end = [], [], time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            opening.open_database(path, check=False)
            with database.snapshot():
                texts = {t for (t,) in database.execute_sql("SELECT text FROM action").fetchall()}
                titles = [t for (t,) in database.execute_sql("SELECT title FROM inspection").fetchall()]
            seen.append([sorted(texts), titles, database.read_only])
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            opening.close_database()
    print(json.dumps({"seen": seen, "errors": errors}))
    """
)

# Commits generation after generation (every action's text in one transaction), opening and
# closing the file each time, so that its -wal file comes and goes and checkpoints rewrite it.
WRITER = textwrap.dedent(
    """
    import sqlite3, sys, time
    path, seconds = sys.argv[1], float(sys.argv[2])
    end, generation = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        generation += 1
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        connection.execute("PRAGMA wal_autocheckpoint = 1")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE action SET text = ? || printf('%2000s', '')", (f"Generation {generation:06}",))
        connection.execute("COMMIT")
        connection.close()
    print(generation)
    """
)


@pytest.fixture
def plan_in_read_only_folder() -> Iterator[Path]:
    """The example plan, in a folder and a file only root may write (the reader will be nobody)."""
    folder = Path(tempfile.mkdtemp(prefix="hmics-ro-writer-"))
    db_path = example_in(folder)
    folder.chmod(0o755)
    yield db_path
    shutil.rmtree(folder, ignore_errors=True)


def _program(source: str, *args: str, stdin: int | None = None) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=tempfile.gettempdir(), XDG_STATE_HOME=tempfile.gettempdir())
    return subprocess.Popen(
        [sys.executable, "-c", source, *args],
        env=env,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return json.loads(out)


@pytest.mark.parametrize("through", ["the file", "a symbolic link"])
def test_a_commit_still_in_the_writers_wal_is_seen(plan_in_read_only_folder: Path, through: str) -> None:
    db_path = opened = plan_in_read_only_folder
    if through == "a symbolic link":  # SQLite follows it: the -wal is beside the file it names
        opened = db_path.with_name("links") / "plans.sqlite"
        opened.parent.mkdir(mode=0o755)
        opened.symlink_to(db_path)
    holder = _program(
        textwrap.dedent(
            """
            import sqlite3, sys, time
            connection = sqlite3.connect(sys.argv[1], isolation_level=None)
            connection.execute("PRAGMA wal_autocheckpoint = 0")  # the rename stays in the -wal file
            connection.execute("UPDATE inspection SET title = 'Renamed by another program'")
            print("committed", flush=True)
            time.sleep(60)
            """
        ),
        str(db_path),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "committed"
        result = _read(_program(READER.replace("while time.monotonic() < end", "for _ in range(3)"), str(opened), "0"))
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    assert result["errors"] == []
    assert [(titles, read_only) for _texts, titles, read_only in result["seen"]] == [
        (["Renamed by another program"], True)
    ] * 3
    assert not opened.with_name("plans.sqlite-wal").exists() or opened == db_path


def test_reads_beside_a_writer_see_whole_commits_in_order_and_never_damage(plan_in_read_only_folder: Path) -> None:
    db_path = plan_in_read_only_folder
    writer = _program(WRITER, str(db_path), "12")
    time.sleep(0.2)
    reader = _program(READER, str(db_path), "10")
    result = _read(reader)
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert int(out) > 10, "the writer hardly wrote: the test proves nothing"
    assert not [e for e in result["errors"] if "began writing the plan database" not in e], result["errors"][:5]
    assert len(result["seen"]) > 20 * len(result["errors"])  # said now and then, as a writer starts
    generations = []
    for texts, _titles, _read_only in result["seen"]:
        assert len({text.strip() for text in texts}) == 1, texts  # one commit, never part of two
        generations.append(texts[0].strip())
    assert generations == sorted(generations)  # never back to an older commit
    assert len(set(generations)) > 5  # it followed the writer
    assert sorted(os.listdir(db_path.parent)) == ["plans.sqlite"]


CHECKER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from hmics_desktop.storage.database import integrity_problems
    os.setgid(65534)
    os.setuid(65534)
    problem = integrity_problems(Path(sys.argv[1]))
    print("ok" if problem is None else "damaged")
    """
)


def test_the_background_check_reads_a_file_it_cannot_write_and_leaves_nothing_beside_it(
    plan_in_read_only_folder: Path,
) -> None:
    db_path = plan_in_read_only_folder
    checked = _program(CHECKER, str(db_path))
    assert checked.communicate(timeout=120)[0].strip() == "ok"
    with db_path.open("r+b") as handle:  # a page of the file overwritten: the check must see it
        page_size = int.from_bytes(handle.read(18)[16:18], "big")
        handle.seek(3 * page_size)
        handle.write(b"\xff" * page_size)
    checked = _program(CHECKER, str(db_path))
    out, err = checked.communicate(timeout=120)
    assert out.strip() == "damaged", err
    assert sorted(os.listdir(db_path.parent)) == ["plans.sqlite"]


# Opens the plan database as the user nobody (READ_WAIT_MS given), and prints what it was told while it
# waited and what it read, or why it could not.
WAITING_READER = textwrap.dedent(
    """
    import json, os, sys
    from hmics_desktop.storage import database as opening, plan_database
    from hmics_desktop.storage.failures import explain_failure
    from hmics_desktop.storage.models import database
    os.setgid(65534)
    os.setuid(65534)
    plan_database.READ_WAIT_MS = int(sys.argv[2])
    told = []
    database.on_wait = told.append
    database.on_waited = lambda: told.append("over")
    try:
        opening.open_database(sys.argv[1], check=False)
        read = [t for (t,) in database.execute_sql("SELECT title FROM inspection").fetchall()]
    except Exception as error:
        read = str(error)
    print(json.dumps({"told": told, "read": read}))
    """
)


def test_a_reader_waits_in_rounds_while_another_program_holds_the_file_alone(plan_in_read_only_folder: Path) -> None:
    from plan_holder import held

    with held(plan_in_read_only_folder, seconds=1.5):  # its WAL index in memory: a -wal file and no -shm
        reader = _program(WAITING_READER, str(plan_in_read_only_folder), "10000")
        seen = _read(reader)
    assert seen["read"] == ["Renamed by another program"]
    assert len(seen["told"]) >= 3 and seen["told"][-1] == "over"


def test_a_reader_kept_waiting_too_long_says_another_program_keeps_the_plan_busy(
    plan_in_read_only_folder: Path,
) -> None:
    from plan_holder import held

    with held(plan_in_read_only_folder):
        seen = _read(_program(WAITING_READER, str(plan_in_read_only_folder), "600"))
    assert seen["read"].endswith("cannot be used: another program kept the plan database busy for too long.")
    assert seen["told"] and seen["told"][-1] == "over"


# A writer program's commit of one generation: every inspection's title and action's text (each action on a page
# of its own, so that a read of them all reads many pages).
_COMMIT = textwrap.dedent(
    """
    def commit(generation):
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE inspection SET title = ?", (generation,))
        connection.execute("UPDATE action SET text = ? || printf('%2000s', '')", (generation,))
        connection.execute("COMMIT")
    """
)


# Keeps the plan open (its -wal and -shm beside it), one generation committed; on a line, commits the next
# generation (every inspection's title and action's text) and closes, saying whether its -wal was left.
STEPPING_WRITER = (
    textwrap.dedent(
        """
    import os, sqlite3, sys
    path = sys.argv[1]
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA wal_autocheckpoint = 1")
    """
    )
    + _COMMIT
    + textwrap.dedent(
        """
    commit("Generation 1")
    print("open", flush=True)
    sys.stdin.readline()
    commit("Generation 2")
    connection.close()
    print("closed", os.path.exists(path + "-wal"), flush=True)
    """
    )
)

# As nobody: in one snapshot, reads the titles; meanwhile another thread of the program opens a connection
# of its own and reads, or the program opens the file and closes it (either drops SQLite's own lock on it);
# then (the writer's next commit made and its file closed) the actions' texts.
TWO_THREAD_READER = textwrap.dedent(
    """
    import json, os, sys, threading
    from hmics_desktop.storage import database as opening
    from hmics_desktop.storage.models import database
    from hmics_desktop.storage.read_only_file import ReadInterrupted
    os.setgid(65534)
    os.setuid(65534)
    opening.open_database(sys.argv[1], check=False)
    def other_thread():
        with opening.own_connection():
            database.execute_sql("SELECT count(*) FROM action").fetchone()
    try:
        with database.snapshot():
            titles = [t for (t,) in database.execute_sql("SELECT title FROM inspection").fetchall()]
            if sys.argv[2] == "thread":
                job = threading.Thread(target=other_thread)
                job.start()
                job.join()
            else:
                open(sys.argv[1], "rb").close()
            print("read", flush=True)
            sys.stdin.readline()
            texts = sorted({t.strip() for (t,) in database.execute_sql("SELECT text FROM action").fetchall()})
        print(json.dumps({"titles": titles, "texts": texts}))
    except ReadInterrupted as error:
        print(json.dumps({"interrupted": str(error)}))
    """
)


@pytest.mark.parametrize("meanwhile", ["thread", "open"])
def test_a_read_stays_one_commit_while_the_program_opens_the_file_again(
    plan_in_read_only_folder: Path, meanwhile: str
) -> None:
    db_path = plan_in_read_only_folder
    writer = _program(STEPPING_WRITER, str(db_path), stdin=subprocess.PIPE)
    reader = _program(TWO_THREAD_READER, str(db_path), meanwhile, stdin=subprocess.PIPE)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "open"
        assert reader.stdout is not None and reader.stdout.readline().strip() == "read", reader.stderr
        writer.stdin.write("\n")  # type: ignore[union-attr]
        writer.stdin.flush()  # type: ignore[union-attr]
        closed = writer.stdout.readline().split()
        result = json.loads(reader.communicate("\n", timeout=120)[0])
    finally:
        for each in (writer, reader):
            each.kill()
            each.communicate(timeout=30)
    assert result == {"titles": ["Generation 1"], "texts": ["Generation 1"]}  # one commit, never part of two
    assert closed == ["closed", "True"]  # the reader held the file: the writer's -wal stayed beside it


# As nobody, in one snapshot: reads the titles, opens and closes the -shm file (which drops SQLite's own locks
# on it: they are the program's), says so, and waits for a line before reading the actions' texts.
PAUSED_READER = textwrap.dedent(
    """
    import json, os, sys
    from hmics_desktop.storage import database as opening
    from hmics_desktop.storage.models import database
    os.setgid(65534)
    os.setuid(65534)
    opening.open_database(sys.argv[1], check=False)
    with database.snapshot():
        titles = [t for (t,) in database.execute_sql("SELECT title FROM inspection").fetchall()]
        open(sys.argv[1] + "-shm", "rb").close()
        print("read", database.obj._read_as_immutable(), flush=True)
        sys.stdin.readline()
        texts = sorted({t.strip() for (t,) in database.execute_sql("SELECT text FROM action").fetchall()})
    print(json.dumps({"titles": titles, "texts": texts}))
    """
)

# Keeps the plan open (its -wal and -shm beside it), checkpoints by hand only; commits a generation, and on
# each line commits the next and tries to write the WAL back into the file, saying what it could do.
CHECKPOINTING_WRITER = (
    textwrap.dedent(
        """
    import sqlite3, sys
    connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0.3)
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    """
    )
    + _COMMIT
    + textwrap.dedent(
        """
    def committed(generation):
        commit(generation)
        busy, frames, written_back = connection.execute("PRAGMA wal_checkpoint").fetchone()
        return f"{generation} committed, {'not written back' if busy or written_back < frames else 'written back'}"
    print(committed("Generation 1"), flush=True)
    for generation in (2, 3):
        sys.stdin.readline()
        print(committed(f"Generation {generation}"), flush=True)
    """
    )
)


def test_a_read_through_a_writers_wal_holds_its_checkpoints_not_its_commits(plan_in_read_only_folder: Path) -> None:
    db_path = plan_in_read_only_folder
    writer = _program(CHECKPOINTING_WRITER, str(db_path), stdin=subprocess.PIPE)
    reader = None
    said = []
    try:
        assert writer.stdout is not None
        said.append(writer.stdout.readline().strip())
        reader = _program(PAUSED_READER, str(db_path), stdin=subprocess.PIPE)
        assert reader.stdout is not None and reader.stdout.readline().split() == ["read", "False"], reader.stderr
        for line in ("during", "after"):
            writer.stdin.write("\n")  # type: ignore[union-attr]
            writer.stdin.flush()  # type: ignore[union-attr]
            said.append(writer.stdout.readline().strip())
            if line == "during":
                result = json.loads(reader.communicate("\n", timeout=120)[0])
    finally:
        for each in (writer, reader):
            if each is not None:
                each.kill()
                each.communicate(timeout=30)
    assert said == [
        "Generation 1 committed, written back",
        "Generation 2 committed, not written back",  # the read keeps the file as it was, and commits go on
        "Generation 3 committed, written back",  # once the read is over
    ]
    assert result == {"titles": ["Generation 1"], "texts": ["Generation 1"]}


# As nobody: opens the plan (its folder cannot be written, so read-only), says so, and on a line reads the title
# in a snapshot, printing it or why it could not.
INDEX_READER = textwrap.dedent(
    """
    import os, sys
    from hmics_desktop.storage import database as opening
    from hmics_desktop.storage.models import database
    os.setgid(65534)
    os.setuid(65534)
    opening.open_database(sys.argv[1], check=False)
    print("opened", database.read_only, flush=True)
    sys.stdin.readline()
    try:
        with database.snapshot():
            print(database.execute_sql("SELECT title FROM inspection").fetchone()[0])
    except Exception as error:
        print(f"{type(error).__name__}: {error}")
    """
)


def test_a_reader_that_may_write_the_wal_index_rebuilds_a_spoiled_one_itself(plan_in_read_only_folder: Path) -> None:
    db_path = plan_in_read_only_folder
    db_path.chmod(0o666)  # anyone may write the file (not its folder): its -wal and -shm are made so too
    writer = _program(CHECKPOINTING_WRITER, str(db_path), stdin=subprocess.PIPE)
    reader = _program(INDEX_READER, str(db_path), stdin=subprocess.PIPE)
    try:
        assert writer.stdout is not None and writer.stdout.readline().startswith("Generation 1 committed")
        writer.stdin.write("\n")  # type: ignore[union-attr]
        writer.stdin.flush()  # type: ignore[union-attr]
        assert writer.stdout.readline().startswith("Generation 2 committed")
        assert reader.stdout is not None and reader.stdout.readline().split() == ["opened", "True"], reader.stderr
        writer.kill()  # stopped for good, its -wal and WAL index left beside the file
        writer.communicate(timeout=30)
        with open(f"{db_path}-shm", "r+b") as index:  # both copies of its header, as a writer stopped writing it
            index.write(b"\0" * 96)
        out, err = reader.communicate("\n", timeout=120)
    finally:
        for each in (writer, reader):
            each.kill()
            each.communicate(timeout=30)
    assert out.strip() == "Generation 2", err  # its own SQLite rebuilt the index: nothing of the program in the way
