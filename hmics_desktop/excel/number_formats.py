"""Numbers Excel made of what was typed, read back as typed: "50%" where the reader gives 0.5.

python-calamine gives a cell's value, not its number format. A date it reads as a date, but "50%"
typed in a cell of the General format Excel keeps as 0.5 shown with a percentage format, and it
comes back 0.5. For the few cells asked about that hold a number, the package's styles part says
which styles show a percentage, and the sheet's XML which style each of those cells has (its
``s``). Nothing more is read when none of the cells holds a number, nor the sheet when no style
shows a percentage.
"""

from __future__ import annotations

import contextlib
import logging
import re
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from hmics_desktop.excel.grid import Sheet
from hmics_desktop.excel.sheet_extents import XmlRefused, parse_xml

log = logging.getLogger(__name__)
_PERCENT_BUILT_IN = {9, 10}  # "0%" and "0.00%", which a package names by their number only
_NOT_FORMAT = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, an escaped character, a colour or condition


def percentages_as_typed(path: Path, sheet: Sheet, cells: Iterable[tuple[int, int]]) -> None:
    """Put back in ``sheet.rows`` each number of ``cells`` (0-based row, column) shown as a percentage, as typed."""
    numbers = {_reference(row, column): (row, column) for row, column in cells if _number(sheet.rows, row, column)}
    if not numbers or sheet.part is None or sheet.styles is None:
        return
    try:
        with zipfile.ZipFile(path) as package:
            with package.open(sheet.styles) as stream:
                percent = _percentage_styles(stream)
            if not percent:
                return
            with package.open(sheet.part) as stream:
                found = _styled(stream, numbers, percent)
    except (OSError, KeyError, ValueError, EOFError, NotImplementedError, zipfile.BadZipFile, XmlRefused) as error:
        log.warning("the number formats of %s could not be read: %s", path.name, error)
        return
    for row, column in found:
        sheet.rows[row][column] = percentage(sheet.rows[row][column])


def percentage(value: float) -> str:
    """A fraction as the percentage typed: 0.5 → "50%", 0.125 → "12.5%" (the digits the number was saved with)."""
    return f"{Decimal(repr(value)).scaleb(2).normalize():f}%"


def _number(rows: list[list[Any]], row: int, column: int) -> bool:
    value = rows[row][column] if 0 <= row < len(rows) and 0 <= column < len(rows[row]) else None
    return isinstance(value, int | float) and not isinstance(value, bool)


def _reference(row: int, column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _percentage_styles(stream: IO[bytes]) -> set[int]:
    """The cell styles (their place in ``cellXfs``) whose number format shows a percentage."""
    codes: dict[int, str] = {}
    formats: list[int] = []
    inside = [False]

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "numFmt":
            codes[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            inside[0] = True
        elif local == "xf" and inside[0]:
            formats.append(int(attrs.get("numFmtId", "0")))

    def end(name: str) -> None:
        if _local(name) == "cellXfs":
            inside[0] = False

    parse_xml(stream, start, end)
    return {
        style
        for style, number in enumerate(formats)
        if (number in _PERCENT_BUILT_IN if number not in codes else "%" in _NOT_FORMAT.sub("", codes[number]))
    }


class _AllFound(Exception):
    pass


def _styled(stream: IO[bytes], numbers: dict[str, tuple[int, int]], styles: set[int]) -> set[tuple[int, int]]:
    """The cells of ``numbers`` (by reference) whose style is one of ``styles``; the sheet read until all are seen."""
    found: set[tuple[int, int]] = set()
    seen = [0]

    def start(name: str, attrs: dict[str, str]) -> None:
        cell = numbers.get(attrs.get("r", "")) if _local(name) == "c" else None
        if cell is None:
            return
        if int(attrs.get("s", "0")) in styles:
            found.add(cell)
        seen[0] += 1
        if seen[0] == len(numbers):
            raise _AllFound

    with contextlib.suppress(_AllFound):
        parse_xml(stream, start)
    return found
