"""Update requests at scale: 200 owners over the 50,000-action database, and the import of their 200 returns.

Run: ``python benchmarks/requests_benchmark.py [--db PATH]`` (the board benchmark's database,
generated there once and reused; each run works on a copy, its actions shared out among 200
owners). Measures, each in a process of its own (so that each peak is its own): writing every
owner's request (workbook and email draft); then, once every return has been filled in with
openpyxl as owners fill them (every row an update, every other row new next steps, one row in
ten a revised target asked for; not timed), reading, weighing and recording the 200 returns
as one step. Ends with
``requests: 200 owners, N rows: write X s (peak RSS M MB); returns: 200 (U updates): X s (peak RSS M MB)``
(the line before it gives the processor time each took: on a busy machine the elapsed times grow with the load).
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from contextlib import closing
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

OWNERS = 200
SENT_ON = date(2025, 3, 14)
DUE = date(2025, 3, 28)
IMPORTED = date(2025, 3, 21)


def _on(day: date):
    from hmics_desktop.domain import clock

    return clock.set_clock(lambda: datetime.combine(day, clock_time(10)))


def _peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_requests(db: Path, folder: Path, results) -> None:
    from hmics_desktop.services.requests import RequestOptions, send_requests
    from hmics_desktop.storage.database import open_database

    open_database(db, check=False)
    started, cpu = time.perf_counter(), time.process_time()
    with _on(SENT_ON):
        sent = send_requests(RequestOptions(folder, DUE))
    took = time.perf_counter() - started
    results.put(("write", took, time.process_time() - cpu, _peak(), len(sent.sent), sum(s.rows for s in sent.sent)))


def fill_returns(folder: Path, returns: Path) -> None:
    """Every workbook filled in as its owner would (openpyxl), saved on 20 March 2025."""
    import openpyxl
    from request_owners import set_saved

    from hmics_desktop.excel.request_workbook import HEADER_ROW, NEXT_STEPS, REASON, SHEET, TARGET, UPDATE

    for index, workbook in enumerate(sorted(folder.glob("*.xlsx"))):
        book = openpyxl.load_workbook(workbook)
        sheet = book[SHEET]
        for row in range(HEADER_ROW + 1, sheet.max_row + 1):
            sheet.cell(row=row, column=UPDATE).value = f"Update {index}.{row}: meetings held; audit results reported."
            if row % 2:
                sheet.cell(row=row, column=NEXT_STEPS).value = f"(i) Report to the group in April ({row})"
            if row % 10 == 0:
                sheet.cell(row=row, column=TARGET).value = "Dec 2025"
                sheet.cell(row=row, column=REASON).value = "Staff moved to the new unit"
        target = returns / workbook.name
        book.save(target)
        set_saved(target, datetime(2025, 3, 20, 9, 30))


def import_returns(db: Path, returns: Path, results) -> None:
    from hmics_desktop.services.returns import commit_returns, preview_returns
    from hmics_desktop.storage.database import open_database

    open_database(db, check=False)
    paths = sorted(returns.glob("*.xlsx"))
    with _on(IMPORTED):
        started, cpu = time.perf_counter(), time.process_time()
        preview = preview_returns(paths)
        previewed = time.perf_counter() - started
        step, summary = commit_returns(preview)
        total = time.perf_counter() - started
    cpu = time.process_time() - cpu
    results.put(("import", total, cpu, _peak(), previewed, summary.returns, summary.progress, len(step.changes)))


def in_child(work, *args) -> tuple:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(target=work, args=(*args, results))
    child.start()
    found = results.get(timeout=3600)
    child.join(timeout=60)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the board benchmark's database (generated there when absent)")
    args = parser.parse_args()
    from board_benchmark import generate

    work = Path(tempfile.mkdtemp())
    source = args.db or work / "board.sqlite"
    if not source.exists():
        generate(source)
    db = work / "requests.sqlite"
    shutil.copyfile(source, db)
    from hmics_desktop.storage.database import close_database, open_database

    open_database(db)  # brought up to this version's tables first (not timed)
    close_database()
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute(f"UPDATE action SET owner = 'Owner ' || ((id - 1) % {OWNERS} + 1)")
    folder, returns = work / "sent", work / "returns"
    folder.mkdir()
    returns.mkdir()
    _, wrote, write_cpu, write_peak, owners, rows = in_child(write_requests, db, folder)
    fill_returns(folder, returns)
    _, imported, import_cpu, import_peak, previewed, recorded, updates, changes = in_child(import_returns, db, returns)
    print(f"  read and weighed the returns in {previewed:.2f} s; recorded {recorded} returns, {changes:,} row changes; "
          f"processor time: write {write_cpu:.2f} s, import {import_cpu:.2f} s")  # fmt: skip
    print(f"requests: {owners} owners, {rows:,} rows: write {wrote:.2f} s (peak RSS {write_peak:.0f} MB); "
          f"returns: {recorded} ({updates:,} updates): {imported:.2f} s (peak RSS {import_peak:.0f} MB)")  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
