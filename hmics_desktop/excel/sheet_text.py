"""A sheet's cells as the parser reads them: each cell's text worked out once, merged cells filled down.

Every test the parser makes of a row (is it empty, a banner, the header again, what does
each column say) looks at its cells' text; the text of each cell is found once, here. Control
characters (a bell, a form feed) are taken out of every cell here, whatever the file's
format, and the cells they were in are listed for the warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hmics_desktop.domain.control_characters import CONTROL_CHARACTERS, control_characters_named
from hmics_desktop.domain.dates import DateError, PlanDate
from hmics_desktop.excel.grid import Sheet

# A line that ends in a space (or a tab…); the line break comes first so that a search goes from one to the next.
_SPACE_AT_LINE_END = re.compile(r"\n(?<=[^\S\n]\n)")


def cell_text(value: Any) -> str:
    """A cell as text: lines kept, trailing spaces and Windows line ends gone."""
    if value is None:
        return ""
    if type(value) is str:
        if "\r" not in value and not _SPACE_AT_LINE_END.search(value):
            return value.strip()  # the same result, without splitting the lines (most cells are like this)
    elif isinstance(value, datetime | date):
        try:
            return PlanDate.parse(value).british()  # type: ignore[union-attr]
        except DateError:  # a year no plan has (1850): the date column's warning names it
            return f"{value:%Y-%m-%d}"
    elif isinstance(value, int | float):  # one line, no spaces; 3.0 as "3"
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


@dataclass
class TextGrid:
    """A sheet's rows, a cell merged down copied into each row it covers, with each cell's text."""

    values: list[list[Any]]
    texts: list[list[str]]  # ``cell_text`` of each value
    repeats: set[int]  # rows that hold nothing of their own
    cleaned: dict[tuple[int, int], list[str]]  # (row, column) → the control characters taken out of the cell


def text_grid(sheet: Sheet) -> TextGrid:
    """Copy the value of a cell merged down over several rows into each of those rows, and read every cell's text.

    The rows that hold nothing of their own are those whose every cell with a value is part of a
    cell merged from a row above (a tall cell spread over rows to print across pages).
    """
    values = [list(row) for row in sheet.rows]
    cleaned = _clean(values)
    texts = [[cell_text(v) for v in row] for row in values]
    filled: dict[int, list[int]] = {}
    for (top, left), (bottom, _right) in sheet.merged:
        if bottom <= top or top >= len(values) or left >= len(values[top]):
            continue
        for r in range(top + 1, min(bottom, len(values) - 1) + 1):
            if left < len(values[r]):
                values[r][left] = values[top][left]
                texts[r][left] = texts[top][left]
                filled.setdefault(r, []).append(left)
    repeats = {r for r, columns in filled.items() if not any(_without(texts[r], columns))}
    return TextGrid(values, texts, repeats, cleaned)


def _clean(values: list[list[Any]]) -> dict[tuple[int, int], list[str]]:
    """Take the control characters out of the text cells of ``values`` (in place); the cells they were in."""
    cleaned: dict[tuple[int, int], list[str]] = {}
    search = CONTROL_CHARACTERS.search
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if type(value) is str and search(value):
                cleaned[(r, c)] = control_characters_named(value)
                row[c] = CONTROL_CHARACTERS.sub("", value)
    return cleaned


def _without(texts: list[str], columns: list[int]) -> list[str]:
    """A row's texts with those of ``columns`` emptied."""
    own = list(texts)
    for column in columns:
        own[column] = ""
    return own
