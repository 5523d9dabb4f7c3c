"""Pages break between recommendations; a block taller than a page goes on under "(continued)"."""

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell

from hmics_desktop.excel.page_layout import Block, Part, fit_to_width_scale, flowing_rows, lay_out, page_body_points
from hmics_desktop.excel.template_writer import TITLE_ROWS_POINTS, WIDTHS
from hmics_desktop.services.exporting import ExportRequest, export_plans
from hmics_desktop.services.plans import load_example_plan

PAGE = 500.0


def _block(*actions: float, heading: float = 30.0) -> Block:
    return Block(heading, 15.75, list(actions))


def test_the_page_is_a4_landscape_at_excels_fit_to_width_scale() -> None:
    assert fit_to_width_scale(WIDTHS) == 0.93  # 1,120 px of columns on 784 pt of paper
    printable = 595.28 - 2 * 0.7 * 72
    assert page_body_points(WIDTHS, sum(TITLE_ROWS_POINTS)) == pytest.approx(printable / 0.93 - 40.5 - 6)


def test_blocks_that_fit_share_a_page_and_the_next_starts_a_new_one() -> None:
    parts = lay_out([_block(100, 100), _block(200), _block(150)], PAGE)
    assert parts == [[Part(0, 2, False, False)], [Part(0, 1, False, False)], [Part(0, 1, False, True)]]


def test_a_heading_taller_than_its_actions_counts() -> None:
    parts = lay_out([_block(300), _block(50, heading=250)], PAGE)
    assert parts[1] == [Part(0, 1, False, True)]


def test_a_block_taller_than_a_page_is_split_between_actions() -> None:
    parts = lay_out([_block(300), _block(150, 150, 150, 150, 150)], PAGE)
    assert parts[1] == [Part(0, 1, False, False), Part(1, 4, True, True), Part(4, 5, True, True)]


def test_an_action_taller_than_a_page_flows_over_full_pages() -> None:
    assert flowing_rows(700, PAGE) == [249.75, 249.75, 201.0]  # two rows fill a page, the third starts the next
    parts = lay_out([_block(100), _block(50, 700, 50), _block(40)], PAGE)
    assert parts[1] == [Part(0, 1, False, False), Part(1, 2, True, True), Part(2, 3, True, False)]
    assert parts[2] == [Part(0, 1, False, False)]  # 201 + 50 + 40 on the page the action ends on
    assert lay_out([_block(1100), _block(200)], PAGE)[1] == [Part(0, 1, False, False)]  # under its last 101 pt


@pytest.fixture
def example_sheet(plan_db, tmp_path: Path):
    load_example_plan()
    target = tmp_path / "plan.xlsx"
    export_plans(ExportRequest(["Crime Audit 2020"], target, as_at=date(2022, 2, 15)))
    return openpyxl.load_workbook(target)["Crime Audit 2020"]


def test_every_page_starts_with_a_recommendation_and_holds_what_fits(example_sheet) -> None:
    page = page_body_points(WIDTHS, sum(TITLE_ROWS_POINTS))
    breaks = [b.id for b in example_sheet.row_breaks.brk]
    assert breaks and all(b.man for b in example_sheet.row_breaks.brk)
    starts = [3, *(b + 1 for b in breaks)]
    ends = [*(b + 1 for b in breaks), example_sheet.max_row + 1]
    merged = {col: {r.min_row: r.max_row for r in example_sheet.merged_cells.ranges if r.min_col == col}
              for col in (1, 2)}  # fmt: skip
    for start, end in zip(starts, ends, strict=True):
        heights = [example_sheet.row_dimensions[r].height for r in range(start, end)]
        first = example_sheet.cell(start, 1)
        if isinstance(first, MergedCell):  # an action taller than a page flows on, two half-page rows a page
            assert max(heights) <= page / 2 and sum(heights) <= page
            continue
        assert str(first.value).startswith("Recommendation")
        assert sum(heights) <= page
        if merged[1].get(start, start) >= end:  # only when the page ends in an action taller than a page
            assert any(first_row < end <= last for first_row, last in merged[2].items())


def test_a_split_block_says_continued_and_no_block_that_fits_is_split(example_sheet) -> None:
    headings = [str(example_sheet.cell(r, 1).value) for r in range(3, example_sheet.max_row + 1)]
    headings = [h.split("\n")[0] for h in headings if h != "None"]
    continued = [h for h in headings if h.endswith("(continued)")]
    assert continued and all(h.removesuffix(" (continued)") in headings for h in continued)
    page = page_body_points(WIDTHS, sum(TITLE_ROWS_POINTS))
    rows: dict[str, float] = {}
    number = ""
    for r in range(3, example_sheet.max_row + 1):
        value = example_sheet.cell(r, 1).value
        if value is not None:
            number = str(value).split("\n")[0].removesuffix(" (continued)")
        rows[number] = rows.get(number, 0.0) + example_sheet.row_dimensions[r].height
    for heading in continued:
        assert rows[heading.removesuffix(" (continued)")] > page  # split only because it is taller than a page
