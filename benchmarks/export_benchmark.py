"""Export a generated 5,000-action plan in the template layout; bare openpyxl is the yardstick.

Run: ``python benchmarks/export_benchmark.py``. The yardstick writes the same cell values
with bare openpyxl (no merging, styles or rich text) in the same run. Ends with
``export: 5000 actions in X s; bare openpyxl Y s; ratio X/Y``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generated_plans import generated_plan

from hmics_desktop.domain.links import links_line
from hmics_desktop.services.exporting import ExportRequest, export_plans
from hmics_desktop.services.plans import write_plans
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.plan_reader import read_plans

ACTIONS = 5000
RUNS = 3


def bare_openpyxl(target: Path) -> float:
    """The same cell values, written with no styles, merging or rich text."""
    start = time.perf_counter()
    plan = read_plans(["Generated 2025"], date(2025, 3, 1))["Generated 2025"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Progress Update as at 1st March 2025"])
    sheet.append(["Recommendation", "Action to be taken", "Latest progress update", "Next Steps"])
    for rec in plan.recommendations:
        for index, action in enumerate(rec.actions):
            heading = f"Recommendation {rec.number}\n{rec.text}" if index == 0 else None
            action_text = f"{action.number} {action.text}\n{links_line(action.links)}"
            sheet.append([heading, action_text, action.progress, action.next_steps])
    workbook.save(target)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        open_database(folder / "bench.sqlite")
        write_plans([generated_plan(ACTIONS)])
        exports, bare = [], []
        for run in range(RUNS):
            target = folder / f"export-{run}.xlsx"
            start = time.perf_counter()
            export_plans(ExportRequest(["Generated 2025"], target, as_at=date(2025, 3, 1)))
            exports.append(time.perf_counter() - start)
            bare.append(bare_openpyxl(folder / f"bare-{run}.xlsx"))
        close_database()
        size = (folder / "export-0.xlsx").stat().st_size / 1e6
        print(f"template export {size:.1f} MB; best of {RUNS}: export {min(exports):.2f} s, bare {min(bare):.2f} s")
        print(f"export: {ACTIONS} actions in {min(exports):.2f} s; bare openpyxl {min(bare):.2f} s; "
              f"ratio {min(exports) / min(bare):.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
