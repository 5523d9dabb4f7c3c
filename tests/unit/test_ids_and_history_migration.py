"""A database of the previous version gets its history from its audit trail, and ids never used twice.

``tests/data/plans_v4.sqlite`` was written by the previous version (schema 4): the example plan
loaded on 1 March 2024, action 1.1 given an owner and next steps on 2 April, Recommendation 4's
position written on 2 April and rewritten on 20 May, Recommendation 2 closed by HMICS on 1 July,
and an action 4.9 made on 1 August and undone (its id, 22, gone from the tables).
``tests/data/v4_days.sqlite`` was written by that version too (``make_v4_days.py`` beside it says
how): items deleted and restored, an action moved under another recommendation, one deleted.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from test_plan_as_it_stood_machine import folded

from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.item_edits import create_item
from hmics_desktop.storage import history
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import Action, AuditEntry, Recommendation, database

V4 = Path(__file__).resolve().parents[1] / "data" / "plans_v4.sqlite"
V4_DAYS = V4.with_name("v4_days.sqlite")


@pytest.fixture
def migrated(tmp_path: Path):
    path = tmp_path / "plans.sqlite"
    shutil.copyfile(V4, path)
    open_database(path)
    yield path
    close_database()


def _rec(state: history.PlanState, number: int) -> dict:
    return next(r for r in state.rows["recommendation"].values() if r["number"] == number)


def _action(state: history.PlanState, number: str) -> dict:
    rec_number, position = (int(part) for part in number.split("."))
    rec = _rec(state, rec_number)
    return next(
        a for a in state.rows["action"].values() if (a["recommendation_id"], a["position"]) == (rec["id"], position)
    )


def test_the_plan_of_earlier_days_is_read_back_from_the_audit_trail(migrated) -> None:
    def on(day: date) -> history.PlanState:
        return history.as_of(database.sql(), day)

    assert _rec(on(date(2024, 4, 15)), 4)["position"] == "A draft structure is with the Executive."
    assert _rec(on(date(2024, 6, 1)), 4)["position"] == "The structure was approved in May."
    assert _rec(on(date(2024, 3, 15)), 4)["position"] is None
    june, july = _rec(on(date(2024, 6, 20)), 2), _rec(on(date(2024, 7, 2)), 2)
    assert (june["status"], june["closed_on"]) == ("evidence_submitted", None)
    assert (july["status"], july["closed_on"]) == ("closed", "2024-07-01")
    assert _action(on(date(2024, 3, 15)), "1.1")["owner"] is None
    assert _action(on(date(2024, 4, 3)), "1.1")["owner"] == "FMOR"
    assert history.as_of(database.sql(), None).rows == history.as_of(database.sql(), date(2100, 1, 1)).rows


def test_the_undone_actions_id_is_never_given_again_and_the_trail_is_kept(migrated) -> None:
    audit_before = AuditEntry.select().count()
    assert Action.select().where(Action.id == 22).count() == 0  # undone in the previous version
    rec4 = Recommendation.get(Recommendation.number == 4)
    history_list = EditHistory()
    change, created = create_item("action", {"position": 9, "text": "A new action"}, rec4.id)
    history_list.do(change)
    assert created["id"] == 23
    history_list.undo()
    change, created = create_item("action", {"position": 9, "text": "Another"}, rec4.id)
    history_list.do(change)
    assert created["id"] == 24
    assert AuditEntry.select().count() > audit_before


def test_an_undone_items_id_is_never_given_again(plan_db) -> None:
    from hmics_desktop.services.plans import load_example_plan

    load_example_plan()
    rec = Recommendation.get(Recommendation.number == 4)
    steps = EditHistory()
    change, first = create_item("action", {"position": 9, "text": "Made by mistake"}, rec.id)
    steps.do(change)
    steps.undo()
    change, second = create_item("action", {"position": 9, "text": "Made again"}, rec.id)
    steps.do(change)
    assert second["id"] > first["id"]


@pytest.fixture
def migrated_days(tmp_path: Path):
    path = tmp_path / "plans.sqlite"
    shutil.copyfile(V4_DAYS, path)
    open_database(path)
    yield path
    close_database()


def _live(state: history.PlanState, table: str, row_id: int) -> bool:
    row = state.rows[table].get(row_id)
    return row is not None and not row.get("deleted_at")


def test_items_deleted_and_restored_stand_deleted_only_between(migrated_days) -> None:
    three = Recommendation.get(Recommendation.number == 3).id
    six_two = _action(history.as_of(database.sql()), "6.2")["id"]
    for day, standing in [(date(2024, 3, 15), True), (date(2024, 4, 15), False), (date(2024, 5, 10), True)]:
        state = history.as_of(database.sql(), day)
        assert _live(state, "recommendation", three) is standing, day
        assert _live(state, "action", six_two) is standing, day
    assert not _live(history.as_of(database.sql(), date(2024, 7, 2)), "action", _action_now("6.5"))
    assert _live(history.as_of(database.sql(), date(2024, 6, 30)), "action", _action_now("6.5"))


def _action_now(number: str) -> int:
    rec_number, position = (int(part) for part in number.split("."))
    rec = Recommendation.get(Recommendation.number == rec_number)
    return int(Action.get((Action.recommendation == rec) & (Action.position == position)).id)


def test_an_action_moved_stands_under_its_first_recommendation_before_the_move(migrated_days) -> None:
    moved = _action_now("5.6")
    before, after = history.as_of(database.sql(), date(2024, 5, 31)), history.as_of(database.sql(), date(2024, 6, 4))
    assert _action(before, "4.1")["id"] == moved
    assert _action(after, "5.6")["id"] == moved
    assert not any(a["recommendation_id"] == _rec(after, 4)["id"] for a in after.live("action"))


def test_the_plan_as_at_every_day_as_known_on_every_later_day_is_the_historys_fold(migrated_days) -> None:
    sql = database.sql()
    entries = sql.execute('SELECT effective_on, recorded_at FROM "row_history"').fetchall()
    changed = {date.fromisoformat(on) for on, _at in entries} | {date.fromisoformat(at[:10]) for _on, at in entries}
    days = sorted({*changed, *(day - timedelta(days=1) for day in changed)})
    for day in days:
        for known_on in (None, *[later for later in days if later >= day]):
            _assert_same_rows(history.as_of(sql, day, known_on).rows, folded(day, known_on), (day, known_on))
    for day, state in zip(days, history.as_of_days(sql, days), strict=True):
        _assert_same_rows(state.rows, folded(day), day)


def _assert_same_rows(read: dict[str, dict[int, dict]], whole: dict[str, dict[int, dict]], where: object) -> None:
    """The same rows with the same values (a column added after a row's history began reads as None)."""
    assert read.keys() == whole.keys(), where
    for table, rows in read.items():
        assert rows.keys() == whole[table].keys(), (where, table)
        for row_id, row in rows.items():
            names = row.keys() | whole[table][row_id].keys()
            assert {n: row.get(n) for n in names} == {n: whole[table][row_id].get(n) for n in names}, (where, table)
