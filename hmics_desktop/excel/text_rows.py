"""A long table of text cells written into a sheet as XML text, not one openpyxl cell at a time.

openpyxl makes, styles, sorts and writes an object for every cell: for an update request or a
template export of thousands of rows that is most of the time it takes. The rows of such a table
are text cells in a few shared looks, so they are written here as openpyxl itself writes text
cells (inline strings, each with its look's number, each row with its height; rich text run by
run, each run with its font's ``<rPr>``; text that reads as Excel's escape of a character,
"_x0041_", with its "_" escaped, so that Excel, LibreOffice and calamine read it as written), and
put into the sheets' ``<sheetData>`` of the package openpyxl saved: the rest of each sheet (its
heading rows, columns, merges, protection, drop-downs, printing) and the workbook's styles are
openpyxl's own.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from hmics_desktop.excel.cell_text import FORMULA_STARTS, excel_escaped

_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # characters XML cannot hold (lxml refuses them too)
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+[0-9]+):([A-Z]+)([0-9]+)"/>')

RichRuns = tuple[tuple[str, str], ...]  # rich text: each run's <rPr> XML and its text


class TextRows:
    """The rows of a table, each a height and its text cells; written into the sheet when the workbook is saved."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.parts: list[str] = []
        self.last_row = 0
        self.letters = [""] + [get_column_letter(column) for column in range(1, 100)]

    def look(self, cell: Cell, *, quoted: bool = False) -> int:
        """The number of a styled cell's look (``quoted``: with Excel's quote prefix, so that text stays text)."""
        style = copy.copy(cell._style)
        style.quotePrefix = 1 if quoted else 0
        workbook = self.sheet.parent
        assert workbook is not None
        return int(workbook._cell_styles.add(style))

    def add(self, row: int, height: float | None, cells: Iterable[tuple[int, str | RichRuns, tuple[int, int]]]) -> None:
        """Row ``row`` (below every row the sheet has of its own), its cells as (column, text, (look, quoted look)).

        Plain text that starts like a formula takes the quoted look; rich text never does (as ``set_text``).
        """
        parts = [f'<row r="{row}" ht="{height:.16g}" customHeight="1">' if height else f'<row r="{row}">']
        for column, text, (look, quoted) in cells:
            where = f"{self.letters[column]}{row}"
            if not text:
                parts.append(f'<c r="{where}" s="{look}" t="n"/>')
            elif isinstance(text, str):
                style = quoted if text.startswith(FORMULA_STARTS) else look
                space = ' xml:space="preserve"' if text != text.strip() else ""
                parts.append(f'<c r="{where}" s="{style}" t="inlineStr"><is><t{space}>{_escaped(text)}</t></is></c>')
            else:
                parts.append(f'<c r="{where}" s="{look}" t="inlineStr"><is>{_rich(text)}</is></c>')
        parts.append("</row>")
        written = "".join(parts)
        if not written.isascii() and _NOT_XML.search(written):
            raise ValueError("All strings must be XML compatible")  # as openpyxl (lxml) says
        self.parts.append(written)
        self.last_row = max(self.last_row, row)

    def into(self, sheet_xml: bytes) -> bytes:
        """The sheet's XML as openpyxl wrote it, with these rows after its own."""
        rows = "".join(self.parts).encode("ascii", "xmlcharrefreplace")  # as openpyxl writes: no declaration, ASCII
        if b"</sheetData>" in sheet_xml:
            sheet_xml = sheet_xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)
        else:
            sheet_xml = sheet_xml.replace(b"<sheetData/>", b"<sheetData>" + rows + b"</sheetData>", 1)
        found = _DIMENSION.search(sheet_xml)
        if found is not None and int(found.group(3)) < self.last_row:
            wider = b'<dimension ref="%s:%s%d"/>' % (found.group(1), found.group(2), self.last_row)
            sheet_xml = sheet_xml[: found.start()] + wider + sheet_xml[found.end() :]
        return sheet_xml


def _escaped(text: str) -> str:
    text = excel_escaped(text)
    for character, escape in _ESCAPES:
        if character in text:
            text = text.replace(character, escape)
    return text


def _rich(runs: RichRuns) -> str:
    """The runs of rich text, as openpyxl writes them (space kept where a run has text and spaces around it)."""
    parts = []
    for properties, text in runs:
        stripped = text.strip()
        space = ' xml:space="preserve"' if stripped and text != stripped else ""
        parts.append(f"<r>{properties}<t{space}>{_escaped(text)}</t></r>")
    return "".join(parts)


def package(workbook: Workbook, tables: Sequence[TextRows]) -> bytes:
    """The workbook's package as openpyxl saves it, with each table's rows in its sheet."""
    saved = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(saved, "w", zipfile.ZIP_STORED)).save()  # compressed once, below
    by_part = {table.sheet.path.lstrip("/"): table for table in tables}  # the paths are known once saved
    out = io.BytesIO()
    # the part names are openpyxl's, all ASCII: read as UTF-8, which needs no codec loaded (cp437 would be)
    with (
        zipfile.ZipFile(saved, metadata_encoding="utf-8") as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package,
    ):
        for info in source.infolist():
            data = source.read(info)
            info.compress_type = zipfile.ZIP_DEFLATED
            table = by_part.get(info.filename)
            package.writestr(info, table.into(data) if table is not None else data)
    return out.getvalue()
