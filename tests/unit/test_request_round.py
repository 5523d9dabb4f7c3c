"""The round of requests from the command line and between programs: requests, --status, returns, dump, owners."""

from __future__ import annotations

import email
import email.policy
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from other_program import other_program
from paper_fixture import on_day
from request_owners import BROWN, SMITH, fill, load_owners_plan, send, workbook_of

from hmics_desktop.cli.main import main
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.editing import ValidationError
from hmics_desktop.services.owners import owners, remove_owner, save_owner
from hmics_desktop.services.request_round import ReminderError, draft_reminder, status_lines
from hmics_desktop.storage.copying import copy_database
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import Action, Owner, Recommendation, UpdateRequest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sent(plan_db, tmp_path: Path):
    load_owners_plan()
    return send(tmp_path / "sent")


def _run(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "hmics_desktop", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def test_requests_and_their_status_from_the_command_line(db_location, tmp_path: Path, capsys) -> None:
    open_database(db_location)
    load_owners_plan()
    close_database()
    out = tmp_path / "requests"
    out.mkdir()
    with on_day(date(2025, 3, 14)):
        code = main(["requests", "--db", str(db_location), "--out", str(out), "--due", "2025-03-28",
                     "--inspection", "Custody Review 2024", "--from", "secretary@scotland.police.uk"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    assert said.startswith(f"Wrote 2 update requests: DCI Smith (3 actions) and Supt Brown (3 actions) to {out}.")
    assert "1 open action has no owner, so no one was asked about it." in said
    assert len(list(out.glob("*.xlsx"))) == 2 and len(list(out.glob("*.eml"))) == 2
    with on_day(date(2025, 3, 30)):
        assert main(["requests", "--db", str(db_location), "--status"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "DCI Smith: Outstanding (overdue) (sent 14/03/2025, due 28/03/2025)",
        "Supt Brown: Outstanding (overdue) (sent 14/03/2025, due 28/03/2025)",
    ]
    assert main(["requests", "--db", str(db_location), "--out", str(out)]) == 2
    assert "give --out FOLDER and --due YYYY-MM-DD" in capsys.readouterr().err


def test_returns_imported_from_the_command_line_and_dumped(sent, db_location, tmp_path: Path, capsys) -> None:
    smith = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {"1.1": {"New progress update": "On track."}})
    brown = fill(workbook_of(sent, BROWN), tmp_path / "brown.xlsx", {"1.3": {"Revised target asked for": "Dec 2025"}})
    close_database()
    assert main(["import", str(smith), str(brown), "--db", str(db_location), "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert [r["owner"] for r in dry["returns"]] == [SMITH, BROWN] and dry["warnings"] == []
    assert dry["summary"] == ("2 returns from DCI Smith and Supt Brown: 1 progress update and 1 change asked for "
                              "by owners")  # fmt: skip
    assert main(["dump", "--db", str(db_location)]) == 0
    assert all(not r["returns"] for r in json.loads(capsys.readouterr().out)["requests"])  # the dry run wrote nothing
    assert main(["import", str(smith), str(brown), "--db", str(db_location)]) == 0
    said = capsys.readouterr()
    assert said.out.startswith("2 returns from DCI Smith and Supt Brown: 1 progress update and 1 change asked for by "
                               "owners (recorded).")  # fmt: skip
    assert "    action 1.1: progress update as at 20/03/2025" in said.out
    assert main(["dump", "--db", str(db_location)]) == 0
    dumped = json.loads(capsys.readouterr().out)
    returned = {r["owner"]: r["returns"] for r in dumped["requests"]}
    assert [r["rows_filled"] for r in returned[SMITH]] == [1] and [r["file"] for r in returned[BROWN]] == ["brown.xlsx"]
    assert dumped["owners"] == []
    assert main(["import", str(smith), "--db", str(db_location)]) == 0
    assert "smith.xlsx was imported before" in capsys.readouterr().err
    plan_file = tmp_path / "not a return.xlsx"
    plan_file.write_bytes(smith.read_bytes()[:100])
    assert main(["import", str(plan_file), str(smith), "--db", str(db_location)]) == 0
    assert "not a return.xlsx is damaged" in capsys.readouterr().err


def test_two_secretaries_importing_returns_at_once_both_land(sent, db_location, tmp_path: Path) -> None:
    smith = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": "Smith on 1.1."}, "2.2": {"New progress update": "Smith on 2.2."}})  # fmt: skip
    brown = fill(workbook_of(sent, BROWN), tmp_path / "brown.xlsx", {
        "1.3": {"New progress update": "Brown on 1.3."}, "2.1": {"New progress update": "Brown on 2.1."}})  # fmt: skip
    close_database()
    running = [_run("import", str(path), "--db", str(db_location)) for path in (smith, brown, brown)]
    results = [(*process.communicate(timeout=120), process.returncode) for process in running]
    assert [code for _out, _err, code in results] == [0, 0, 0], [err for _out, err, _code in results]
    with other_program(db_location) as connection:
        texts = sorted(
            t for (t,) in connection.execute("SELECT text FROM progress_update WHERE from_owner IS NOT NULL")
        )
        returns = connection.execute("SELECT count(*) FROM request_return").fetchone()[0]
    assert texts == ["Brown on 1.3.", "Brown on 2.1.", "Smith on 1.1.", "Smith on 2.2."]
    assert returns == 2  # Brown's, imported twice at once, is recorded once
    assert sum("imported before" in err for _out, err, _code in results) == 1


@pytest.mark.sqlite_only
def test_a_copy_of_the_database_knows_its_requests_returns(sent, db_path: Path, tmp_path: Path, postgres_server):
    smith = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {"1.1": {"New progress update": "In the copy."}})
    close_database()
    url = postgres_server.fresh_database()
    copy_database(db_path, url)
    assert main(["import", str(smith), "--db", url]) == 0
    with other_program(url) as connection:
        assert connection.execute("SELECT from_owner FROM progress_update WHERE text = 'In the copy.'").fetchone() == (
            SMITH,)  # fmt: skip


def test_a_reminder_names_what_is_still_missing(sent, tmp_path: Path) -> None:
    from hmics_desktop.services.returns import commit_returns, preview_returns

    smith = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {"1.1": {"New progress update": "Done."}})
    with on_day(date(2025, 3, 21)):
        commit_returns(preview_returns([smith]))
        assert status_lines() == [
            "Supt Brown: Outstanding (sent 14/03/2025, due 28/03/2025)",
            "DCI Smith: Partly returned: 1 of 3 rows (sent 14/03/2025, due 28/03/2025, returned 20/03/2025)",
        ]
        request_id = UpdateRequest.get(UpdateRequest.owner == SMITH).id
        draft = draft_reminder(request_id)
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert draft.parent == workbook_of(sent, SMITH).parent and message["X-Unsent"] == "1"
    body = message.get_body(("plain",)).get_content()
    assert "• 1.2 Action 1.2 to be taken (Custody Review 2024)" in body and "1.1 Action" not in body
    assert "is due by 28/03/2025" in body
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == workbook_of(sent, SMITH).name
    with pytest.raises(ReminderError, match="no longer on record"):
        draft_reminder(9999)


def test_the_owners_directory(sent) -> None:
    edits = EditHistory()
    assert [(o.name, o.open_actions, o.id) for o in owners()] == [(SMITH, 3, None), (BROWN, 3, None)]
    with pytest.raises(ValidationError, match="not an email address"):
        save_owner(None, "FMOR", "fmor at scotland", None)
    edits.do(save_owner(None, "FMOR", "fmor@scotland.police.uk", "Crime"))
    with pytest.raises(ValidationError, match="FMOR is in the directory already"):
        save_owner(None, "fmor", None, None)
    # an owner met in the plan, given an address and a new name at once: the rename carries through
    edits.do(save_owner(None, "DCI John Smith", "john.smith@scotland.police.uk", None, was=SMITH))
    assert Action.select().where(Action.owner == "DCI John Smith").count() == 4  # 1.5, complete, too
    assert Action.select().where(Action.owner == SMITH).count() == 0
    renamed = Owner.get(Owner.name == "DCI John Smith")
    Recommendation.update(owner="DCI John Smith").where(Recommendation.number == 1).execute()
    edits.do(save_owner(renamed.id, "DCI J Smith", renamed.email, "Custody"))
    assert Recommendation.get(Recommendation.number == 1).owner == "DCI J Smith"
    assert [(o.name, o.email, o.group) for o in owners() if o.id is not None] == [
        ("DCI J Smith", "john.smith@scotland.police.uk", "Custody"),
        ("FMOR", "fmor@scotland.police.uk", "Crime"),
    ]
    assert edits.undo() == "renaming of the owner DCI John Smith to DCI J Smith"
    assert Action.select().where(Action.owner == "DCI John Smith").count() == 4
    edits.do(remove_owner(Owner.get(Owner.name == "FMOR").id))
    assert Owner.select().where(Owner.name == "FMOR").count() == 0
    edits.undo()
    assert Owner.get(Owner.name == "FMOR").grp == "Crime"


def test_renaming_an_owner_to_one_the_plan_already_has_is_refused(sent) -> None:
    """As for a name in the directory: a slip in the dialog would give all of one owner's actions to another."""
    edits = EditHistory()
    edits.do(save_owner(None, SMITH, "john.smith@scotland.police.uk", None, was=SMITH))
    smith = Owner.get(Owner.name == SMITH)
    for rename in (lambda: save_owner(smith.id, "supt brown", smith.email, None),
                   lambda: save_owner(None, BROWN.upper(), None, None, was=SMITH)):  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            rename()
        assert refused.value.problems == {"name": f"{BROWN} already owns actions in the plan; to give them {SMITH}’s "
                                          "actions, choose those on the board and change their owner."}  # fmt: skip
    assert Action.select().where(Action.owner == SMITH).count() == 4
    assert Action.select().where(Action.owner == BROWN).count() == 3
    edits.do(save_owner(smith.id, "dci smith", smith.email, None))  # the same owner, written otherwise: not another
    assert Action.select().where(Action.owner == "dci smith").count() == 4


def test_a_reminder_leaves_out_what_was_answered_deleted_or_closed(sent, tmp_path: Path) -> None:
    """An update the plan had already counts as an answer; an action deleted or closed since has nothing to ask."""
    from hmics_desktop.services.item_edits import delete_items
    from hmics_desktop.services.returns import commit_returns, preview_returns

    edits = EditHistory()
    smith_actions = {a.recommendation.number * 10 + a.position: a.id for a in Action.select() if a.owner == SMITH}
    with on_day(date(2025, 3, 17)):
        edits.do(delete_items("action", [smith_actions[22]]))  # 2.2, after the request
    smith = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {"1.1": {"New progress update": "Started 1.1"}})
    with on_day(date(2025, 3, 21)):
        commit_returns(preview_returns([smith]))
        assert status_lines()[1] == (
            "DCI Smith: Partly returned: 1 of 3 rows (sent 14/03/2025, due 28/03/2025, returned 20/03/2025)"
        )
        draft = draft_reminder(UpdateRequest.get(UpdateRequest.owner == SMITH).id)
        body = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default).get_body(("plain",))
        missing = [line.strip() for line in body.get_content().splitlines() if line.strip().startswith("•")]
        assert missing == ["• 1.2 Action 1.2 to be taken (Custody Review 2024)"]
        Action.update(status="complete").where(Action.id == smith_actions[12]).execute()  # 1.2 done since
        with pytest.raises(ReminderError, match="nothing to remind"):
            draft_reminder(UpdateRequest.get(UpdateRequest.owner == SMITH).id)
        assert status_lines()[-1].startswith("DCI Smith: Returned: 1 of 3 rows")


def test_owners_are_listed_as_people_read_them_numbers_by_value(plan_db) -> None:
    edits = EditHistory()
    for name in ["Owner 10", "owner 2", "Owner 1", "C3", "10 Squadron"]:
        edits.do(save_owner(None, name, None, None))
    assert [o.name for o in owners()] == ["10 Squadron", "C3", "Owner 1", "owner 2", "Owner 10"]


def test_owners_with_accents_sit_among_their_letters_and_odd_digits_do_not_break_the_list(plan_db) -> None:
    edits = EditHistory()
    for name in ["Zara Khan", "Émile Brown", "Edward Ames", "Room 1²", "Room 10", "Ölaf Berg", "Fiona Hay"]:
        edits.do(save_owner(None, name, None, None))
    assert [o.name for o in owners()] == [
        "Edward Ames", "Émile Brown", "Fiona Hay", "Ölaf Berg", "Room 1²", "Room 10", "Zara Khan",
    ]  # fmt: skip
