"""Undo removes only what its own step made, never jams, and refuses in a sentence when it cannot."""

import copy
from pathlib import Path

import pytest
from other_program import other_program

from hmics_desktop.services.edit_history import EditHistory, UndoNotPossible
from hmics_desktop.services.item_edits import create_item, save_item
from hmics_desktop.services.plan_edits import bulk_set
from hmics_desktop.services.plans import example_plan, load_example_plan, plans_writer, write_plans
from hmics_desktop.storage.models import Action, AuditEntry, Inspection, ProgressUpdate, Recommendation


@pytest.fixture
def history(plan_db) -> EditHistory:
    return EditHistory()


def _first_action() -> Action:
    return Action.select().order_by(Action.id).first()


def _plan_into(title: str):
    plan = copy.deepcopy(example_plan())
    plan.inspection = title
    return plan


def test_undo_of_an_import_into_a_new_inspection_keeps_the_inspection(history: EditHistory) -> None:
    change, created = create_item("inspection", {"title": "Hate Crime 2021"})
    history.do(change)
    history.do(plans_writer([_plan_into("Hate Crime 2021")])[0])
    imported = Recommendation.select().count()
    assert imported == len(example_plan().recommendations)
    assert history.undo() == "import of Hate Crime 2021"
    assert Recommendation.select().count() == 0 and ProgressUpdate.select().count() == 0
    assert Inspection.get_by_id(created["id"]).title == "Hate Crime 2021"
    assert history.undo() == "new inspection"
    assert Inspection.select().count() == 0
    history.redo()
    history.redo()
    assert Recommendation.select().count() == imported
    assert {e.step for e in AuditEntry.select()} >= {"Undone: import of Hate Crime 2021", "Redone: new inspection"}


def test_undo_of_a_create_never_cascades_over_later_work(history: EditHistory) -> None:
    change, created = create_item("inspection", {"title": "Hate Crime 2021"})
    history.do(change)
    write_plans([_plan_into("Hate Crime 2021")])  # another program (or the command line) imports into it
    with pytest.raises(UndoNotPossible, match="cannot be undone") as refused:
        history.undo()
    assert "taken off the list" in str(refused.value)
    assert Recommendation.select().where(Recommendation.inspection == created["id"]).count() == len(
        example_plan().recommendations
    )
    assert history.undo_stack == [] and history.undo() is None  # the list stays usable


@pytest.mark.parametrize("sequence", ["save save undo undo", "save bulk undo undo", "save undo redo undo undo"])
def test_undo_never_jams(history: EditHistory, sequence: str) -> None:
    load_example_plan()
    action_id = _first_action().id
    owners = iter(["LTD", "COS", "FMOR"])
    for word in sequence.split():
        if word == "save":
            history.do(save_item("action", action_id, {"owner": next(owners)}, None))
        elif word == "bulk":
            history.do(bulk_set("action", [action_id], {"owner": next(owners)}))
        elif word == "undo":
            history.undo()
        else:
            history.redo()
    assert Action.get_by_id(action_id).owner is None
    assert history.undo_stack == []


def test_a_step_changed_by_another_program_is_refused_and_the_earlier_steps_still_undo(
    history: EditHistory, db_location
) -> None:
    load_example_plan()
    first, second = Action.select().order_by(Action.id)[:2]
    history.do(save_item("action", first.id, {"owner": "LTD"}, None))
    history.do(save_item("action", second.id, {"owner": "COS"}, None))
    with other_program(db_location) as other:
        other.execute("UPDATE action SET owner = 'Someone else' WHERE id = ?", (second.id,))
    with pytest.raises(UndoNotPossible, match=r"action 1\.2 has been changed since"):
        history.undo()
    assert Action.get_by_id(second.id).owner == "Someone else"
    assert history.undo() == "edit of action 1.1"
    assert Action.get_by_id(first.id).owner is None


def test_the_ids_an_import_takes_for_its_actions_are_never_handed_out_again(history: EditHistory) -> None:
    actions = sum(len(rec.actions) for rec in example_plan().recommendations)
    history.do(plans_writer([_plan_into("Hate Crime 2021")])[0])
    change, _created = create_item("action", {"position": 99, "text": "Added by hand"}, Recommendation.get().id)
    history.do(change)  # takes the next id the database gives (on a server, the table's sequence)
    history.do(plans_writer([_plan_into("Crime Audit 2022")])[0])
    ids = [action.id for action in Action.select()]
    assert len(set(ids)) == len(ids) == 2 * actions + 1
    while history.undo_stack:
        history.undo()
    assert Action.select().count() == 0
    while history.redo_stack:
        history.redo()
    assert sorted(action.id for action in Action.select()) == sorted(ids)


def test_an_undo_that_fails_part_way_changes_nothing_and_leaves_the_earlier_steps(plan_db, db_location) -> None:
    """On either engine: the failed step is taken off the list in one sentence, the one before it still undoes."""
    load_example_plan()
    history = EditHistory()
    first, second = _action_id("1.1"), _action_id("1.2")
    history.do(save_item("action", first, {"owner": "LTD"}, None))
    history.do(save_item("action", second, {"owner": "COS"}, None))
    with other_program(db_location) as other:  # the database refuses the change the undo makes to action 1.2
        if isinstance(db_location, Path):
            other.execute(
                "CREATE TRIGGER refuse BEFORE UPDATE ON action WHEN OLD.id = ? "
                "BEGIN SELECT RAISE(ABORT, 'refused by the database'); END".replace("?", str(second))
            )
        else:
            other.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                          "$$ BEGIN RAISE EXCEPTION 'refused by the database'; END $$")  # fmt: skip
            other.execute(f"CREATE TRIGGER refuse BEFORE UPDATE ON action FOR EACH ROW WHEN (OLD.id = {second}) "
                          "EXECUTE FUNCTION refuse()")  # fmt: skip
    with pytest.raises(UndoNotPossible, match=r"refused by the database\)\..*It was taken off the list"):
        history.undo()
    assert Action.get_by_id(second).owner == "COS" and len(history.undo_stack) == 1
    assert history.undo() == "edit of action 1.1"
    assert Action.get_by_id(first).owner is None


def _action_id(number: str) -> int:
    rec, position = (int(part) for part in number.split("."))
    query = Action.select().join(Recommendation).where(Recommendation.number == rec, Action.position == position)
    return int(query.get().id)
