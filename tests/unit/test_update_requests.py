"""Update requests out: one workbook and one email draft per owner with open actions, kept on record."""

from __future__ import annotations

import email
import email.policy
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from paper_fixture import on_day
from request_owners import BROWN, DUE, SENT_ON, SMITH, load_owners_plan, send, workbook_of

from hmics_desktop.domain.requests import RequestRecord, file_stem, is_signed
from hmics_desktop.excel.request_workbook import HEADER_ROW, RECORD_SHEET, SHEET, SHORTENED
from hmics_desktop.excel.workbook_reader import read_workbook
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.item_edits import save_item
from hmics_desktop.services.owners import save_owner
from hmics_desktop.services.requests import RequestError, RequestOptions, send_requests
from hmics_desktop.storage.models import Action, UpdateRequest
from hmics_desktop.storage.request_store import signing_key


@pytest.fixture
def plan(plan_db) -> None:
    load_owners_plan()


def _record(workbook: Path) -> tuple[str, str]:
    hidden = openpyxl.load_workbook(workbook)[RECORD_SHEET]
    cells = [hidden.cell(row=r, column=1).value for r in range(1, hidden.max_row + 1)]
    return "".join(cells[2:]), cells[1]


def test_each_owner_gets_their_open_actions_in_a_workbook_named_for_them(plan, tmp_path: Path) -> None:
    sent = send(tmp_path / "out")
    assert [(s.owner, s.rows) for s in sent.sent] == [(SMITH, 3), (BROWN, 3)]
    assert sent.unowned == 1  # action 1.4 has no owner
    assert sent.unowned_sentence() == "1 open action has no owner, so no one was asked about it."
    smith = workbook_of(sent, SMITH)
    assert smith.name == "DCI Smith – update request – 14 March 2025.xlsx"
    assert smith.with_suffix(".eml").is_file()
    sheet = openpyxl.load_workbook(smith)[SHEET]
    numbers = [sheet.cell(row=r, column=4).value for r in range(HEADER_ROW + 1, sheet.max_row + 1)]
    assert numbers == ["1.1", "1.2", "2.2"]  # 1.5 is complete: not asked about
    first = [sheet.cell(row=HEADER_ROW + 1, column=c).value for c in range(1, 11)]
    assert first == ["Custody Review 2024", "R1", "Police Scotland should review custody.", "1.1",
                     "Action 1.1 to be taken", "June 2025", "15/02/2025", "Started 1.1", None,
                     "(i) Next for 1.1"]  # fmt: skip
    brown = openpyxl.load_workbook(workbook_of(sent, BROWN))[SHEET]
    assert brown.cell(row=HEADER_ROW + 3, column=4).value == "1.1 (area for development)"


def test_only_the_yellow_cells_take_typing_and_the_status_is_a_drop_down(plan, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(workbook_of(send(tmp_path), SMITH))
    sheet = book[SHEET]
    assert sheet.protection.sheet and not sheet.protection.password
    assert book.security.lockStructure  # no sheet renamed, deleted or shown
    row = HEADER_ROW + 1
    locked = {c: sheet.cell(row=row, column=c).protection.locked for c in range(1, 11)}
    assert locked == {**{c: True for c in range(1, 9)}, 9: True, 10: False}  # 9: not written (its column's)
    columns = {letter: sheet.column_dimensions[letter] for letter in "IJKLM"}
    assert all(not dimension.protection.locked for dimension in columns.values())
    # what the owner types stays as typed: "June 2025" as a revised target, "50%" or "31/03/2025" in an update
    assert all(dimension.number_format == "@" for dimension in columns.values())
    assert sheet.cell(row=row, column=10).number_format == "@"  # the next steps, written
    [(cells, [yellow])] = [(str(r.sqref), r.rules) for r in sheet.conditional_formatting]
    assert cells == f"I{row}:M{row + 2}" and yellow.formula == ["TRUE"]
    assert sheet["H4"].protection.locked is False  # the date of the updates
    [drop_down] = sheet.data_validations.dataValidation
    assert drop_down.type == "list" and drop_down.formula1 == '"In progress,Complete,Proposed for closure"'
    assert str(drop_down.sqref) == f"K{row}:K{row + 2}"
    assert book[RECORD_SHEET].sheet_state == "veryHidden"
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}" and sheet.page_setup.orientation == "landscape"


def test_the_hidden_record_is_signed_and_names_every_row(plan, tmp_path: Path) -> None:
    workbook = workbook_of(send(tmp_path), SMITH)
    payload, signature = _record(workbook)
    database_id, secret = signing_key()
    assert is_signed(payload, secret, signature)
    assert not is_signed(payload.replace("1.1", "1.9"), secret, signature)
    record = RequestRecord.from_payload(payload)
    assert record.database == database_id and record.owner == SMITH and record.sent_on == SENT_ON
    assert [(r.row, r.number) for r in record.rows] == [(7, "1.1"), (8, "1.2"), (9, "2.2")]
    kept = UpdateRequest.get(UpdateRequest.token == record.request)
    assert (kept.owner, kept.sent_on, kept.due_on, kept.rows, Path(kept.path)) == (
        SMITH,
        "2025-03-14",
        "2025-03-28",
        3,
        workbook,
    )
    assert json.loads(kept.record)["payload"] == payload


def test_the_draft_opens_as_a_draft_to_the_owner_with_the_workbook_attached(plan, tmp_path: Path) -> None:
    EditHistory().do(save_owner(None, SMITH, "john.smith@scotland.police.uk", "Custody"))
    sent = send(tmp_path, sender="secretary@scotland.police.uk")
    workbook = workbook_of(sent, SMITH)
    message = email.message_from_bytes(workbook.with_suffix(".eml").read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "DCI Smith <john.smith@scotland.police.uk>"
    assert message["From"] == "secretary@scotland.police.uk"
    assert "28/03/2025" in message["Subject"] and message["Date"] and message["Message-ID"]
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Dear DCI Smith,") and "by 28/03/2025" in body and "Custody Review 2024" in body
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == workbook.name
    assert attached.get_content_type() == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert attached.get_content() == workbook.read_bytes()
    assert (
        openpyxl.load_workbook(io.BytesIO(attached.get_content()))[SHEET]["A1"].value == "Update request for DCI Smith"
    )
    brown = email.message_from_bytes(workbook_of(sent, BROWN).with_suffix(".eml").read_bytes(),
                                     policy=email.policy.default)  # fmt: skip
    assert brown["To"] is None  # no address known: the secretary fills it in Outlook


def test_requests_for_some_owners_and_inspections(plan, tmp_path: Path) -> None:
    sent = send(tmp_path, owners=["supt brown", "Nobody"], inspections=["Custody Review 2024"])
    assert [s.owner for s in sent.sent] == [BROWN]
    assert sent.warnings == ["Nobody has no open actions in the inspections chosen; no request was made for them."]
    with pytest.raises(RequestError, match="No inspection is called “Hate Crime”"):
        send(tmp_path, inspections=["Hate Crime"])


def test_a_second_request_the_same_day_gets_a_name_of_its_own(plan, tmp_path: Path) -> None:
    first, second = send(tmp_path, owners=[SMITH]), send(tmp_path, owners=[SMITH])
    assert workbook_of(second, SMITH).name == "DCI Smith – update request – 14 March 2025 (2).xlsx"
    assert workbook_of(first, SMITH).is_file() and UpdateRequest.select().count() == 2


def test_refused_requests_write_nothing(plan, tmp_path: Path) -> None:
    folder = tmp_path / "requests"
    folder.mkdir()
    with on_day(SENT_ON), pytest.raises(RequestError, match="has passed"):
        send_requests(RequestOptions(folder, date(2025, 3, 1)))
    with on_day(SENT_ON), pytest.raises(RequestError, match="does not exist"):
        send_requests(RequestOptions(tmp_path / "missing", DUE))
    with on_day(SENT_ON), pytest.raises(RequestError, match="a day after today"):
        send_requests(RequestOptions(folder, DUE, as_at=date(2025, 4, 1)))
    assert list(folder.iterdir()) == [] and UpdateRequest.select().count() == 0


def test_the_plan_as_it_stood_on_the_day_asked_for(plan, tmp_path: Path) -> None:
    sent = send(tmp_path, as_at=date(2025, 2, 1))  # before the plan was recorded: nothing was open yet
    assert sent.sent == []


def test_a_request_for_a_past_day_leaves_out_actions_settled_since_and_says_so(plan, tmp_path: Path) -> None:
    whole = send(tmp_path / "whole", as_at=date(2025, 3, 10))
    rows = {request.owner: request.rows for request in whole.sent}
    one_two = Action.get(Action.position == 2)
    with on_day(date(2025, 3, 12)):
        EditHistory().do(save_item("action", one_two.id, {"status": "complete", "status_text": "Complete"}, None))
    sent = send(tmp_path / "after", as_at=date(2025, 3, 10))  # the plan of the 10th, sent on the 14th
    assert sum(request.rows for request in sent.sent) == sum(rows.values()) - 1
    assert sent.warnings == [
        "1 action open on 10/03/2025 has been closed, completed or deleted since; no one is asked about it."
    ]


def test_file_names_windows_accepts_whatever_an_owners_name_holds() -> None:
    day = date(2025, 3, 14)
    named = file_stem("C3 / Crime: Registrars?", "update request", day)
    assert named == "C3 Crime Registrars – update request – 14 March 2025"
    assert file_stem("CON", "reminder", day) == "CON (owner) – reminder – 14 March 2025"
    assert file_stem("...", "update request", day) == "Owner – update request – 14 March 2025"
    assert len(file_stem("X" * 300, "update request", day)) < 120


def test_texts_too_long_for_a_cell_are_shortened_when_sent_and_refused_where_the_owner_writes(
    plan, tmp_path: Path
) -> None:
    one_one = Action.get(Action.position == 1)
    Action.update(text="word " * 10_000).where(Action.id == one_one.id).execute()
    sent = send(tmp_path / "first", owners=[SMITH])
    sheet = openpyxl.load_workbook(workbook_of(sent, SMITH))[SHEET]
    assert sheet.cell(row=HEADER_ROW + 1, column=5).value.endswith(SHORTENED)
    Action.update(next_steps="step " * 10_000).where(Action.id == one_one.id).execute()
    with pytest.raises(RequestError, match=r"Action 1\.1 is 50,000 characters long, more than an Excel cell holds"):
        send(tmp_path / "second", owners=[SMITH])
    assert list((tmp_path / "second").iterdir()) == []


def test_text_comes_back_as_sent_and_a_formula_like_text_stays_text(plan, tmp_path: Path) -> None:
    one_one = Action.get(Action.position == 1)
    text = "  Review <custody> & “cells” – 100% > 50%\r\nsecond line\ttabbed  "
    Action.update(text=text, next_steps="=SUM(A1) or -1: still text").where(Action.id == one_one.id).execute()
    workbook = workbook_of(send(tmp_path, owners=[SMITH]), SMITH)
    sheet = openpyxl.load_workbook(workbook)[SHEET]
    sent, next_steps = sheet.cell(row=HEADER_ROW + 1, column=5), sheet.cell(row=HEADER_ROW + 1, column=10)
    assert sent.value == text  # XML's own characters, spaces at its ends, a carriage return: all kept
    assert (next_steps.value, next_steps.data_type) == ("=SUM(A1) or -1: still text", "s")
    assert next_steps.quotePrefix and not sent.quotePrefix  # typed over in Excel, it is not read as a formula
    assert next_steps.fill.fgColor.rgb.endswith("FFF2CC") and not next_steps.protection.locked
    [read] = [s for s in read_workbook(workbook) if s.name == SHEET]
    assert read.rows[HEADER_ROW][4] == sent.value and read.rows[HEADER_ROW][9] == next_steps.value
