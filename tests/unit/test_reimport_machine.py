"""Re-imports over later work, as a state machine: files older and newer than the work since, in any order.

Files of one plan dated before or after each other (one wrongly after today), imported again, undone
and redone, between hand edits typed on the day (an owner, a closure dated days back, a deletion, a
restore) with the clock moving forward. After every import:

- no field changed whose value took effect, or became known, after the file's day (a deletion is a
  field too: never undone by an older file);
- the same file imported again at once changes nothing and creates nothing, and says so.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, precondition, rule, run_state_machine_as_test
from test_plan_as_it_stood_machine import current_rows
from undo_rules import UndoAndRedo

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.file_dates import file_date
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.services.item_edits import delete_items, restore_items, save_item
from hmics_desktop.services.plans import plans_writer, write_plans
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.field_times import field_times
from hmics_desktop.storage.models import Action, Recommendation, database

START = date(2024, 3, 4)
OWNERS = st.sampled_from(["LTD", "COS", "FMOR"])
NEXT_STEPS = st.sampled_from([None, "", "Report to the SPA", "Train staff"])


@st.composite
def plans(draw: st.DrawFn, today: date) -> Plan:
    """The plan as a file gives it, as at a day up to 60 days back (or wrongly up to 20 ahead)."""
    day = today + timedelta(days=draw(st.integers(-60, 20)))
    recommendations = []
    for number in (1, 2):
        closed = draw(st.booleans())
        closed_on = (day - timedelta(days=draw(st.integers(0, 30)))).isoformat() if closed else None
        actions = [
            PlanAction(f"{number}.{position}", f"Action {number}.{position}", owner=draw(OWNERS),
                       status=draw(st.sampled_from(["in_progress", "complete"])), next_steps=draw(NEXT_STEPS),
                       progress=f"Progress as at {day}", progress_on=day.isoformat())
            for position in (1, 2)
        ]  # fmt: skip
        recommendations.append(PlanRecommendation(number, f"Recommendation {number}", owner=draw(OWNERS),
                                                  status="closed" if closed else "open", closed_on=closed_on,
                                                  impact="What we did", actions=actions))  # fmt: skip
    return Plan("Hate Crime 2021", "HMICS", as_at=day.isoformat(), recommendations=recommendations)


class ReimportOverLaterWork(UndoAndRedo):
    location: Callable[[Path], Path | str] = staticmethod(lambda folder: folder / "plans.sqlite")

    @initialize()
    def open_plan(self) -> None:
        self.today = START
        self.clock = clock.set_clock(lambda: datetime.combine(self.today, time(12)))
        self.clock.__enter__()
        self.folder = Path(tempfile.mkdtemp())
        open_database(self.location(self.folder))
        self.history = EditHistory()
        self.imported: Plan | None = None

    def teardown(self) -> None:
        if hasattr(self, "history"):
            close_database()
            shutil.rmtree(self.folder, ignore_errors=True)
            self.clock.__exit__(None, None, None)

    def do(self, make: Callable[[], Change]) -> None:
        try:
            change = make()
        except ValidationError:  # a rule refuses it (a closure without its impact): not made
            return
        self.history.do(change)

    @rule(days=st.integers(1, 20))
    def days_pass(self, days: int) -> None:
        self.today += timedelta(days=days)

    # Files ------------------------------------------------------------------------------------
    @rule(data=st.data())
    def import_a_file(self, data: st.DataObject) -> None:
        self.imported = data.draw(plans(self.today))
        self._import(self.imported)

    @precondition(lambda self: self.imported is not None)
    @rule()
    def import_the_same_file_again(self) -> None:
        assert self.imported is not None
        self._import(self.imported)

    def _import(self, plan: Plan) -> None:
        day = file_date(plan, None, self.today).day
        before = self._values()
        change, _summary = plans_writer([plan])
        self.history.do(change)
        for key, (since, value) in before.items():
            if since is not None and since.after(day):
                assert self._values()[key][1] == value, (key, since, day)  # later work is never taken back
        again = write_plans([plan], dry_run=True)
        assert (again.created_rows, again.changes, again.line()) == ([], [], "nothing to create or change")

    def _values(self) -> dict[tuple[str, int, str], tuple[object, object]]:
        found = {}
        rows = current_rows()
        for table in ("inspection", "recommendation", "action"):
            times = field_times(database.sql(), table, list(rows[table]))
            for row_id, row in rows[table].items():
                for name, value in row.items():
                    found[(table, row_id, name)] = (times.get(row_id, {}).get(name), value)
        return found

    # Work typed in by hand ---------------------------------------------------------------------
    @precondition(lambda self: Action.select().where(Action.deleted_at.is_null()).exists())
    @rule(data=st.data(), owner=OWNERS, next_steps=NEXT_STEPS)
    def edit_an_action(self, data: st.DataObject, owner: str, next_steps: str | None) -> None:
        action = data.draw(st.sampled_from(list(Action.select().where(Action.deleted_at.is_null()))))
        self.do(lambda: save_item("action", action.id, {"owner": owner, "next_steps": next_steps}, None))

    @precondition(lambda self: Recommendation.select().exists())
    @rule(data=st.data(), back=st.integers(0, 40), close=st.booleans())
    def closure(self, data: st.DataObject, back: int, close: bool) -> None:
        """Closed on a day up to 40 days back, typed today; or reopened."""
        rec = data.draw(st.sampled_from(list(Recommendation.select())))
        closed_on = PlanDate.from_date(self.today - timedelta(days=back))
        reopened = {"status": "open", "closed_on": None}
        values = {"status": "closed", "closed_on": closed_on, "impact": "Done"} if close else reopened
        self.do(lambda: save_item("recommendation", rec.id, values, None))

    @precondition(lambda self: Action.select().exists())
    @rule(data=st.data(), delete=st.booleans())
    def delete_or_restore(self, data: st.DataObject, delete: bool) -> None:
        actions = list(Action.select().where(Action.deleted_at.is_null(delete)))
        if actions:
            action = data.draw(st.sampled_from(actions))
            self.do(lambda: (delete_items if delete else restore_items)("action", [action.id]))


SETTINGS = settings(max_examples=20, stateful_step_count=12, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


def test_reimports_never_take_later_work_back(
    engine: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine == "postgresql":
        server = request.getfixturevalue("postgres_server")
        monkeypatch.setattr(ReimportOverLaterWork, "location", staticmethod(lambda folder: server.fresh_database()))
    run_state_machine_as_test(ReimportOverLaterWork, settings=SETTINGS)
