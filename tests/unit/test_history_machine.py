"""The edit history as a state machine: any mix of edits, imports, undos and redos.

Invariants after every step: nothing raises, the audit trail's latest value of each field
is the value in the data; and whenever it is checked, undoing everything gives back the
database as it started and redoing everything gives back where it was. Importing the
published 2022 file over whatever the edits left never reopens a closure recorded after
its As at date, and importing it a second time changes nothing. An import a rule of the
database refuses part-way (its rows, or its history and audit written last) leaves the data
and the undo list as they were.
"""

from __future__ import annotations

import copy
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import peewee
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from machines_on_engines import run_machine
from plan_fixture import LEGACY_WORKBOOK
from undo_rules import UndoAndRedo

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan import Plan
from hmics_desktop.excel.workbook_parser import ImportOptions, parse_workbook
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.item_edits import (
    create_item,
    delete_items,
    move_action,
    restore_items,
    save_item,
    set_links,
)
from hmics_desktop.services.plan_edits import add_progress, bulk_set, record_response, revise_targets, submit_evidence
from hmics_desktop.services.plans import example_plan, load_example_plan, plans_writer
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.journal import TRACKED
from hmics_desktop.storage.models import Action, AuditEntry, EvidenceSubmission, Recommendation, database

OWNERS = st.sampled_from(["LTD", "COS", "FMOR", None])
WORDS = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).filter(str.strip)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the plan tables, the version counters left out (they only ever go up)."""
    found = {}
    connection = database.sql()
    for table in TRACKED:
        cursor = connection.execute(f'SELECT * FROM "{table}" ORDER BY id')
        names = [column[0] for column in cursor.description]
        found[table] = [
            tuple(value for name, value in zip(names, row, strict=True) if name != "version")
            for row in cursor.fetchall()
        ]
    return found


def published_file() -> list[Plan]:
    """The published Crime Audit plan as at 15/02/2022, imported into the example's "Crime Audit 2020"."""
    parsed = parse_workbook(LEGACY_WORKBOOK, ImportOptions())
    for plan in parsed.plans:
        plan.inspection = "Crime Audit 2020"
    return parsed.plans


def _has_actions(machine: RuleBasedStateMachine) -> bool:
    return Action.select().where(Action.deleted_at.is_null()).exists()


class EditHistoryMachine(UndoAndRedo):
    location: Callable[[Path], Path | str] = staticmethod(lambda folder: folder / "plans.sqlite")

    @initialize()
    def open_plan(self) -> None:
        self.folder = Path(tempfile.mkdtemp())
        open_database(self.location(self.folder))
        load_example_plan()
        self.history = EditHistory()
        self.start = snapshot()

    def teardown(self) -> None:
        if hasattr(self, "history"):
            self.undo_all_and_redo_all()
            close_database()
            shutil.rmtree(self.folder, ignore_errors=True)

    # Helpers ---------------------------------------------------------------------------------
    def _actions(self, deleted: bool = False) -> list[Action]:
        query = Action.select().where(Action.deleted_at.is_null(not deleted))
        return list(query.order_by(Action.id))

    def _recommendations(self) -> list[Recommendation]:
        query = Recommendation.select().where(Recommendation.deleted_at.is_null())
        return list(query.order_by(Recommendation.id))

    # Edits -----------------------------------------------------------------------------------
    @precondition(_has_actions)
    @rule(data=st.data(), owner=OWNERS, text=WORDS)
    def save_action(self, data: st.DataObject, owner: str | None, text: str) -> None:
        action = data.draw(st.sampled_from(self._actions()))
        self.history.do(save_item("action", action.id, {"owner": owner, "text": text}, None))

    @precondition(_has_actions)
    @rule(data=st.data(), owner=OWNERS)
    def change_owners(self, data: st.DataObject, owner: str | None) -> None:
        chosen = data.draw(st.lists(st.sampled_from(self._actions()), min_size=1, max_size=4, unique_by=lambda a: a.id))
        self.history.do(bulk_set("action", [a.id for a in chosen], {"owner": owner}))

    @rule(data=st.data(), text=WORDS)
    def new_action(self, data: st.DataObject, text: str) -> None:
        rec = data.draw(st.sampled_from(self._recommendations()))
        used = [a.position for a in Action.select().where(Action.recommendation == rec)]
        change, _created = create_item("action", {"position": max(used, default=0) + 1, "text": text}, rec.id)
        self.history.do(change)

    @rule(data=st.data())
    def new_recommendation(self, data: st.DataObject) -> None:
        rec = data.draw(st.sampled_from(self._recommendations()))
        numbers = [r.number for r in Recommendation.select().where(Recommendation.inspection == rec.inspection_id)]
        values = {"number": max(numbers) + 1, "text": "A new recommendation"}
        self.history.do(create_item("recommendation", values, rec.inspection_id)[0])

    @precondition(_has_actions)
    @rule(data=st.data())
    def delete_actions(self, data: st.DataObject) -> None:
        chosen = data.draw(st.lists(st.sampled_from(self._actions()), min_size=1, max_size=3, unique_by=lambda a: a.id))
        self.history.do(delete_items("action", [a.id for a in chosen]))

    @precondition(lambda self: Action.select().where(Action.deleted_at.is_null(False)).exists())
    @rule(data=st.data())
    def restore_action(self, data: st.DataObject) -> None:
        action = data.draw(st.sampled_from(self._actions(deleted=True)))
        self.history.do(restore_items("action", [action.id]))

    @precondition(_has_actions)
    @rule(data=st.data())
    def move(self, data: st.DataObject) -> None:
        action = data.draw(st.sampled_from(self._actions()))
        rec = data.draw(st.sampled_from(self._recommendations()))
        self.history.do(move_action(action.id, rec.id))

    @precondition(_has_actions)
    @rule(data=st.data(), text=WORDS, month=st.integers(1, 12))
    def progress(self, data: st.DataObject, text: str, month: int) -> None:
        action = data.draw(st.sampled_from(self._actions()))
        self.history.do(add_progress(action.id, PlanDate(2024, month, 1), text))

    @precondition(_has_actions)
    @rule(data=st.data())
    def links(self, data: st.DataObject) -> None:
        action = data.draw(st.sampled_from(self._actions()))
        targets = data.draw(st.lists(st.sampled_from(self._actions()), max_size=3, unique_by=lambda a: a.id))
        self.history.do(set_links(action.id, [t.id for t in targets if t.id != action.id]))

    @rule(data=st.data(), year=st.integers(2030, 2032))
    def revise(self, data: st.DataObject, year: int) -> None:
        rec = data.draw(st.sampled_from(self._recommendations()))
        self.history.do(revise_targets("recommendation", [rec.id], PlanDate(year, 6), "the force restructured"))

    @rule(text=WORDS, as_new=st.booleans())
    def import_plan(self, text: str, as_new: bool) -> None:
        plan: Plan = copy.deepcopy(example_plan())
        if as_new:
            plan.inspection = f"Imported {text.strip()}"
        for recommendation in plan.recommendations[:2]:
            recommendation.text = f"{recommendation.text} {text}"
            for action in recommendation.actions[:1]:
                action.progress = f"Imported progress {text}"
        change, _summary = plans_writer([plan])
        self.history.do(change)

    @precondition(lambda self: Recommendation.select().where(Recommendation.status != "closed").exists())
    @rule(data=st.data(), year=st.integers(2022, 2026), month=st.integers(3, 12))
    def close(self, data: st.DataObject, year: int, month: int) -> None:
        """Evidence proposing closure, then HMICS's response accepting it: closed after the file's As at date."""
        open_ones = [r for r in self._recommendations() if r.status != "closed"]
        rec = data.draw(st.sampled_from(open_ones))
        self.history.do(submit_evidence(rec.id, PlanDate(year, month, 1), "Evidence", True))
        evidence = EvidenceSubmission.select().where(EvidenceSubmission.recommendation == rec.id)
        latest = evidence.order_by(EvidenceSubmission.id.desc()).get()
        self.history.do(record_response(latest.id, PlanDate(year, month, 2), True, "Agreed", "What we did"))

    @rule()
    def import_the_published_file_twice(self) -> None:
        closures = {r.id: r.closed_on for r in self._recommendations() if r.status == "closed"}
        change, _summary = plans_writer(published_file())
        self.history.do(change)
        after = {r.id: (r.status, r.closed_on) for r in self._recommendations()}
        assert all(after[rec_id] == ("closed", day) for rec_id, day in closures.items())  # none reopened
        here = snapshot()
        again, summary = plans_writer(published_file())
        self.history.do(again)
        assert (summary.created_rows, summary.changes, summary.progress_added) == ([], [], 0)
        assert snapshot() == here

    @rule(refused=st.sampled_from(["row_history", "audit_entry", "progress_update"]), text=WORDS)
    def import_refused_at_its_end(self, refused: str, text: str) -> None:
        """A rule of the database refuses the step's rows (the history and audit are written last): nothing is kept.

        On a server they go without waiting, their refusal answered with the COMMIT; the undo list and
        the connection carry on as they were.
        """
        here, undo_stack = snapshot(), list(self.history.undo_stack)
        sql = database.sql()
        if sql.postgres:
            sql.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                        "$$ BEGIN RAISE EXCEPTION 'refused by the rule'; END $$")  # fmt: skip
            sql.execute(f"CREATE TRIGGER refuse BEFORE INSERT ON {refused} EXECUTE FUNCTION refuse()")
        else:
            raising = "SELECT RAISE(ABORT, 'refused by the rule')"
            sql.execute(f"CREATE TRIGGER refuse BEFORE INSERT ON {refused} BEGIN {raising}; END")
        try:
            plan: Plan = copy.deepcopy(example_plan())
            plan.recommendations[0].actions[0].progress = f"Refused progress {text}"
            change, _summary = plans_writer([plan])
            with pytest.raises((peewee.DatabaseError, sqlite3.DatabaseError), match="refused by the rule"):
                self.history.do(change)
        finally:
            sql.execute("DROP FUNCTION refuse() CASCADE" if sql.postgres else "DROP TRIGGER refuse")
        assert snapshot() == here and self.history.undo_stack == undo_stack

    # Undo and redo ---------------------------------------------------------------------------
    @rule()
    def undo_all_and_redo_all(self) -> None:
        here = snapshot()
        redo_stack = list(self.history.redo_stack)
        steps = len(self.history.undo_stack)
        while self.history.undo_stack:
            self.history.undo()
        assert snapshot() == self.start
        for _ in range(steps):
            self.history.redo()
        assert snapshot() == here
        assert self.history.redo_stack == redo_stack

    @invariant()
    def audit_matches_the_data(self) -> None:
        """The latest value the audit gives each field is the data's; a row gone was last audited as deleted."""
        if not hasattr(self, "history"):
            return
        latest: dict[tuple[str, int, str], str | None] = {}
        last_change: dict[tuple[str, int], str] = {}
        for entry in AuditEntry.select().order_by(AuditEntry.id):
            last_change[(entry.entity, entry.entity_id)] = entry.change
            if entry.change != "update" or entry.entity not in ("action", "recommendation", "inspection"):
                continue
            if entry.field not in ("links", "number"):
                latest[(entry.entity, entry.entity_id, entry.field)] = entry.new_value
        connection = database.sql()
        for (table, row_id, name), value in latest.items():
            row = connection.execute(f'SELECT "{name}" FROM "{table}" WHERE id = ?', (row_id,)).fetchone()
            if row is None:
                assert last_change[(table, row_id)] == "delete", (table, row_id)
            else:
                assert (None if row[0] is None else str(row[0])) == value, (table, row_id, name)


SETTINGS = settings(
    max_examples=25, stateful_step_count=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def test_edit_history(engine: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    run_machine(EditHistoryMachine, engine, request, monkeypatch, SETTINGS)


def test_sqlite_is_recent_enough_for_the_journal() -> None:
    assert sqlite3.sqlite_version_info >= (3, 38)  # json_object in triggers, -> and IS NOT on any type
