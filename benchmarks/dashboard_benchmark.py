"""The dashboard at scale: 100 inspections, 5,000 recommendations, 50,000 actions, ten years of history.

Run: ``python benchmarks/dashboard_benchmark.py [--db PATH]`` (the database is generated once into
PATH when given, as ``history_benchmark`` makes it: the board benchmark's plans, every row with a
history between 2015 and 2025; each recommendation is then given a theme and a grading). Measures,
with the real widgets offscreen at 1366×768:

- the first draw: the Dashboard tab's figures read (the plan at the end of each of some forty
  quarters, walked through the history once) and its four charts painted;
- a filter change (inspection, theme, grading, owner): the charts worked out again from the
  figures read and painted, median of several;
- the trend by month (some 130 months walked);
- for comparison, the plan as at one day (``storage.history.as_of``) and the update paper's counts
  at every quarter's end read the slow way (``as_of`` day by day), and the peak memory.

Ends with ``dashboard: first draw X s; filter change Y ms; by month Z s; …``, each with the processor
time it took (on a shared machine the wall-clock time also counts the waits for a processor) and the
load average. Goals: first draw under 1 s, a filter change under 200 ms.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from board_benchmark import generate
from history_benchmark import write_history

THEMES = ("Governance", "Guidelines", "Compliance", "Resources", "Human Error", "Better Practice")


def classify(path: Path) -> None:
    """A theme and a grading for each recommendation (as they stand now: no history needed)."""
    with closing(sqlite3.connect(path)) as db, db:
        db.executemany(
            "UPDATE recommendation SET theme = ?, grading = ? WHERE id = ?",
            [(THEMES[r % 6] if r % 7 else None, ("high", "medium", "low", None)[r % 4], r) for r in range(1, 5001)],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="where to keep the generated database (default: a temporary file)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    path = args.db or folder / "dashboard.sqlite"
    if not path.exists():
        started = time.perf_counter()
        generate(path)
        write_history(path)
        classify(path)
        print(f"generated {path} in {time.perf_counter() - started:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")

    from PySide6.QtWidgets import QApplication

    from hmics_desktop.services.dashboard import load_figures
    from hmics_desktop.services.papers.as_at import inspections_in
    from hmics_desktop.storage import history
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.models import database
    from hmics_desktop.ui.dashboard.dashboard_view import DashboardView

    app = QApplication(sys.argv[:1])
    open_database(path, check=False)
    view = DashboardView()
    view.resize(1366, 720)
    view.show()
    app.processEvents()
    started, cpu = time.perf_counter(), time.process_time()
    view.refresh()
    app.processEvents()
    view.grab()  # painted
    first_draw, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    figures = view.figures["quarter"]
    print(f"{len(figures.periods)} quarters from {figures.periods[0].label}; "
          f"{len(figures.counted[-1]):,} recommendations counted today")  # fmt: skip

    changes = [(view.theme, 2), (view.grading, 1), (view.owner, 3), (view.inspection, 5), (view.theme, 0),
               (view.grading, 0), (view.owner, 0), (view.inspection, 0)]  # fmt: skip
    samples, cpus = [], []
    for combo, index in changes:
        started, cpu = time.perf_counter(), time.process_time()
        combo.setCurrentIndex(index)
        app.processEvents()
        view.grab()
        samples.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    filter_change, filter_cpu = statistics.median(samples), statistics.median(cpus)

    started = time.perf_counter()
    view.months.setChecked(True)
    app.processEvents()
    view.grab()
    by_month = time.perf_counter() - started

    started = time.perf_counter()
    load_figures()
    figures_only = time.perf_counter() - started
    with database.snapshot():
        started = time.perf_counter()
        one = history.as_of(database.sql(), figures.day, tables=("inspection", "recommendation", "action",
                                                                  "target_revision"))  # fmt: skip
        one_day = time.perf_counter() - started
        started = time.perf_counter()
        slow = [
            sum((i.counts() for i in inspections_in(s, sorted(s.rows["inspection"]))), start=_zero())
            for s in (history.as_of(database.sql(), p.end, tables=one.rows.keys()) for p in figures.periods)
        ]
        day_by_day = time.perf_counter() - started
    walked = [sum(1 for _c in counted) for counted in figures.counted]
    assert [c.total for c in slow] == walked, "the walk and as_of day by day disagree"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"figures alone {figures_only:.2f} s; one day's plan (as_of) {one_day:.2f} s; the quarters read one "
          f"by one with as_of {day_by_day:.2f} s (the same counts)")  # fmt: skip
    print(f"dashboard: first draw {first_draw:.2f} s ({first_cpu:.2f} s of processor); filter change "
          f"{filter_change * 1000:.0f} ms ({filter_cpu * 1000:.0f} ms); by month {by_month:.2f} s; "
          f"peak RSS {peak:.0f} MB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors")  # fmt: skip
    view.close()
    view.deleteLater()
    app.processEvents()
    close_database()


def _zero():  # type: ignore[no-untyped-def]
    from hmics_desktop.domain.status import CommitteeCounts

    return CommitteeCounts()


if __name__ == "__main__":
    main()
