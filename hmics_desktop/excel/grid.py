"""What every reader produces: sheets of cell values, and the limits no file may pass.

Spreadsheets, Word tables and CSV trackers all become :class:`Sheet` grids (rows of
values from A1, with merged ranges), so that header finding, column mapping and parsing
are the same whatever the file. The limits keep any import, whatever the file, to a few
hundred megabytes of memory: they are checked on the file's own records *before* a
reader expands anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TEXT_FILE_BYTES = 20 * 1024 * 1024  # a .csv file
MAX_WORD_XML_BYTES = 15 * 1024 * 1024  # a .docx's document part once unpacked (about 10 bytes of memory each)
MAX_SHEETS = 200
# Cells a workbook may span, counted as the rectangle from A1 to its last cell on each sheet
# (that is what gets expanded). A 5,000-action plan spans about 20,000.
MAX_CELLS = 1_000_000
# Characters of text the cells may hold once expanded (a shared string counts each time a
# cell refers to it): at most 4 bytes each in the reader and again in Python. A 5,000-action
# plan of long texts holds about 4 million.
MAX_TEXT_CHARS = 16_000_000

Merge = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col))
# What a sheet is made from: a spreadsheet's sheet, a CSV file, a Word document's tables.
SHEET, CSV, WORD = "sheet", "csv", "word"


class UnreadableWorkbook(Exception):
    """A file that is not a readable plan; ``str()`` is one sentence for the user."""


@dataclass
class Sheet:
    """One sheet (or a Word document's tables, or a CSV file) as rows of cell values."""

    name: str
    rows: list[list[Any]]
    merged: list[Merge] = field(default_factory=list)
    skipped: str | None = None  # why the sheet was not read (an Excel 4.0 macro sheet…)
    uncalculated: list[tuple[int, int]] = field(default_factory=list)  # formula cells without a saved value
    hidden: str | None = None  # how Excel hides it, in the users' words ("hidden in Excel"…); None: shown
    kind: str = SHEET  # SHEET, CSV or WORD
    title: str | None = None  # the document's title property, where it has one
    page_header: str | None = None  # the words of its printed page header, where it has one
    part: str | None = None  # its XML in the package, where it is an .xlsx's sheet (see number_formats)
    styles: str | None = None  # the package's styles part, beside it
    worked_out: dict[int, str] | None = None  # columns found by their content (no heading row): column → examples


@dataclass
class Extent:
    """How far a sheet's cells reach (0-based last row and column) and the text they hold."""

    name: str
    last_row: int = -1
    last_col: int = -1
    text_chars: int = 0
    claimed: int = 0  # cells the reader sets memory aside for, from what the sheet says of itself
    formulas: bool = True  # whether the sheet may hold formulas (False once a quick look found none)

    def add_cell(self, row: int, col: int) -> None:
        self.last_row = max(self.last_row, row)
        self.last_col = max(self.last_col, col)

    @property
    def cells(self) -> int:
        return (self.last_row + 1) * (self.last_col + 1) if self.last_row >= 0 and self.last_col >= 0 else 0


def check_extents(file_name: str, extents: list[Extent]) -> None:
    """Refuse a file whose sheets, once expanded, would be far larger than any plan."""
    if len(extents) > MAX_SHEETS:
        raise UnreadableWorkbook(f"{file_name} has {len(extents)} sheets, far more than any plan.")
    for extent in extents:
        if extent.cells > MAX_CELLS:
            raise UnreadableWorkbook(
                f"{file_name} has cells spread over {extent.last_row + 1:,} rows and {extent.last_col + 1:,} "
                f"columns on the sheet “{extent.name}”, far more than any plan."
            )
        if extent.claimed > MAX_CELLS:
            raise UnreadableWorkbook(
                f"{file_name} says its sheet “{extent.name}” is far larger than any plan, which it cannot be; "
                "it was not read."
            )
    if sum(extent.cells for extent in extents) > MAX_CELLS:
        raise UnreadableWorkbook(f"{file_name} has far more cells than any plan, over all its sheets.")
    if sum(extent.text_chars for extent in extents) > MAX_TEXT_CHARS:
        raise UnreadableWorkbook(f"{file_name} holds far more text than any plan.")


def shared_strings_extent(file_name: str, lengths: list[int]) -> Extent:
    """The workbook's table of shared strings, which the reader holds whole: refused when absurd."""
    if len(lengths) > MAX_CELLS:
        raise UnreadableWorkbook(f"{file_name} holds far more text than any plan.")
    return Extent("shared strings", text_chars=sum(lengths))
