"""Undo and redo of a 5,000-action import: the step is replayed row by row from its journal.

Run: ``python benchmarks/undo_benchmark.py``. Prints the import, its undo and its redo, and ends
with ``undo: 5000-action import undone in X s, redone in Y s; import Z s; undo/import ratio R``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generated_plans import generated_plan

from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.plans import import_plans
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import Action

ACTIONS = 5000


def main() -> None:
    plan = generated_plan(ACTIONS)
    with tempfile.TemporaryDirectory() as folder:
        open_database(Path(folder) / "plans.sqlite")
        history = EditHistory()
        started = time.perf_counter()
        step, _summary = import_plans([plan])
        imported = time.perf_counter() - started
        history.record(step)
        print(f"import: {len(step.changes)} rows journalled in {imported:.2f} s")
        started = time.perf_counter()
        history.undo()
        undone = time.perf_counter() - started
        assert Action.select().count() == 0
        started = time.perf_counter()
        history.redo()
        redone = time.perf_counter() - started
        assert Action.select().count() == ACTIONS
        close_database()
    print(
        f"undo: {ACTIONS}-action import undone in {undone:.2f} s, redone in {redone:.2f} s; "
        f"import {imported:.2f} s; undo/import ratio {undone / imported:.2f}"
    )


if __name__ == "__main__":
    main()
