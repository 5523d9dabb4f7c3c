"""The plan as it stood, at scale: 50,000 actions and 500,000 updates with ten years of history behind them.

Run: ``python benchmarks/history_benchmark.py [--db PATH]`` (the database is generated once into
PATH when given, so later runs reuse it). The plans of ``board_benchmark`` are written with a
history: every row made on a day between 2015 and 2024, about a third of the recommendations
and actions changed later (owner, status, position, next steps, closures with their dates), and
each row's history ending in the values the row holds, so that the history folds back to the
tables. Measures, each the median of three:

- the plan as at a day (``storage.history.as_of``, every table, each action's latest progress as
  the board and the papers read it) for a day in 2017, 2020 and 2024 and for today (goal: under
  1 s, so that the board can offer "as at" live);
- the same as known on that day (both clocks);
- the HMICS Improvement Update over all 100 inspections as at those days;
- the board as at a day (its rows built from the plan as it stood).

Ends with ``history: as at X s (worst); update paper Y s; board as at Z s``.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from board_benchmark import generate

DAYS = (date(2017, 6, 30), date(2020, 12, 31), date(2024, 9, 18))
START = date(2015, 1, 1)


def _day(rng: random.Random, after: date, before: date = date(2025, 12, 31)) -> date:
    span = max((before - after).days, 1)
    return after + timedelta(days=rng.randint(0, span))


def write_history(path: Path) -> None:
    """Give every row of the generated plans a history that ends in the row as it stands."""
    rng = random.Random(11)
    with closing(sqlite3.connect(path)) as db, db:
        entries: list[tuple] = []

        def add(step: int, day: date, table: str, row_id: int, kind: str, new: dict) -> None:
            entries.append((step, f"{day.isoformat()} 10:00:00", day.isoformat(), table, row_id, kind, json.dumps(new)))

        made: dict[tuple[str, int], date] = {}
        for table in ("inspection", "recommendation", "action", "action_link", "progress_update",
                      "target_revision", "evidence_submission"):  # fmt: skip
            cursor = db.execute(f'SELECT * FROM "{table}"')
            names = [c[0] for c in cursor.description]
            for values in cursor:
                row = {n: v for n, v in zip(names, values, strict=True) if n not in ("version", "latest_progress_id")}
                parent = {"recommendation": ("inspection", "inspection_id"), "action": ("recommendation",
                          "recommendation_id"), "progress_update": ("action", "action_id")}.get(table)  # fmt: skip
                after = made.get((parent[0], row[parent[1]]), START) if parent else START
                if table == "progress_update":
                    day = max(date.fromisoformat(row["as_at"][:10]), after)
                else:
                    day = (
                        _day(rng, after, date(2024, 12, 31))
                        if table != "inspection"
                        else _day(rng, START, date(2020, 1, 1))
                    )
                made[(table, row["id"])] = day
                changing = {"recommendation": ["owner", "status", "position", "text"],
                            "action": ["owner", "status", "next_steps", "text"]}.get(table, [])  # fmt: skip
                if changing and rng.random() < 0.35:
                    name = rng.choice(changing)
                    first = dict(row, **{name: f"earlier {name}" if name != "status" else None})
                    if table == "recommendation" and name == "status":
                        first["status"] = "open"
                    add(len(entries) + 1, day, table, row["id"], "create", first)
                    add(len(entries) + 1, _day(rng, day), table, row["id"], "update", {name: row[name]})
                else:
                    add(len(entries) + 1, day, table, row["id"], "create", row)
        db.executemany(
            'INSERT INTO "row_history" (step, recorded_at, effective_on, tbl, row_id, kind, new) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            entries,
        )
    print(f"wrote {len(entries):,} history entries")


def median(work, repeats: int = 3) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="where to keep the generated database (default: a temporary file)")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "history.sqlite"
    if not path.exists():
        started = time.perf_counter()
        generate(path)
        write_history(path)
        print(f"generated {path} in {time.perf_counter() - started:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")

    from hmics_desktop.services.board_rows import load_board
    from hmics_desktop.services.papers.files import build_paper
    from hmics_desktop.services.papers.spec import PaperKind, PaperSpec
    from hmics_desktop.storage import history
    from hmics_desktop.storage.database import open_database
    from hmics_desktop.storage.models import Inspection, database

    open_database(path, check=False)
    ids = [i.id for i in Inspection.select(Inspection.id)]
    worst = {"as at": 0.0, "paper": 0.0, "board": 0.0}
    for day in (*DAYS, None):
        label = day.isoformat() if day else "today"
        as_at = median(lambda d=day: history.as_of(database.sql(), d, latest_progress=True))
        known = median(lambda d=day: history.as_of(database.sql(), d, d, latest_progress=True)) if day else as_at
        spec = PaperSpec(kind=PaperKind.UPDATE, meeting_on=day or date.today(), as_at=day or date.today())
        spec.inspection_ids = ids
        paper = median(lambda s=spec: build_paper(s), repeats=1)
        board = median(lambda d=day: load_board(as_at=d), repeats=1)
        worst = {"as at": max(worst["as at"], as_at), "paper": max(worst["paper"], paper),
                 "board": max(worst["board"], board)}  # fmt: skip
        print(f"{label}: as at {as_at:.2f} s, as known then {known:.2f} s, update paper {paper:.2f} s, "
              f"board as at {board:.2f} s")  # fmt: skip
    print(f"history: as at {worst['as at']:.2f} s (worst); update paper {worst['paper']:.2f} s; "
          f"board as at {worst['board']:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
