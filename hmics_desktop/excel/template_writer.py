"""The Improvement Plan Template: the four-column plan the committee papers print.

One sheet per inspection: a bold title ("APPENDIX B - Progress Update as at 15th February
2022"), a grey header row (named as the sheet's column titles, for screen readers), then one
row per action with its recommendation merged down beside it; a closed recommendation says
so under its number ("Closed September 2024"). Heights come from the text wrapped with
Arial's widths (``row_heights``), and pages break between recommendations (``page_layout``):
a block is kept on one page when it fits, and a block taller than a page goes on under
"Recommendation N (continued)". A4 landscape, one page wide, the title and header repeated
on every page, the inspection and the "as at" date in the page header, the protective
marking in the footer. The title and header rows are openpyxl's; the plan's rows, thousands of
cells in one look, are written as text (``text_rows``) into the saved package (``save``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from hmics_desktop.domain.dates import british_long
from hmics_desktop.domain.links import links_line
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.excel.atomic_save import write_bytes_atomically
from hmics_desktop.excel.cell_text import TextProblems, set_text
from hmics_desktop.excel.font_metrics import FONT_NAME, FontStyle, make_arial_the_default
from hmics_desktop.excel.page_header import PLAN_AS_AT
from hmics_desktop.excel.page_layout import ActionCells, Block, PageLayout, Part
from hmics_desktop.excel.print_setup import MARGINS, page_body_points, set_up_printing
from hmics_desktop.excel.rich_cells import styled_text
from hmics_desktop.excel.row_heights import Run, plain, row_split
from hmics_desktop.excel.sheet_names import sheet_title
from hmics_desktop.excel.status_line import status_line
from hmics_desktop.excel.text_rows import TextRows, package

COLUMNS = [
    ("Recommendation", 30.0),
    ("Action to be taken", 42.0),
    ("Latest progress update", 50.0),
    ("Next Steps", 38.0),
]
WIDTHS = [width for _heading, width in COLUMNS]
TITLE_ROWS_POINTS = (22.5, 18.0)  # the title and the header, repeated on every page
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
BODY_STYLE = "Improvement plan text"
COLUMN_TITLES = "ColumnTitle"  # the name screen readers look for over a sheet's column titles


def _body_style() -> NamedStyle:
    return NamedStyle(name=BODY_STYLE, font=Font(name=FONT_NAME, size=10), border=BORDER, alignment=WRAP_TOP)


def title_text(title_prefix: str, as_at: date) -> str:
    return f"{title_prefix}Progress Update as at {british_long(as_at)}"


def page_heading(inspection: str, as_at: date) -> str:
    """The page header: which plan a printed page belongs to, and as at when."""
    return f"{inspection}{PLAN_AS_AT}{british_long(as_at)}"


def recommendation_heading(rec: PlanRecommendation) -> str:
    kind = "Recommendation" if rec.kind == "recommendation" else "Area for development"
    return f"{kind} {rec.number}"


def _merge(sheet: Worksheet, first_row: int, last_row: int, column: int) -> None:
    """Merge a column's cells over rows of the plan, as ``Worksheet.merge_cells`` does but in constant time.

    openpyxl checks each new range against every range before it, which grows with the
    square of a plan's thousands of merges; the template's ranges never overlap. Nor are
    cells made for the range: its rows are written as text, every cell with the body
    style, borders and all.
    """
    sheet.merged_cells.ranges.add(CellRange(min_col=column, min_row=first_row, max_col=column, max_row=last_row))


class TemplateWriter:
    def __init__(self, workbook: Workbook, as_at: date, title_prefix: str, problems: TextProblems) -> None:
        self.workbook = workbook
        self.as_at = as_at
        self.title_prefix = title_prefix
        self.problems = problems
        self.used_titles: set[str] = set()
        self.page_points = page_body_points(WIDTHS, sum(TITLE_ROWS_POINTS))
        make_arial_the_default(workbook)
        if BODY_STYLE not in workbook.named_styles:
            workbook.add_named_style(_body_style())
        self.body = workbook._named_styles[BODY_STYLE].as_tuple()
        self.tables: list[TextRows] = []

    def add_plan(self, plan: Plan, marking: str) -> Worksheet:
        sheet = self.workbook.create_sheet(sheet_title(plan.inspection, self.used_titles))
        self._frame(sheet, plan, marking)
        layout = PageLayout(WIDTHS, self.page_points)
        table = TextRows(sheet)
        self.tables.append(table)
        body = Cell(sheet)  # a cell of no row: only its look is wanted, the body style's as ``cell.style`` gives it
        body._style = self.body
        looks = table.look(body), table.look(body, quoted=True)
        row = 3
        breaks = []  # set at once: openpyxl checks every break again at each one appended
        for rec in plan.recommendations:
            for part in layout.lay_out(self._block(plan, rec)):
                if part.new_page and row > 3:
                    breaks.append(Break(id=row - 1))
                row = self._write_part(sheet, table, looks, part, row)
        sheet.row_breaks.brk = breaks
        return sheet

    def _frame(self, sheet: Worksheet, plan: Plan, marking: str) -> None:
        for index, (heading, width) in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[chr(64 + index)].width = width
            cell = sheet.cell(row=2, column=index)
            set_text(cell, heading)
            cell.font = Font(name=FONT_NAME, size=10, bold=True)
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.alignment = WRAP_TOP
        title = sheet.cell(row=1, column=1)
        set_text(title, self.problems.clean(title_text(self.title_prefix, self.as_at), "The title"))
        title.font = Font(name=FONT_NAME, size=12, bold=True)
        title.alignment = Alignment(vertical="center")
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
        sheet.row_dimensions[1].height, sheet.row_dimensions[2].height = TITLE_ROWS_POINTS
        sheet.freeze_panes = "A3"
        # Row 2 holds the column titles: screen readers (JAWS, NVDA) read a "ColumnTitle" name so
        sheet.defined_names[COLUMN_TITLES] = DefinedName(
            COLUMN_TITLES, attr_text=f"{quote_sheetname(sheet.title)}!$A$2:${get_column_letter(len(COLUMNS))}$2"
        )
        set_up_printing(sheet, MARGINS, "1:2", page_heading(plan.inspection, self.as_at), marking)

    def _block(self, plan: Plan, rec: PlanRecommendation) -> Block:
        where = f"{plan.inspection}, {recommendation_heading(rec).lower()}"
        heading = recommendation_heading(rec)
        text = self.problems.clean(rec.text, f"{where}: its text")
        status = status_line(rec, self.as_at)
        runs: list[Run] = [(heading, FontStyle.BOLD)]
        if status:
            runs.append((f"\n{status}", FontStyle.BOLD))
        if text:
            runs.append((f"\n{text}", FontStyle.REGULAR))
        actions = [self._action(action, where) for action in rec.actions] or [ActionCells("", ([], [], []))]
        return Block(runs, [(f"{heading} (continued)", FontStyle.BOLD)], actions)

    def _action(self, action: PlanAction, where: str) -> ActionCells:
        here = f"{where}, action {action.number}"
        text = self.problems.clean(f"{action.number} {action.text}", f"{here}: its text")
        progress = self.problems.clean(action.progress, f"{here}: its latest progress update")
        next_steps = self.problems.clean(action.next_steps, f"{here}: its next steps")
        runs = plain(text) + ([(f"\n{links_line(action.links)}", FontStyle.ITALIC)] if action.links else [])
        return ActionCells(action.number, (runs, plain(progress), plain(next_steps)))

    def save(self, target: Path) -> None:
        """Save the workbook to ``target`` (atomically), each sheet with its plan's rows."""
        write_bytes_atomically(package(self.workbook, self.tables), target)

    @staticmethod
    def _write_part(sheet: Worksheet, table: TextRows, looks: tuple[int, int], part: Part, first_row: int) -> int:
        """Write a block's part on one page: its pieces' rows, column A merged over them; the row after them."""
        heights = [piece.height for piece in part.pieces]
        if part.heading_height > sum(heights):  # the heading is taller than its actions: the last row grows
            heights[-1] += part.heading_height - sum(heights)
        rows = [row_split(height) for height in heights]
        last_row = first_row + sum(len(r) for r in rows) - 1
        if last_row > first_row:
            _merge(sheet, first_row, last_row, 1)
        heading = styled_text(part.heading)
        row = first_row
        for piece, piece_rows in zip(part.pieces, rows, strict=True):
            if len(piece_rows) > 1:  # taller than Excel's tallest row, on one page
                for column in range(2, len(COLUMNS) + 1):
                    _merge(sheet, row, row + len(piece_rows) - 1, column)
            texts = [styled_text(runs) for runs in piece.cells]
            for offset, height in enumerate(piece_rows):
                cells = [heading if row + offset == first_row else "", *(texts if offset == 0 else ("", "", ""))]
                table.add(row + offset, height, [(column, text, looks) for column, text in enumerate(cells, start=1)])
            row += len(piece_rows)
        return row
