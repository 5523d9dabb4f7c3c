"""Import a generated 5,000-action plan from every kind of file; openpyxl's own load is the yardstick.

Run: ``python benchmarks/import_benchmark.py [--db URL] [--latency MS]``. For each file: the whole import into a fresh
database (best of 3; with ``--db postgresql://…`` a database on that server, emptied before each
run — give it one made for the benchmark), the reading and parsing alone, the writer's share (the rest), and the
peak memory of a fresh process importing it. Hostile files (a huge sheet claimed or spread
in a tiny file) are measured too: refused, in how much time and memory. Ends with
``import: 5000 actions in X s; openpyxl load Y s; ratio X/Y`` for the .xlsx, after the SQLite floor: the rows
that import wrote, inserted again by bare ``sqlite3`` in one transaction (``import_floor.py``).

With ``--latency MS`` it measures the server instead: the .xlsx of 5,000 actions and one of
21 imported into SQLite files, into the PostgreSQL database (``--db``, or a throwaway server
started for the run) and into the same database through a link of MS milliseconds' round
trip (``latency_proxy.py``); it prints local PostgreSQL ÷ SQLite and the link ÷ local
PostgreSQL, each beside its goal, with the processor time of the program and of the server.
It first measures the link alone (``SELECT 1`` round trips and a connection, through it and
not), so that a link costing more than it should is seen in the same run.

The ``import`` command of 21 actions runs as a fresh process locally, through a link of 0 ms
and over the link in turn, 7 times each, and the medians are compared. Besides the command's
times and their ratio it prints the time the command was connected through each link: their
difference is what the link costs (its waits, and each wait's cost), seen apart from how a
fresh process's start varies, which is by a tenth of a second and more on a busy machine, as
much as the whole link costs. (The best of 3 of each, run one after the other, gave the link
gaps of 0.23 and 0.26 s where the connection itself stayed open 0.13 s longer over the link
than through a link of 0 ms, medians of 15 runs in turn.) A busy machine also makes the
command two or three times as slow, and the ratio of its times smaller; and the link's cost
too (the server and the command, which compete for the processors on the machine, compete
less when the link holds one back). So it prints the command's processor time locally too,
which is about its time on an idle machine, and the ratio that its round trips on the link,
each as the link alone took, added to it give: the ratio to expect there.

Until December 2026 the link was an asyncio proxy on a thread of the benchmark's process: a
round trip of 20 ms cost 22.4–23.8 ms (this one 21.4–21.9 ms, under the same load), it
shared the interpreter lock with the imports measured in this process (the 21-action import
over the link: 143 ms against 129 ms now, medians of 15, 41 ms locally), and it charged
nothing for TCP's handshake, which a real link makes every connection wait a round trip for.
The proxy is now a process of its own that charges the handshake: a connection over 20 ms
costs 3 round trips (handshake, the encryption request, start-up), not 2. The throwaway
server has no certificate, so the encryption request is declined: a server with TLS costs
one round trip more (the TLS handshake), which this benchmark does not measure.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from crafted_files import ods_from_table, sheet_xml, with_dimensions, word_plan, xlsx_from_xml
from generated_plans import generated_plan
from import_floor import floor_line
from latency_proxy import LatencyProxy
from server_link import emptied, server_database
from workbooks import write_xls, write_xlsx

from hmics_desktop.domain.links import links_line
from hmics_desktop.excel.workbook_parser import parse_workbook
from hmics_desktop.services.importing import import_file
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.locations import is_url
from hmics_desktop.storage.models import database

ACTIONS = 5000
RUNS = 3
# The import command's runs, locally and over the link in turn: a fresh process varies by a tenth of a second and
# more on a busy machine, as much as the link costs; the medians of runs side by side are compared.
COMMAND_RUNS = 7
APPENDIX_HEADER = ["Recommendation", "Action to be taken", "Latest progress update", "Next Steps"]
# Run in a fresh process: import the file into a fresh database, print the peak memory in MB.
# The peak is the process's own high-water mark (VmHWM in /proc, reset by exec); ru_maxrss
# would carry over the benchmark's own size through fork.
PEAK_SCRIPT = """
import sys
from pathlib import Path
from hmics_desktop.services.importing import UnreadableWorkbook, import_file
from hmics_desktop.storage.database import open_database

def high_water():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024

open_database(sys.argv[2] if sys.argv[2].startswith("postgresql://") else Path(sys.argv[2]))
before = high_water()
try:
    import_file(Path(sys.argv[1]))
    outcome = "imported"
except UnreadableWorkbook as error:
    outcome = "refused: " + str(error)[:70]
print(f"{before:.0f} {high_water():.0f} {outcome}")
"""


def template_rows(actions: int = ACTIONS, per_recommendation: int = 10) -> tuple[list[list[object]], list[str]]:
    """The plan as the Word table pasted into Excel: recommendation cells merged down."""
    plan = generated_plan(actions, per_recommendation)
    rows: list[list[object]] = [["APPENDIX B - Progress Update as at 1st March 2025"], APPENDIX_HEADER]
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


def plan_files(folder: Path) -> dict[str, Path]:
    rows, merged = template_rows()
    tracker = tracker_rows()
    csv_path = folder / "plan.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(tracker)
    word_rows = [["" if v is None else str(v) for v in row] for row in rows[1:]]
    return {
        ".xlsx (template layout)": write_xlsx(
            folder / "plan.xlsx", {"Generated 2025": rows}, {"Generated 2025": merged}
        ),
        ".xls (tracker)": write_xls(folder / "plan.xls", {"Generated 2025": tracker}),
        ".docx (appendix table)": word_plan(folder / "Generated 2025.docx", [word_rows], prose=[str(rows[0][0])]),
        ".csv (tracker)": csv_path,
    }


def hostile_files(folder: Path) -> dict[str, Path]:
    import xlwt

    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("Plan")
    for row, col in [(0, 0), (0, 255), (65535, 0), (65535, 255)]:
        sheet.write(row, col, "x")
    workbook.save(str(folder / "corners.xls"))
    far = '<row r="1"><c t="inlineStr" r="XFD1048576"><is><t>y</t></is></c></row>'
    repeated = (
        '<table:table table:name="Plan"><table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/>'
        "</table:table-row></table:table>"
    )
    small = write_xls(folder / "small.xls", {"Plan": [["Recommendation", "Action"], ["R1 a", "1.1 b"]]})
    return {
        ".xls, 4 cells at the corners of 65,536 × 256": folder / "corners.xls",
        ".xls claiming 65,536 × 256 (DIMENSIONS)": with_dimensions(small, folder / "vast.xls", 0, 65536, 256),
        ".xlsx, one cell at XFD1048576 (t before r)": xlsx_from_xml(folder / "far.xlsx", {"Plan": sheet_xml(far)}),
        ".ods, one cell repeated 1,000,000 × 16,384": ods_from_table(folder / "repeat.ods", repeated),
        ".xlsx at the cell limit (990,000 short texts)": limit_sized_xlsx(folder / "cells.xlsx", 99_000, 0),
        ".xlsx at the text limit (15.8 M emoji)": limit_sized_xlsx(folder / "emoji.xlsx", 990, 1600, emoji=True),
        ".docx at the size limit (14 MB of XML)": limit_sized_docx(folder / "long.docx"),
    }


def limit_sized_xlsx(path: Path, rows: int, length: int, *, emoji: bool = False) -> Path:
    """Among the largest files the limits let through: ``rows`` × 10 cells of varied text, no plan header.

    With ``emoji`` each cell holds ``length`` characters of four bytes each (the costliest text), varied
    enough not to look like a zip bomb.
    """
    chosen = random.Random(1)
    pool = "".join(chr(0x1F300 + chosen.randrange(700)) for _ in range(40_000)) if emoji else ""
    body = []
    for r in range(1, rows + 1):
        cells = "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{r * 10 + c:08x}'
            f"{pool[(r * 10 + c) * 37 % 30_000 :][:length] if emoji else ''}</t></is></c>"
            for c in range(10)
        )
        body.append(f'<row r="{r}">{cells}</row>')
    return xlsx_from_xml(path, {"Data": sheet_xml("".join(body))})


def limit_sized_docx(path: Path) -> Path:
    """A Word document whose one table of 15,000 rows unpacks to about 14 MB, no plan header."""
    rows = [[f"{r:06d} " + "word " * 60, "text " * 40, "more " * 40, ""] for r in range(15_000)]
    return word_plan(path, [rows], merge_first_column=False)


SERVER: str | None = None  # --db: the server database to import into instead of fresh files


def fresh_database(folder: Path, name: str) -> Path | str:
    """A new, empty database: a file in ``folder``, or the server database emptied."""
    return folder / f"{name}.sqlite" if SERVER is None else emptied(SERVER)


def _server_seconds() -> float:
    """The processor time the server has spent on the open connection (0 when it runs elsewhere)."""
    if database.dialect != "postgresql":
        return 0.0
    backend = database.sql().execute("SELECT pg_backend_pid()").fetchone()[0]
    try:
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_import(path: Path, where: Callable[[], Path | str]) -> tuple[float, float, float]:
    """Best of RUNS: seconds for the import into a fresh database, and the program's and the server's processor time."""
    walls, programs, servers = [], [], []
    for _ in range(RUNS):
        open_database(where())
        server, program, start = _server_seconds(), time.process_time(), time.perf_counter()
        import_file(path)
        walls.append(time.perf_counter() - start)
        programs.append(time.process_time() - program)
        servers.append(_server_seconds() - server)
        close_database()
    return min(walls), min(programs), min(servers)


def link_figures(folder: Path, xlsx: Path, server: str, latency_ms: float) -> None:
    """Import 5,000 actions and 21 into SQLite, the local server and the server over the link; the ratios."""
    rows, merged = template_rows(21, 7)
    small = write_xlsx(folder / "small.xlsx", {"Generated 2025": rows}, {"Generated 2025": merged})
    files = iter(range(1_000_000))
    with LatencyProxy(server, latency_ms) as link:
        trip, connect, local_trip, local_connect = link_alone(server, link)
        print(f"the link alone: a round trip {trip * 1000:.1f} ms (SELECT 1, 20 times; locally {local_trip * 1000:.1f} "
              f"ms), a connection {connect * 1000:.0f} ms (locally {local_connect * 1000:.0f} ms)")  # fmt: skip
        print(f"{'import':<14}{'SQLite':>22}{'local PostgreSQL':>30}{f'over {latency_ms:g} ms':>22}")
        ratios = []
        for actions, path in ((ACTIONS, xlsx), (21, small)):
            sqlite = timed_import(path, lambda: folder / f"link-{next(files)}.sqlite")
            local = timed_import(path, lambda: emptied(server))
            remote = timed_import(path, lambda: emptied(server) and link.url)
            print(f"{actions:>6,} actions"
                  f"{sqlite[0]:>9.2f} s (cpu {sqlite[1]:.2f})"
                  f"{local[0]:>9.2f} s (cpu {local[1]:.2f} + server {local[2]:.2f})"
                  f"{remote[0]:>9.2f} s (cpu {remote[1]:.2f})")  # fmt: skip
            ratios.append((actions, sqlite[0], local[0], remote[0]))
        command = commands_in_turn(small, server, link)
    (_, sqlite_big, local_big, remote_big), (_, _, local_small, remote_small) = ratios
    print(f"(best of {RUNS}; cpu: this program's processor time, server: the server's on the import's connection)")
    print(f"local PostgreSQL ÷ SQLite, {ACTIONS:,} actions: {local_big / sqlite_big:.2f} (goal ≤ 1.5)")
    print(f"over {latency_ms:g} ms ÷ local PostgreSQL, {ACTIONS:,} actions: {remote_big / local_big:.2f} (goal ≤ 1.5)")
    print(f"over {latency_ms:g} ms ÷ local PostgreSQL, 21 actions: {remote_small / local_small:.2f} (goal ≤ 1.2)")
    link_cost = command.connected_remotely - command.connected_locally
    print(f"the import command (a fresh process: start, connect, import) of 21 actions, median of {COMMAND_RUNS} "
          f"each, in turn: local {command.local:.2f} s, over {latency_ms:g} ms {command.remote:.2f} s; "
          f"÷ {command.remote / command.local:.2f} (goal ≤ 1.2)")  # fmt: skip
    print(f"  connected {command.connected_locally:.2f} s locally (through a link of 0 ms), "
          f"{command.connected_remotely:.2f} s over {latency_ms:g} ms: the link costs {link_cost:.2f} s, "
          f"{command.waits} waits and the connection's handshake at {link_cost * 1000 / (command.waits + 1):.1f} ms; "
          f"local + that ÷ local: {(command.local + link_cost) / command.local:.2f}")  # fmt: skip
    waited = (command.waits + 1) * trip
    idle = (command.local_cpu + waited) / command.local_cpu
    print(f"  the command's processor time locally {command.local_cpu:.2f} s (with the programs it ran), about its "
          f"time on an idle machine; with its {command.waits + 1} round trips on the link alone added "
          f"({waited:.2f} s) ÷ it: {idle:.2f}")  # fmt: skip


def link_alone(server: str, link: LatencyProxy) -> tuple[float, float, float, float]:
    """Seconds of a round trip (``SELECT 1``) and of a connection over the link, then on the local server."""
    import psycopg

    figures = []
    for url in (link.url, server):
        started = time.perf_counter()
        with psycopg.connect(url, autocommit=True) as connection:
            connected = time.perf_counter() - started
            started = time.perf_counter()
            for _ in range(20):
                connection.execute("SELECT 1").fetchone()
            figures.append(((time.perf_counter() - started) / 20, connected))
    (trip, connect), (local_trip, local_connect) = figures
    return trip, connect, local_trip, local_connect


def migrated(url: str) -> str:
    """The server database emptied and given the schema (an import command then finds it ready)."""
    open_database(emptied(url))
    close_database()
    return url


class Commands(NamedTuple):
    """The import command run locally and over the link in turn: medians."""

    local: float  # seconds, connected to the server directly
    local_cpu: float  # its processor time (with the programs it ran)
    remote: float  # seconds, over the link
    connected_locally: float  # seconds connected, through a link of 0 ms (its own runs)
    connected_remotely: float  # seconds connected over the link
    waits: int  # on the link, a run (the handshake not counted)


def commands_in_turn(path: Path, server: str, link: LatencyProxy) -> Commands:
    """The import command of ``path`` run locally, through a link of 0 ms and over ``link`` in turn.

    COMMAND_RUNS times each. The link of 0 ms tells how long the command is connected on the machine,
    so that what the link costs is seen apart from how the processes' start varies.
    """
    local, local_cpu, remote, connected_locally, connected_remotely, waits = [], [], [], [], [], []
    with LatencyProxy(server, 0) as zero:
        for _ in range(COMMAND_RUNS):
            seconds, cpu = command_import(path, migrated(server))
            local.append(seconds)
            local_cpu.append(cpu)
            connected_locally.append(command_through(path, server, zero)[1])
            seconds, connected, waited = command_through(path, server, link)
            remote.append(seconds)
            connected_remotely.append(connected)
            waits.append(waited)
    median = statistics.median
    return Commands(median(local), median(local_cpu), median(remote), median(connected_locally),
                    median(connected_remotely), int(median(waits)))  # fmt: skip


def command_through(path: Path, server: str, link: LatencyProxy) -> tuple[float, float, int]:
    """The import command over ``link``: its seconds, the seconds it was connected, its waits on the link."""
    before = link.counts()
    seconds, _cpu = command_import(path, migrated(server) and link.url)
    after = link.counts(closed=before.closed + 1)
    waits = after.turns - before.turns - 1  # its last turn is its goodbye, not a wait
    return seconds, after.connected_seconds - before.connected_seconds, waits


def command_import(path: Path, location: str) -> tuple[float, float]:
    """``hmics-desktop import`` of ``path`` into the database at ``location``, as a process.

    Its seconds, and its processor time (its own and that of the programs it ran).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "hmics_desktop", "import", "--db", location, str(path)],
                   check=True, capture_output=True, timeout=600)  # fmt: skip
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def time_import(path: Path, folder: Path) -> tuple[float, float]:
    """Seconds for a whole import into a fresh database, and for the reading and parsing alone."""
    totals, parses = [], []
    for run in range(RUNS):
        open_database(fresh_database(folder, f"bench-{path.suffix[1:]}-{run}"))
        start = time.perf_counter()
        import_file(path)
        totals.append(time.perf_counter() - start)
        close_database()
        start = time.perf_counter()
        parse_workbook(path)
        parses.append(time.perf_counter() - start)
    return min(totals), min(parses)


def peak_memory(path: Path, folder: Path) -> tuple[float, float, float, str]:
    """(MB before the import, peak MB, seconds, outcome) of a fresh process importing ``path``."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, str(path), str(fresh_database(folder, f"peak-{path.stem}"))],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        return 0, 0, seconds, f"crashed (status {done.returncode}): {done.stderr.strip()[-200:]}"
    before, peak, outcome = done.stdout.split(" ", 2)
    return float(before), float(peak), seconds, outcome.strip()


def main() -> None:
    global SERVER
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL database (postgresql://…) to import into, emptied for each run")
    parser.add_argument("--latency", type=float, metavar="MS",
                        help="compare SQLite, the server and the server over a link of MS ms round trip")  # fmt: skip
    args = parser.parse_args()
    if args.db is not None and not is_url(args.db):
        parser.error("--db takes the URL of a database on a PostgreSQL server")
    if args.latency is not None:
        with tempfile.TemporaryDirectory() as tmp, server_database(args.db) as server:
            rows, merged = template_rows()
            xlsx = write_xlsx(Path(tmp) / "plan.xlsx", {"Generated 2025": rows}, {"Generated 2025": merged})
            link_figures(Path(tmp), xlsx, server, args.latency)
        return
    SERVER = args.db
    print(f"database: {'PostgreSQL' if SERVER else 'SQLite files'}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = plan_files(folder)
        xlsx = files[".xlsx (template layout)"]
        sizes = ", ".join(f"{name.split()[0]} {path.stat().st_size / 1e6:.1f} MB" for name, path in files.items())
        print(f"files: {sizes}")

        openpyxl_load = []
        for _ in range(RUNS):
            start = time.perf_counter()
            openpyxl.load_workbook(xlsx)
            openpyxl_load.append(time.perf_counter() - start)
        yardstick = min(openpyxl_load)

        print(f"{'file':<26}{'import':>8}{'reading+parsing':>17}{'writer':>8}{'peak memory':>13}")
        totals = {}
        for name, path in files.items():
            total, parse = time_import(path, folder)
            totals[name] = total
            _before, peak, _seconds, outcome = peak_memory(path, folder)
            share = f"{parse:.2f} s ({parse / total:.0%})"
            print(f"{name:<26}{total:>6.2f} s{share:>17}{total - parse:>6.2f} s{peak:>9.0f} MB  {outcome}")

        print("hostile files (a fresh process each; its memory before reading the file in brackets):")
        for name, path in hostile_files(folder).items():
            before, peak, seconds, outcome = peak_memory(path, folder)
            print(f"  {name:<52} {path.stat().st_size / 1e3:>8.1f} KB  peak {peak:>4.0f} MB ({before:.0f})"
                  f"  {seconds:5.1f} s  {outcome}")  # fmt: skip

        total = totals[".xlsx (template layout)"]
        print(f"(best of {RUNS}; the writer's share is the import less the reading and parsing)")
        if SERVER is None:
            print(floor_line(folder / "bench-xlsx-0.sqlite", folder, RUNS, yardstick))
        print(f"import: {ACTIONS} actions in {total:.2f} s; openpyxl load {yardstick:.2f} s; "
              f"ratio {total / yardstick:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
