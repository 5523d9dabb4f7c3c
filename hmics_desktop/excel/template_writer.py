"""The Improvement Plan Template: the four-column plan the committee papers print.

One sheet per inspection: a bold title ("APPENDIX B - Progress Update as at 15th February
2022"), a grey header row, then one row per action with its recommendation merged down
beside it. Heights are set so that every line shows on paper; A4 landscape, one page wide,
the title and header repeated on every page, the protective marking in the footer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from hmics_desktop.domain.dates import british_long
from hmics_desktop.domain.links import links_line
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.excel.cell_text import TextProblems, set_text
from hmics_desktop.excel.row_heights import height_for_lines, rows_needed, wrapped_lines
from hmics_desktop.excel.sheet_names import sheet_title

COLUMNS = [
    ("Recommendation", 30.0),
    ("Action to be taken", 42.0),
    ("Latest progress update", 50.0),
    ("Next Steps", 38.0),
]
FONT_NAME = "Arial"
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
BODY_STYLE = "Improvement plan text"


def _body_style() -> NamedStyle:
    return NamedStyle(name=BODY_STYLE, font=Font(name=FONT_NAME, size=10), border=BORDER, alignment=WRAP_TOP)


BOLD = InlineFont(rFont=FONT_NAME, sz=10, b=True)
PLAIN = InlineFont(rFont=FONT_NAME, sz=10)
ITALIC = InlineFont(rFont=FONT_NAME, sz=10, i=True)


def title_text(title_prefix: str, as_at: date) -> str:
    return f"{title_prefix}Progress Update as at {british_long(as_at)}"


def recommendation_heading(rec: PlanRecommendation) -> str:
    kind = "Recommendation" if rec.kind == "recommendation" else "Area for development"
    return f"{kind} {rec.number}"


@dataclass
class _ActionRows:
    """One action's cells and how many rows (and points) they take."""

    cells: list[object]
    height: float

    @property
    def rows(self) -> int:
        return rows_needed(self.height)


def _lines(text: str, column: int) -> int:
    return wrapped_lines(text, COLUMNS[column][1])


class TemplateWriter:
    def __init__(self, workbook: Workbook, as_at: date, title_prefix: str, problems: TextProblems) -> None:
        self.workbook = workbook
        self.as_at = as_at
        self.title_prefix = title_prefix
        self.problems = problems
        self.used_titles: set[str] = set()
        if BODY_STYLE not in workbook.named_styles:
            workbook.add_named_style(_body_style())

    def add_plan(self, plan: Plan, marking: str) -> Worksheet:
        sheet = self.workbook.create_sheet(sheet_title(plan.inspection, self.used_titles))
        self._frame(sheet, marking)
        row = 3
        for rec in plan.recommendations:
            row = self._recommendation(sheet, plan, rec, row)
        return sheet

    def _frame(self, sheet: Worksheet, marking: str) -> None:
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
        sheet.row_dimensions[1].height = 22
        sheet.row_dimensions[2].height = 18
        sheet.freeze_panes = "A3"
        sheet.print_title_rows = "1:2"
        setup = sheet.page_setup
        setup.orientation = "landscape"
        setup.paperSize = sheet.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.7, header=0.3, footer=0.3)
        sheet.print_options.horizontalCentered = True
        for header_footer in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):
            header_footer.center.text = "Improvement Plan Template"
        for header_footer in (sheet.oddFooter, sheet.evenFooter, sheet.firstFooter):
            header_footer.center.text = marking.replace("&", "&&")
            header_footer.right.text = "Page &P of &N"

    def _recommendation(self, sheet: Worksheet, plan: Plan, rec: PlanRecommendation, first_row: int) -> int:
        where = f"{plan.inspection}, {recommendation_heading(rec).lower()}"
        heading = recommendation_heading(rec)
        text = self.problems.clean(rec.text, f"{where}: its text")
        rec_cell = CellRichText([TextBlock(BOLD, heading), TextBlock(PLAIN, f"\n{text}")]) if text else heading
        rec_height = height_for_lines(_lines(f"{heading}\n{text}", 0))
        planned = [self._action_rows(action, where) for action in rec.actions] or [_ActionRows(["", "", ""], 0.0)]
        deficit = rec_height - sum(p.height for p in planned)
        if deficit > 0:  # the recommendation's text is taller than its actions: the last row grows
            planned[-1].height += deficit
        last_row = first_row + sum(p.rows for p in planned) - 1
        if last_row > first_row:  # merge before styling: openpyxl then has no borders to copy about
            sheet.merge_cells(start_row=first_row, start_column=1, end_row=last_row, end_column=1)
        row = first_row
        for action_rows in planned:
            self._write_action(sheet, row, action_rows)
            row += action_rows.rows
        set_text(sheet.cell(row=first_row, column=1), rec_cell)
        return row

    def _action_rows(self, action: PlanAction, where: str) -> _ActionRows:
        here = f"{where}, action {action.number}"
        text = self.problems.clean(f"{action.number} {action.text}", f"{here}: its text")
        progress = self.problems.clean(action.progress, f"{here}: its latest progress update")
        next_steps = self.problems.clean(action.next_steps, f"{here}: its next steps")
        action_cell: object = text
        plain_action = text
        if action.links:
            line = links_line(action.links)
            action_cell = CellRichText([TextBlock(PLAIN, text), TextBlock(ITALIC, f"\n{line}")])
            plain_action = f"{text}\n{line}"
        lines = max(_lines(plain_action, 1), _lines(progress, 2), _lines(next_steps, 3))
        return _ActionRows([action_cell, progress, next_steps], height_for_lines(lines))

    def _write_action(self, sheet: Worksheet, row: int, action_rows: _ActionRows) -> None:
        count = action_rows.rows
        if count > 1:
            for column in range(2, len(COLUMNS) + 1):
                sheet.merge_cells(start_row=row, start_column=column, end_row=row + count - 1, end_column=column)
        for offset in range(count):
            sheet.row_dimensions[row + offset].height = round(max(action_rows.height / count, 15.0), 1)
            for column in range(1, len(COLUMNS) + 1):
                sheet.cell(row=row + offset, column=column).style = BODY_STYLE
        for column, value in enumerate(action_rows.cells, start=2):
            set_text(sheet.cell(row=row, column=column), value)
