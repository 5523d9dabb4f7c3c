"""Owners' returns in: filled with openpyxl as owners fill them, imported, and compared through ``dump``."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import pytest
from paper_fixture import on_day
from request_owners import BROWN, SMITH, copy_of, fill, load_owners_plan, row_of, send, tamper, workbook_of

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.requests import ProposedStatus
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.history_text import history
from hmics_desktop.services.item_edits import move_action, save_item
from hmics_desktop.services.owner_asks import answer, waiting_asks
from hmics_desktop.services.plan_edits import add_progress
from hmics_desktop.services.plans import dump_plans
from hmics_desktop.services.request_round import dump_requests
from hmics_desktop.services.returns import commit_returns, preview_returns
from hmics_desktop.storage.backups import make_backup
from hmics_desktop.storage.models import Action, OwnerAsk, ProgressUpdate, Recommendation, RequestReturn, TargetRevision
from hmics_desktop.storage.restore import restore

IMPORTED = date(2025, 3, 21)
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def sent(plan_db, tmp_path: Path):
    load_owners_plan()
    return send(tmp_path / "sent")


def _action(number: str, kind: str = "recommendation") -> Action:
    rec_number, position = (int(part) for part in number.split("."))
    rec = Recommendation.get((Recommendation.number == rec_number) & (Recommendation.kind == kind))
    return Action.get((Action.recommendation == rec.id) & (Action.position == position))


def _dumped() -> dict:
    return {**dump_plans(), **dump_requests()}


def _plan_action(dumped: dict, number: str) -> dict:
    rec_number = int(number.split(".")[0])
    rec = next(
        r for r in dumped["plans"][0]["recommendations"] if r["number"] == rec_number and r["kind"] == "recommendation"
    )
    return next(a for a in rec["actions"] if a["number"] == number)


def _import(paths: list[Path], accepted=None, history: EditHistory | None = None):
    with on_day(IMPORTED):
        preview = preview_returns(paths, accepted)
        step, summary = commit_returns(preview, accepted)
    if history is not None:
        history.record(step)
    return preview, step, summary


def test_a_return_is_recorded_as_the_owner_wrote_it_dated_the_day_they_saved_it(sent, tmp_path: Path) -> None:
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": "Custody review under way.", "Next steps": "(i) Report in April"},
        "1.2": {"New progress update": "Started.", "Proposed status": "In progress"},
        "2.2": {"Proposed status": "Complete", "Revised target asked for": "Sept 2025",
                "Reason for the revised target": "Training moved to the autumn"},
    }, saved=datetime(2025, 3, 20, 9, 30))  # fmt: skip
    preview, _step, summary = _import([returned])
    assert preview.warnings == []
    assert summary.line() == ("1 return from DCI Smith: 2 progress updates, next steps of 1 action, 1 action in "
                              "progress and 2 changes asked for by owners")  # fmt: skip
    dumped = _dumped()
    one_one = _plan_action(dumped, "1.1")
    assert (one_one["progress"], one_one["next_steps"]) == ("Custody review under way.", "(i) Report in April")
    update = ProgressUpdate.get(ProgressUpdate.text == "Custody review under way.")
    assert (update.as_at, update.from_owner) == (PlanDate(2025, 3, 20), SMITH)
    assert _plan_action(dumped, "1.2")["status"] == "in_progress"
    two_two = _plan_action(dumped, "2.2")
    assert (two_two["status"], two_two["target"]) == ("in_progress", "2025-06")  # asked for, not applied
    asks = waiting_asks(_action("2.2").id)
    assert [a.sentence() for a in asks] == [
        "DCI Smith asked on 20/03/2025 for “Complete”.",
        "DCI Smith asked on 20/03/2025 for a revised target of Sept 2025 (Training moved to the autumn).",
    ]
    [request] = [r for r in dumped["requests"] if r["owner"] == SMITH]
    assert request["standing"] == "Returned: 3 of 3 rows"
    [kept] = request["returns"]
    assert (kept["saved_on"], kept["file"], kept["rows_filled"]) == ("2025-03-20", "smith.xlsx", 3)
    assert kept["rows"][0]["records"] == ["progress update as at 20/03/2025", "next steps"]
    lines = history("action", _action("1.1").id)
    assert lines[0].what.startswith(
        "Progress update from DCI Smith added as at 20/03/2025: “Custody review under way.”"
    )


def test_a_date_excel_made_of_what_an_owner_typed_reads_as_they_wrote_it(sent, tmp_path: Path) -> None:
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": datetime(2025, 3, 31), "Next steps": datetime(2025, 4, 14)},
    })  # fmt: skip
    _import([returned])
    one_one = _plan_action(_dumped(), "1.1")
    assert (one_one["progress"], one_one["next_steps"]) == ("31/03/2025", "14/04/2025")


def test_importing_the_same_return_twice_changes_nothing(sent, tmp_path: Path) -> None:
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {"1.1": {"New progress update": "Done."}})
    _import([returned])
    before = _dumped()
    preview, step, summary = _import([returned, copy_of(returned, tmp_path / "smith again.xlsx")])
    assert step.changes == [] and summary.returns == 0 and _dumped() == before
    assert preview.warnings == [
        "smith.xlsx was imported before (on 21/03/2025); nothing of it is imported again.",
        "smith again.xlsx was imported before (on 21/03/2025); nothing of it is imported again.",
    ]


def test_the_whole_batch_is_one_undo_step(sent, tmp_path: Path) -> None:
    edits = EditHistory()
    before = _dumped()
    smith = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {"1.1": {"New progress update": "A"}})
    brown = fill(workbook_of(sent, BROWN), tmp_path / "brown.xlsx",
                 {"1.3": {"New progress update": "B", "Revised target asked for": "Dec 2025"}})  # fmt: skip
    _preview, step, summary = _import([smith, brown], history=edits)
    assert summary.returns == 2 and step.description == "returns of update requests from DCI Smith and Supt Brown"
    assert edits.undo() == step.description
    assert _dumped() == before and RequestReturn.select().count() == 0 and OwnerAsk.select().count() == 0
    edits.redo()
    assert RequestReturn.select().count() == 2 and _plan_action(_dumped(), "1.3")["progress"] == "B"


def test_a_protected_cell_changed_is_ignored_and_named(sent, tmp_path: Path) -> None:
    workbook = workbook_of(sent, SMITH)
    row = row_of(workbook, "1.1")
    returned = fill(workbook, tmp_path / "smith.xlsx", {"1.1": {"New progress update": "Going well."},
                                                         "1.2": {"New progress update": "Also."}},
                    cells={f"E{row}": "A better action text", f"F{row}": "Dec 2030", f"D{row + 1}": "1.9"})  # fmt: skip
    preview, _step, summary = _import([returned])
    assert preview.warnings == [
        f"DCI Smith’s return, row {row} (action 1.1): the Action to be taken and Target date cells were changed; "
        "that is ignored (the plan keeps its own).",
        f"DCI Smith’s return, row {row + 1} (action 1.2): its action cells were changed, so the row cannot be "
        "matched with certainty; nothing of it was recorded (type its update in by hand).",
    ]
    assert summary.progress == 1
    one_one = _plan_action(_dumped(), "1.1")
    assert (one_one["text"], one_one["target"], one_one["progress"]) == (
        "Action 1.1 to be taken",
        "2025-06",
        "Going well.",
    )
    assert _plan_action(_dumped(), "1.2")["progress"] == "Started 1.2"


def test_a_row_for_an_action_deleted_since_is_named_and_never_brought_back(sent, tmp_path: Path) -> None:
    with on_day(date(2025, 3, 17)):
        EditHistory().do(save_item("action", _action("1.2").id, {"deleted_at": datetime(2025, 3, 17, 10)}, None))
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": "Fine."},
        "1.2": {"New progress update": "Should not land.", "Proposed status": "Complete"},
    })  # fmt: skip
    preview, _step, _summary = _import([returned])
    assert preview.warnings == [
        "DCI Smith’s return, row 8 (action 1.2): the action was deleted on 17/03/2025, after the request; nothing of "
        "the row was recorded (restore the action from Deleted items first to record it)."
    ]
    deleted = _action("1.2")
    assert deleted.deleted_at is not None and OwnerAsk.select().where(OwnerAsk.action == deleted.id).count() == 0
    assert ProgressUpdate.select().where(ProgressUpdate.text == "Should not land.").count() == 0


def test_the_plan_changed_after_the_preview_is_weighed_again_when_recorded(sent, tmp_path: Path) -> None:
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": "Fine."},
        "1.2": {"New progress update": "Should not land."},
    })  # fmt: skip
    with on_day(IMPORTED):
        preview = preview_returns([returned])
        assert preview.summary.progress == 2 and preview.warnings == []
        EditHistory().do(save_item("action", _action("1.2").id, {"deleted_at": datetime(2025, 3, 21, 10)}, None))
        _step, summary = commit_returns(preview)
    assert summary.progress == 1
    assert ProgressUpdate.select().where(ProgressUpdate.text == "Should not land.").count() == 0
    assert [w for w in preview.warnings if "the action was deleted on 21/03/2025" in w]


@pytest.mark.sqlite_only
def test_a_backup_restored_by_another_program_after_the_preview_is_weighed_again(sent, db_path: Path) -> None:
    # the trail ends where it did at the preview after a restore and as many changes: the plan is another
    returned = fill(workbook_of(sent, SMITH), db_path.parent / "smith.xlsx", {
        "1.1": {"New progress update": "Fine."},
        "1.2": {"New progress update": "Should not land."},
    })  # fmt: skip
    with closing(sqlite3.connect(db_path)) as connection:
        backup = make_backup(connection, db_path, "daily")
    assert backup is not None
    with on_day(IMPORTED):
        EditHistory().do(save_item("action", _action("2.2").id, {"text": "Reworded."}, None))
        preview = preview_returns([returned])
        restore(backup, db_path)  # as another program does: this one keeps its connection
        EditHistory().do(save_item("action", _action("1.2").id, {"deleted_at": datetime(2025, 3, 21, 10)}, None))
        _step, summary = commit_returns(preview)
    assert summary.progress == 1
    assert ProgressUpdate.select().where(ProgressUpdate.text == "Should not land.").count() == 0


@pytest.mark.libreoffice
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice absent")
@pytest.mark.sqlite_only
def test_a_return_saved_by_libreoffice_leaves_the_line_breaks_sent_as_they_were(plan_db, tmp_path: Path) -> None:
    load_owners_plan()
    one_one = _action("1.1")
    Action.update(text="First line\r\nsecond\rthird").where(Action.id == one_one.id).execute()
    workbook = workbook_of(send(tmp_path / "sent", owners=[SMITH]), SMITH)
    filled = fill(workbook, tmp_path / "smith.xlsx", {"1.1": {"New progress update": "Fine."}})
    subprocess.run(
        [OFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(tmp_path / "saved"), str(filled)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    preview, _step, summary = _import([tmp_path / "saved" / "smith.xlsx"])
    assert summary.progress == 1 and preview.warnings == []  # the owner changed none of the cells sent


def test_text_that_reads_as_excels_escape_of_a_character_comes_back_as_sent(sent, tmp_path: Path) -> None:
    one_one = _action("1.1")
    Action.update(text="See _x0041_ in the log", next_steps="Ask for _x000D_ codes").where(
        Action.id == one_one.id
    ).execute()
    workbook = workbook_of(send(tmp_path / "again", owners=[SMITH]), SMITH)
    filled = fill(workbook, tmp_path / "smith.xlsx", {"1.1": {"New progress update": "Fine."}})
    preview, _step, summary = _import([filled])
    assert summary.progress == 1 and summary.next_steps == 0 and preview.warnings == []
    assert Action.get_by_id(one_one.id).next_steps == "Ask for _x000D_ codes"


def test_asks_accepted_after_the_preview_are_weighed_when_recorded(sent, tmp_path: Path) -> None:
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {
        "1.1": {"Revised target asked for": "Dec 2025", "Reason for the revised target": "Staff moved"},
    })  # fmt: skip
    with on_day(IMPORTED):
        preview = preview_returns([returned])
        _step, summary = commit_returns(preview, {(str(returned), row_of(returned, "1.1"), "target")})
    assert (summary.asks, summary.accepted) == (1, 1)
    assert [r.target for r in TargetRevision.select().where(TargetRevision.action == _action("1.1").id)] == [
        PlanDate(2025, 12)
    ]


def test_a_forwarded_copy_filled_by_someone_else_is_kept_beside_the_owners_own(sent, tmp_path: Path) -> None:
    workbook = workbook_of(sent, BROWN)
    own = fill(workbook, tmp_path / "brown.xlsx", {"1.3": {"New progress update": "From Brown."}},
               saved=datetime(2025, 3, 18, 10))  # fmt: skip
    forwarded = fill(copy_of(workbook, tmp_path / "forwarded copy.xlsx"), tmp_path / "forwarded copy.xlsx",
                     {"1.3": {"New progress update": "From his deputy."},
                      "2.1": {"New progress update": "Deputy on 2.1."}}, saved=datetime(2025, 3, 19, 10))  # fmt: skip
    preview, _step, summary = _import([own, forwarded])
    assert summary.returns == 2 and summary.progress == 3
    assert preview.warnings == [
        "Action 1.3 is filled in more than one return (brown.xlsx (saved on 18/03/2025) and forwarded copy.xlsx "
        "(saved on 19/03/2025)); both are kept."
    ]
    texts = [u.text for u in ProgressUpdate.select().where(ProgressUpdate.action == _action("1.3").id)]
    assert sorted(texts) == ["From Brown.", "From his deputy.", "Started 1.3"]
    assert _plan_action(_dumped(), "1.3")["progress"] == "From his deputy."  # the later of the two


def test_an_action_filled_in_three_returns_keeps_all_three_and_says_so(sent, tmp_path: Path) -> None:
    workbook = workbook_of(sent, BROWN)
    copies = [fill(copy_of(workbook, tmp_path / f"copy {n}.xlsx"), tmp_path / f"copy {n}.xlsx",
                   {"1.3": {"New progress update": f"From reader {n}."}}, saved=datetime(2025, 3, 17 + n, 10))
              for n in (1, 2, 3)]  # fmt: skip
    preview, _step, summary = _import(copies)
    assert summary.progress == 3
    assert preview.warnings == [
        "Action 1.3 is filled in more than one return (copy 1.xlsx (saved on 18/03/2025), copy 2.xlsx (saved on "
        "19/03/2025) and copy 3.xlsx (saved on 20/03/2025)); all three are kept."
    ]


def test_a_return_older_than_an_update_recorded_since_is_kept_with_its_date(sent, tmp_path: Path) -> None:
    with on_day(date(2025, 3, 19)):
        EditHistory().do(add_progress(_action("1.1").id, PlanDate(2025, 3, 19), "Phoned in on the 19th."))
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx",
                    {"1.1": {"New progress update": "Written on the 16th.", "Next steps": "(i) Older steps"}},
                    written="16/03/2025")  # fmt: skip
    with on_day(date(2025, 3, 19)):
        EditHistory().do(save_item("action", _action("1.1").id, {"next_steps": "(i) Newer steps"}, None))
    preview, _step, _summary = _import([returned])
    assert preview.warnings == [
        "DCI Smith’s return, row 7 (action 1.1): this update (16/03/2025) is older than the update as at 19/03/2025 "
        "on record; it is kept with its date and the newer stays the latest.",
        "DCI Smith’s return, row 7 (action 1.1): its next steps were changed on 19/03/2025, after this return "
        "(16/03/2025); they stay as they are.",
    ]
    one_one = _plan_action(_dumped(), "1.1")
    assert (one_one["progress"], one_one["next_steps"]) == ("Phoned in on the 19th.", "(i) Newer steps")
    kept = ProgressUpdate.get(ProgressUpdate.text == "Written on the 16th.")
    assert kept.as_at == PlanDate(2025, 3, 16)


def test_a_tampered_record_or_another_databases_return_is_refused_in_one_sentence(sent, tmp_path: Path) -> None:
    workbook = workbook_of(sent, SMITH)
    filled = fill(workbook, tmp_path / "smith.xlsx", {"1.1": {"New progress update": "X"}})

    def point_elsewhere(record: dict) -> None:
        record["rows"][0][1] = _action("2.1").id

    def other_database(record: dict) -> None:
        record["database"] = "0" * 32

    tampered = tamper(filled, tmp_path / "tampered.xlsx", point_elsewhere)
    foreign = tamper(filled, tmp_path / "foreign.xlsx", other_database)
    not_a_return = tmp_path / "notes.xlsx"
    not_a_return.write_bytes(b"not a workbook")
    before = _dumped()
    with on_day(IMPORTED):
        preview = preview_returns([tampered, foreign])
    assert preview.warnings == [
        "tampered.xlsx: the hidden record of its update request was changed, so the return cannot be trusted; it "
        "was not imported.",
        "foreign.xlsx answers an update request from another plan database; it was not imported (import it into "
        "the database that sent the request).",
    ]
    assert preview.summary.returns == 0 and _dumped() == before


def test_an_action_moved_since_is_recorded_where_it_is_now(sent, tmp_path: Path) -> None:
    rec_two = Recommendation.get(Recommendation.number == 2).id
    with on_day(date(2025, 3, 17)):
        EditHistory().do(move_action(_action("1.1").id, rec_two))
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {"1.1": {"New progress update": "Moved."}})
    preview, _step, _summary = _import([returned])
    assert preview.warnings == [
        "DCI Smith’s return, row 7 (action 1.1): the action is now action 2.3 (moved on 17/03/2025); the row was "
        "recorded there."
    ]
    assert _plan_action(_dumped(), "2.3")["progress"] == "Moved."


def test_an_action_closed_since_gets_its_update_but_not_what_was_asked(sent, tmp_path: Path) -> None:
    with on_day(date(2025, 3, 17)):
        EditHistory().do(save_item("action", _action("2.2").id, {"status": "complete"}, None))
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx",
                    {"2.2": {"New progress update": "Finished.", "Revised target asked for": "Dec 2025"}})  # fmt: skip
    preview, _step, summary = _import([returned])
    assert preview.warnings == [
        "DCI Smith’s return, row 9 (action 2.2): the action was marked complete on 17/03/2025, after the request; the "
        "status and target asked for were not recorded."
    ]
    assert (summary.progress, summary.asks) == (1, 0)


def test_what_an_owner_asks_is_applied_only_when_the_secretary_accepts_it(sent, tmp_path: Path) -> None:
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {
        "1.1": {"Revised target asked for": "Dec 2025", "Reason for the revised target": "Staff moved"},
        "2.2": {"Proposed status": "Proposed for closure"},
        "1.2": {"Revised target asked for": "Jan 2020"},  # before the initial target: cannot be accepted
    })  # fmt: skip
    accepted = {(str(returned), row_of(returned, "1.1"), "target"), (str(returned), row_of(returned, "1.2"), "target")}
    preview, _step, summary = _import([returned], accepted)
    assert (summary.asks, summary.accepted) == (3, 1)
    assert preview.warnings == ["DCI Smith’s return, row 8 (action 1.2): The revised target (Jan 2020) is before the "
                                "initial target (June 2025). It was recorded as asked, not accepted."]  # fmt: skip
    [revision] = TargetRevision.select().where(TargetRevision.action == _action("1.1").id)
    assert (revision.target, revision.reason) == (
        PlanDate(2025, 12),
        "DCI Smith asked for it on 20/03/2025: Staff moved",
    )
    [closure] = waiting_asks(_action("2.2").id)
    assert _action("2.2").status == "in_progress"
    edits = EditHistory()
    with on_day(date(2025, 3, 24)):
        edits.do(answer(closure.id, accept=True))
    assert _action("2.2").status == "complete"
    assert Recommendation.get(Recommendation.number == 2).status == "evidence_submitted"
    assert waiting_asks(_action("2.2").id) == []
    [too_early] = waiting_asks(_action("1.2").id)
    edits.do(answer(too_early.id, accept=False))
    assert OwnerAsk.get_by_id(too_early.id).decision == "declined"
    assert (
        "What DCI Smith asked for (“Proposed for closure”) was accepted."
        in history("action", _action("2.2").id)[0].what
    )
    edits.undo()
    edits.undo()
    assert _action("2.2").status == "in_progress" and len(waiting_asks(_action("2.2").id)) == 1


def test_the_day_a_return_speaks_for(sent, tmp_path: Path) -> None:
    workbook = workbook_of(sent, SMITH)
    future = fill(workbook, tmp_path / "future.xlsx", {"1.1": {"New progress update": "Ahead."}},
                  saved=datetime(2025, 4, 30, 12))  # fmt: skip
    early = fill(workbook, tmp_path / "early.xlsx", {"1.2": {"New progress update": "Before."}},
                 saved=datetime(2025, 3, 10, 12))  # fmt: skip
    wrong = fill(workbook, tmp_path / "wrong.xlsx", {"2.2": {"New progress update": "Words."}}, written="next week")
    preview, _step, _summary = _import([future, early, wrong])
    assert preview.warnings == [
        "future.xlsx: DCI Smith’s return is dated 30/04/2025, after today, and a progress update cannot be dated "
        "after today; it was not imported (correct the date at its top and import it again).",
        "DCI Smith’s return says it was saved on 10/03/2025, before the request was sent (14/03/2025); its updates "
        "are dated 14/03/2025.",
        "DCI Smith’s return: the date written at its top (“next week”) is not a date; the day it was saved is used.",
    ]
    days = {u.text: u.as_at for u in ProgressUpdate.select().where(ProgressUpdate.from_owner == SMITH)}
    assert days == {"Before.": PlanDate(2025, 3, 14), "Words.": PlanDate(2025, 3, 20)}


def test_rows_added_below_and_words_that_are_no_status_are_named(sent, tmp_path: Path) -> None:
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {"1.1": {"Proposed status": "Nearly there"}},
                    cells={"A12": "My own row", "I12": "An update for something else"})  # fmt: skip
    preview, _step, summary = _import([returned])
    assert preview.warnings == [
        "DCI Smith’s return, row 7 (action 1.1): “Nearly there” is not a status it can propose (In progress, "
        "Complete and Proposed for closure); it was not recorded.",
        "DCI Smith’s return: row 12 is not among the request’s actions; what it holds was not recorded.",
        "smith.xlsx: nothing is filled in; it was not recorded as DCI Smith’s return.",
    ]
    assert summary.returns == 0 and RequestReturn.select().count() == 0


def test_words_that_deny_a_status_ask_for_nothing(sent, tmp_path: Path) -> None:
    """Pasted past the drop-down, "Can't close yet" is no proposal for closure, nor "Not complete" one of Complete."""
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {
        "1.1": {"Proposed status": "Can't close yet", "New progress update": "Waiting on estates."},
        "1.2": {"Proposed status": "Not yet closed"}, "2.2": {"Proposed status": "Not complete"}})  # fmt: skip
    preview, _step, summary = _import([returned])
    assert [w.split(": ", 1)[1] for w in preview.warnings] == [
        f"“{words}” is not a status it can propose (In progress, Complete and Proposed for closure); it was not "
        "recorded." for words in ("Can't close yet", "Not yet closed", "Not complete")]  # fmt: skip
    assert OwnerAsk.select().count() == 0 and summary.asks == 0 and summary.progress == 1
    assert [ProposedStatus.from_words(w) for w in ("Proposed for closure", "ready to close", "Completed")] == [
        ProposedStatus.PROPOSED_FOR_CLOSURE,
        ProposedStatus.PROPOSED_FOR_CLOSURE,
        ProposedStatus.COMPLETE,
    ]


def test_the_return_rows_are_kept_for_dump(sent, tmp_path: Path) -> None:
    returned = fill(workbook_of(sent, BROWN), tmp_path / "brown.xlsx", {"2.1": {"New progress update": "Trained."}})
    _import([returned])
    [request] = [r for r in _dumped()["requests"] if r["owner"] == BROWN]
    assert request["standing"] == "Partly returned: 1 of 3 rows"
    assert json.loads(json.dumps(request["returns"][0]["rows"])) == [{
        "row": 8, "number": "2.1", "update": "Trained.", "next_steps": None, "status": None, "asks": [],
        "recorded": True, "records": ["progress update as at 20/03/2025"], "skipped": None,
    }]  # fmt: skip


def test_a_request_copied_out_of_its_workbook_is_refused_never_read_as_a_plan(sent, tmp_path: Path) -> None:
    """Its columns look like a tracker's: read as a plan, the owner's revised target became the recommendation's."""
    import openpyxl

    from hmics_desktop.excel.request_workbook import SHEET
    from hmics_desktop.excel.workbook_reader import UnreadableWorkbook
    from hmics_desktop.services.importing import import_file, preview_import

    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": "Review done.", "Revised target asked for": "31/03/2026"},
        "1.2": {"Next steps": "Something new"}})  # fmt: skip
    copied = openpyxl.Workbook()
    for row in openpyxl.load_workbook(returned)[SHEET].iter_rows(values_only=True):
        copied.active.append(list(row))  # the rows pasted into a workbook of the owner's own
    copied.save(tmp_path / "pasted.xlsx")
    before = _dumped()
    for attempt in (preview_import, import_file):
        with pytest.raises(UnreadableWorkbook) as refused:
            attempt(tmp_path / "pasted.xlsx")
        assert str(refused.value) == (
            "pasted.xlsx holds an owner's update request copied out of the workbook sent, without the record that "
            "matches its rows to the actions; it was not imported (import the workbook the owner was sent, filled "
            "in, or type their updates in by hand).")  # fmt: skip
    assert _dumped() == before
