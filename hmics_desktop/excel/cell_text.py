"""Text that goes into a cell safely: kept as text, within Excel's limits, problems reported.

openpyxl turns a string starting with "=" into a formula; Excel may read "+", "-" and "@"
as one when the cell is edited. Such text is written as text with Excel's quote prefix.
Characters Excel cannot store (control characters; U+FFFE, U+FFFF and lone surrogates, which XML
cannot hold: in a plan's text they stopped the export) are taken out and reported; text over
Excel's 32,767-character limit is refused, never silently cut. Excel counts as Windows does, in
UTF-16 units, so a character outside the Basic Multilingual Plane (most emoji) counts twice.
Text that reads as Excel's escape of a character ("_x0041_" for "A") has its "_" escaped
("_x005F_x0041_"), so that Excel, LibreOffice and calamine read it as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

from hmics_desktop.excel.excel_units import excel_length

EXCEL_CELL_LIMIT = 32_767
FORMULA_STARTS = ("=", "+", "-", "@")
LOOKS_ESCAPED = re.compile("_(?=x[0-9A-Fa-f]{4}_)")  # the "_" of what Excel reads as a character's escape
NOT_STORABLE = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ud800-\udfff\ufffe\uffff]")


class TextTooLong(ValueError):
    """Text over Excel's cell limit; ``str()`` names the item and the field."""


@dataclass
class TextProblems:
    """What had to be changed on the way into the workbook, in the user's words."""

    warnings: list[str] = field(default_factory=list)

    def clean(self, text: str | None, where: str) -> str:
        text = text or ""
        if NOT_STORABLE.search(text):
            found = [f"U+{code:04X}" for code in sorted({ord(c) for c in NOT_STORABLE.findall(text)})]
            self.warnings.append(f"{where}: characters Excel cannot store were left out ({', '.join(found)}).")
            text = NOT_STORABLE.sub("", text)
        if len(text) * 2 > EXCEL_CELL_LIMIT and (length := excel_length(text)) > EXCEL_CELL_LIMIT:
            raise TextTooLong(
                f"{where} is {length:,} characters long, more than an Excel cell holds "
                f"({EXCEL_CELL_LIMIT:,}); shorten it and export again."
            )
        return text


def excel_escaped(text: str) -> str:
    """``text`` as a cell holds it so that Excel reads it as written ("_x0041_" stays, not "A")."""
    return LOOKS_ESCAPED.sub("_x005F_", text) if "_x" in text else text


def set_text(cell: Cell, value: object) -> None:
    """Put text (or rich text) in a cell so that it always stays text and reads as written."""
    cell.value = excel_escaped(value) if isinstance(value, str) else value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
