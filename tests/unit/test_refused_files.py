"""Refused files: commands that read leave an empty file empty."""

from __future__ import annotations

from pathlib import Path

import pytest

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
