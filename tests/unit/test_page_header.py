"""An exported plan's page header names its inspection in full where the sheet's name is cut."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hmics_desktop.excel.grid import Sheet
from hmics_desktop.excel.inspection_naming import default_name
from hmics_desktop.excel.page_header import centre_words, header_in, inspection_in_header

LONG = "Thematic Inspection of Custody Arrangements: Part 2 [2023]"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (
            "&CCustody && Care – Improvement Plan as at 1st May 2024",
            "Custody & Care – Improvement Plan as at 1st May 2024",
        ),
        ('&L&"Arial,Bold"&12OFFICIAL&CHate Crime 2021&RPage &P of &N', "Hate Crime 2021"),
        ("Plain words, no section", "Plain words, no section"),
        ("&LLeft only", ""),
        ("&C&B&ICrime Audit&U", "Crime Audit"),
    ],
)
def test_the_centre_words_of_excels_header_codes(code: str, words: str) -> None:
    assert centre_words(code) == words


def test_the_header_at_the_end_of_a_long_sheet_is_found() -> None:
    cells = b"<row><c><v>1</v></c></row>" * 20_000
    xml = b"<worksheet><sheetData>" + cells + b"</sheetData><headerFooter><oddHeader>&amp;CA &amp;&amp; B"
    xml += b"</oddHeader></headerFooter></worksheet>"
    assert header_in(io.BytesIO(xml)) == "A & B"
    assert header_in(io.BytesIO(b"<worksheet><sheetData/></worksheet>")) is None


def _sheet(name: str, header: str | None) -> Sheet:
    return Sheet(name, [], page_header=header)


def test_a_sheets_name_cut_from_its_inspections_takes_the_full_name_from_the_page_header() -> None:
    header = f"{LONG} – Improvement Plan as at 15th February 2022"
    assert inspection_in_header(header) == LONG
    name, source = default_name(_sheet("Thematic Inspection of Custody", header), Path("plan.xlsx"), None)
    assert name == LONG and "page header" in source
    second = default_name(_sheet("Thematic Inspection of Cust (2)", header), Path("plan.xlsx"), None)
    assert second[0] == LONG  # the second sheet of a name: numbered


def test_a_sheet_renamed_by_hand_keeps_its_own_name_whatever_the_header_says() -> None:
    header = f"{LONG} – Improvement Plan as at 15th February 2022"
    assert default_name(_sheet("Custody 2023", header), Path("plan.xlsx"), None)[0] == "Custody 2023"
    assert default_name(_sheet("Crime Audit", "Crime Audit – notes"), Path("p.xlsx"), None)[0] == "Crime Audit"
