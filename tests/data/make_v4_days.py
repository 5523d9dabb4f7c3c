"""Write ``v4_days.sqlite``: a database of the version before the rows' history (schema 4), made by that version.

Run from anywhere: ``python tests/data/make_v4_days.py``. The commit before the migration that
writes the history (0005) is checked out in a temporary ``git worktree`` and its own code makes
the database, each change on its own day (its clock set), as its users would have:

- 1 March 2024: the example plan (Crime Audit 2020) loaded;
- 2 April 2024: Recommendation 3 deleted, and action 6.2;
- 6 May 2024: both restored (Edit ▸ Deleted items);
- 3 June 2024: action 4.1 moved under Recommendation 5 (it becomes 5.6);
- 1 July 2024: action 6.5 deleted (and never restored).

The audit trail is all that version kept of these; the migration must read them back.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
OUT = HERE / "v4_days.sqlite"

SCRIPT = r"""
import sys
from contextlib import contextmanager
from datetime import datetime

from hmics_desktop.domain import clock
from hmics_desktop.services.editing import EditHistory
from hmics_desktop.services.item_edits import delete_items, move_action, restore_items
from hmics_desktop.services.plans import load_example_plan
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import Action, Recommendation


def on(year, month, day):
    return clock.set_clock(lambda: datetime(year, month, day, 10, 0))


def rec(number):
    return Recommendation.get(Recommendation.number == number)


def action(number):
    rec_number, position = (int(part) for part in number.split("."))
    return Action.get((Action.recommendation == rec(rec_number)) & (Action.position == position))


open_database(sys.argv[1])
history = EditHistory()
with on(2024, 3, 1):
    load_example_plan()
three, six_two = rec(3).id, action("6.2").id
with on(2024, 4, 2):
    history.do(delete_items("recommendation", [three]))
    history.do(delete_items("action", [six_two]))
with on(2024, 5, 6):
    history.do(restore_items("recommendation", [three]))
    history.do(restore_items("action", [six_two]))
with on(2024, 6, 3):
    history.do(move_action(action("4.1").id, rec(5).id))
with on(2024, 7, 1):
    history.do(delete_items("action", [action("6.5").id]))
close_database()
"""


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPOSITORY), *args], check=True, capture_output=True, text=True,
                          timeout=120).stdout.strip()  # fmt: skip


def main() -> None:
    added = _git("log", "-1", "--format=%H", "--diff-filter=A", "--", "db/migrations/0005_row_history.sql")
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "v4"
        _git("worktree", "add", "--detach", str(tree), f"{added}^")
        try:
            target = Path(folder) / "v4_days.sqlite"
            environment = {**os.environ, "PYTHONPATH": str(tree)}
            subprocess.run([sys.executable, "-c", SCRIPT, str(target)], check=True, cwd=tree, env=environment,
                           timeout=600)  # fmt: skip
            OUT.write_bytes(target.read_bytes())
        finally:
            _git("worktree", "remove", "--force", str(tree))
    print(f"Wrote {OUT}.")


if __name__ == "__main__":
    main()
