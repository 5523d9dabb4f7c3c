"""What an owner typed in a request sent before its yellow cells were text reads as typed, not as Excel's number.

Excel makes 0.5 of "50%" typed in a cell of the General format (and shows it with a percentage
format), 1000 of "1,000", 500 of "£500", 0.5 of "0 1/2", and a date of "31/03/2025"; a cell
formatted "0000" shows 12 as "0012". The return's reader gives the number or the date. Such a
cell reads back as the owner wrote it (as its format shows it, no digit saved rounded away).
The workbooks are filled with openpyxl as Excel leaves them, and saved again by LibreOffice
(which writes its own number formats: the pound sign escaped, "#,##0" named as a format of its own).
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from paper_fixture import on_day
from request_owners import SMITH, fill, load_owners_plan, send, set_saved, workbook_of

from hmics_desktop.excel.number_text import shown
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
    assert [shown(value, "0%") for value in (0.07, 0.125, 1.0, 0.0, -0.05, 0.333)] == [
        "7%", "12.5%", "100%", "0%", "-5%", "33.3%"
    ]  # fmt: skip


@pytest.mark.libreoffice
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice absent")
def test_a_return_saved_again_by_libreoffice_reads_as_typed_too(request_sent, tmp_path: Path) -> None:
    read = _imported(_saved_by_libreoffice(_typed_in_excel(request_sent, tmp_path), tmp_path))
    assert {number: read[number] for number in AS_TYPED} == AS_TYPED


def _saved_by_libreoffice(filled: Path, tmp_path: Path) -> Path:
    """``filled`` opened and saved again by LibreOffice, which writes number formats of its own."""
    assert OFFICE is not None
    subprocess.run(
        [OFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(tmp_path / "saved"), str(filled)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    saved = tmp_path / "saved" / filled.name
    set_saved(saved, datetime(2025, 3, 20, 9, 30))
    return saved


def test_each_format_that_shows_a_percentage_reads_as_one_and_a_quoted_or_escaped_sign_is_only_shown(
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
        "1.1": ("25%", "50%"), "1.2": ("-12.5%", "%40"), "2.2": ("75%", "12%")  # as shown, not a hundredth
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
        before.setattr(request_return, "numbers_as_typed", lambda *_: None)
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


def _typed_in_excel_as_numbers(request_sent: Path, tmp_path: Path) -> Path:
    """What Excel keeps of "1,000", "£500", "0 1/2", "3.50", "0012" and "(500)" typed in cells of the General format."""
    return fill(request_sent, tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": 1000, "Next steps": 500},
        "1.2": {"New progress update": 0.5, "Next steps": 3.5},
        "2.2": {"New progress update": 12, "Next steps": -500},
    }, formats={
        "1.1": {"New progress update": "#,##0", "Next steps": '"£"#,##0'},  # the first built in, the second not
        "1.2": {"New progress update": "# ?/?", "Next steps": "0.00"},  # a cell set to two decimals by hand
        "2.2": {"New progress update": "0000", "Next steps": "#,##0 ;(#,##0)"},
    })  # fmt: skip


NUMBERS_AS_TYPED = {"1.1": ("1,000", "£500"), "1.2": ("1/2", "3.50"), "2.2": ("0012", "(500)")}


def test_numbers_excel_made_of_what_an_owner_typed_read_as_they_typed_them(request_sent, tmp_path: Path) -> None:
    read = _imported(_typed_in_excel_as_numbers(request_sent, tmp_path))
    assert {number: read[number] for number in NUMBERS_AS_TYPED} == NUMBERS_AS_TYPED


def test_more_of_what_excel_makes_of_typing_reads_as_typed_and_a_text_cell_s_number_as_the_number(
    request_sent, tmp_path: Path
) -> None:
    filled = fill(request_sent, tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": 1250.75, "Next steps": 1.5},
        "1.2": {"New progress update": 1234567.5, "Next steps": 12},
        "2.2": {"New progress update": 1e-5, "Next steps": 0.34},
    }, formats={
        "1.1": {"New progress update": "[$$-409]#,##0.00", "Next steps": "# ?/?"},
        "1.2": {"New progress update": "#,##0.00", "Next steps": "@"},  # a cell made text after a number was in it
        "2.2": {"New progress update": "0.00E+00", "Next steps": "# ?/?"},  # 0.34: no fraction of one digit is it
    })  # fmt: skip
    read = _imported(filled)
    assert {number: read[number] for number in AS_TYPED} == {
        "1.1": ("$1,250.75", "1 1/2"), "1.2": ("1,234,567.5", "12"), "2.2": ("1E-05", "0.34")
    }  # fmt: skip


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        (1000, "#,##0", "1,000"),
        (1234.5, "#,##0", "1,234.5"),  # Excel shows 1,235: the digit typed is kept
        (500.5, "[$£-809]#,##0.00", "£500.5"),  # as LibreOffice writes a currency
        (-500, "[$£-809]#,##0.00;[RED]\\-[$£-809]#,##0.00", "-£500"),
        (500, '_-"£"* #,##0.00_-;\\-"£"* #,##0.00_-;_-"£"* "-"??_-;_-@_-', "£500"),  # Excel's Accounting
        (0, '#,##0;-#,##0;"nil"', "nil"),
        (-3.5, "0.00", "-3.50"),
        (3.14159, "0.00", "3.14159"),  # never rounded away
        (123456, "000-000", "123-456"),
        (0.75, "?/4", "3/4"),
        (1.5, "?/?", "3/2"),
        (1 / 3, "# ?/?", "1/3"),
        (0.125, "0.00%", "12.5%"),
        (0.5, "0%;[Red]-0%", "50%"),
        (1500, "#,##0,", None),  # shown in thousands (2): the number says more
        (12, "General", None),
        (12, "@", None),
        (45000, "dd/mm/yyyy", None),
        (5, "[>100]0;0", None),
        (1234, "##0.0E+0", None),
    ],
)
def test_a_number_reads_as_its_format_shows_it_with_every_digit_it_was_saved_with(
    value: float, code: str, text: str | None
) -> None:
    assert shown(value, code) == text


@pytest.mark.libreoffice
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice absent")
def test_numbers_in_a_return_saved_again_by_libreoffice_read_as_typed_too(request_sent, tmp_path: Path) -> None:
    saved = _saved_by_libreoffice(_typed_in_excel_as_numbers(request_sent, tmp_path), tmp_path)
    read = _imported(saved)
    assert {number: read[number] for number in NUMBERS_AS_TYPED} == NUMBERS_AS_TYPED


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (0, "#,###"),  # shows nothing at all
        (0, "[$£-809]#"),
        (1, '"abc'),  # a quote never closed: text alone for every number
        (5, '"big"'),
        (0.5, "%"),
        (-1, '[>100]"big";0'),  # a condition in any section
        (1e-10, "# ?/?"),  # no fraction of one digit is it
        (1000000.0001, "# ?/?"),
        (5.0000000001, "# ?/?"),
        (0.1 + 0.2, "# ??/??"),  # 3/10 is another number
    ],
)
def test_a_format_showing_a_number_without_its_digits_or_sign_leaves_it_as_read(value: float, code: str) -> None:
    assert shown(value, code) is None


@pytest.mark.parametrize(
    "code", ["[", '"', "\\", ";;;;;", ";", "", "_", "*", "[$", "0.0.0", "0E+", "E+00", "0;0;0;0;0", "#/#", "0" * 300]
)
def test_a_malformed_format_never_stops_the_return_being_read(code: str) -> None:
    for value in (0, -0.0, 1, -1, 0.5, 1e20, 1e-10, 1234.5678):
        text = shown(value, code)
        assert text is None or any(char.isdigit() for char in text)


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        (0.5, "?/8", "4/8"),
        (1, "?/8", "8/8"),
        (1.25, "# ?/4", "1 1/4"),
        (2.5, "# ??/16", "2 8/16"),
        (0.75, "?/4", "3/4"),
    ],
)
def test_a_fraction_in_eighths_reads_in_eighths_as_the_cell_shows_it(value: float, code: str, text: str) -> None:
    assert shown(value, code) == text


def test_a_negative_number_whose_format_shows_no_sign_keeps_its_minus() -> None:
    """A cell of "#,##0;[Red]#,##0" shows -1234 in red as 1,234: read without the colour, it is another number."""
    assert [shown(-1234, "#,##0;[Red]#,##0"), shown(-1, "0;0"), shown(-0.5, "0.0%;0.0%")] == ["-1,234", "-1", "-50%"]


def test_a_return_whose_cells_have_odd_formats_reads_every_number_with_its_digits_and_sign(
    request_sent, tmp_path: Path
) -> None:
    filled = fill(request_sent, tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": 0, "Next steps": -1234},
        "1.2": {"New progress update": 7, "Next steps": 0.5},
        "2.2": {"New progress update": 1e-10, "Next steps": 150},
    }, formats={
        "1.1": {"New progress update": "#,###", "Next steps": "#,##0;[Red]#,##0"},
        "1.2": {"New progress update": '"abc', "Next steps": "?/8"},
        "2.2": {"New progress update": "# ?/?", "Next steps": '[>100]"big";0'},
    })  # fmt: skip
    read = _imported(filled)
    assert {number: read[number] for number in AS_TYPED} == {
        "1.1": ("0", "-1,234"), "1.2": ("7", "4/8"), "2.2": ("1e-10", "150")
    }  # fmt: skip
