"""An import into a server database, its undo, and reading the board cost the same round trips whatever the plan.

Over a network link every round trip is a wait (20 ms on a slow one), so an import of 500
actions must send no more statements, and wait for no more answers, than one of 21. The
statements are counted as the server's driver sends them: libpq's trace of every message of
the connection (``Query`` and ``Execute`` are statements; the client waits for the answer to
each ``Query`` and each ``Sync`` that closes statements sent together). Counts, never times.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from psycopg import pq
from workbooks import write_xlsx

from hmics_desktop.cli.main import main
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.services.board import BoardFilter
from hmics_desktop.services.board_rows import load_board
from hmics_desktop.services.plans import import_plans
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import Action, AuditEntry, ProgressUpdate, database
from hmics_desktop.storage.shared_database import SharedPlanDatabase
from hmics_desktop.storage.steps import redo_step, undo_step


def _plan(actions: int, progress: str = "Audit results reported to the tactical group.") -> Plan:
    """A plan of ``actions`` actions, seven to a recommendation, each with a link, an owner and progress."""
    plan = Plan(inspection="Crime Audit 2025", inspectorate="HMICS", plan_title="Progress Update", as_at="2025-03-01")
    for index in range(actions):
        number, position = index // 7 + 1, index % 7 + 1
        if position == 1:
            plan.recommendations.append(
                PlanRecommendation(number=number, text=f"Review crime recording {number}.", owner="ACC Crime")
            )
        plan.recommendations[-1].actions.append(
            PlanAction(number=f"{number}.{position}", text=f"Deliver improvement {number}.{position}.",
                       links=[f"{number}.1"] if position > 1 else [], owner="FMOR", target="2025-09",
                       status="in_progress", progress=f"{progress} ({number}.{position})")
        )  # fmt: skip
    return plan


class _Traffic:
    """The messages the client sent and the server's answers, read from libpq's trace of the connection."""

    def __init__(self, trace: str) -> None:
        lines = [line.split("\t") for line in trace.splitlines() if line[:1] in ("F", "B")]
        self.sent = Counter(line[2].strip() for line in lines if line[0] == "F")
        self.statements = self.sent["Query"] + self.sent["Execute"]
        # The answers the client waits for: each simple query, and each Sync that closes statements sent
        # together (psycopg's pipeline goes on sending while answers come, so its turns are no waits).
        self.waits = self.sent["Query"] + self.sent["Sync"]


def _trace(connection: pq.abc.PGconn, folder: Path) -> tuple[Path, int]:
    """Trace ``connection`` into a new file of ``folder``: the file and its descriptor (to close)."""
    trace_path = folder / f"trace-{len(list(folder.iterdir()))}.txt"
    descriptor = os.open(trace_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    connection.trace(descriptor)
    connection.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
    return trace_path, descriptor


def _traced(work: Callable[[], object], folder: Path) -> _Traffic:
    connection = database.connection().pgconn
    trace_path, descriptor = _trace(connection, folder)
    try:
        work()
    finally:
        connection.untrace()
        os.close(descriptor)
    return _Traffic(trace_path.read_text(encoding="utf-8"))


def _import_twice(url: str, actions: int, folder: Path) -> tuple[_Traffic, _Traffic]:
    """The traffic of importing the plan into an empty database, then of the same plan with new progress."""
    open_database(url)
    try:
        first = _traced(lambda: import_plans([_plan(actions)]), folder)
        again = _traced(lambda: import_plans([_plan(actions, "Training delivered to every division.")]), folder)
        assert Action.select().count() == actions
        assert ProgressUpdate.select().count() == 2 * actions
        assert AuditEntry.select().where(AuditEntry.entity == "action").count() >= actions
    finally:
        close_database()
    return first, again


def test_an_import_of_500_actions_costs_the_round_trips_of_one_of_21(postgres_server, tmp_path) -> None:
    small, large = (_import_twice(postgres_server.fresh_database(), n, tmp_path) for n in (21, 500))
    for into_empty, again in ((0, "first"), (1, "again")):
        assert large[into_empty].statements == small[into_empty].statements, again
        assert large[into_empty].waits == small[into_empty].waits, again
    assert 0 < small[0].waits < 50  # the trace was read: a few dozen per step, whatever its rows


def _undo_and_redo(url: str, actions: int, folder: Path) -> tuple[_Traffic, _Traffic]:
    open_database(url)
    try:
        step, _summary = import_plans([_plan(actions)])
        undone = _traced(lambda: undo_step(step), folder)
        assert Action.select().count() == 0
        redone = _traced(lambda: redo_step(step), folder)
        assert Action.select().count() == actions
    finally:
        close_database()
    return undone, redone


def test_an_undo_of_500_actions_costs_the_round_trips_of_one_of_21(postgres_server, tmp_path) -> None:
    small, large = (_undo_and_redo(postgres_server.fresh_database(), n, tmp_path) for n in (21, 500))
    for which, name in ((0, "undo"), (1, "redo")):
        assert large[which].statements == small[which].statements, name
        assert large[which].waits == small[which].waits, name
    assert 0 < small[0].waits < 50


def test_the_board_is_read_in_two_waits_whatever_the_plan(postgres_server, tmp_path) -> None:
    """Begin with every read at once, then commit: a slow link waits twice for the board, not nine times."""
    url = postgres_server.fresh_database()
    open_database(url)
    try:
        read, boards = [], []
        for actions in (21, 500):
            import_plans([_plan(actions)])
            read.append(_traced(lambda: boards.append(load_board()), tmp_path))
            assert len(boards[-1].keys(BoardFilter())) == Action.select().count()
    finally:
        close_database()
    assert (read[0].waits, read[0].statements) == (read[1].waits, read[1].statements) == (2, 9)


def _plan_file(folder: Path, actions: int) -> Path:
    """A plan in the template's layout: ``actions`` actions, seven to a recommendation (merged down)."""
    header = ["Recommendation", "Action to be taken", "Latest progress update", "Next Steps"]
    rows: list[list[object]] = [["APPENDIX B - Progress Update as at 1st March 2025"], header]
    merged = []
    for index in range(actions):
        number, position = index // 7 + 1, index % 7 + 1
        heading = f"Recommendation {number}\nReview crime recording {number}." if position == 1 else None
        if position == 1:
            merged.append(f"A{len(rows) + 1}:A{min(len(rows) + 7, len(rows) + actions - index)}")
        rows.append([heading, f"{number}.{position} Deliver improvement {number}.{position}.",
                     f"Audit results reported ({number}.{position}).", "Report to the tactical group."])  # fmt: skip
    return write_xlsx(folder / f"plan-{actions}.xlsx", {"Crime Audit 2025": rows}, {"Crime Audit 2025": merged})


def _command_traffic(url: str, path: Path, folder: Path, monkeypatch) -> _Traffic:
    """The traffic of every connection ``hmics-desktop import`` opens, from its first statement to its last."""
    traces: list[tuple[Path, int]] = []
    connect = SharedPlanDatabase._connect

    def traced_connect(self: SharedPlanDatabase) -> object:
        connection = connect(self)
        traces.append(_trace(connection.pgconn, folder))
        return connection

    with monkeypatch.context() as patched:
        patched.setattr(SharedPlanDatabase, "_connect", traced_connect)
        assert main(["import", "--db", url, str(path)]) == 0
    for _path, descriptor in traces:
        os.close(descriptor)
    return _Traffic("".join(trace.read_text(encoding="utf-8") for trace, _descriptor in traces))


def test_the_import_command_waits_for_the_server_4_times_whatever_the_plan(postgres_server, tmp_path, monkeypatch):
    """Open (the session's limits given in the connection's first message), read, then one write transaction.

    The import writes each table in one statement sent without waiting, and each read that needs no
    answer before the next goes with the next, so the command waits 4 times once connected: the
    schema's version and the login's right to write, with the layouts remembered and the inspections'
    names; the write lock, with the plan as it stood (the audit trail's newest entry, the inspections
    then and now, the links changed since, and the ids of the new plan's rows, taken as no inspection
    has its name); the rows and the journal (with the publication days and the history's step); the
    history, the audit trail and the commit. A 500-action plan waits no more than a 21-action one.
    """
    traffic = []
    for actions in (21, 500):
        url = postgres_server.fresh_database()
        open_database(url)  # the command finds the schema made
        close_database()
        traffic.append(_command_traffic(url, _plan_file(tmp_path, actions), tmp_path, monkeypatch))
        open_database(url)
        try:
            assert Action.select().count() == actions
        finally:
            close_database()
    small, large = traffic
    assert (large.waits, large.statements) == (small.waits, small.statements)
    assert small.waits == 4


def test_what_is_asked_with_the_opening_is_answered_from_then_and_never_after_another_statement(
    postgres_server, tmp_path
) -> None:
    """The inspections' names asked ahead come without a wait of their own; after a write, they are asked anew."""
    url = postgres_server.fresh_database()
    open_database(url)  # the schema made
    import_plans([_plan(7)])
    close_database()
    names = 'SELECT title FROM "inspection" ORDER BY title'
    open_database(url, ahead=[names])
    try:
        read: list[list[object]] = []
        asked = _traced(lambda: read.append(database.sql().fetch_all([names])[0]), tmp_path)
        assert (read[-1], asked.statements) == ([("Crime Audit 2025",)], 0)
        database.sql().execute('UPDATE "inspection" SET title = ?', ("Crime Audit 2026",))
        asked = _traced(lambda: read.append(database.sql().fetch_all([names])[0]), tmp_path)
        assert (read[-1], asked.statements) == ([("Crime Audit 2026",)], 1)
    finally:
        close_database()
    open_database(url, ahead=[names])
    try:
        database.sql().execute('UPDATE "inspection" SET title = ?', ("Crime Audit 2027",))
        assert database.sql().fetch_all([names])[0] == [("Crime Audit 2027",)]  # the answer from the opening is gone
    finally:
        close_database()


def test_ids_are_taken_ahead_for_a_new_plan_only(postgres_server) -> None:
    """A plan whose inspection no inspection is called takes its rows' ids with its matching; an import again none."""
    url = postgres_server.fresh_database()
    open_database(url)
    try:
        taken = "SELECT last_value FROM action_id_seq"
        import_plans([_plan(21)])
        first = database.sql().execute(taken).fetchone()[0]
        assert Action.select().count() == 21 and first >= 21
        import_plans([_plan(21, "Training delivered to every division.")])  # the same actions, new progress
        assert database.sql().execute(taken).fetchone()[0] == first
    finally:
        close_database()
