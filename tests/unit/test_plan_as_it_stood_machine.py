"""The plan as it stood, as a state machine: the committee's papers never change their past.

Random edits, imports of files dated before today, closures dated in the past, merges, moves,
deletes, undo and redo, with the clock moved forward day by day. After every step:

- each paper as at each earlier day, as known on that day, is the paper made on that day;
- and so is the paper as at that day as known now, unless the paper says what was recorded
  after that day (a closure dated then, typed later);
- no import changes a field whose value took effect, or became known, after its file's date (a
  file dated after today speaks for the latest date it shows);
- the history, folded from its first entry, gives back every row as it stands, and the plan as
  at any day read by ``as_of`` is the plan that fold gives for that day.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    precondition,
    rule,
)
from machines_on_engines import run_machine
from undo_rules import UndoAndRedo

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.file_dates import file_date
from hmics_desktop.domain.plan import Plan
from hmics_desktop.domain.reimport_rules import Since
from hmics_desktop.services.dashboard import COLUMNS
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.services.inspection_edits import merge_inspections
from hmics_desktop.services.item_edits import create_item, delete_items, move_action, restore_items, save_item
from hmics_desktop.services.papers.files import PaperError, build_paper
from hmics_desktop.services.papers.spec import PaperKind, PaperSpec
from hmics_desktop.services.plan_edits import add_progress, revise_targets
from hmics_desktop.services.plans import example_plan, plans_writer
from hmics_desktop.storage import history
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.field_times import field_times
from hmics_desktop.storage.journal import DERIVED, TRACKED
from hmics_desktop.storage.models import Action, Inspection, Recommendation, database
from hmics_desktop.storage.plan_reader import plan_from_state
from hmics_desktop.storage.steps import record_step

WORDS = st.text(alphabet="abcdefgh ", min_size=1, max_size=10).filter(str.strip)
START = date(2024, 3, 4)


def current_rows() -> dict[str, dict[int, dict]]:
    found = {}
    for table in TRACKED:
        cursor = database.sql().execute(f'SELECT * FROM "{table}"')
        names = [column[0] for column in cursor.description]
        found[table] = {}
        for values in cursor.fetchall():
            row = {n: (int(v) if isinstance(v, bool) else v) for n, v in zip(names, values, strict=True)}
            found[table][row["id"]] = {n: v for n, v in row.items() if n not in DERIVED}
    return found


def folded(day: date | None = None, known_on: date | None = None) -> dict[str, dict[int, dict]]:
    """The plan the history gives, folded from its first entry (independently of ``as_of``)."""
    found: dict[str, dict[int, dict]] = {table: {} for table in TRACKED}
    query = 'SELECT tbl, row_id, effective_on, recorded_at, kind, new FROM "row_history" ORDER BY id'
    for table, row_id, on, at, kind, new in database.sql().execute(query).fetchall():
        if (day is not None and on > day.isoformat()) or (known_on is not None and at[:10] > known_on.isoformat()):
            continue
        rows = found[table]
        if kind == "create":
            rows[row_id] = {k: (int(v) if isinstance(v, bool) else v) for k, v in json.loads(new).items()}
        elif kind == "update" and row_id in rows:
            rows[row_id].update(json.loads(new))
        elif kind == "delete":
            rows.pop(row_id, None)
    return found


class PlanAsItStood(UndoAndRedo):
    location: Callable[[Path], Path | str] = staticmethod(lambda folder: folder / "plans.sqlite")

    @initialize(days=st.integers(0, 30))
    def open_plan(self, days: int) -> None:
        self.today = START + timedelta(days=days)
        self.clock = clock.set_clock(lambda: datetime.combine(self.today, time(12)))
        self.clock.__enter__()
        self.folder = Path(tempfile.mkdtemp())
        open_database(self.location(self.folder))
        self.history = EditHistory()
        change, _summary = plans_writer([example_plan()])
        record_step(change.description, change.apply, change.when)  # not on the undo list: the plan stays
        self.papers: dict[date, dict[str, str]] = {}
        self.make_papers()

    def teardown(self) -> None:
        if hasattr(self, "history"):
            close_database()
            shutil.rmtree(self.folder, ignore_errors=True)
            self.clock.__exit__(None, None, None)

    # Papers ----------------------------------------------------------------------------------
    def papers_for(self, day: date, known_on: date | None, ids: list[int]) -> dict[str, str]:
        """The update paper over ``ids`` and the progress paper of the first, as at ``day`` (known on ``known_on``)."""
        if not ids:
            return {}
        spec = PaperSpec(kind=PaperKind.UPDATE, meeting_on=day, as_at=day, since=day - timedelta(days=30))
        spec.inspection_ids = ids
        progress = PaperSpec(kind=PaperKind.PROGRESS, meeting_on=day, as_at=day)
        progress.inspection_ids = ids[:1]
        return {"update": repr(build_paper(spec, known_on)), "progress": repr(build_paper(progress, known_on))}

    def make_papers(self) -> None:
        """The papers made today (as a secretary keeps them: with the inspections they cover)."""
        with database.snapshot():
            state = history.as_of(database.sql(), self.today, tables=("inspection",))
        ids = sorted(i for i, row in state.rows["inspection"].items() if not row["deleted_at"])
        self.papers[self.today] = (ids, self.papers_for(self.today, None, ids))

    def do(self, make: Callable[[], Change]) -> None:
        """Make and do a change; one a rule refuses (closing without the impact written) is simply not made."""
        try:
            change = make()
        except ValidationError:
            return
        self.history.do(change)

    # Time ------------------------------------------------------------------------------------
    @rule(days=st.integers(1, 40))
    def days_pass(self, days: int) -> None:
        self.today += timedelta(days=days)

    # Edits -----------------------------------------------------------------------------------
    def _recommendations(self) -> list[Recommendation]:
        return list(Recommendation.select().where(Recommendation.deleted_at.is_null()).order_by(Recommendation.id))

    def _actions(self, deleted: bool = False) -> list[Action]:
        return list(Action.select().where(Action.deleted_at.is_null(not deleted)).order_by(Action.id))

    @rule(data=st.data(), text=WORDS, year=st.integers(2023, 2026), month=st.integers(1, 12))
    def edit_recommendation(self, data: st.DataObject, text: str, year: int, month: int) -> None:
        rec = data.draw(st.sampled_from(self._recommendations()))
        field = data.draw(st.sampled_from(["text", "position", "owner", "initial_target"]))
        value = PlanDate(year, month) if field == "initial_target" else text
        self.do(lambda: save_item("recommendation", rec.id, {field: value}, None))

    @precondition(lambda self: Action.select().where(Action.deleted_at.is_null()).exists())
    @rule(data=st.data(), text=WORDS)
    def edit_action(self, data: st.DataObject, text: str) -> None:
        action = data.draw(st.sampled_from(self._actions()))
        field = data.draw(st.sampled_from(["text", "next_steps", "owner", "status"]))
        value = data.draw(st.sampled_from(["complete", "in_progress"])) if field == "status" else text
        self.do(lambda: save_item("action", action.id, {field: value}, None))

    @rule(data=st.data(), text=WORDS)
    def rename_inspection(self, data: st.DataObject, text: str) -> None:
        inspection = data.draw(st.sampled_from(list(Inspection.select().where(Inspection.deleted_at.is_null()))))
        title = f"{inspection.title.split(' ~')[0]} ~{text.strip()}"
        if not Inspection.select().where(Inspection.title == title).exists():
            self.do(lambda: save_item("inspection", inspection.id, {"title": title}, None))

    @rule(data=st.data(), text=WORDS)
    def new_action(self, data: st.DataObject, text: str) -> None:
        rec = data.draw(st.sampled_from(self._recommendations()))
        used = [a.position for a in Action.select().where(Action.recommendation == rec)]
        self.do(lambda: create_item("action", {"position": max(used, default=0) + 1, "text": text}, rec.id)[0])

    @rule(data=st.data())
    def new_recommendation(self, data: st.DataObject) -> None:
        rec = data.draw(st.sampled_from(self._recommendations()))
        numbers = [r.number for r in Recommendation.select().where(Recommendation.inspection == rec.inspection_id)]
        values = {"number": max(numbers) + 1, "text": "A new recommendation", "initial_target": PlanDate(2024, 9)}
        self.do(lambda: create_item("recommendation", values, rec.inspection_id)[0])

    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        kind = data.draw(st.sampled_from(["action", "recommendation"]))
        items = self._actions() if kind == "action" else self._recommendations()
        if len(items) > 1:
            self.do(lambda: delete_items(kind, [data.draw(st.sampled_from(items)).id]))

    @precondition(lambda self: Action.select().where(Action.deleted_at.is_null(False)).exists())
    @rule(data=st.data())
    def restore(self, data: st.DataObject) -> None:
        self.do(lambda: restore_items("action", [data.draw(st.sampled_from(self._actions(deleted=True))).id]))

    @precondition(lambda self: Action.select().where(Action.deleted_at.is_null()).exists())
    @rule(data=st.data())
    def move(self, data: st.DataObject) -> None:
        action = data.draw(st.sampled_from(self._actions()))
        self.do(lambda: move_action(action.id, data.draw(st.sampled_from(self._recommendations())).id))

    @precondition(lambda self: Action.select().where(Action.deleted_at.is_null()).exists())
    @rule(data=st.data(), text=WORDS, back=st.integers(0, 60))
    def progress(self, data: st.DataObject, text: str, back: int) -> None:
        action = data.draw(st.sampled_from(self._actions()))
        self.do(lambda: add_progress(action.id, PlanDate.from_date(self.today - timedelta(days=back)), text))

    @rule(data=st.data(), back=st.integers(0, 50), close=st.booleans())
    def closure(self, data: st.DataObject, back: int, close: bool) -> None:
        """Closed on a day up to 50 days ago (typed today), or reopened."""
        rec = data.draw(st.sampled_from(self._recommendations()))
        values = {"status": "closed", "closed_on": PlanDate.from_date(self.today - timedelta(days=back)),
                  "impact": "What we did"} if close else {"status": "open", "closed_on": None}  # fmt: skip
        self.do(lambda: save_item("recommendation", rec.id, values, None))

    @rule(data=st.data(), year=st.integers(2030, 2032))
    def revise(self, data: st.DataObject, year: int) -> None:
        rec = data.draw(st.sampled_from(self._recommendations()))
        self.do(lambda: revise_targets("recommendation", [rec.id], PlanDate(year, 6), "resourcing"))

    @rule(text=WORDS, back=st.integers(-30, 90), as_new=st.booleans())
    def import_a_file(self, text: str, back: int, as_new: bool) -> None:
        """A file as at a day up to 90 days ago, or wrongly up to 30 ahead: the plan as it stood, some of it changed."""
        day = min(self.today - timedelta(days=back), self.today)
        inspection = Inspection.select().where(Inspection.deleted_at.is_null()).order_by(Inspection.id).first()
        with database.snapshot():
            state = history.as_of(database.sql(), day, inspection_ids=[inspection.id])
        if inspection.id in state.rows["inspection"]:
            plan = plan_from_state(state, inspection.id)
        else:
            plan = copy.deepcopy(example_plan())
        plan.as_at = (self.today - timedelta(days=back)).isoformat()
        if as_new:
            plan.inspection = f"Imported {text.strip()}"
        for recommendation in plan.recommendations[:2]:
            recommendation.text = f"{recommendation.text} {text}"
            recommendation.owner = text
            for action in recommendation.actions[:2]:
                action.progress, action.progress_on = f"Progress {text}", None
                action.next_steps, action.owner = f"Next {text}", text
        self.imported = plan
        self._import(plan)

    @precondition(lambda self: hasattr(self, "imported"))
    @rule()
    def import_the_same_file_again(self) -> None:
        """The last file again (after an undo of it, a merge, a deletion…): it lands, and takes nothing back."""
        self._import(self.imported)

    def _import(self, plan: Plan) -> None:
        day = file_date(plan, None, self.today).day  # after today: the latest date the file shows
        before = self._field_days_and_values()
        change, _summary = plans_writer([plan])
        self.history.do(change)
        after = self._field_days_and_values()
        for key, (on, value) in before.items():
            if on is not None and on.after(day):
                assert after[key][1] == value, (key, on, day)  # no import changes a field changed after its file

    def _field_days_and_values(self) -> dict[tuple[str, int, str], tuple[Since | None, object]]:
        found = {}
        rows = current_rows()
        for table in ("inspection", "recommendation", "action"):
            days = field_times(database.sql(), table, list(rows[table]))
            for row_id, row in rows[table].items():
                for name, value in row.items():
                    found[(table, row_id, name)] = (days.get(row_id, {}).get(name), value)
        return found

    @precondition(lambda self: Inspection.select().where(Inspection.deleted_at.is_null()).count() > 1)
    @rule()
    def merge(self) -> None:
        first, second = list(Inspection.select().where(Inspection.deleted_at.is_null()).order_by(Inspection.id))[:2]
        try:
            change = merge_inspections(second.id, first.id)
        except Exception:  # numbers in both: refused before anything is written
            return
        self.history.do(change)

    # What must hold --------------------------------------------------------------------------
    @invariant()
    def papers_of_earlier_days_stand(self) -> None:
        if not hasattr(self, "history"):
            return
        self.make_papers()
        for day in sorted(self.papers)[-3:-1]:
            ids, made = self.papers[day]
            assert self.papers_for(day, day, ids) == made, day
            try:
                now = self.papers_for(day, None, ids)
            except PaperError:  # every inspection it covered was taken out since: said in one sentence
                continue
            for kind, paper in now.items():  # the paper changes only when something was recorded later, and says so
                if paper != made.get(kind):
                    assert "it includes what was recorded later" in paper, (day, kind)

    @invariant()
    def the_history_gives_back_the_plan(self) -> None:
        if not hasattr(self, "history"):
            return
        assert folded() == current_rows()
        for day in (START, self.today - timedelta(days=20), self.today):
            with database.snapshot():
                read = history.as_of(database.sql(), day).rows
                latest = history.as_of(database.sql(), day, latest_progress=True).rows["progress_update"]
                named = history.as_of(database.sql(), day, latest_progress=True, columns=NAMED).rows
            assert read == folded(day), day
            with database.snapshot():  # and as known on a day (a paper as it was made): only what was recorded by then
                for known_on in (day, day + timedelta(days=10)):
                    assert history.as_of(database.sql(), day, known_on).rows == folded(day, known_on), (day, known_on)
            assert_named_columns_of(named, {**read, "progress_update": latest})
            newest: dict[int, dict] = {}
            for update in read["progress_update"].values():
                if update["deleted_at"] is None and update["as_at"] <= day.isoformat():
                    kept = newest.get(update["action_id"])
                    if kept is None or (update["as_at"], update["id"]) > (kept["as_at"], kept["id"]):
                        newest[update["action_id"]] = update
            assert latest == {u["id"]: u for u in newest.values()}, day

    @invariant()
    def walking_the_days_gives_each_days_plan(self) -> None:
        """``as_of_days`` is ``as_of`` of each day: on every day a change took effect, the day before, and today."""
        if not hasattr(self, "history"):
            return
        with database.snapshot():
            sql = database.sql()
            changed = {date.fromisoformat(on) for (on,) in sql.execute('SELECT effective_on FROM "row_history"')}
            days = sorted({self.today, *changed, *(d - timedelta(days=1) for d in changed)})
            first = min(i.id for i in Inspection.select(Inspection.id))
            for known_on, scope in ((None, None), (self.today - timedelta(days=15), [first])):
                walked = [s.rows for s in history.as_of_days(sql, days, known_on, inspection_ids=scope)]
                assert walked == [history.as_of(sql, d, known_on, inspection_ids=scope).rows for d in days]
                named = history.as_of_days(sql, days, known_on, inspection_ids=scope, columns=NAMED)
                for rows, whole in zip((s.rows for s in named), walked, strict=True):
                    assert_named_columns_of(rows, whole)


# Some columns of some tables, as the dashboard reads them (the other tables whole).
NAMED = {**COLUMNS, "progress_update": ("text",)}


def assert_named_columns_of(named: dict[str, dict[int, dict]], whole: dict[str, dict[int, dict]]) -> None:
    """The plan read for some columns is the whole plan's rows, each with those columns (and what ``as_of`` adds)."""
    assert named.keys() == whole.keys()
    for table, rows in named.items():
        assert rows.keys() == whole[table].keys(), table
        for row_id, row in rows.items():
            assert row.items() <= whole[table][row_id].items(), (table, row_id)
            assert {"id", *NAMED.get(table, whole[table][row_id])} <= row.keys(), (table, row_id)


SETTINGS = settings(max_examples=15, stateful_step_count=12, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


# Each step is checked against the plan of every day so far: on a server under load (CI beside CPU burners)
# the whole run has taken over five minutes (170 s on a loaded machine), so its limit is its own, not a hang's.
@pytest.mark.timeout(900)
def test_the_plan_as_it_stood(engine: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    run_machine(PlanAsItStood, engine, request, monkeypatch, SETTINGS)
