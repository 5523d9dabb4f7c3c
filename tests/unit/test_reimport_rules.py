"""Importing a plan again over what the database records, as a secretary does it.

The same file twice changes nothing; a progress update already on the action is matched, not
added again; a file older than a closure, a proposal for closure or an action's newer progress
does not take them back, and the preview says so in a sentence. In every format.
"""

import csv
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from crafted_files import word_plan
from paper_fixture import on_day
from plan_fixture import LEGACY_WORKBOOK
from workbooks import write_xls, write_xlsx

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.file_dates import file_date
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.domain.plan_changes import FIELD_WORDS
from hmics_desktop.domain.reimport_rules import (
    FileDate,
    ProgressMatch,
    RecordedProgress,
    Since,
    after_file,
    match_progress,
)
from hmics_desktop.excel.workbook_parser import ImportOptions
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.importing import commit_import, import_file, preview_import
from hmics_desktop.services.item_edits import delete_items, save_item
from hmics_desktop.services.plan_edits import add_progress, record_response, revise_targets, submit_evidence
from hmics_desktop.services.plans import dump_plans, load_example_plan
from hmics_desktop.storage.models import (
    Action,
    EvidenceSubmission,
    Inspection,
    ProgressUpdate,
    Recommendation,
    TargetRevision,
)
from hmics_desktop.storage.steps import record_step

INTO_THE_EXISTING = ImportOptions(renames={"Crime Audit": "Crime Audit 2020"})
FILE_DAY = "15/02/2022"


def _recommendation(number: int) -> Recommendation:
    return Recommendation.get(Recommendation.number == number)


def _action(number: str) -> Action:
    rec, position = (int(part) for part in number.split("."))
    return Action.select().join(Recommendation).where(Recommendation.number == rec, Action.position == position).get()


def _do(change) -> None:
    record_step(change.description, change.apply, change.when)


def _close(number: int, day: PlanDate) -> None:
    """Closed as the secretary does it: evidence proposing closure, then HMICS's response accepting it."""
    rec = _recommendation(number)
    _do(submit_evidence(rec.id, day, "Evidence of the new audit plan", True))
    evidence = EvidenceSubmission.select().where(EvidenceSubmission.recommendation == rec.id).get()
    _do(record_response(evidence.id, day, True, "HMICS agreed closure", "The audit plan was published"))


def _progress(number: str) -> list[tuple[str, str]]:
    query = ProgressUpdate.select().where(ProgressUpdate.action == _action(number).id).order_by(ProgressUpdate.id)
    return [(update.as_at.iso(), update.text) for update in query]


def _rows(db_location) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(db_location)
    tables = ("inspection", "recommendation", "action", "progress_update", "action_link", "evidence_submission")
    found = {table: connection.execute(f'SELECT * FROM "{table}" ORDER BY id').fetchall() for table in tables}
    connection.close()
    return found


# The tester's day ------------------------------------------------------------------------------
def test_the_published_plan_again_after_a_closure_and_newer_progress_changes_nothing(plan_db) -> None:
    load_example_plan()
    _close(2, PlanDate(2026, 11, 24))
    _do(add_progress(_action("1.1").id, PlanDate(2022, 3, 1), "Strategic Fraud Group met in March"))
    _do(add_progress(_action("1.2").id, PlanDate(2022, 3, 1), "TOR drafted"))
    before_1_1 = _progress("1.1")

    preview = preview_import(LEGACY_WORKBOOK, INTO_THE_EXISTING)
    assert preview.summary.created_rows == []  # the updates as at 15/02/2022 are already on 1.1 and 1.2
    assert preview.summary.changes == []  # Recommendation 2 is not reopened
    assert (
        "Recommendation 2 was closed on 24/11/2026, after this file's As at date (15/02/2022); it stays closed."
        in preview.warnings
    )
    assert preview.summary.line() == "nothing to create or change"

    commit_import(preview)
    assert (_recommendation(2).status, _recommendation(2).closed_on) == ("closed", PlanDate(2026, 11, 24))
    assert _progress("1.1") == before_1_1


def test_the_same_file_twice_changes_nothing_the_second_time(plan_db, db_location, tmp_path: Path) -> None:
    import_file(LEGACY_WORKBOOK)
    before = _rows(db_location) if isinstance(db_location, Path) else None
    preview = preview_import(LEGACY_WORKBOOK)
    assert (preview.summary.created_rows, preview.summary.changes) == ([], [])
    import_file(LEGACY_WORKBOOK)
    if before is not None:
        assert _rows(db_location) == before


def test_a_newer_file_may_reopen_what_it_says_is_open(plan_db) -> None:
    load_example_plan()
    with on_day(date(2022, 1, 10)):
        _close(2, PlanDate(2022, 1, 10))  # closed and recorded before the file's As at date: the file is the newer word
    preview = preview_import(LEGACY_WORKBOOK, INTO_THE_EXISTING)
    assert [(c.item, c.field, c.old, c.new) for c in preview.summary.changes] == [
        ("Recommendation 2", "Status", "Closed", "Open")
    ]
    # Recommendation 1, closed in the example after the file (September 2024), stays closed
    assert not any("Recommendation 2" in warning and "stays closed" in warning for warning in preview.warnings)


def test_a_closure_dated_before_the_file_but_recorded_after_it_stays(plan_db) -> None:
    load_example_plan()
    with on_day(date(2022, 3, 2)):
        _close(2, PlanDate(2022, 1, 10))  # typed in after the file was written: news the file never had
    preview = preview_import(LEGACY_WORKBOOK, INTO_THE_EXISTING)
    assert preview.summary.changes == []
    assert (
        "Recommendation 2 was closed on 10/01/2022, recorded on 02/03/2022, after this file's As at date (15/02/2022); "
        "it stays closed." in preview.warnings
    )
    commit_import(preview)
    assert (_recommendation(2).status, _recommendation(2).closed_on) == ("closed", PlanDate(2022, 1, 10))


def test_a_proposal_for_closure_after_the_file_stays(plan_db) -> None:
    load_example_plan()
    rec = _recommendation(3)
    _do(submit_evidence(rec.id, PlanDate(2022, 3, 1), "Evidence of the DCMU visits", True))
    preview = preview_import(LEGACY_WORKBOOK, INTO_THE_EXISTING)
    assert preview.summary.changes == []
    assert (
        "Recommendation 3 was proposed for closure on 01/03/2022, after this file's As at date (15/02/2022); "
        "it stays proposed for closure."
    ) in preview.warnings


def test_an_older_file_keeps_the_inspections_newer_as_at_date(plan_db, tmp_path: Path) -> None:
    def plan(day: str, progress: str) -> list[list]:
        header = ["Recommendation", "Action", "Latest progress update"]
        return [[f"Progress Update as at {day}"], header, ["Recommendation 1 Publish audits", "1.1 Report", progress]]

    import_file(write_xlsx(tmp_path / "march.xlsx", {"Hate Crime 2021": plan("15th March 2022", "Sent")}))
    preview = preview_import(
        write_xlsx(tmp_path / "feb.xlsx", {"Hate Crime 2021": plan("15th February 2022", "Drafting")})
    )
    assert "Hate Crime 2021 is recorded as at 15/03/2022, after this file's As at date (15/02/2022); it stays as at " \
           "15/03/2022." in preview.warnings  # fmt: skip
    assert [row.text for row in preview.summary.created_rows] == ["As at 15/02/2022: Drafting"]  # history, kept
    commit_import(preview)
    assert Inspection.get().as_at == PlanDate(2022, 3, 15)
    assert _progress("1.1") == [("2022-03-15", "Sent"), ("2022-02-15", "Drafting")]


def test_an_import_undone_then_made_again_lands_whole(plan_db, tmp_path: Path) -> None:
    path = _plan_with_progress(tmp_path, "first.xlsx", "Report drafted")
    history = EditHistory()
    for _again in range(2):
        history.record(commit_import(preview_import(path))[0])
        assert history.undo() == "import of Hate Crime 2021"
    preview = preview_import(path)  # the undone inspection's name is still in the history: never matched
    assert preview.summary.line() == "1 inspection, 1 recommendation and 1 action created; 1 progress update added"
    commit_import(preview)
    assert [inspection.title for inspection in Inspection.select()] == ["Hate Crime 2021"]
    assert _progress("1.1") == [("2022-02-15", "Report drafted")]


def _sheet(tmp_path: Path, day: str, header: list[str], *rows: list[str]) -> Path:
    path = tmp_path / f"{day}.xlsx"
    return write_xlsx(path, {"Hate Crime 2021": [[f"Progress Update as at {day}"], header, *rows]})


def test_two_files_in_the_wrong_order_say_only_what_is_so(plan_db, tmp_path: Path) -> None:
    header = ["Recommendation", "Recommendation status", "Closed on", "Action", "Owner", "Latest progress update"]
    march = _sheet(tmp_path, "15th March 2022", header, ["R1 Publish audits", "Open", "", "1.1 Report", "LTD", "Sent"],
                   ["R2 Train staff", "Closed", "10/01/2022", "2.1 Train", "LTD", "Trained"])  # fmt: skip
    february = _sheet(tmp_path, "15th February 2022", header,
                      ["R1 Publish audits", "Proposed for closure", "", "1.1 Report", "COS", "Drafted"],
                      ["R2 Train staff", "Open", "", "2.1 Train", "LTD", "Training"])  # fmt: skip
    import_file(march)
    preview = preview_import(february)
    assert preview.summary.changes == []
    assert [warning for warning in preview.warnings if warning.startswith(("Recommendation", "Action"))] == [
        "Recommendation 1 was recorded as open on 15/03/2022, after this file's As at date (15/02/2022); it stays "
        "open.",
        "Action 1.1: its owner was changed on 15/03/2022, after this file's As at date (15/02/2022); it stays as it "
        "is.",
        "Recommendation 2 was closed on 15/03/2022, after this file's As at date (15/02/2022); it stays closed.",
    ]


def test_a_newer_file_brings_back_what_it_changes_and_an_older_one_leaves_it_deleted(plan_db, tmp_path: Path) -> None:
    header = ["Recommendation", "Action", "Owner", "Latest progress update"]
    with on_day(date(2022, 2, 20)):
        import_file(
            _sheet(tmp_path, "15th February 2022", header, ["R1 Publish audits", "1.1 Report", "LTD", "Drafted"])
        )
    with on_day(date(2022, 3, 1)):
        _do(delete_items("action", [_action("1.1").id]))
    older = preview_import(_sheet(tmp_path, "20th February 2022", header, ["R1 Publish", "1.1 Report", "COS", "Sent"]))
    assert "Action 1.1 was deleted on 01/03/2022, after this file's As at date (20/02/2022); it stays in Deleted " \
           "items." in older.warnings  # fmt: skip
    commit_import(older)
    assert _action("1.1").deleted_at is not None
    newer = preview_import(_sheet(tmp_path, "15th March 2022", header, ["R1 Publish", "1.1 Report", "FMOR", "Sent"]))
    assert [(c.item, c.field, c.new) for c in newer.summary.changes if c.item.startswith("Action")] == [
        ("Action 1.1", "Owner", "FMOR"), ("Action 1.1", FIELD_WORDS["deleted"], "No: restored")
    ]  # fmt: skip
    commit_import(newer)
    assert (_action("1.1").owner, _action("1.1").deleted_at) == ("FMOR", None)


def test_an_older_tracker_keeps_a_target_revised_after_it(plan_db, tmp_path: Path) -> None:
    header = ["Recommendation", "Revised target", "Action", "Latest progress update"]
    february = _sheet(tmp_path, "15th February 2022", header, ["R1 Publish audits", "June 2022", "1.1 Report", "Sent"])
    with on_day(date(2022, 2, 20)):
        import_file(february)
    with on_day(date(2022, 3, 1)):
        _do(revise_targets("recommendation", [_recommendation(1).id], PlanDate(2022, 9), "Waiting for the SPA"))
    preview = preview_import(february)
    assert (preview.summary.changes, preview.summary.created_rows) == ([], [])
    assert preview.warnings == [
        "Recommendation 1: its revised target was changed on 01/03/2022, after this file's As at date (15/02/2022); "
        "it stays as it is."
    ]
    commit_import(preview)
    assert TargetRevision.select().count() == 2


# Progress updates --------------------------------------------------------------------------------
def _plan_with_progress(tmp_path: Path, name: str, progress: str, status: str = "In progress") -> Path:
    rows = [
        ["Progress Update as at 15th February 2022"],
        ["Recommendation", "Action", "Status", "Latest progress update", "Next steps"],
        ["Recommendation 1 Publish audits", "1.1 Report to SPA", status, progress, "Send the report"],
    ]
    return write_xlsx(tmp_path / name, {"Hate Crime 2021": rows})


def test_the_same_words_spaced_otherwise_are_the_same_update(plan_db, tmp_path: Path) -> None:
    import_file(_plan_with_progress(tmp_path, "first.xlsx", "Report drafted.\nSent to the SPA"))
    _do(add_progress(_action("1.1").id, PlanDate(2022, 4, 1), "Report published"))  # so the 2022 text is not latest
    preview = preview_import(_plan_with_progress(tmp_path, "again.xlsx", "Report  drafted. \n\nSent to the SPA "))
    assert preview.summary.created_rows == []


def test_the_same_day_in_other_words_is_added_beside_and_both_kept(plan_db, tmp_path: Path) -> None:
    import_file(_plan_with_progress(tmp_path, "first.xlsx", "Report drafted"))
    corrected = _plan_with_progress(tmp_path, "corrected.xlsx", "Report drafted and sent to the SPA")
    preview = preview_import(corrected)
    assert [(row.number, row.text) for row in preview.summary.created_rows] == [
        ("1.1", "As at 15/02/2022: Report drafted and sent to the SPA")
    ]
    assert preview.warnings == [
        "Action 1.1 already has a progress update as at 15/02/2022 in other words; the file's is added beside it "
        "and both are kept: remove the one that is wrong from the action's progress."
    ]
    commit_import(preview)
    assert _progress("1.1") == [("2022-02-15", "Report drafted"), ("2022-02-15", "Report drafted and sent to the SPA")]
    assert preview_import(corrected).summary.created_rows == []  # and again: nothing more
    assert preview_import(tmp_path / "first.xlsx").summary.created_rows == []  # the first words are on record too


def test_an_update_the_user_deleted_is_not_brought_back(plan_db, tmp_path: Path) -> None:
    first = _plan_with_progress(tmp_path, "first.xlsx", "Report drafted")
    import_file(first)
    ProgressUpdate.update(deleted_at="2026-01-01 10:00:00").execute()
    preview = preview_import(first)
    assert preview.summary.created_rows == []
    assert preview.warnings == [
        "Action 1.1: the file's progress update as at 15/02/2022 is in Deleted items; it stays there."
    ]


def test_a_file_kept_as_one_row_per_update_of_one_day_is_imported_once_and_again_changes_nothing(
    plan_db, tmp_path: Path
) -> None:
    rows = [
        ["Progress Update as at 15th February 2022"],
        ["Recommendation", "Action", "Latest progress update"],
        ["Recommendation 1 Publish audits", "1.1 Report to SPA", "Report drafted"],
        ["Recommendation 1 Publish audits", "1.1 Report to SPA", "Report sent to the SPA"],
    ]
    path = write_xlsx(tmp_path / "updates.xlsx", {"Hate Crime 2021": rows})
    first = preview_import(path)
    assert not any("already has a progress update" in warning for warning in first.warnings)  # nothing recorded yet
    commit_import(first)
    assert [text for _day, text in _progress("1.1")] == ["Report drafted", "Report sent to the SPA"]
    again = preview_import(path)
    assert (again.summary.created_rows, again.summary.changes) == ([], [])


# Action statuses --------------------------------------------------------------------------------
def test_an_older_file_keeps_an_actions_newer_status_and_next_steps(plan_db, tmp_path: Path) -> None:
    import_file(_plan_with_progress(tmp_path, "first.xlsx", "Report drafted"))
    action = _action("1.1")
    _do(add_progress(action.id, PlanDate(2022, 5, 3), "Report sent to the SPA"))
    with on_day(date(2022, 5, 3)):
        _do(
            save_item(
                "action", action.id, {"status": "complete", "status_text": "Complete", "next_steps": "None"}, None
            )
        )
    preview = preview_import(tmp_path / "first.xlsx")
    assert preview.summary.changes == []
    assert preview.warnings == [
        "Action 1.1 was marked complete on 03/05/2022, after this file's As at date (15/02/2022); it stays complete. "
        "Action 1.1: its next steps were changed on 03/05/2022, after this file's As at date (15/02/2022); they stay "
        "as they are."
    ]


def test_an_edit_undone_leaves_the_value_as_old_as_it_was_for_a_later_file(plan_db, tmp_path: Path) -> None:
    import_file(_plan_with_progress(tmp_path, "first.xlsx", "Report drafted"))  # as at 15/02/2022
    history = EditHistory()
    with on_day(date(2022, 5, 3)):
        history.do(save_item("action", _action("1.1").id, {"next_steps": "Chase the SPA"}, None))
    with on_day(date(2022, 5, 4)):
        history.undo()  # "Send the report" again, as it stood since 15/02/2022
    rows = [
        ["Progress Update as at 1st April 2022"],
        ["Recommendation", "Action", "Status", "Latest progress update", "Next steps"],
        ["Recommendation 1 Publish audits", "1.1 Report to SPA", "In progress", "Report drafted", "Ask HMICS"],
    ]
    preview = preview_import(write_xlsx(tmp_path / "april.xlsx", {"Hate Crime 2021": rows}))
    assert preview.warnings == []
    commit_import(preview)
    assert _action("1.1").next_steps == "Ask HMICS"


def test_a_file_saying_again_the_value_an_edit_of_its_day_changed_makes_it_as_new_as_it(plan_db, tmp_path) -> None:
    import_file(_plan_with_progress(tmp_path, "first.xlsx", "Report drafted"))  # as at 15/02/2022: "Send the report"
    with on_day(date(2022, 5, 3)):
        EditHistory().do(save_item("action", _action("1.1").id, {"next_steps": "Chase the SPA"}, None))

    def file_as_at(day: str, next_steps: str) -> Path:
        rows = [
            [f"Progress Update as at {day}"],
            ["Recommendation", "Action", "Status", "Latest progress update", "Next steps"],
            ["Recommendation 1 Publish audits", "1.1 Report to SPA", "In progress", "Report drafted", next_steps],
        ]
        return write_xlsx(tmp_path / f"{day}.xlsx", {"Hate Crime 2021": rows})

    with on_day(date(2022, 5, 10)):  # a file of that same day says "Send the report": the plan's word of 03/05/2022
        commit_import(preview_import(file_as_at("3rd May 2022", "Send the report")))
    assert _action("1.1").next_steps == "Send the report"
    with on_day(date(2022, 5, 11)):  # an older file cannot take it back
        preview = preview_import(file_as_at("1st April 2022", "Ask HMICS"))
        commit_import(preview)
    assert _action("1.1").next_steps == "Send the report"
    assert [w for w in preview.warnings if "next steps" in w.lower()], preview.warnings


def test_a_closure_redated_by_an_older_file_keeps_its_later_impact_as_the_later_word(plan_db) -> None:
    from hmics_desktop.services.plans import write_plans

    def closed(day: str) -> Plan:
        rec = PlanRecommendation(1, "Publish audits", status="closed", closed_on=day, impact="What we did")
        return Plan("Hate Crime 2021", "HMICS", as_at="2024-03-24", recommendations=[rec])

    with on_day(date(2024, 3, 4)):
        write_plans([replace(closed("2024-03-04"), as_at="2024-03-04")])
    with on_day(date(2024, 3, 24)):
        rec = _recommendation(1)
        EditHistory().do(save_item("recommendation", rec.id, {"impact": "Done"}, None))  # typed on 24/03/2024
        older = replace(closed("2024-03-12"), as_at="2024-03-12")
        summary = write_plans([older])  # its closure date is taken, its impact is not: "Done" is newer
        assert (_recommendation(1).closed_on, _recommendation(1).impact) == (PlanDate(2024, 3, 12), "Done")
        again = write_plans([older], dry_run=True)
    assert summary.warnings and (again.changes, again.line()) == ([], "nothing to create or change")


def test_the_last_of_two_files_of_one_day_is_that_days_word_for_an_older_file(plan_db) -> None:
    from hmics_desktop.services.plans import write_plans

    def owned(day: str, owner: str) -> Plan:
        action = PlanAction("1.1", "Report to SPA", owner=owner, status="in_progress")
        return Plan("Hate Crime 2021", "HMICS", as_at=day, recommendations=[
            PlanRecommendation(1, "Publish audits", status="open", actions=[action])])  # fmt: skip

    with on_day(date(2024, 3, 20)):
        for day, owner in [("2024-03-01", "LTD"), ("2024-03-20", "COS"), ("2024-03-20", "LTD")]:
            write_plans([owned(day, owner)])  # the second of 20/03/2024 puts its owner right: LTD
        summary = write_plans([owned("2024-03-10", "FMOR")])
    assert _action("1.1").owner == "LTD"
    assert any("owner" in warning for warning in summary.warnings), summary.warnings


# Files with no As at date ------------------------------------------------------------------------
def _undated_csv(path: Path, status: str) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["Recommendation", "Action", "Status", "Update"])
        writer.writerow(["R1 Publish audits", "1.1 Report to SPA", status, "Report drafted"])
    return path


def test_a_file_with_no_as_at_date_never_takes_a_status_back(plan_db, tmp_path: Path) -> None:
    import_file(
        _undated_csv(tmp_path / "Hate Crime 2021.csv", "Complete"), progress_date=PlanDate(2022, 2, 1).first_day()
    )
    assert _action("1.1").status == "complete"
    preview = preview_import(_undated_csv(tmp_path / "Hate Crime 2021.csv", "In progress"))
    assert preview.summary.changes == []
    assert (
        "Action 1.1 was marked complete on 01/02/2022; this file has no As at date to show that changed since, so it "
        "stays complete." in preview.warnings
    )


def test_a_file_with_no_as_at_date_never_reopens_a_closure(plan_db, tmp_path: Path) -> None:
    rows = [["Recommendation", "Action", "Update"], ["R1 Publish audits", "1.1 Report to SPA", "Report drafted"]]
    path = write_xlsx(tmp_path / "tracker.xlsx", {"Hate Crime 2021": rows})
    import_file(path)
    _close(1, PlanDate(2022, 3, 1))
    preview = preview_import(path, progress_date=clock.today())  # the day chosen: the closure was known by then
    assert preview.summary.changes == []
    assert preview.warnings == [
        "Recommendation 1 was closed on 01/03/2022; this file has no As at date to show that changed since, so it "
        "stays closed."
    ]


def test_a_file_with_no_as_at_date_still_moves_a_status_forward(plan_db, tmp_path: Path) -> None:
    import_file(_undated_csv(tmp_path / "Hate Crime 2021.csv", "In progress"))
    preview = preview_import(_undated_csv(tmp_path / "Hate Crime 2021.csv", "Complete"))
    assert [(c.item, c.field, c.old, c.new) for c in preview.summary.changes] == [
        ("Action 1.1", "Status", "In progress", "Complete")
    ]
    assert preview.warnings == []


def test_a_file_dated_after_today_is_read_as_undated_as_at_the_latest_date_it_shows(plan_db, tmp_path: Path) -> None:
    header = ["Recommendation", "Recommendation status", "Action", "Date of the progress update", "Update"]
    with on_day(date(2022, 2, 20)):
        import_file(_sheet(tmp_path, "15th February 2022", header, ["R1 Publish", "Open", "1.1 Report", "", "Drafted"]))
        _close(1, PlanDate(2022, 2, 20))
    future = _sheet(tmp_path, "15th March 2099", header, ["R1 Publish", "Open", "1.1 Report", "01/03/2022", "Sent"])
    with on_day(date(2022, 4, 1)):
        preview = preview_import(future)
        assert preview.undated_progress()
        commit_import(preview)
    assert preview.warnings == [
        "Hate Crime 2021: the file's As at date (15/03/2099) is after today; it is read as a file with no As at date, "
        "as at 01/03/2022.",
        "Recommendation 1 was closed on 20/02/2022; this file has no As at date to show that changed since, so it "
        "stays closed.",
    ]
    assert [(c.item, c.field) for c in preview.summary.changes] == []
    assert (_recommendation(1).status, Inspection.get().as_at) == ("closed", PlanDate(2022, 2, 15))
    assert _progress("1.1") == [("2022-02-15", "Drafted"), ("2022-03-01", "Sent")]


@pytest.mark.parametrize(
    ("as_at", "chosen", "day", "stated"),
    [
        ("2022-02-15", None, date(2022, 2, 15), True),
        ("2099-03-15", None, date(2022, 3, 1), False),  # the latest date the file shows
        ("2099-03-15", date(2022, 3, 20), date(2022, 3, 20), False),  # the day chosen
        (None, None, date(2022, 3, 1), False),
    ],
)
def test_the_day_a_file_speaks_for(as_at, chosen, day, stated) -> None:
    action = PlanAction("1.1", progress="Sent", progress_on="2022-03-01", earlier_progress=[("2030-01-01", "Later")])
    plan = Plan("Hate Crime 2021", as_at=as_at, recommendations=[PlanRecommendation(1, actions=[action])])
    assert file_date(plan, chosen, date(2022, 4, 1)) == FileDate(day, stated)
    assert file_date(Plan("Empty", as_at=as_at), None, date(2022, 4, 1)).day == (day if stated else date(2022, 4, 1))


# Every format, one undoable step ------------------------------------------------------------------
HEADER = ["Recommendation", "Action", "Latest progress update"]
ROWS = [["Recommendation 1\nPublish audits", "1.1 Report to SPA", "Report drafted"]]
TITLE = "APPENDIX B - Progress Update as at 15th February 2022"


def _in_format(tmp_path: Path, extension: str, rows: list[list[str]]) -> Path:
    path = tmp_path / f"{len(rows)}" / f"Hate Crime 2021.{extension}"
    path.parent.mkdir(exist_ok=True)
    if extension == "xlsx":
        return write_xlsx(path, {"Hate Crime 2021": [[TITLE], HEADER, *rows]})
    if extension == "xls":
        return write_xls(path, {"Hate Crime 2021": [[TITLE], HEADER, *rows]})
    if extension == "docx":
        return word_plan(path, [[HEADER, *rows]], prose=[TITLE])
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([[TITLE], HEADER, *rows])
    return path


@pytest.mark.parametrize("extension", ["xlsx", "xls", "docx", "csv"])
def test_the_rules_hold_in_every_format_and_the_import_undoes_in_one_step(
    plan_db, tmp_path: Path, extension: str
) -> None:
    path = _in_format(tmp_path, extension, ROWS)
    import_file(path)
    assert _progress("1.1") == [("2022-02-15", "Report drafted")]  # the file's As at date is read in every format
    _close(1, PlanDate(2026, 11, 24))
    _do(add_progress(_action("1.1").id, PlanDate(2022, 3, 1), "Report sent"))
    before = dump_plans()

    assert (preview_import(path).summary.created_rows, preview_import(path).summary.changes) == ([], [])
    more = _in_format(tmp_path, extension, [*ROWS, ["", "1.2 Agree the format", "Format agreed"]])
    preview = preview_import(more)
    assert [row.kind for row in preview.summary.created_rows] == ["Action", "Progress update"]  # 1.2 only
    assert preview.summary.changes == []
    assert (
        "Recommendation 1 was closed on 24/11/2026, after this file's As at date (15/02/2022); it stays closed."
        in preview.warnings
    )
    history = EditHistory()
    step, _summary = commit_import(preview)
    history.record(step)
    assert _recommendation(1).status == "closed"
    assert history.undo() == "import of Hate Crime 2021"
    assert dump_plans() == before


# The rule itself ----------------------------------------------------------------------------------
FEB, MARCH = PlanDate(2022, 2, 15), PlanDate(2022, 3, 15)


@pytest.mark.parametrize(
    ("recorded", "day", "text", "expected"),
    [
        ([], FEB, "Drafted", ProgressMatch.NEW),
        ([RecordedProgress(FEB, "Drafted")], FEB, " Drafted\n", ProgressMatch.RECORDED),
        ([RecordedProgress(FEB, "Drafted")], MARCH, "Drafted", ProgressMatch.RECORDED),  # carried forward
        ([RecordedProgress(FEB, "Drafted"), RecordedProgress(MARCH, "Sent")], FEB, "Drafted", ProgressMatch.RECORDED),
        ([RecordedProgress(FEB, "Drafted")], FEB, "Sent", ProgressMatch.BESIDE),
        ([RecordedProgress(FEB, "Drafted", deleted=True)], FEB, "Drafted", ProgressMatch.DELETED),
        ([RecordedProgress(MARCH, "Sent")], FEB, "Drafted", ProgressMatch.NEW),  # older history, added
    ],
)
def test_which_progress_updates_are_already_on_record(recorded, day, text, expected) -> None:
    assert match_progress(recorded, day, text) is expected


@pytest.mark.parametrize(
    ("since", "words"),
    [
        (Since(date(2022, 3, 1), date(2022, 3, 1)), "on 01/03/2022"),
        (Since(date(2022, 1, 10), date(2022, 3, 2)), "on 10/01/2022, recorded on 02/03/2022"),
        (Since(date(2022, 1, 10), date(2022, 3, 15), True), "on 10/01/2022, as a file as at 15/03/2022 says"),
        (Since(date(2022, 1, 10), date(2022, 2, 1)), "on 10/01/2022"),  # known by the file's day: never kept for it
    ],
)
def test_a_value_stays_when_it_took_effect_or_became_known_after_the_file(since: Since, words: str) -> None:
    file_day = date(2022, 2, 15)
    assert since.words(file_day) == words
    assert after_file(since, FileDate(file_day, True)) is (words != "on 10/01/2022")


def test_an_import_undone_redone_and_undone_again_then_made_again_lands_whole(plan_db, tmp_path: Path) -> None:
    path = _plan_with_progress(tmp_path, "first.xlsx", "Report drafted")
    history = EditHistory()
    history.record(commit_import(preview_import(path))[0])
    assert history.undo() == "import of Hate Crime 2021"
    assert history.redo() == "import of Hate Crime 2021"
    assert history.undo() == "import of Hate Crime 2021"
    preview = preview_import(path)  # the history has it as it stood on the file's day, the table has it no more
    assert preview.summary.line() == "1 inspection, 1 recommendation and 1 action created; 1 progress update added"
    commit_import(preview)
    assert [inspection.title for inspection in Inspection.select()] == ["Hate Crime 2021"]
