"""An import killed half-way leaves the database exactly as it was (one transaction)."""

import subprocess
import sys
import textwrap
from pathlib import Path

from database_rows import database_rows
from plan_fixture import LEGACY_WORKBOOK

from hmics_desktop.cli.main import main

KILLER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from hmics_desktop.storage import plan_writer
    from hmics_desktop.cli.main import main

    calls = []
    original = plan_writer.PlanWriter._action

    def dying(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 10:  # half-way through the plan's 21 actions: the process is killed
            os._exit(9)
        return original(self, *args, **kwargs)

    plan_writer.PlanWriter._action = dying
    main(["import", sys.argv[1], "--db", sys.argv[2], "--inspection", "Crime Audit 2020"])
    """
)


def test_killed_half_way_changes_nothing(tmp_path: Path, capsys) -> None:
    db_path = tmp_path / "plans.sqlite"
    assert main(["example", "--db", str(db_path)]) == 0  # something saved before, that must survive
    before = database_rows(db_path)
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    result = subprocess.run(
        [sys.executable, str(script), str(LEGACY_WORKBOOK), str(db_path)], capture_output=True, timeout=120
    )
    assert result.returncode == 9
    assert database_rows(db_path) == before
