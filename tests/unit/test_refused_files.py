"""Refused files.

Commands that read leave an empty file empty, and an export never lands on the database itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from database_rows import database_rows

from hmics_desktop.cli.main import main

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
