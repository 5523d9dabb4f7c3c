"""What a secretary records, all editable (services, no display).

Correcting and removing progress, merging inspections, History in sentences, the round's
saving step, plurals and "No target set".
"""

from datetime import date

import pytest
from example_rows import action
from workbooks import write_xlsx

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan import Plan, PlanRecommendation
from hmics_desktop.domain.status import NO_TARGET, Standing, standing_label
from hmics_desktop.domain.words import counted, listed
from hmics_desktop.services import form_data
from hmics_desktop.services.board import COLUMN_KEYS, COLUMNS
from hmics_desktop.services.board_rows import load_board
from hmics_desktop.services.deleted_list import deleted_entries, restore
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.editing import ValidationError
from hmics_desktop.services.history_text import history as history_of
from hmics_desktop.services.inspection_edits import merge_inspections
from hmics_desktop.services.item_edits import save_item, set_links
from hmics_desktop.services.plan_edits import add_progress
from hmics_desktop.services.plans import load_example_plan, write_plans
from hmics_desktop.services.progress_edits import correct_progress, remove_progress
from hmics_desktop.services.update_round import round_item, save_step
from hmics_desktop.storage import user_name
from hmics_desktop.storage.models import AuditEntry, Inspection, ProgressUpdate, Recommendation, database


@pytest.fixture
def history(plan_db) -> EditHistory:
    load_example_plan()
    return EditHistory()


def _latest(action_id: int) -> str:
    return next(r.latest_text for r in load_board().rows if r.kind == "action" and r.id == action_id)


def test_correct_then_remove_a_progress_update_with_undo(history) -> None:
    the_action = action("4.1")
    history.do(add_progress(the_action.id, PlanDate(2024, 3, 1), "Skils matrix agred"))
    newest = form_data.progress(the_action.id)[0]
    history.do(correct_progress(newest.id, PlanDate(2024, 3, 4), "Skills matrix agreed"))
    assert ProgressUpdate.get_by_id(newest.id).text == "Skills matrix agreed"
    assert _latest(the_action.id) == "Skills matrix agreed"
    history.do(remove_progress([newest.id]))
    assert ProgressUpdate.get_by_id(newest.id).deleted_at is not None  # kept, soft
    assert form_data.progress(the_action.id)[0].id != newest.id
    assert _latest(the_action.id).startswith("Job profiles")  # the board falls back to the previous update
    entry = next(e for e in deleted_entries() if e.kind == "progress_update")
    assert (entry.what, entry.text) == ("Progress update of 04/03/2024 on action 4.1", "Skills matrix agreed")
    history.undo()
    assert _latest(the_action.id) == "Skills matrix agreed"
    history.undo()
    assert ProgressUpdate.get_by_id(newest.id).text == "Skils matrix agred"
    with pytest.raises(ValidationError):
        correct_progress(newest.id, PlanDate(2024, 3, 4), "  ")


def test_restore_a_removed_update_from_deleted_items(history) -> None:
    the_action = action("4.1")
    update = form_data.progress(the_action.id)[0]
    history.do(remove_progress([update.id]))
    history.do(restore(deleted_entries()))
    assert form_data.progress(the_action.id)[0].id == update.id
    assert deleted_entries() == []


def test_merge_refuses_colliding_numbers_then_moves_and_undoes(history) -> None:
    write_plans([Plan(inspection="Crime Audit", recommendations=[PlanRecommendation(number=2, text="Twice")])])
    source = Inspection.get(Inspection.title == "Crime Audit")
    target = Inspection.get(Inspection.title == "Crime Audit 2020")
    with pytest.raises(ValidationError) as refused:
        merge_inspections(source.id, target.id)
    assert "“Crime Audit 2020” already has recommendation 2" in str(refused.value)
    Recommendation.update(number=7).where(Recommendation.inspection == source.id).execute()
    history.do(merge_inspections(source.id, target.id))
    assert Recommendation.select().where(Recommendation.inspection == target.id).count() == 7
    assert Inspection.get_by_id(source.id).deleted_at is not None
    assert (
        history.undo_stack[-1].description == "merge of “Crime Audit” into “Crime Audit 2020” (1 recommendation moved)"
    )
    history.undo()
    assert Recommendation.select().where(Recommendation.inspection == source.id).count() == 1
    assert Inspection.get_by_id(source.id).deleted_at is None


def test_history_reads_as_sentences_grouped_by_step(history) -> None:
    the_action = action("4.1")
    user_name.set_user_name("Jane Smith")
    try:
        history.do(save_item("action", the_action.id, {"owner": "LTD", "target": PlanDate(2024, 6)}, None))
        history.do(save_item("action", the_action.id, {"owner": "FMOR", "status": "in_progress"}, None))
        history.do(set_links(the_action.id, [action("1.1").id, action("2.2").id]))
        history.undo()
    finally:
        user_name.set_user_name(None)
    lines = history_lines = [line.what for line in history_of("action", the_action.id)]
    # 4.1 links to 1.4, 2.1, 2.2, 6.1 and 6.2 in the example plan
    assert history_lines[0] == (
        "Undone: change of links\nLinks to actions 1.4, 2.1, 6.1 and 6.2 added; link to action 1.1 removed."
    )
    assert history_lines[1] == "Link to action 1.1 added; links to actions 1.4, 2.1, 6.1 and 6.2 removed."
    assert history_lines[2] == "Owner changed from “LTD” to “FMOR”.\nStatus set to In progress."
    assert history_lines[3] == "Owner set to “LTD”.\nTarget date set to June 2024."
    assert any("Progress update added as at 15/02/2022: “Job profiles" in line for line in lines)
    on_a_server = database.dialect == "postgresql"  # where the login goes beside the name
    assert history_of("action", the_action.id)[0].who == ("Jane Smith (postgres)" if on_a_server else "Jane Smith")
    assert AuditEntry.select().where(AuditEntry.step == "Undone: change of links").count() == 5  # a row a link


def test_the_rounds_step_saves_update_next_steps_and_status_as_one_change(history) -> None:
    the_action = action("5.2")
    item = round_item(the_action.id)
    assert item.number == "5.2" and item.last_update is None
    assert save_step(item, PlanDate(2024, 3, 1), "", item.next_steps, item.status) is None  # nothing typed
    change = save_step(
        item, PlanDate(2024, 3, 1), "Training needs survey sent", "(i) Collate the answers", "in_progress"
    )
    assert change is not None
    history.do(change)
    after = round_item(the_action.id)
    assert after.last_update is not None and after.last_update.text == "Training needs survey sent"
    assert (after.next_steps, after.status) == ("(i) Collate the answers", "in_progress")
    history.undo()
    assert round_item(the_action.id).last_update is None and round_item(the_action.id).status is None


def test_plurals_and_lists() -> None:
    assert [counted(n, "action") for n in (0, 1, 3, 1200)] == ["0 actions", "1 action", "3 actions", "1,200 actions"]
    assert counted(2, "area for development") == "2 areas for development"
    assert counted(2, "entry") == "2 entries"
    assert listed(["a", "b", "c"]) == "a, b and c"
    assert listed(["a", "b", "c", "d", "e", "f"]) == "a, b, c, d and 2 more"


def test_no_target_set_instead_of_a_green_on_track(history) -> None:
    assert standing_label(Standing.ON_TRACK, None) == NO_TARGET
    assert standing_label(Standing.ON_TRACK, None, overridden=True) == Standing.ON_TRACK.label
    assert standing_label(Standing.ON_TRACK, PlanDate(2099, 1)) == Standing.ON_TRACK.label
    rows = {r.number: r for r in load_board().rows if r.kind == "action"}

    standing = COLUMNS[COLUMN_KEYS.index("standing")]
    assert standing.display(rows["5.2"], load_board().today) == NO_TARGET


def test_progress_dated_after_today_is_refused_and_an_import_dates_it_by_the_file(history, tmp_path) -> None:
    from hmics_desktop.domain import clock
    from hmics_desktop.excel.workbook_parser import ImportOptions
    from hmics_desktop.services.importing import import_file
    from hmics_desktop.services.plan_edits import add_progress
    from hmics_desktop.services.progress_edits import correct_progress

    tomorrow = PlanDate.from_date(date.fromordinal(clock.today().toordinal() + 1))
    one_one = action("1.1")
    with pytest.raises(ValidationError, match="after today: date it today or earlier"):
        add_progress(one_one.id, tomorrow, "Ahead of time")
    update = ProgressUpdate.get(ProgressUpdate.action == one_one.id)
    with pytest.raises(ValidationError, match="after today: date it today or earlier"):
        correct_progress(update.id, tomorrow, update.text)
    rows = [
        ["Ref", "Recommendation", "Action No", "Actions", "Update date", "Update"],
        [1, "Police Scotland should record hate crime.", "1.1", "Audit recording", "05/01/2099", "Audit planned"],
    ]
    path = write_xlsx(tmp_path / "ahead.xlsx", {"Plan": rows})
    preview = import_file(path, ImportOptions(inspection="Hate Crime 2021"), date(2024, 6, 1))
    assert (
        "Action 1.1: the file's progress update is dated 05/01/2099, after today; it is recorded as at 01/06/2024, "
        "the file's date." in preview.warnings
    )
    [kept] = ProgressUpdate.select().where(ProgressUpdate.text == "Audit planned")
    assert kept.as_at == PlanDate(2024, 6, 1)
