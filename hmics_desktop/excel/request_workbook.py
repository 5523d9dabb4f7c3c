"""An owner's update request as a workbook: their open actions, yellow columns to fill, a hidden record.

One sheet, "Update request": a title, when to send it back, a place for the date of the
updates, then one row per action — inspection, recommendation (number and text), action
(number and text), the target in force, the latest update with its date — and the columns the
owner fills: a new progress update, next steps (the ones on record, to change), a proposed
status (a drop-down), a revised target asked for and its reason. The sheet is protected without
a password (it guards slips, not attacks): only the yellow cells take typing; rows and columns
may be resized, nothing inserted, deleted or sorted, no sheet renamed or shown. Each row is as
tall as its longest text wrapped (``row_heights``; LibreOffice fits no row by itself), and at
least four lines, room to write in; the columns fit A4 landscape one page wide, the heading row on
every page.

A very hidden sheet holds the signed record (``domain.requests``): the request, and for each
row the action and a digest of every cell sent, in cells of at most 30,000 characters.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from hmics_desktop.domain.requests import KIND, ProposedStatus, RecordRow, RequestRecord, digest, signature
from hmics_desktop.excel.atomic_save import save_atomically
from hmics_desktop.excel.cell_text import TextProblems, set_text
from hmics_desktop.excel.font_metrics import FONT_NAME, FontStyle, make_arial_the_default
from hmics_desktop.excel.page_layout import MARGINS, set_up_printing
from hmics_desktop.excel.row_heights import MAX_ROW_POINTS, cell_height, height_for_lines, plain

SHEET = "Update request"
RECORD_SHEET = "hmics_request"  # very hidden: Excel's own menus cannot show it
RECORD_CHUNK = 30_000
HEADER_ROW = 6
DATE_CELL = "H4"
# (heading, width in Excel's units): the columns sent, then the columns the owner fills.
SENT = [("Inspection", 12), ("Rec", 5), ("Recommendation", 22), ("Action", 6), ("Action to be taken", 24),
        ("Target date", 9.5), ("Latest update as at", 9.5), ("Latest progress update", 26)]  # fmt: skip
FILLED = [("New progress update", 32), ("Next steps", 24), ("Proposed status", 13),
          ("Revised target asked for", 11), ("Reason for the revised target", 18)]  # fmt: skip
COLUMNS = SENT + FILLED
UPDATE, NEXT_STEPS, STATUS, TARGET, REASON = range(len(SENT) + 1, len(COLUMNS) + 1)  # 1-based columns
TALL = {index: width for index, (_heading, width) in enumerate(SENT) if width >= 12}  # the columns of long text
ROOM_TO_WRITE = height_for_lines(4)
SHORTENED = " … (shortened here: the whole text is in the plan)"
YELLOW = PatternFill("solid", fgColor="FFF2CC")
GREY = PatternFill("solid", fgColor="D9D9D9")
_RULE = Side(style="thin", color="808080")
GRID = Border(left=_RULE, right=_RULE, top=_RULE, bottom=_RULE)
TOP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class RequestRow:
    """One open action as sent: what the owner reads, and the next steps they may change."""

    action_id: int
    inspection: str
    recommendation_number: str
    recommendation: str
    number: str
    action: str
    target: str
    latest_on: str
    latest: str
    next_steps: str

    def sent(self) -> list[str]:
        return [self.inspection, self.recommendation_number, self.recommendation, self.number, self.action,
                self.target, self.latest_on, self.latest]  # fmt: skip


@dataclass(frozen=True)
class RequestHeading:
    """The workbook's words above the table."""

    owner: str
    sent_on: date
    due_on: date
    as_at: date
    marking: str


@dataclass(frozen=True)
class Signing:
    """Who signs the record: the database's identity and key, and the request's token."""

    database: str
    secret: str
    token: str


def write_request_workbook(
    target: Path, heading: RequestHeading, rows: list[RequestRow], signing: Signing
) -> tuple[RequestRecord, list[str]]:
    """Write the request to ``target`` (atomically); its record and what had to be cleaned from the text."""
    problems = TextProblems()
    workbook = Workbook()
    make_arial_the_default(workbook)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    _write_heading(sheet, heading)
    record = RequestRecord(signing.database, signing.token, heading.owner, heading.sent_on, heading.due_on, SHEET,
                           DATE_CELL)  # fmt: skip
    styled = _Styles(sheet)
    for index, row in enumerate(rows):
        sheet_row = HEADER_ROW + 1 + index
        where = f"Action {row.number}"
        sent = [_fitting(problems.clean(value, where), index) for index, value in enumerate(row.sent())]
        next_steps = problems.clean(row.next_steps, where)
        for column, value in enumerate(sent, start=1):
            styled.put(sheet_row, column, value, styled.sent)
        styled.put(sheet_row, UPDATE, None, styled.filled)
        styled.put(sheet_row, NEXT_STEPS, next_steps, styled.filled)
        for column in (STATUS, TARGET, REASON):
            styled.put(sheet_row, column, None, styled.filled_text if column == TARGET else styled.filled)
        heights = [cell_height(plain(sent[index]), width) for index, width in TALL.items()]
        heights.append(cell_height(plain(next_steps), FILLED[1][1]))
        sheet.row_dimensions[sheet_row].height = min(max(*heights, ROOM_TO_WRITE), MAX_ROW_POINTS)
        record.rows.append(
            RecordRow(sheet_row, row.action_id, row.number, tuple(digest(v) for v in sent), digest(next_steps))
        )
    last = HEADER_ROW + max(len(rows), 1)
    _finish(sheet, heading, last)
    _write_record(workbook, record, signing.secret)
    workbook.security = WorkbookProtection(lockStructure=True)  # no sheet renamed, moved, deleted or shown
    save_atomically(workbook, target)
    return record, problems.warnings


class _Styles:
    """The cells' three looks, made once and copied to each cell (as openpyxl's own sheet copy does)."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.sent = self._style(locked=True)
        self.filled = self._style(locked=False)
        self.filled_text = self._style(locked=False, number_format="@")  # "June 2025" stays as typed

    def _style(self, *, locked: bool, number_format: str = "General") -> object:
        cell = Cell(self.sheet)  # a cell of no row: only its style is wanted
        cell.alignment, cell.border, cell.protection = TOP, GRID, Protection(locked=locked)
        cell.number_format = number_format
        if not locked:
            cell.fill = YELLOW
        return copy.copy(cell._style)

    def put(self, row: int, column: int, value: str | None, style: object) -> None:
        cell = self.sheet.cell(row=row, column=column)
        if value:
            set_text(cell, value)
        cell._style = copy.copy(style)


def _fitting(text: str, index: int) -> str:
    """``text``, or as much of it as one row can show (Excel's rows stop at 409 points), ending “… (shortened)”."""
    width = TALL.get(index)
    if width is None or cell_height(plain(text), width) <= MAX_ROW_POINTS:
        return text
    words = text.split(" ")
    low, high = 0, len(words)  # the most words that fit lies in [low, high)
    while high - low > 1:
        middle = (low + high) // 2
        fits = cell_height(plain(" ".join(words[:middle]) + SHORTENED), width) <= MAX_ROW_POINTS
        low, high = (middle, high) if fits else (low, middle)
    return " ".join(words[:low]) + SHORTENED


def _write_heading(sheet: Worksheet, heading: RequestHeading) -> None:
    sent = f", sent on {heading.sent_on:%d/%m/%Y}" if heading.sent_on != heading.as_at else ""
    words = {
        "A1": f"Update request for {heading.owner}",
        "A2": f"Your open actions in the improvement plan as at {heading.as_at:%d/%m/%Y}{sent}. "
        f"Please send this workbook back by {heading.due_on:%d/%m/%Y}.",
        "A3": "Fill in the yellow columns: a new progress update, your next steps (change those shown if they "
        "have changed), a status you propose, or a revised target you ask for with its reason. The other columns "
        "cannot be changed.",
        "A4": "Date of these updates, if not the day you save the workbook (e.g. 14/03/2025):",
    }
    for where, text in words.items():
        set_text(sheet[where], text)
    sheet["A1"].font = Font(name=FONT_NAME, size=12, bold=True)
    sheet["A2"].font = Font(name=FONT_NAME, size=10, bold=True)
    date_cell = sheet[DATE_CELL]
    date_cell.number_format = "@"
    date_cell.fill, date_cell.border, date_cell.protection = YELLOW, GRID, Protection(locked=False)
    for where in ("A2", "A3"):
        sheet.merge_cells(f"{where}:{_letter(len(COLUMNS))}{where[1:]}")
        sheet[where].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(f"A4:{_letter(len(SENT) - 1)}4")
    sheet["A4"].alignment = Alignment(horizontal="right", vertical="top")
    sheet.row_dimensions[3].height = 27  # two lines of the instructions, in case the page is narrow


def _finish(sheet: Worksheet, heading: RequestHeading, last: int) -> None:
    bold = Font(name=FONT_NAME, size=10, bold=True)
    sheet.row_dimensions[HEADER_ROW].height = max(
        cell_height([(title, FontStyle.BOLD)], width) for title, width in COLUMNS
    )
    for column, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column)
        set_text(cell, title)
        cell.font, cell.alignment, cell.border = bold, TOP, GRID
        cell.fill = YELLOW if column > len(SENT) else GREY
        sheet.column_dimensions[_letter(column)].width = width
    choices = ",".join(status.label for status in ProposedStatus)
    drop_down = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True)
    drop_down.errorTitle, drop_down.error = "Proposed status", f"Choose one of: {choices.replace(',', ', ')}."
    drop_down.add(f"{_letter(STATUS)}{HEADER_ROW + 1}:{_letter(STATUS)}{last}")
    sheet.add_data_validation(drop_down)
    sheet.freeze_panes = f"E{HEADER_ROW + 1}"  # the inspection, recommendation and action number stay in view
    set_up_printing(sheet, MARGINS, f"{HEADER_ROW}:{HEADER_ROW}", f"Update request: {heading.owner}", heading.marking)
    sheet.print_area = f"A1:{_letter(len(COLUMNS))}{last}"
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = False  # False: allowed (wider columns, taller rows)
    protection.selectLockedCells = protection.selectUnlockedCells = False


def _write_record(workbook: Workbook, record: RequestRecord, secret: str) -> None:
    hidden = workbook.create_sheet(RECORD_SHEET)
    hidden.sheet_state = "veryHidden"
    payload = record.payload()
    hidden["A1"] = KIND
    hidden["A2"] = signature(payload, secret)
    for index in range(0, len(payload), RECORD_CHUNK):
        set_text(hidden.cell(row=3 + index // RECORD_CHUNK, column=1), payload[index : index + RECORD_CHUNK])
    hidden.protection.sheet = True


def _letter(column: int) -> str:
    return get_column_letter(column)
