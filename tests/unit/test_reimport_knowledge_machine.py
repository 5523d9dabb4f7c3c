"""What an older file keeps, as a state machine: each value is as new as what made it known, undone steps aside.

Files of one plan with different As at dates, hand edits (an owner, next steps) on the day, undo
and redo, with the clock moving forward. A model keeps, for each owner and next steps, what made
its value known (a file's import, a hand edit, a file that said the same again), step by step: an
undo takes its step's out, a redo puts them back (a hand edit redone is known from the redo). A file
that changes nothing but says again what is held is a step on the undo list all the same, named so,
and its undo takes back only its confirmations (the same file imported twice, then Ctrl+Z). The
rule, after any sequence: an import of a file keeps every field whose value took effect or became
known (by an edit not undone, by a file not undone, or a file's confirmation not undone) after the
file's date, and takes every other. After every step the history gives each field the time the
model gives.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule
from machines_on_engines import run_machine
from undo_rules import UndoAndRedo

from hmics_desktop.domain import clock
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.services.edit_history import KEEP, EditHistory
from hmics_desktop.services.item_edits import save_item
from hmics_desktop.services.plans import plans_writer
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.field_times import field_times
from hmics_desktop.storage.models import Action, Inspection, Recommendation, database

START = date(2024, 3, 4)
OWNERS = st.sampled_from(["LTD", "COS", "FMOR"])
NEXT_STEPS = st.sampled_from(["Report to the SPA", "Train staff"])
Key = tuple[str, str]  # an item's number and a field: ("1.1", "owner")
KEYS: list[Key] = [("1", "owner"), ("1.1", "owner"), ("1.1", "next_steps"), ("1.2", "owner"), ("1.2", "next_steps")]


@dataclass(frozen=True)
class Known:
    """What made a field's value known: a step's set (a file's or a hand edit's) or a file's confirmation."""

    step: object  # the Step on the undo list
    value: str | None
    took_effect: date
    known: date
    from_file: bool
    confirms: bool = False


def held_since(events: list[Known]) -> tuple[date, date] | None:
    """When the value held took effect and became known: the last set's days, a later confirmation's known."""
    runs: list[Known] = []
    for event in events:
        if event.confirms:
            if runs and event.known > runs[-1].known:
                runs[-1] = replace(runs[-1], known=event.known)
            continue
        if runs and event.value == runs[-1].value:
            continue
        by_hand = not event.from_file and not runs[-1].from_file if runs else False
        if by_hand and len(runs) > 1 and event.value == runs[-2].value and runs[-1].took_effect == event.took_effect:
            runs.pop()  # a slip put right by hand the same day
            continue
        runs.append(event)
    return (runs[-1].took_effect, runs[-1].known) if runs else None


@st.composite
def files(draw: st.DrawFn, today: date) -> tuple[Plan, dict[Key, str]]:
    """A file of the plan as at a day up to 60 days back (or today), and what it says of each field."""
    day = today - timedelta(days=draw(st.sampled_from([0, 1, 5, 20, 60])))
    says = {key: draw(OWNERS if key[1] == "owner" else NEXT_STEPS) for key in KEYS}
    actions = [
        PlanAction(number, f"Action {number}", owner=says[(number, "owner")], status="in_progress",
                   next_steps=says[(number, "next_steps")])
        for number in ("1.1", "1.2")
    ]  # fmt: skip
    recommendation = PlanRecommendation(1, "Recommendation 1", owner=says[("1", "owner")], actions=actions)
    return Plan("Hate Crime 2021", "HMICS", as_at=day.isoformat(), recommendations=[recommendation]), says


class KnowledgeOfFiles(UndoAndRedo):
    location: Callable[[Path], Path | str] = staticmethod(lambda folder: folder / "plans.sqlite")

    @initialize()
    def open_plan(self) -> None:
        self.today = START
        self.clock = clock.set_clock(lambda: datetime.combine(self.today, time(12)))
        self.clock.__enter__()
        self.folder = Path(tempfile.mkdtemp())
        open_database(self.location(self.folder))
        self.history = EditHistory()
        self.events: dict[Key, list[Known]] = {}
        self.undone: dict[int, list[tuple[Key, Known]]] = {}  # each undone step's events (by id of the step)
        self.imported: tuple[Plan, dict[Key, str]] | None = None

    def teardown(self) -> None:
        if hasattr(self, "history"):
            close_database()
            shutil.rmtree(self.folder, ignore_errors=True)
            self.clock.__exit__(None, None, None)

    @rule(days=st.integers(1, 20))
    def days_pass(self, days: int) -> None:
        self.today += timedelta(days=days)

    @rule(data=st.data())
    def import_a_file(self, data: st.DataObject) -> None:
        self.imported = data.draw(files(self.today))
        self._import(*self.imported)

    @precondition(lambda self: self.imported is not None)
    @rule()
    def import_the_same_file_again(self) -> None:
        """The file imported last, again: as a rule it changes nothing, and only confirms."""
        assert self.imported is not None
        self._import(*self.imported)

    def _import(self, plan: Plan, says: dict[Key, str]) -> None:
        day = date.fromisoformat(str(plan.as_at))
        steps_before = list(self.history.undo_stack)
        expected = {}
        made: list[tuple[Key, Known]] = []
        for key, word in says.items():
            events = self.events.get(key, [])
            value = _value(events)
            since = held_since(events)
            if since is None:  # not on record: the file makes it
                expected[key], event = word, Known(None, word, day, day, True)
            elif value == word:  # said again: known from the file's day too
                expected[key], event = word, Known(None, word, day, day, True, confirms=True)
            elif max(since) > day:  # took effect or became known after the file: kept
                expected[key], event = value, None
            else:
                expected[key], event = word, Known(None, word, day, day, True)
            if event is not None:
                made.append((key, event))
        change, _summary = plans_writer([plan])
        self.history.do(change)
        assert _fields() == expected, (day, self.events)
        assert Action.select().count() == 2
        done = self.history.last_done
        assert done is not None and self.history.undo_stack == [*steps_before, done][-KEEP:]  # a step, always
        if not done.changes:  # it only confirmed: named for it, as the Edit menu shows it
            values = done.confirmed.values()
            assert values >= len(says), done.confirmed  # what the file says of each field it gives, at least
            assert done.description == (
                f"import of Hate Crime 2021 (as at {day:%d/%m/%Y}): nothing changed, {values} values confirmed"
            )
        for key, event in made:
            self.events.setdefault(key, []).append(replace(event, step=done))

    @precondition(lambda self: Action.select().exists())
    @rule(data=st.data())
    def edit_by_hand(self, data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(KEYS))
        value = data.draw(OWNERS if key[1] == "owner" else NEXT_STEPS)
        if _fields()[key] == value:
            return
        table, row_id = _row(key[0])
        self.history.do(save_item(table, row_id, {key[1]: value}, None))
        self.events.setdefault(key, []).append(Known(self.history.last_done, value, self.today, self.today, False))

    @precondition(lambda self: self.history.undo_stack)
    @rule()
    def undo(self) -> None:
        step = self.history.undo_stack[-1]
        self.history.undo()
        taken = []
        for key, events in self.events.items():  # exactly its step's go (every later step is undone first)
            taken += [(key, event) for event in events if event.step is step]
            events[:] = [event for event in events if event.step is not step]
        self.undone[id(step)] = taken

    @precondition(lambda self: self.history.redo_stack)
    @rule()
    def redo(self) -> None:
        step = self.history.redo_stack[-1]
        self.history.redo()
        for key, event in self.undone.pop(id(step)):  # a hand edit redone is known from the redo
            self.events.setdefault(key, []).append(event if event.from_file else replace(event, known=self.today))

    @invariant()
    def the_history_gives_each_field_the_model_s_times(self) -> None:
        if not hasattr(self, "history"):
            return
        standing = {key: since for key, events in self.events.items() if (since := held_since(events)) is not None}
        assert _times() == standing


def _value(events: list[Known]) -> str | None:
    sets = [event for event in events if not event.confirms]
    return sets[-1].value if sets else None


def _row(number: str) -> tuple[str, int]:
    if "." not in number:
        return "recommendation", Recommendation.get(Recommendation.number == number).id
    rec, position = number.split(".")
    action = Action.select().join(Recommendation).where(Recommendation.number == rec, Action.position == position)
    return "action", action.get().id


def _fields() -> dict[Key, str | None]:
    found: dict[Key, str | None] = {}
    for rec in Recommendation.select():
        found[(str(rec.number), "owner")] = rec.owner
    for action in Action.select(Action, Recommendation).join(Recommendation):
        number = f"{action.recommendation.number}.{action.position}"
        found[(number, "owner")], found[(number, "next_steps")] = action.owner, action.next_steps
    return found


def _times() -> dict[Key, tuple[date, date]]:
    found = {}
    if not Action.select().exists():
        return {}
    for number in ("1", "1.1", "1.2"):
        table, row_id = _row(number)
        times = field_times(database.sql(), table, [row_id])[row_id]
        for key in KEYS:
            if key[0] == number:
                found[key] = (times[key[1]].took_effect, times[key[1]].known)
    return found


SETTINGS = settings(max_examples=40, stateful_step_count=16, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


def test_an_older_file_keeps_exactly_what_became_known_after_it(
    engine: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_machine(KnowledgeOfFiles, engine, request, monkeypatch, SETTINGS)


def _linked_plan(day: str, links: list[str], owner: str = "LTD") -> Plan:
    actions = [PlanAction("1.1", "Action 1.1", links=links, owner=owner, status="in_progress"),
               PlanAction("1.2", "Action 1.2", owner="LTD", status="in_progress")]  # fmt: skip
    recommendation = PlanRecommendation(1, "Recommendation 1", actions=actions)
    return Plan("Hate Crime 2021", "HMICS", as_at=day, recommendations=[recommendation])


def _links() -> int:
    return int(database.sql().execute('SELECT count(*) FROM "action_link"').fetchone()[0])


def test_links_a_newer_file_said_again_stay_and_an_undone_file_s_do_not(plan_db) -> None:
    with clock.set_clock(lambda: datetime(2025, 8, 1, 12)):
        history = EditHistory()
        history.do(plans_writer([_linked_plan("2025-01-01", ["1.2"])])[0])
        history.do(plans_writer([_linked_plan("2025-06-30", ["1.2"])])[0])  # says the link again: confirmed
        history.do(plans_writer([_linked_plan("2025-03-31", [])])[0])
        assert _links() == 1  # the file of 30/06 said it: an older file does not take it away

        history.do(plans_writer([_linked_plan("2025-07-15", [], owner="COS")])[0])  # takes the link away ...
        assert _links() == 0
        history.undo()  # ... undone: as if never imported
        change, summary = plans_writer([_linked_plan("2025-07-01", [], owner="FMOR")])
        history.do(change)
        assert _links() == 0 and Action.get(Action.position == 1).owner == "FMOR", summary.warnings


def _said(day: str, owner: str, next_steps: str, links: list[str]) -> Plan:
    plan = _linked_plan(day, links, owner)
    plan.recommendations[0].actions[0] = replace(plan.recommendations[0].actions[0], next_steps=next_steps)
    return plan


def test_an_older_file_s_warning_gives_each_field_kept_its_own_day(plan_db) -> None:
    """An owner changed by hand, next steps and links a newer file said again: each is said with its own days."""
    with clock.set_clock(lambda: datetime(2025, 8, 1, 12)):
        history = EditHistory()
        history.do(plans_writer([_said("2025-01-01", "LTD", "Train staff", ["1.2"])])[0])
        history.do(save_item("action", _row("1.1")[1], {"owner": "COS"}, None))
        history.do(plans_writer([_said("2025-06-30", "COS", "Train staff", ["1.2"])])[0])  # says them again
        change, summary = plans_writer([_said("2025-06-15", "FMOR", "Report to the SPA", [])])
        history.do(change)
    said, links = (w for w in summary.warnings if w.startswith("Action 1.1"))
    assert links == (
        "Action 1.1: its links are as a file as at 30/06/2025 gives them, after this file's As at date (15/06/2025); "
        "they stay as they are."
    )
    assert said == (
        "Action 1.1: its owner was changed on 01/08/2025, after this file's As at date (15/06/2025); it stays as "
        "it is. Action 1.1: its next steps were changed on 01/01/2025, as a file as at 30/06/2025 says, after this "
        "file's As at date (15/06/2025); they stay as they are."
    )


def test_an_as_at_date_set_back_by_hand_after_a_file_is_said_as_changed_not_as_later(plan_db) -> None:
    with clock.set_clock(lambda: datetime(2025, 8, 1, 12)):
        history = EditHistory()
        history.do(plans_writer([_linked_plan("2025-06-30", [])])[0])
        inspection = Inspection.get()
        history.do(save_item("inspection", inspection.id, {"as_at": "2025-01-01"}, None))  # a slip put right
        change, summary = plans_writer([_linked_plan("2025-07-20", [])])
        history.do(change)
    assert Inspection.get().as_at.first_day() == date(2025, 1, 1)
    assert summary.warnings[0] == (
        "Hate Crime 2021's As at date was changed to 01/01/2025 on 01/08/2025, after this file's As at date "
        "(20/07/2025); it stays as at 01/01/2025."
    )
