"""Import a generated 5,000-action plan (.xlsx and .xls); openpyxl's own load is the yardstick.

Run: ``python benchmarks/import_benchmark.py``. Prints the timings and ends with
``import: 5000 actions in X s; openpyxl load Y s; ratio X/Y`` for the .xlsx.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from generated_plans import generated_plan
from workbooks import write_xls, write_xlsx

from hmics_desktop.domain.links import links_line
from hmics_desktop.excel.workbook_parser import parse_workbook
from hmics_desktop.services.importing import import_file
from hmics_desktop.storage.database import close_database, open_database

ACTIONS = 5000
RUNS = 3


def template_rows() -> tuple[list[list[object]], list[str]]:
    """The plan as the Word table pasted into Excel: recommendation cells merged down."""
    plan = generated_plan(ACTIONS)
    rows: list[list[object]] = [
        ["APPENDIX B - Progress Update as at 1st March 2025"],
        ["Recommendation", "Action to be taken", "Latest progress update", "Next Steps"],
    ]
    merged = []
    for rec in plan.recommendations:
        first = len(rows) + 1
        for index, action in enumerate(rec.actions):
            heading = f"Recommendation {rec.number}\n{rec.text}" if index == 0 else None
            action_cell = f"{action.number} {action.text}\n{links_line(action.links)}"
            rows.append([heading, action_cell, action.progress, action.next_steps])
        merged.append(f"A{first}:A{len(rows)}")
    return rows, merged


def tracker_rows() -> list[list[object]]:
    plan = generated_plan(ACTIONS)
    rows: list[list[object]] = [["Rec No", "Recommendation", "Action No", "Action", "Owner", "Target date", "Status",
                                 "Latest progress update", "Next steps"]]  # fmt: skip
    for rec in plan.recommendations:
        for action in rec.actions:
            rows.append([rec.number, rec.text, action.number, action.text, action.owner, "Sept 2025", "In progress",
                         action.progress, action.next_steps])  # fmt: skip
    return rows


def best(seconds: list[float]) -> float:
    return min(seconds)


def time_import(path: Path, folder: Path) -> tuple[float, float]:
    """Seconds for a whole import into a fresh database, and for the parse alone."""
    totals, parses = [], []
    for run in range(RUNS):
        db = folder / f"bench-{path.suffix[1:]}-{run}.sqlite"
        open_database(db)
        start = time.perf_counter()
        import_file(path)
        totals.append(time.perf_counter() - start)
        close_database()
        start = time.perf_counter()
        parse_workbook(path)
        parses.append(time.perf_counter() - start)
    return best(totals), best(parses)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows, merged = template_rows()
        xlsx = write_xlsx(folder / "plan.xlsx", {"Generated 2025": rows}, {"Generated 2025": merged})
        xls = write_xls(folder / "plan.xls", {"Generated 2025": tracker_rows()})
        print(
            f"files: {xlsx.stat().st_size / 1e6:.1f} MB .xlsx (template layout), {xls.stat().st_size / 1e6:.1f} MB .xls"
        )

        openpyxl_load = []
        for _ in range(RUNS):
            start = time.perf_counter()
            openpyxl.load_workbook(xlsx)
            openpyxl_load.append(time.perf_counter() - start)
        yardstick = best(openpyxl_load)

        xls_total, xls_parse = time_import(xls, folder)
        print(f".xls : import {xls_total:.2f} s (reading and parsing {xls_parse:.2f} s)")
        xlsx_total, xlsx_parse = time_import(xlsx, folder)
        print(f".xlsx: import {xlsx_total:.2f} s (reading and parsing {xlsx_parse:.2f} s)")
        print(f"(best of {RUNS}; median openpyxl load {statistics.median(openpyxl_load):.2f} s)")
        print(f"import: {ACTIONS} actions in {xlsx_total:.2f} s; openpyxl load {yardstick:.2f} s; "
              f"ratio {xlsx_total / yardstick:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
