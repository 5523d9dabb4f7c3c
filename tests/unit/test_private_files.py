"""What the application makes is private to the user: 0600 files, 0700 folders (a shared PC has other users)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from plan_fixture import LEGACY_WORKBOOK

from hmics_desktop.cli.main import main
from hmics_desktop.storage import backups

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps a folder's permissions instead")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_plan_its_backups_exports_and_papers_are_the_users_alone(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(os, "umask", os.umask)  # whatever the umask, as on a shared PC's default of 022
    before = os.umask(0o022)
    try:
        db_path = tmp_path / "plans.sqlite"
        assert main(["example", "--db", str(db_path)]) == 0
        assert _mode(db_path) == 0o600
        workbook, paper = tmp_path / "plan.xlsx", tmp_path / "paper.docx"
        assert main(["export", "--db", str(db_path), "--inspection", "Crime Audit 2020", "--out", str(workbook)]) == 0
        dates = ["--as-at", "2024-09-18", "--since", "2024-06-12"]
        assert main(["paper", "--db", str(db_path), "--kind", "update", *dates, "--out", str(paper)]) == 0
        assert (_mode(workbook), _mode(paper)) == (0o600, 0o600)
        assert main(["import", str(LEGACY_WORKBOOK), "--db", str(db_path)]) == 0  # backed up first
        made = backups.list_backups(db_path)
        assert made and all(_mode(b.path) == 0o600 for b in made) and _mode(made[0].path.parent) == 0o700
        workbook.chmod(0o644)  # a file the user shared on purpose keeps its permissions when written again
        assert main(["export", "--db", str(db_path), "--inspection", "Crime Audit 2020", "--out", str(workbook)]) == 0
        assert _mode(workbook) == 0o644
    finally:
        os.umask(before)
