"""Re-imports over later work, as a state machine: files older and newer than the work since, in any order.

Files of one plan dated before or after each other (one wrongly after today), imported again, undone
and redone, between hand edits typed on the day (an owner, a closure dated days back, a deletion, a
restore) with the clock moving forward. After every import:

- no field changed whose value took effect, or became known, after the file's day (a deletion is a
  field too: never undone by an older file);
- the same file imported again at once changes nothing and creates nothing, and says so;
- a value a newer file (not undone) set stays when an older file comes, whatever was done and
  undone between (an owner or next steps set back by a file of the day of the edit it took back).
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
from hypothesis.stateful import initialize, precondition, rule
from machines_on_engines import run_machine
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
Key = tuple[str, str]  # an item's number and a field: ("2.1", "owner")
FILE_DAYS = st.integers(-60, 20)  # a file's day from today's: up to 60 days back, or wrongly up to 20 ahead


@st.composite
def plans(draw: st.DrawFn, today: date, back: st.SearchStrategy[int] = FILE_DAYS) -> Plan:
    """The plan as a file gives it, as at a day up to 60 days back (or wrongly up to 20 ahead)."""
    day = today + timedelta(days=draw(back))
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
        self.files: list[tuple[object, date, dict[Key, str]]] = []  # each import's step, its file's day, what it set

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

    @rule(data=st.data())
    def import_a_file_of_today(self, data: st.DataObject) -> None:
        """A file of the day the work is typed: what it says is the plan's word of that day."""
        self.imported = data.draw(plans(self.today, st.just(0)))
        self._import(self.imported)

    @precondition(lambda self: self.imported is not None)
    @rule()
    def import_the_same_file_again(self) -> None:
        assert self.imported is not None
        self._import(self.imported)

    def _import(self, plan: Plan) -> None:
        day = file_date(plan, None, self.today).day
        before, said = self._values(), self._said_after(day)
        owners_before = _owners()
        change, _summary = plans_writer([plan])
        self.history.do(change)
        for key, (since, value) in before.items():
            if since is not None and since.after(day):
                assert self._values()[key][1] == value, (key, since, day)  # later work is never taken back
        owners_after = _owners()
        for key, word in said.items():
            if owners_before.get(key) == word:
                assert owners_after.get(key) == word, (key, word, day)  # a newer file's word stays
        set_here = {key: word for key, word in owners_after.items() if word and owners_before.get(key, word) != word}
        self.files.append((self.history.undo_stack[-1], day, set_here))
        again = write_plans([plan], dry_run=True)
        assert (again.created_rows, again.changes, again.line()) == ([], [], "nothing to create or change")

    def _said_after(self, day: date) -> dict[Key, str]:
        """What the newest imports of files after ``day`` that stand set of each owner and next steps.

        (A file that says again what is on record records nothing, nor does an item it brings back:
        only what it changed counts.)
        """
        standing = self.history.undo_stack
        said: dict[Key, str] = {}
        for _on, set_here in sorted(
            ((on, set_here) for step, on, set_here in self.files if on > day and any(step is s for s in standing)),
            key=lambda file: file[0],
        ):
            said.update(set_here)
        return said

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


def _owners() -> dict[Key, str]:
    """The owner of each recommendation and action standing, and each action's next steps, by number."""
    found = {}
    for rec in Recommendation.select().where(Recommendation.deleted_at.is_null()):
        found[(str(rec.number), "owner")] = rec.owner or ""
    for action in Action.select(Action, Recommendation).join(Recommendation).where(Action.deleted_at.is_null()):
        number = f"{action.recommendation.number}.{action.position}"
        found[(number, "owner")], found[(number, "next_steps")] = action.owner or "", action.next_steps or ""
    return found


SETTINGS = settings(max_examples=20, stateful_step_count=12, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


def test_reimports_never_take_later_work_back(
    engine: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_machine(ReimportOverLaterWork, engine, request, monkeypatch, SETTINGS)
