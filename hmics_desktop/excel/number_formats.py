"""Numbers Excel made of what was typed, read back as typed: "50%", "1,000", "£500" where the reader gives a number.

python-calamine gives a cell's value, not its number format. A date it reads as a date, but
"1,000" typed in a cell of the General format Excel keeps as 1000 shown with a format it chose
("#,##0"), and it comes back 1000; so do "£500", "50%", "0 1/2", and 12 in a cell formatted
"0000". For the few cells asked about that hold a number, the package's styles part says which
styles show numbers in a format of their own, and the sheet's XML which style each of those
cells has (its ``s``); ``number_text.shown`` gives the text the format shows. Nothing more is
read when none of the cells holds a number, nor the sheet when no style has such a format.
"""

from __future__ import annotations

import contextlib
import logging
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from hmics_desktop.excel.grid import Sheet
from hmics_desktop.excel.number_text import BUILT_IN, shown
from hmics_desktop.excel.sheet_extents import XmlRefused, parse_xml

log = logging.getLogger(__name__)


def numbers_as_typed(path: Path, sheet: Sheet, cells: Iterable[tuple[int, int]]) -> None:
    """Put back in ``sheet.rows`` each number of ``cells`` (0-based row, column) as its format shows it, as typed."""
    numbers = {_reference(row, column): (row, column) for row, column in cells if _number(sheet.rows, row, column)}
    if not numbers or sheet.part is None or sheet.styles is None:
        return
    try:
        with zipfile.ZipFile(path) as package:
            with package.open(sheet.styles) as stream:
                formats = _number_styles(stream)
            if not formats:
                return
            with package.open(sheet.part) as stream:
                found = _styled(stream, numbers, set(formats))
    except (OSError, KeyError, ValueError, EOFError, NotImplementedError, zipfile.BadZipFile, XmlRefused) as error:
        log.warning("the number formats of %s could not be read: %s", path.name, error)
        return
    for (row, column), style in found.items():
        text = shown(sheet.rows[row][column], formats[style])
        if text is not None:
            sheet.rows[row][column] = text


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


def _number_styles(stream: IO[bytes]) -> dict[int, str]:
    """The cell styles (their place in ``cellXfs``) that show numbers in a format of their own: its code each."""
    codes: dict[int, str] = dict(BUILT_IN)
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
    shows = {number: code for number, code in codes.items() if shown(1.0, code) is not None}  # not a date's, …
    return {style: shows[number] for style, number in enumerate(formats) if number in shows}


class _AllFound(Exception):
    pass


def _styled(stream: IO[bytes], numbers: dict[str, tuple[int, int]], styles: set[int]) -> dict[tuple[int, int], int]:
    """The cells of ``numbers`` (by reference) whose style is one of ``styles``, with it; read until all are seen."""
    found: dict[tuple[int, int], int] = {}
    seen = [0]

    def start(name: str, attrs: dict[str, str]) -> None:
        cell = numbers.get(attrs.get("r", "")) if _local(name) == "c" else None
        if cell is None:
            return
        style = int(attrs.get("s", "0"))
        if style in styles:
            found[cell] = style
        seen[0] += 1
        if seen[0] == len(numbers):
            raise _AllFound

    with contextlib.suppress(_AllFound):
        parse_xml(stream, start)
    return found
