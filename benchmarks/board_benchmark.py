"""The board at scale: 100 inspections, 5,000 recommendations, 50,000 actions, 500,000 updates.

Run: ``python benchmarks/board_benchmark.py [--db PATH|URL] [--latency MS]`` (the database is
generated once, into PATH when given, so that later runs reuse it; for a ``postgresql://`` URL
it is generated as a file and copied to the server, once, while the server database is empty).
``--latency MS`` measures a server twice, each in a fresh process: as it is, then through a
link of MS milliseconds' round trip (``latency_proxy.py``), and prints the link's figures
beside the goals (first screen < 1.5 s, keystroke < 100 ms) and as ratios to the local ones;
without ``--db`` it starts a throwaway server for the run (``server_link.py``). Measures, with the real widgets
offscreen: the first screen from opening the database; a keystroke in the search box;
changing a filter; sorting by a column; the peak memory. Ends with
``board: first screen X s; keystroke Y ms; filter Z ms; sort W ms; peak RSS M MB``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from hmics_desktop.storage.locations import display_location, is_url, parse_location

INSPECTIONS, RECOMMENDATIONS, ACTIONS, UPDATES = 100, 5_000, 50_000, 500_000
OWNERS = ["FMOR", "COS", "LTD", "C3", "Crime Registrars", "Public Protection", "Custody", "ACC Crime", "DCC"]
STATUSES = ["not_started", "in_progress", "in_progress", "complete", None]


def generate(path: Path) -> None:
    from hmics_desktop.storage.database import close_database, open_database

    open_database(path)
    close_database()
    rng = random.Random(7)
    now = datetime(2025, 1, 1).isoformat(sep=" ")
    with closing(sqlite3.connect(path)) as db, db:
        db.executemany(
            "INSERT INTO inspection (id, title, inspectorate, version, created_at) VALUES (?, ?, 'HMICS', 1, ?)",
            [(i, f"Inspection {i:03d} – thematic review {2015 + i % 10}", now) for i in range(1, INSPECTIONS + 1)],
        )
        per_inspection = RECOMMENDATIONS // INSPECTIONS
        db.executemany(
            "INSERT INTO recommendation (id, inspection_id, kind, number, text, owner, initial_target, status, "
            "version) VALUES (?, ?, 'recommendation', ?, ?, ?, ?, ?, 1)",
            [
                (r, (r - 1) // per_inspection + 1, (r - 1) % per_inspection + 1,
                 f"Police Scotland should review approach {r} to crime recording and audit compliance.",
                 rng.choice(OWNERS), f"{rng.randint(2021, 2027)}-{rng.randint(1, 12):02d}",
                 rng.choice(["open", "open", "closed", "evidence_submitted"]))
                for r in range(1, RECOMMENDATIONS + 1)
            ],
        )  # fmt: skip
        per_rec = ACTIONS // RECOMMENDATIONS
        db.executemany(
            "INSERT INTO action (id, recommendation_id, position, text, owner, target, status, next_steps, version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
            [
                (a, (a - 1) // per_rec + 1, (a - 1) % per_rec + 1,
                 f"Develop and deliver improvement {a}: training, guidance and quality assurance for divisions.",
                 rng.choice(OWNERS), f"{rng.randint(2022, 2027)}-{rng.randint(1, 12):02d}", rng.choice(STATUSES),
                 "(i) Report to the tactical group\n(ii) Agree the next audit")
                for a in range(1, ACTIONS + 1)
            ],
        )  # fmt: skip
        start = date(2021, 1, 1)
        db.executemany(
            "INSERT INTO progress_update (action_id, as_at, text, created_at) VALUES (?, ?, ?, ?)",
            (
                ((u % ACTIONS) + 1, (start + timedelta(days=u // ACTIONS * 60 + rng.randint(0, 50))).isoformat(),
                 f"Progress {u}: meetings held with divisional commanders; audit results reported.", now)
                for u in range(UPDATES)
            ),
        )  # fmt: skip
        db.executemany(
            "INSERT INTO evidence_submission (recommendation_id, sent_on, description, proposes_closure) "
            "VALUES (?, '2024-05', 'Evidence proposing closure', 1)",
            [(r,) for r in range(1, RECOMMENDATIONS + 1, 9)],
        )


def timed(callback, app, repeats: int = 5) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        callback()
        app.processEvents()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def on_server(url: str, folder: str) -> None:
    """Generate the plans into an empty server database (through a file and a copy), once."""
    from hmics_desktop.storage.copying import CopyRefused, copy_database

    source = Path(folder) / "board.sqlite"
    generate(source)
    started = time.perf_counter()
    try:
        copy_database(source, url)
        print(f"copied the generated plans to {display_location(url)} in {time.perf_counter() - started:.1f} s")
    except CopyRefused as error:
        print(f"using the plans already on the server ({error})")


def in_child_process(work: Callable[..., None], *args: object) -> None:
    child = multiprocessing.get_context("spawn").Process(target=work, args=args)
    child.start()
    child.join()
    if child.exitcode != 0:
        sys.exit(f"{work.__name__} failed (exit {child.exitcode})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", type=parse_location, help="where to keep the generated database (default: a temporary file)"
    )
    parser.add_argument("--latency", type=float, metavar="MS", help="measure a server as it is and over a slow link")
    args = parser.parse_args()
    if args.latency is not None and (args.db is None or is_url(args.db)):
        from server_link import server_database

        with server_database(str(args.db) if args.db else None) as url:
            run(args, url)
        return
    run(args, args.db)


def run(args: argparse.Namespace, db: Path | str | None) -> None:
    folder = tempfile.mkdtemp()
    path = db or Path(folder) / "board.sqlite"
    # The plans are made in a process of their own, so that the peak memory measured is the board's alone.
    if is_url(path):
        in_child_process(on_server, str(path), folder)
    elif not path.exists():
        started = time.perf_counter()
        in_child_process(generate, path)
        print(f"generated {path} in {time.perf_counter() - started:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")

    if args.latency is None:
        in_child_process(measure, str(path), folder, "board", "")
        return
    from latency_proxy import LatencyProxy

    with LatencyProxy(str(path), args.latency) as link:
        in_child_process(measure, str(path), folder, "local", "local: ")
        in_child_process(measure, link.url, folder, "link", f"over {args.latency:g} ms: ")
    local, remote = (json.loads((Path(folder) / f"{name}.json").read_text()) for name in ("local", "link"))
    print(
        f"over {args.latency:g} ms: first screen {remote['first_screen']:.2f} s (goal < 1.5 s), "
        f"{remote['first_screen'] / local['first_screen']:.2f} × the local server's; keystroke "
        f"{remote['keystroke'] * 1000:.0f} ms (goal < 100 ms), "
        f"{remote['keystroke'] / local['keystroke']:.2f} × the local"
    )


def measure(location: str, folder: str, name: str, label: str) -> None:
    """Open the board on ``location`` and measure it, in this (fresh) process; one line of figures."""
    path = parse_location(location)
    from PySide6.QtWidgets import QApplication

    from hmics_desktop.storage.database import integrity_problems, open_database
    from hmics_desktop.ui.board.board_view import BoardView
    from hmics_desktop.ui.settings import open_settings

    app = QApplication(sys.argv[:1])
    settings = open_settings(Path(folder) / "settings.ini")
    start = time.perf_counter()
    open_database(path, check=False)  # as the application does: the check starts once the first screen is drawn
    board = BoardView(settings)
    board.resize(1366, 768)
    board.show()
    board.refresh()
    app.processEvents()
    board.table.viewport().grab()  # the first screen, painted
    first_screen = time.perf_counter() - start
    checks = [] if is_url(path) else [threading.Thread(target=integrity_problems, args=(path,))]  # files only
    for check in checks:  # beside the keystrokes, filters and sorts measured next, as in the window
        check.start()
    print(f"{len(board.board.rows):,} rows loaded; {board.model.rowCount():,} actions shown")

    texts = iter(["d", "de", "dev", "deve", "devel", "develo", "develop", "developm", "developme", "development"])

    def keystroke_searched() -> None:  # a key, then the search typing's pause sets off, without the pause itself
        board.search.setText(next(texts))
        board._typing.stop()
        board._typing.timeout.emit()

    keystroke = timed(keystroke_searched, app, repeats=10)
    board.search.clear()
    app.processEvents()
    owners = iter([1, 2, 3, 4, 0, 1, 2])
    filter_change = timed(lambda: board.owner.setCurrentIndex(next(owners)), app)
    board.owner.setCurrentIndex(0)
    columns = iter([2, 3, 8, 11, 5, 9, 2])
    sort = timed(
        lambda: board.table.sortByColumn(next(columns), board.table.horizontalHeader().sortIndicatorOrder()), app
    )
    for check in checks:
        check.join()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}board: first screen {first_screen:.2f} s; keystroke {keystroke * 1000:.0f} ms; "
          f"filter {filter_change * 1000:.0f} ms; sort {sort * 1000:.0f} ms; peak RSS {peak:.0f} MB")  # fmt: skip
    figures = {"first_screen": first_screen, "keystroke": keystroke}
    (Path(folder) / f"{name}.json").write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
