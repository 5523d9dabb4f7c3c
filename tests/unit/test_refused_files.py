"""Refused files.

Commands that read leave an empty file empty, an export never lands on the database itself,
and a copy that fails on a full disk takes back the files it made.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from database_rows import database_rows
from small_disk import small_file_system

from hmics_desktop.cli.main import main
from hmics_desktop.storage.database import close_database, open_database

READING = {
    "dump": [],
    "export": ["--inspection", "Crime Audit 2020", "--out", "{out}.xlsx"],
    "paper": ["--kind", "update", "--as-at", "2025-03-19", "--since", "2024-09-18", "--out", "{out}.docx"],
}


@pytest.mark.parametrize("command", sorted(READING))
def test_a_reading_command_refuses_an_empty_file_and_leaves_it_empty(tmp_path: Path, command: str, capsys) -> None:
    empty = tmp_path / "plans.sqlite"
    empty.touch()
    args = [part.format(out=tmp_path / "out") for part in READING[command]]
    assert main([command, "--db", str(empty), *args]) == 2
    err = capsys.readouterr().err
    assert err == f"hmics-desktop {command}: {empty} is empty: it is not a plan database.\n"
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans.sqlite"]


def test_export_refuses_to_write_over_the_database_itself(tmp_path: Path, capsys) -> None:
    db_path = tmp_path / "plans.xlsx"  # a database file that happens to be named .xlsx
    assert main(["example", "--db", str(db_path)]) == 0
    (tmp_path / "here").mkdir()
    before = database_rows(db_path)
    capsys.readouterr()
    for out in (db_path, tmp_path / "here" / ".." / "plans.xlsx"):
        assert main(["export", "--db", str(db_path), "--inspection", "Crime Audit 2020", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "is the plan database itself" in err and "Traceback" not in err
        assert database_rows(db_path) == before


def test_a_paper_refuses_to_write_over_the_database_itself(tmp_path: Path, capsys) -> None:
    db_path = tmp_path / "plans.docx"
    assert main(["example", "--db", str(db_path)]) == 0
    before = database_rows(db_path)
    args = ["--kind", "update", "--as-at", "2025-03-19", "--since", "2024-09-18", "--out", str(db_path)]
    assert main(["paper", "--db", str(db_path), *args]) == 2
    assert "is the plan database itself" in capsys.readouterr().err
    assert database_rows(db_path) == before


@pytest.fixture
def full_disk() -> Iterator[Path]:
    """A real, small file system (tmpfs), to be filled almost to the brim."""
    with small_file_system("1m", "hmics-full-disk-") as folder:
        yield folder


def _leave_free(disk: Path, room: int) -> None:
    free = shutil.disk_usage(disk).free
    (disk / "filler").write_bytes(b"\0" * max(free - room, 0))


@pytest.mark.logs_error("the copy command failed")
@pytest.mark.parametrize("room", [8 * 1024, 64 * 1024, 160 * 1024])
def test_a_copy_that_fails_on_a_full_disk_removes_what_it_made(
    full_disk: Path, tmp_path: Path, room: int, capsys
) -> None:
    source = tmp_path / "plans.sqlite"
    assert main(["example", "--db", str(source)]) == 0
    assert main(["import", str(Path(__file__).parents[1] / "data" / "crime_audit_2020_appendix_b.xlsx"),
                 "--db", str(source), "--inspection", "Second"]) == 0  # fmt: skip
    _leave_free(full_disk, room)
    capsys.readouterr()
    target = full_disk / "copy.sqlite"
    assert main(["copy", "--from", str(source), "--to", str(target)]) == 2
    err = capsys.readouterr().err
    assert "full" in err and "Traceback" not in err and err.count("\n") == 1
    assert sorted(os.listdir(full_disk)) == ["filler"]


def test_a_failed_copy_leaves_a_database_that_was_there(full_disk: Path, tmp_path: Path, capsys) -> None:
    source = tmp_path / "plans.sqlite"
    assert main(["example", "--db", str(source)]) == 0
    target = full_disk / "copy.sqlite"
    open_database(target)
    close_database()
    before = target.read_bytes()
    _leave_free(full_disk, 8 * 1024)
    assert main(["copy", "--from", str(source), "--to", str(target)]) == 2
    assert "full" in capsys.readouterr().err
    assert target.read_bytes() == before
