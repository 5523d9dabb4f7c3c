"""Printed by LibreOffice, every recommendation block is on one page or says on each page that it goes on.

The template is rendered to PDF and its pages read back with pdftotext (``printed_pages``),
under Liberation Sans (Arial's metrics) and under DejaVu Sans (the wide fallback of a machine
without them): LibreOffice breaks the pages only where the workbook does, each page starts
with a recommendation's own row — never a blank row left over from the page before — every
block that goes on to another page says "Recommendation N (continued)" at the top of it, the
page header names the inspection and the "as at" date, and a closed recommendation says so.
"""

import re
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from awkward_plan import awkward_plan, long_texts_plan
from printed_pages import OFFICE, cells_on_pages, fonts_used, page_words, render, with_missing_font

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import british_long
from hmics_desktop.services.exporting import ExportRequest, export_plans
from hmics_desktop.services.plans import example_plan, write_plans

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        OFFICE is None or shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
        reason="LibreOffice or poppler absent",
    ),
]
AS_AT = date(2024, 10, 1)
_HEADING = re.compile(r"^((?:Recommendation|Area for development) \d+)")


def _blocks(workbook: Path, sheet_name: str) -> dict[str, str]:
    """Each body cell's coordinate → the recommendation (or area for development) it belongs to."""
    sheet = openpyxl.load_workbook(workbook)[sheet_name]
    owner: dict[str, str] = {}
    current = ""
    for row in range(3, sheet.max_row + 1):
        heading = _HEADING.match(str(sheet.cell(row, 1).value or ""))
        current = heading.group(1) if heading else current
        for column in "ABCD":
            owner[f"{column}{row}"] = current
    return owner


@pytest.mark.parametrize("font", ["Liberation Sans", "DejaVu Sans"])
@pytest.mark.parametrize("which", ["Crime Audit 2020", "Hate Crime 2021", "Long Texts 2024"])
def test_every_block_is_on_one_page_or_labelled_on_each_page_it_goes_on_to(
    plan_db, tmp_path: Path, font: str, which: str
) -> None:
    plans = {"Crime Audit 2020": example_plan, "Hate Crime 2021": awkward_plan, "Long Texts 2024": long_texts_plan}
    write_plans([plans[which]()])
    as_at = AS_AT if which == "Crime Audit 2020" else clock.today()  # the awkward plans' progress is dated today
    workbook = tmp_path / "plan.xlsx"
    export_plans(ExportRequest([which], workbook, as_at=as_at))
    if font == "DejaVu Sans":
        workbook = with_missing_font(workbook, tmp_path / "fallback.xlsx")
    pdf = render(workbook, tmp_path)
    assert font.replace(" ", "") in fonts_used(pdf)
    pages = page_words(pdf)
    cells = cells_on_pages(workbook, which, pages)  # LibreOffice broke the pages where the workbook does, no more
    owner = _blocks(workbook, which)
    pages_of: dict[str, set[int]] = {}
    for cell in cells:
        pages_of.setdefault(owner[cell.coordinate], set()).update(page for page, _word in cell.words)
    for number, words in enumerate(pages, start=1):
        top = min((box.top for cell in cells for box in cell.boxes if box.page == number), default=None)
        first = {cell.coordinate[0]: cell for cell in cells for box in cell.boxes if box.page == number
                 and box.top == top}  # fmt: skip
        heading = "".join(w.text for page, w in sorted(first["A"].words, key=lambda pw: pw[1].top) if page == number)
        assert heading.startswith(("Recommendation", "Areafordevelopment")), f"page {number}: {heading[:40]}"
        assert any(page == number for page, _word in first["B"].words), f"page {number} starts with a blank row"
        block = owner[first["A"].coordinate]
        if min(pages_of[block]) < number:
            assert heading.startswith(f"{block.replace(' ', '')}(continued)"), f"page {number}: {heading[:40]}"
        header = " ".join(w.text for w in sorted(words, key=lambda w: (round(w.top), w.left)) if w.top < 40)
        assert f"{which} – Improvement Plan as at {british_long(as_at)}" in header, f"page {number}: {header}"
    assert len(pages) > 2 and any(len(on) > 1 for on in pages_of.values())  # blocks do go on over pages
    for block, on in pages_of.items():
        assert on == set(range(min(on), max(on) + 1)), f"{block} is on pages {sorted(on)}"
    closed = next(cell for cell in cells if cell.coordinate == "A3")
    if which == "Crime Audit 2020":
        assert closed.printed().startswith("Recommendation1ClosedSeptember2024")
