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
every page. The table's rows are written as text (``text_rows``: thousands of cells in two looks,
each with Excel's quote prefix where its text starts like a formula), the rest by openpyxl.

A very hidden sheet holds the signed record (``domain.requests``): the request, and for each
row the action and a digest of every cell sent, in cells of at most 30,000 characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from hmics_desktop.domain.requests import (
    KIND,
    OWNERS_COLUMNS,
    RECORD_SHEET,
    ProposedStatus,
    RecordRow,
    RequestRecord,
    digest,
    signature,
)
from hmics_desktop.excel.atomic_save import write_bytes_atomically
from hmics_desktop.excel.cell_text import TextProblems, set_text
from hmics_desktop.excel.font_metrics import FONT_NAME, FontStyle, make_arial_the_default
from hmics_desktop.excel.print_setup import MARGINS, set_up_printing
from hmics_desktop.excel.row_heights import (
    FONT_POINTS,
    LINE_POINTS,
    MAX_ROW_POINTS,
    cell_height,
    height_for_lines,
    plain,
    text_points,
)
from hmics_desktop.excel.text_rows import TextRows, package

SHEET = "Update request"
RECORD_CHUNK = 30_000
HEADER_ROW = 6
DATE_CELL = "H4"
# (heading, width in Excel's units): the columns sent, then the columns the owner fills.
SENT = [("Inspection", 12), ("Rec", 5), ("Recommendation", 22), ("Action", 6), ("Action to be taken", 24),
        ("Target date", 9.5), ("Latest update as at", 9.5), ("Latest progress update", 26)]  # fmt: skip
FILLED = list(zip(OWNERS_COLUMNS, (32, 24, 13, 11, 18), strict=True))
COLUMNS = SENT + FILLED
UPDATE, NEXT_STEPS, STATUS, TARGET, REASON = range(len(SENT) + 1, len(COLUMNS) + 1)  # 1-based columns
TALL = {index: width for index, (_heading, width) in enumerate(SENT) if width >= 12}  # the columns of long text
ROOM_LINES = 4
ROOM_TO_WRITE = height_for_lines(ROOM_LINES)
SHORTENED = " … (shortened here: the whole text is in the plan)"
LONGEST_SENT = 20_000  # characters: far more than a row of the widest column shows
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
) -> tuple[RequestRecord, list[str], bytes]:
    """Write the request to ``target`` (atomically); its record, what had to be cleaned from the text, its bytes."""
    problems = TextProblems()
    workbook = Workbook()
    make_arial_the_default(workbook)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    _write_heading(sheet, heading)
    record = RequestRecord(signing.database, signing.token, heading.owner, heading.sent_on, heading.due_on, SHEET,
                           DATE_CELL)  # fmt: skip
    table = TextRows(sheet)
    sent_look, filled_look = _look(table, locked=True), _look(table, locked=False)
    heights = _Heights()
    digests: dict[str, str] = {}  # an inspection's name, a recommendation, a date come on many rows
    for index, row in enumerate(rows):
        sheet_row = HEADER_ROW + 1 + index
        where = f"Action {row.number}"
        # what was sent is never longer than a row shows (the owner changes none of it): cut before it is checked
        sent = [heights.fitting(problems.clean(value[:LONGEST_SENT], where), column)
                for column, value in enumerate(row.sent())]  # fmt: skip
        next_steps = problems.clean(row.next_steps, where)
        texts = [(sent[column], width) for column, width in TALL.items()] + [(next_steps, FILLED[1][1])]
        height = min(max(heights.tallest(texts), ROOM_TO_WRITE), MAX_ROW_POINTS)
        # the other yellow cells are the columns' own (see _finish)
        cells = [(column, value, sent_look) for column, value in enumerate(sent, start=1)]
        table.add(sheet_row, height, [*cells, (NEXT_STEPS, next_steps, filled_look)])
        cells_sent = tuple(_digest(digests, value) for value in sent)
        record.rows.append(RecordRow(sheet_row, row.action_id, row.number, cells_sent, digest(next_steps)))
    last = HEADER_ROW + max(len(rows), 1)
    _finish(sheet, heading, last)
    _write_record(workbook, record, signing.secret)
    workbook.security = WorkbookProtection(lockStructure=True)  # no sheet renamed, moved, deleted or shown
    saved = package(workbook, [table])
    write_bytes_atomically(saved, target)
    return record, problems.warnings, saved


def _digest(known: dict[str, str], text: str) -> str:
    found = known.get(text)
    if found is None:
        found = known[text] = digest(text)
    return found


def _look(table: TextRows, *, locked: bool) -> tuple[int, int]:
    """A look of the table's cells, and the same with Excel's quote prefix: wrapped, framed, yellow when unlocked."""
    cell = Cell(table.sheet)  # a cell of no row: only its style is wanted
    cell.alignment, cell.border, cell.protection = TOP, GRID, Protection(locked=locked)
    if not locked:
        cell.fill, cell.number_format = YELLOW, "@"  # what the owner types stays as typed
    return table.look(cell), table.look(cell, quoted=True)


class _Heights:
    """Each text's height in a column, worked out once (a recommendation's text comes on each of its rows).

    A row is as tall as its tallest cell: a rough count of lines (Arial's letters are half an em
    wide on average) picks the cells worth wrapping word by word, and the texts that may be too
    long for a row.
    """

    def __init__(self) -> None:
        self.known: dict[tuple[str, float], float] = {}

    @staticmethod
    def rough_lines(text: str, width: float) -> int:
        per_line = max(int(text_points(width) / (FONT_POINTS / 2)), 1)
        return sum(len(line) // per_line + 1 for line in text.split("\n"))

    def tallest(self, texts: list[tuple[str, float]]) -> float:
        """The height of the tallest: the longest by the rough count wrapped word by word, the others counted roughly.

        (Roughly counted lines are taken a quarter more, and one more, so that no row is cut short.)
        """
        rough = [self.rough_lines(text, width) for text, width in texts]
        longest = max(range(len(texts)), key=rough.__getitem__)
        if rough[longest] * 2 <= ROOM_LINES:
            return 0.0  # even twice as many lines as the rough count fit the room left to write
        others = max((lines for index, lines in enumerate(rough) if index != longest), default=0)
        return max(self.of(*texts[longest]), height_for_lines(others + others // 4 + 1))

    def of(self, text: str, width: float) -> float:
        key = (text, width)
        if key not in self.known:
            self.known[key] = cell_height(plain(text), width)
        return self.known[key]

    def fitting(self, text: str, column: int) -> str:
        """``text``, or as much of it as one row shows (Excel's rows stop at 409 points), ending “… (shortened)”."""
        width = TALL.get(column)
        if width is None or self.rough_lines(text, width) * LINE_POINTS < MAX_ROW_POINTS / 2:
            return text
        if self.of(text, width) <= MAX_ROW_POINTS:
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
    # The yellow cells left empty are not written one by one: their columns take typing, formatted as text so
    # that Excel keeps "June 2025", "50%" or "31/03/2025" as typed, and a format that always applies paints them
    # yellow with a border, within the table only.
    for column in (UPDATE, NEXT_STEPS, STATUS, TARGET, REASON):
        dimension = sheet.column_dimensions[_letter(column)]
        dimension.protection, dimension.alignment = Protection(locked=False), TOP
        dimension.number_format = "@"
    table = f"{_letter(UPDATE)}{HEADER_ROW + 1}:{_letter(REASON)}{last}"
    sheet.conditional_formatting.add(table, FormulaRule(formula=["TRUE"], fill=YELLOW, border=GRID))
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
