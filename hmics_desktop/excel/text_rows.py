"""A long table of text cells written into a sheet as XML text, not one openpyxl cell at a time.

openpyxl makes, styles, sorts and writes an object for every cell: for an update request of
thousands of rows that is most of the time it takes. The rows of such a table are plain text
cells in a few shared looks, so they are written here as openpyxl itself writes text cells
(inline strings, each with its look's number, each row with its height; text that reads as
Excel's escape of a character, "_x0041_", with its "_" escaped, so that Excel, LibreOffice and
calamine read it as written), and put into the sheet's ``<sheetData>`` of the package openpyxl
saved: the rest of the sheet (its heading rows, columns, protection, drop-downs, printing) and
the workbook's styles are openpyxl's own.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from hmics_desktop.excel.cell_text import FORMULA_STARTS

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # characters XML cannot hold (lxml refuses them too)
_LOOKS_ESCAPED = re.compile("_(?=x[0-9A-Fa-f]{4}_)")  # "_x0041_" is Excel's escape of "A": its "_" escaped, it stays
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+[0-9]+):([A-Z]+)([0-9]+)"/>')


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

    def add(self, row: int, height: float | None, cells: Iterable[tuple[int, str, tuple[int, int]]]) -> None:
        """Row ``row`` (below every row the sheet has of its own), its cells as (column, text, (look, quoted look))."""
        parts = [f'<row r="{row}" ht="{height:.16g}" customHeight="1">' if height else f'<row r="{row}">']
        for column, text, (look, quoted) in cells:
            where = f"{self.letters[column]}{row}"
            if not text:
                parts.append(f'<c r="{where}" s="{look}" t="n"/>')
                continue
            if _NOT_XML.search(text):
                raise ValueError("All strings must be XML compatible")  # as openpyxl (lxml) says
            space = ' xml:space="preserve"' if text != text.strip() else ""
            style = quoted if text.startswith(FORMULA_STARTS) else look
            escaped = _LOOKS_ESCAPED.sub("_x005F_", text).translate(_ESCAPES)
            parts.append(f'<c r="{where}" s="{style}" t="inlineStr"><is><t{space}>{escaped}</t></is></c>')
        parts.append("</row>")
        self.parts.append("".join(parts))
        self.last_row = max(self.last_row, row)

    def save(self, workbook: Workbook) -> bytes:
        """The workbook's package as openpyxl saves it, with these rows in their sheet."""
        saved = io.BytesIO()
        ExcelWriter(workbook, zipfile.ZipFile(saved, "w", zipfile.ZIP_STORED)).save()  # compressed once, below
        part = self.sheet.path.lstrip("/")  # known once saved
        out = io.BytesIO()
        with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for info in source.infolist():
                data = source.read(info)
                info.compress_type = zipfile.ZIP_DEFLATED
                package.writestr(info, self._into(data) if info.filename == part else data)
        return out.getvalue()

    def _into(self, sheet_xml: bytes) -> bytes:
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
