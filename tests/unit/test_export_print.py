"""On paper nothing is cut off and little is wasted: LibreOffice prints the export, each cell is checked in its box.

Every cell's words are collected from its own box on the page (``printed_pages``), so the
checks hold whatever font draws them and whatever order pdftotext reads columns in. They
run with Arial's metrics (LibreOffice draws Arial with Liberation Sans) and with the wide
fallback a machine without Arial's metrics uses (DejaVu Sans).
"""

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from awkward_plan import awkward_plan
from hostile_texts import READ_BACK_FROM_PAPER_IN_ORDER, hostile_plan
from printed_pages import OFFICE, cells_on_pages, fonts_used, page_words, render, with_missing_font

from hmics_desktop.excel.font_metrics import arial_lines
from hmics_desktop.excel.row_heights import LINE_POINTS, PADDING_POINTS
from hmics_desktop.services.exporting import ExportRequest, export_plans
from hmics_desktop.services.plans import load_example_plan, write_plans

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        OFFICE is None or shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
        reason="LibreOffice or poppler absent",
    ),
]
SHEET = "Crime Audit 2020"


@pytest.fixture
def example_workbook(plan_db, tmp_path: Path) -> Path:
    load_example_plan()
    target = tmp_path / "plan.xlsx"
    export_plans(ExportRequest([SHEET], target, as_at=date(2022, 2, 15)))
    return target


def _flows(cell) -> bool:
    """A cell taller than a page: LibreOffice flows it on over the next pages."""
    return len({box.page for box in cell.boxes}) > 1 and len(cell.words) > 0 and cell.words[-1][0] > cell.words[0][0]


def _whole(cells) -> list[str]:
    """The cells whose words are not all inside their box, in order.

    Where a cell flows over a page break, LibreOffice draws the line the break cuts on both
    pages (its top half on one, its bottom half on the next): that line is read twice.
    """
    broken = []
    for cell in cells:
        printed, expected = cell.printed(), cell.expected()
        if _flows(cell):
            whole = printed.startswith(expected[:40]) and printed.endswith(expected[-40:])
            if not whole or not set(cell.text.split()) <= {w.text for _page, w in cell.words}:
                broken.append(f"{cell.coordinate}: {printed[-40:]!r}")
        elif printed != expected:
            broken.append(f"{cell.coordinate}: {printed[-40:]!r}")
    return broken


def _rows(cells) -> dict[tuple[int, str], tuple[float, float]]:
    """Each row of boxes (cells ending at the same edge): its height and the space under its lowest text."""
    rows: dict[tuple[int, float], tuple[float, float, str]] = {}
    for cell in (c for c in cells if not _flows(c) and c.words[-1][0] == c.boxes[-1].page):
        key = (cell.boxes[-1].page, round(cell.boxes[-1].bottom, 1))
        height, space = cell.height(), cell.white_space_below()
        if key not in rows or space < rows[key][1]:
            rows[key] = (height, space, cell.coordinate)
    return {(page, coordinate): (height, space) for (page, _), (height, space, coordinate) in rows.items()}


def test_with_arial_metrics_every_cell_is_whole_and_rows_are_barely_taller(example_workbook: Path) -> None:
    pdf = render(example_workbook, example_workbook.parent)
    assert "LiberationSans" in fonts_used(pdf)
    pages = page_words(pdf)
    cells = cells_on_pages(example_workbook, SHEET, pages)
    assert _whole(cells) == [] and len(cells) == 62  # the action taller than a page is in three cells
    # Rows are sized for Excel, which sets lines 12.75 pt apart; LibreOffice sets them 11.2 pt
    # apart (12 % closer) and gives the text a little more width (a line or two fewer in a tall
    # cell), so that much space, and no more, stays under the lowest text of each row.
    closer = 1 - arial_lines().height * 10 / LINE_POINTS
    rows = _rows(cells)
    for (page, coordinate), (height, space) in rows.items():
        assert 0 <= space <= closer * height + 2 * LINE_POINTS + PADDING_POINTS, f"page {page}, {coordinate}"
    assert sum(space / height for height, space in rows.values()) / len(rows) < 0.22
    words = [w.text for page in pages for w in page]
    assert "Improvement" in words and "OFFICIAL" in words
    breaks = openpyxl.load_workbook(example_workbook)[SHEET].row_breaks.brk
    assert len(pages) == len(breaks) + 1 == 8


def test_with_a_wide_fallback_font_nothing_is_cut_off(example_workbook: Path, tmp_path: Path) -> None:
    fallback = with_missing_font(example_workbook, tmp_path / "fallback.xlsx")
    pdf = render(fallback, tmp_path)
    assert "DejaVuSans" in fonts_used(pdf) and "Liberation" not in fonts_used(pdf)
    cells = cells_on_pages(fallback, SHEET, page_words(pdf))
    assert _whole(cells) == [] and len(cells) == 62


def test_awkward_and_overlong_cells_are_whole_on_paper(plan_db, tmp_path: Path) -> None:
    write_plans([awkward_plan()])
    target = tmp_path / "awkward.xlsx"
    export_plans(ExportRequest(["Hate Crime 2021"], target))
    pdf = render(target, tmp_path)
    pages = page_words(pdf)
    cells = cells_on_pages(target, "Hate Crime 2021", pages)
    assert _whole(cells) == []
    parts = [c for c in cells if c.coordinate.startswith("C") and "Crime Registrars met" in c.text]
    assert len(parts) > 1 and parts[-1].text.endswith("zqa12p")  # taller than a page: it goes on, page by page
    assert [{box.page for box in part.boxes} for part in parts] == [{n} for n in range(1, len(parts) + 1)]
    assert any(c.printed().endswith("‘aggravations’zqr1t") for c in cells)


def test_hostile_texts_are_whole_on_paper(plan_db, tmp_path: Path) -> None:
    """Markup, tabs, blank lines, escapes, formula-like starts, odd spaces, a recommendation of 200 actions."""
    write_plans([hostile_plan(texts=READ_BACK_FROM_PAPER_IN_ORDER)])
    target = tmp_path / "hostile.xlsx"
    export_plans(ExportRequest(["Hostile Texts 2025"], target))
    cells = cells_on_pages(target, "Hostile Texts 2025", page_words(render(target, tmp_path)))
    assert _whole(cells) == []
