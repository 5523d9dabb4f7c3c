"""An item's version and an action's latest progress on a server, kept at once or owed and settled once.

A version goes up once for every row under the item inserted or deleted, and once for every row
under it before or after an update (two editors' conflict detection relies on it); an action's
latest progress is its newest update not removed. A state machine writes rows under actions and
recommendations on a real PostgreSQL server — progress updates added, removed, restored, moved
and deleted, links, target revisions, evidence, new actions with rows under them in the same
transaction — a few statements to a transaction, each transaction either with the triggers
keeping the versions at once or with the writer owing them and settling them at its end
(``Sql.versions_once``, migration 0012, what an import does). After each, every version is the
one counted here and every latest progress the one recomputed from the updates; the journal
holds no row whose only change is what the database keeps by itself. An import (whose new actions
are written once, with the version and latest progress their rows give them) leaves on a server
what it leaves in a file.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from hmics_desktop.domain.plan import Plan
from hmics_desktop.services.plans import example_plan, import_plans
from hmics_desktop.storage import journal
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import database
from hmics_desktop.storage.sql import Sql

DAYS = ("2024-01-01", "2024-06-01", "2025-01-01")  # few, so that updates share a day (the newest id wins)
KINDS = ("progress", "remove", "move", "drop", "link", "unlink", "revise", "unrevise", "retarget", "evidence", "action")
# a statement: its kind and the choices it makes among the rows there are (taken modulo their number)
STATEMENTS = st.tuples(st.sampled_from(KINDS), st.lists(st.integers(0, 50), min_size=3, max_size=3))


def _one(sql: Sql, query: str, params: tuple = ()) -> int:
    return int(sql.execute(query + " RETURNING id", params).fetchone()[0])


class VersionsKept(RuleBasedStateMachine):
    url = ""

    def __init__(self) -> None:
        super().__init__()
        self.versions: dict[tuple[str, int], int] = {}
        self.progress: dict[int, int] = {}  # progress update → its action
        self.links: set[tuple[int, int]] = set()
        self.revisions: dict[int, tuple[str, int]] = {}  # target revision → ("action" or "recommendation", id)

    @initialize()
    def plan(self) -> None:
        open_database(self.url)
        sql = database.sql()
        with database.atomic():
            sql.execute('DELETE FROM "inspection"')
            inspection = _one(sql, "INSERT INTO inspection (title, created_at) VALUES ('Audit', '2024-01-01')")
            for number in (1, 2):
                rec = _one(sql, "INSERT INTO recommendation (inspection_id, number, text) VALUES (?, ?, 'R')",
                           (inspection, number))  # fmt: skip
                self.versions[("recommendation", rec)] = 1
                self._new_action(sql, rec)

    def teardown(self) -> None:
        close_database()

    def _ids(self, kind: str) -> list[int]:
        return sorted(i for k, i in self.versions if k == kind)

    def _bump(self, kind: str, *ids: int | None) -> None:
        for item in {i for i in ids if i is not None}:
            self.versions[(kind, item)] += 1

    def _new_action(self, sql: Sql, rec: int) -> int:
        position = 1 + sum(1 for k, _ in self.versions if k == "action")
        action = _one(sql, "INSERT INTO action (recommendation_id, position, text) VALUES (?, ?, 'A')", (rec, position))
        self.versions[("action", action)] = 1
        return action

    @rule(statements=st.lists(STATEMENTS, min_size=1, max_size=5), owed=st.booleans())
    def transaction(self, statements: list[tuple[str, list[int]]], owed: bool) -> None:
        sql = database.sql()
        with database.atomic():
            journal.start(sql)
            if owed:
                with sql.versions_once():
                    for kind, picks in statements:
                        self._statement(sql, kind, picks)
            else:
                for kind, picks in statements:
                    self._statement(sql, kind, picks)
            changes = journal.collect(sql)
        assert all(change.changed_columns() for change in changes), "a change of derived columns only journalled"

    def _statement(self, sql: Sql, kind: str, picks: list[int]) -> None:
        actions, recs, updates = self._ids("action"), self._ids("recommendation"), sorted(self.progress)
        action, other = actions[picks[0] % len(actions)], actions[picks[1] % len(actions)]
        update = updates[picks[2] % len(updates)] if updates else None
        if kind == "progress":  # several rows in one statement, as an import adds them
            rows = [(actions[(picks[0] + n) % len(actions)], DAYS[(picks[1] + n) % 3]) for n in range(picks[2] % 3 + 1)]
            marks = ", ".join("(?, ?, 'words', '2024-01-01')" for _ in rows)
            found = sql.execute(
                f"INSERT INTO progress_update (action_id, as_at, text, created_at) VALUES {marks} "
                "RETURNING id, action_id",
                [value for row in rows for value in row],
            ).fetchall()
            for made, parent in found:
                self.progress[made] = parent
                self._bump("action", parent)
        elif kind == "remove" and update is not None:  # removed, or restored when it was removed
            sql.execute("UPDATE progress_update SET deleted_at = CASE WHEN deleted_at IS NULL THEN '2024-02-01' END "
                        "WHERE id = ?", (update,))  # fmt: skip
            self._bump("action", self.progress[update])
        elif kind == "move" and update is not None:
            sql.execute("UPDATE progress_update SET action_id = ? WHERE id = ?", (other, update))
            self._bump("action", self.progress[update], other)
            self.progress[update] = other
        elif kind == "drop" and update is not None:
            sql.execute("DELETE FROM progress_update WHERE id = ?", (update,))
            self._bump("action", self.progress.pop(update))
        elif kind == "link" and action != other and (action, other) not in self.links:
            sql.execute("INSERT INTO action_link (action_id, target_id) VALUES (?, ?)", (action, other))
            self.links.add((action, other))
            self._bump("action", action)
        elif kind == "unlink" and self.links:
            source, target = sorted(self.links)[picks[0] % len(self.links)]
            sql.execute("DELETE FROM action_link WHERE action_id = ? AND target_id = ?", (source, target))
            self.links.discard((source, target))
            self._bump("action", source)
        elif kind == "revise":
            parent = ("action", action) if picks[2] % 2 else ("recommendation", recs[picks[1] % len(recs)])
            made = _one(sql, f"INSERT INTO target_revision ({parent[0]}_id, target, revised_on) "
                             "VALUES (?, '2025-01', '2024-01-01')", (parent[1],))  # fmt: skip
            self.revisions[made] = parent
            self._bump(*parent)
        elif kind == "unrevise" and self.revisions:
            revision = sorted(self.revisions)[picks[0] % len(self.revisions)]
            sql.execute("DELETE FROM target_revision WHERE id = ?", (revision,))
            self._bump(*self.revisions.pop(revision))
        elif kind == "retarget":
            revisions = [r for r, (k, _) in self.revisions.items() if k == "action"]
            if revisions:
                revision = sorted(revisions)[picks[0] % len(revisions)]
                sql.execute("UPDATE target_revision SET action_id = ? WHERE id = ?", (other, revision))
                self._bump("action", self.revisions[revision][1], other)
                self.revisions[revision] = ("action", other)
        elif kind == "evidence":
            rec = recs[picks[0] % len(recs)]
            sql.execute("INSERT INTO evidence_submission (recommendation_id, sent_on, description) "
                        "VALUES (?, '2024-01-01', 'E')", (rec,))  # fmt: skip
            self._bump("recommendation", rec)
        elif kind == "action":  # a new action, and (with the next statements) rows under it in the same transaction
            self._new_action(sql, recs[picks[0] % len(recs)])

    @invariant()
    def versions_counted(self) -> None:
        if not self.versions:
            return
        sql = database.sql()
        found = {("action", i): v for i, v in sql.execute("SELECT id, version FROM action").fetchall()}
        found.update({("recommendation", i): v for i, v in sql.execute("SELECT id, version FROM recommendation")})
        assert found == self.versions

    @invariant()
    def latest_progress_recomputed(self) -> None:
        newest = (
            "SELECT a.id, a.latest_progress_id, (SELECT p.id FROM progress_update p WHERE p.action_id = a.id "
            "AND p.deleted_at IS NULL ORDER BY p.as_at DESC, p.id DESC LIMIT 1) FROM action a"
        )
        for action, kept, recomputed in database.sql().execute(newest).fetchall():
            assert kept == recomputed, f"action {action}"


def test_versions_and_latest_progress_are_kept_whether_owed_or_not(postgres_server) -> None:
    VersionsKept.url = postgres_server.fresh_database()
    run_state_machine_as_test(
        VersionsKept,
        settings=settings(
            max_examples=30, stateful_step_count=8, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )


def test_versions_owed_and_never_settled_go_with_the_transaction(postgres_server) -> None:
    """A write that fails while it owes versions leaves nothing owed to the next (its transaction is rolled back)."""
    open_database(postgres_server.fresh_database())
    sql = database.sql()
    try:
        with database.atomic():
            inspection = _one(sql, "INSERT INTO inspection (title, created_at) VALUES ('Audit', '2024-01-01')")
            rec = _one(sql, "INSERT INTO recommendation (inspection_id, number, text) VALUES (?, 1, 'R')",
                       (inspection,))  # fmt: skip
            action = _one(sql, "INSERT INTO action (recommendation_id, position, text) VALUES (?, 1, 'A')", (rec,))
        with pytest.raises(RuntimeError), database.atomic(), sql.versions_once():
            sql.execute("INSERT INTO action_link (action_id, target_id) VALUES (?, ?)", (action, action))
            raise RuntimeError("the write fails")
        with database.atomic():
            sql.execute("INSERT INTO progress_update (action_id, as_at, text, created_at) "
                        "VALUES (?, '2024-01-01', 'w', '2024-01-01')", (action,))  # fmt: skip
        assert sql.execute("SELECT version, latest_progress_id IS NOT NULL FROM action").fetchone() == (2, True)
    finally:
        close_database()


def _derived() -> dict[tuple[str, int, int], tuple]:
    """Each action's version, its recommendation's and its latest progress (day and words), by its number."""
    rows = database.sql().execute(
        "SELECT r.kind, r.number, a.position, a.version, r.version, p.as_at, p.text FROM action a "
        "JOIN recommendation r ON r.id = a.recommendation_id LEFT JOIN progress_update p ON p.id = a.latest_progress_id"
    )
    return {(kind, number, position): rest for kind, number, position, *rest in rows.fetchall()}


def _changed(plan: Plan, round_: int) -> Plan:
    """The plan with earlier progress updates (one on the latest's own day), and links and progress changed."""
    changed = copy.deepcopy(plan)
    for index, action in enumerate(a for rec in changed.recommendations for a in rec.actions):
        action.earlier_progress = [("2021-06-01", f"Begun {index}"), (plan.as_at, f"Same day {index}")][: index % 3]
        action.progress = f"{action.progress or ''} round {round_}" if index % 2 or round_ == 1 else action.progress
        action.links = action.links[round_ - 1 :] if index % 4 == 0 else action.links
    return changed


def test_an_import_leaves_on_a_server_the_versions_and_latest_progress_a_file_gets(postgres_server, tmp_path) -> None:
    """New actions written once with what their rows give them, existing ones counted by the triggers, as in a file."""
    found = []
    for where in (tmp_path / "plan.sqlite", postgres_server.fresh_database()):
        open_database(where)
        try:
            import_plans([_changed(example_plan(), 1)])
            first = _derived()
            import_plans([_changed(example_plan(), 2)])
            found.append((first, _derived()))
        finally:
            close_database()
    assert found[0] == found[1]
    first, second = found[1]
    assert len({version for version, *_ in first.values()}) >= 4  # 1, the links, and one to three updates
    assert any(second[number][0] > first[number][0] for number in first)  # the second import's rows counted too
