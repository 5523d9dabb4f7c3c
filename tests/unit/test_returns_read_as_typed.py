"""What an owner typed in a request sent before its yellow cells were text reads as typed, not as Excel's number.

Excel makes 0.5 of "50%" typed in a cell of the General format (and shows it with a percentage
format), and a date of "31/03/2025"; the return's reader gives the number or the date. Such a
cell reads back as the owner wrote it. The workbooks are filled with openpyxl as Excel leaves
them, and saved again by LibreOffice (which writes its own number formats).
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from paper_fixture import on_day
from request_owners import SMITH, fill, load_owners_plan, send, set_saved, workbook_of

from hmics_desktop.excel.number_formats import percentage
from hmics_desktop.services.plans import dump_plans
from hmics_desktop.services.returns import commit_returns, preview_returns

IMPORTED = date(2025, 3, 21)
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.sqlite_only  # how a file is read: the same whichever database it goes into


@pytest.fixture
def request_sent(plan_db, tmp_path: Path) -> Path:
    load_owners_plan()
    return workbook_of(send(tmp_path / "sent", owners=[SMITH]), SMITH)


def _imported(path: Path) -> dict[str, tuple[str, str]]:
    """Each action's latest progress update and next steps once ``path`` is imported."""
    with on_day(IMPORTED):
        preview = preview_returns([path])
        commit_returns(preview)
    assert preview.warnings == []
    [plan] = dump_plans()["plans"]
    return {a["number"]: (a["progress"], a["next_steps"]) for r in plan["recommendations"] for a in r["actions"]
            if r["kind"] == "recommendation"}  # fmt: skip


def _typed_in_excel(request_sent: Path, tmp_path: Path) -> Path:
    return fill(request_sent, tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": 0.5, "Next steps": time(10, 30)},
        "1.2": {"New progress update": 1, "Next steps": datetime(2025, 3, 31)},
        "2.2": {"New progress update": 0.125, "Next steps": datetime(2025, 3, 31, 14, 5)},
    }, formats={
        "1.1": {"New progress update": "0%", "Next steps": "h:mm"},
        "1.2": {"New progress update": "0%", "Next steps": "dd/mm/yyyy"},
        "2.2": {"New progress update": "0.00%", "Next steps": "dd/mm/yyyy hh:mm"},
    })  # fmt: skip


AS_TYPED = {"1.1": ("50%", "10:30"), "1.2": ("100%", "31/03/2025"), "2.2": ("12.5%", "31/03/2025 14:05")}


def test_a_percentage_excel_made_of_what_an_owner_typed_reads_as_they_typed_it(request_sent, tmp_path: Path) -> None:
    read = _imported(_typed_in_excel(request_sent, tmp_path))
    assert {number: read[number] for number in AS_TYPED} == AS_TYPED


def test_a_number_without_a_percentage_format_reads_as_the_number(request_sent, tmp_path: Path) -> None:
    filled = fill(request_sent, tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": 0.5, "Next steps": 3},
    }, formats={"1.1": {"New progress update": "General", "Next steps": "0"}})  # fmt: skip
    assert _imported(filled)["1.1"] == ("0.5", "3")


def test_a_percentage_reads_with_the_digits_it_was_saved_with() -> None:
    assert [percentage(value) for value in (0.07, 0.125, 1.0, 0.0, -0.05, 0.333)] == [
        "7%", "12.5%", "100%", "0%", "-5%", "33.3%"
    ]  # fmt: skip


@pytest.mark.libreoffice
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice absent")
def test_a_return_saved_again_by_libreoffice_reads_as_typed_too(request_sent, tmp_path: Path) -> None:
    filled = _typed_in_excel(request_sent, tmp_path)
    subprocess.run(
        [OFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(tmp_path / "saved"), str(filled)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    saved = tmp_path / "saved" / "smith.xlsx"
    set_saved(saved, datetime(2025, 3, 20, 9, 30))
    read = _imported(saved)
    assert {number: read[number] for number in AS_TYPED} == AS_TYPED


def test_each_format_that_shows_a_percentage_reads_as_one_and_a_quoted_or_escaped_sign_does_not(
    request_sent, tmp_path: Path
) -> None:
    filled = fill(request_sent, tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": 0.25, "Next steps": 0.5},
        "1.2": {"New progress update": -0.125, "Next steps": 40},
        "2.2": {"New progress update": 0.75, "Next steps": 12},
    }, formats={
        "1.1": {"New progress update": "0.0%", "Next steps": "0%;[Red]-0%"},
        "1.2": {"New progress update": "[Red]0.00%", "Next steps": '"%"0'},
        "2.2": {"New progress update": "0.00%", "Next steps": "0\\%"},
    })  # fmt: skip
    read = _imported(filled)
    assert {number: read[number] for number in AS_TYPED} == {
        "1.1": ("25%", "50%"), "1.2": ("-12.5%", "40"), "2.2": ("75%", "12")
    }  # fmt: skip


def test_a_day_and_time_typed_with_seconds_and_a_length_of_time_read_as_typed(request_sent, tmp_path: Path) -> None:
    filled = fill(request_sent, tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": datetime(2025, 3, 31, 14, 5, 30), "Next steps": time(10, 30, 15)},
        "1.2": {"New progress update": timedelta(hours=36), "Next steps": timedelta(hours=1, minutes=30, seconds=5)},
    }, formats={
        "1.1": {"New progress update": "dd/mm/yyyy hh:mm:ss", "Next steps": "h:mm:ss"},
        "1.2": {"New progress update": "[h]:mm", "Next steps": "[h]:mm:ss"},
    })  # fmt: skip
    read = _imported(filled)
    assert (read["1.1"], read["1.2"]) == (("31/03/2025 14:05:30", "10:30:15"), ("36:00", "01:30:05"))


def test_a_return_imported_when_its_percentage_read_as_a_number_brings_the_percentage_beside_it_said_twice(
    request_sent, tmp_path: Path, monkeypatch
) -> None:
    import hmics_desktop.excel.request_return as request_return

    filled = fill(request_sent, tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": 0.5}, "1.2": {"New progress update": "Done"},
    }, formats={"1.1": {"New progress update": "0%"}})  # fmt: skip
    with monkeypatch.context() as before, on_day(IMPORTED):  # as the version before this one read it
        before.setattr(request_return, "percentages_as_typed", lambda *_: None)
        commit_returns(preview_returns([filled]))
    with on_day(IMPORTED):
        again = preview_returns([filled])
    assert [(row.number, row.update, row.records) for row in again.returns[0].rows] == [
        ("1.1", "50%", ["progress update as at 20/03/2025"]), ("1.2", "Done", [])
    ]  # fmt: skip
    assert again.warnings == [  # what the secretary reads before she imports it: nothing doubled silently
        "DCI Smith’s return: action 1.1 already has a progress update as at 20/03/2025 in other words; the file's "
        "is added beside it and both are kept: remove the one that is wrong from the action's progress.",
        "Action 1.1 is filled in more than one return (smith.xlsx (imported 21/03/2025) and smith.xlsx (saved on "
        "20/03/2025)); both are kept.",
    ]
