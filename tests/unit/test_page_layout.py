"""Pages break between recommendations; a block taller than a page goes on under "(continued)", cut at a line."""

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from awkward_plan import awkward_plan

from hmics_desktop.excel.continued_text import join_continued
from hmics_desktop.excel.font_metrics import FontStyle
from hmics_desktop.excel.page_layout import ActionCells, Block, PageLayout, Part, lines_in
from hmics_desktop.excel.print_setup import fit_to_width_scale, page_body_points
from hmics_desktop.excel.row_heights import LINE_POINTS, PADDING_POINTS, Run
from hmics_desktop.excel.template_writer import TITLE_ROWS_POINTS, WIDTHS
from hmics_desktop.services.exporting import ExportRequest, export_plans
from hmics_desktop.services.plans import example_plan, load_example_plan, write_plans

PAGE = 500.0
BOLD, REGULAR = FontStyle.BOLD, FontStyle.REGULAR


def _lines(count: int, word: str = "x") -> list[Run]:
    """A cell of ``count`` short lines: ``count`` × 12.75 pt + 3 pt tall."""
    return [("\n".join(f"{word}{n}" for n in range(count)), REGULAR)] if count else []


def _points(lines: int) -> float:
    return lines * LINE_POINTS + PADDING_POINTS


def _block(*actions: int, heading: int = 2, number: int = 1) -> Block:
    """A recommendation whose actions' tallest cells are ``actions`` lines, its heading ``heading`` lines."""
    cells = [
        ActionCells(f"{number}.{n}", (_lines(1), _lines(lines, f"p{n}_"), [])) for n, lines in enumerate(actions, 1)
    ]
    return Block(_lines(heading, "h"), [(f"Recommendation {number} (continued)", BOLD)], cells)


def _text(runs: list[Run]) -> str:
    return "".join(text for text, _style in runs)


def _lay_out(*blocks: Block) -> list[list[Part]]:
    layout = PageLayout(WIDTHS, PAGE)
    return [layout.lay_out(block) for block in blocks]


def test_the_page_is_a4_landscape_at_excels_fit_to_width_scale() -> None:
    assert fit_to_width_scale(WIDTHS) == 0.93  # 1,120 px of columns on 784 pt of paper
    printable = 595.28 - 2 * 0.7 * 72
    assert page_body_points(WIDTHS, sum(TITLE_ROWS_POINTS)) == pytest.approx(printable / 0.93 - 40.5 - 6)


def test_blocks_that_fit_share_a_page_and_the_next_starts_a_new_one() -> None:
    parts = _lay_out(_block(7, 7), _block(15), _block(11))  # 181.5 + 194.25 pt, then 143.25 pt on 500
    assert [[(len(p.pieces), p.new_page) for p in block] for block in parts] == [
        [(2, False)],
        [(1, False)],
        [(1, True)],
    ]


def test_a_heading_taller_than_its_actions_counts() -> None:
    parts = _lay_out(_block(23), _block(3, heading=19))  # 296.25 pt, then a heading of 245.25 pt
    assert parts[1][0].new_page and parts[1][0].height == _points(19)


def test_a_block_taller_than_a_page_is_split_between_actions_under_its_continued_label() -> None:
    parts = _lay_out(_block(23), _block(11, 11, 11, 11, 11, number=2))[1]  # 5 × 143.25 pt after 296.25 pt
    assert [(len(p.pieces), p.new_page) for p in parts] == [(1, False), (3, True), (1, True)]
    assert _text(parts[0].heading).startswith("h0") and all(
        p.heading == [("Recommendation 2 (continued)", BOLD)] for p in parts[1:]
    )
    assert all(p.height <= PAGE for p in parts)


def test_an_action_taller_than_a_page_is_cut_at_a_line_each_part_under_its_label() -> None:
    parts = _lay_out(_block(5), _block(90, 3))[1]  # 90 lines: 1,150.5 pt
    pieces = [piece for part in parts for piece in part.pieces]
    cut = [piece for piece in pieces if piece.number == "1.1"]
    assert len(cut) == 3 and all(piece.height <= PAGE for piece in cut)
    assert [_text(piece.cells[0]) for piece in cut[1:]] == ["1.1 (continued)"] * 2
    assert parts[0].new_page is False  # it starts on the first page, under the block above
    progress = _text(cut[0].cells[1])
    for piece in cut[1:]:
        progress = join_continued(progress, _text(piece.cells[1]))
    assert progress == _text(_lines(90, "p1_"))
    assert all(part.new_page for part in parts[1:]) and all(part.height <= PAGE for part in parts)
    assert sum(p.height for p in parts[0].pieces) <= PAGE - _points(5)  # the first part fills the rest of its page


def test_a_recommendation_taller_than_a_page_goes_on_in_column_a() -> None:
    [parts] = _lay_out(_block(2, heading=60))  # 60 lines of recommendation text: 768 pt
    assert len(parts) == 2 and parts[1].new_page
    label, rest = _text(parts[1].heading).split("\n", 1)
    assert label == "Recommendation 1 (continued)"
    assert join_continued(_text(parts[0].heading), rest) == _text(_lines(60, "h"))
    assert all(part.height <= PAGE for part in parts) and parts[1].pieces  # a row to hold it


def test_a_part_too_short_to_hold_a_few_lines_starts_on_the_next_page() -> None:
    room = PAGE - _points(36)  # 38.25 pt left: two lines
    parts = _lay_out(_block(36), _block(60, number=2))[1]
    assert lines_in(room) < 4 and parts[0].new_page


@pytest.fixture
def example_sheet(plan_db, tmp_path: Path):
    load_example_plan()
    target = tmp_path / "plan.xlsx"
    export_plans(ExportRequest(["Crime Audit 2020"], target, as_at=date(2022, 2, 15)))
    return openpyxl.load_workbook(target)["Crime Audit 2020"]


def _export(plans, name: str, tmp_path: Path, as_at: date | None = None):
    write_plans(plans)
    target = tmp_path / "plan.xlsx"
    export_plans(ExportRequest([name], target, **({"as_at": as_at} if as_at else {})))
    return openpyxl.load_workbook(target)[name]


def _pages(sheet) -> list[range]:
    breaks = [b.id for b in sheet.row_breaks.brk]
    assert all(b.man for b in sheet.row_breaks.brk)
    starts = [3, *(b + 1 for b in breaks)]
    ends = [*(b + 1 for b in breaks), sheet.max_row + 1]
    return [range(start, end) for start, end in zip(starts, ends, strict=True)]


@pytest.mark.parametrize("which", ["example", "awkward"])
def test_every_page_starts_with_a_recommendation_and_its_own_text_and_holds_what_fits(
    plan_db, tmp_path: Path, which: str
) -> None:
    if which == "example":
        sheet = _export([example_plan()], "Crime Audit 2020", tmp_path, date(2022, 2, 15))
    else:
        sheet = _export([awkward_plan()], "Hate Crime 2021", tmp_path)
    page = page_body_points(WIDTHS, sum(TITLE_ROWS_POINTS))
    for rows in _pages(sheet):
        assert str(sheet.cell(rows[0], 1).value).startswith(("Recommendation", "Area for development"))
        assert sheet.cell(rows[0], 2).value  # never a row that only goes on from the page before
        assert sum(sheet.row_dimensions[r].height for r in rows) <= page
        merged_over = [m for m in sheet.merged_cells.ranges if m.min_row in rows and m.max_row not in rows]
        assert merged_over == []  # no cell runs over a page break


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
