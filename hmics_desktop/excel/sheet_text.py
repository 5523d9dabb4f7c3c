"""A sheet's cells as the parser reads them: each cell's text worked out once, merged cells filled down.

Every test the parser makes of a row (is it empty, a banner, the header again, what does
each column say) looks at its cells' text; the text of each cell is found once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.excel.grid import Sheet


def cell_text(value: Any) -> str:
    """A cell as text: lines kept, trailing spaces and Windows line ends gone."""
    if value is None:
        return ""
    if type(value) is str and "\r" not in value and _lines_end_clean(value):
        return value.strip()  # the same result, without splitting the lines (most cells are like this)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return PlanDate.parse(value).british()  # type: ignore[union-attr]
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _lines_end_clean(text: str) -> bool:
    """Whether no line of ``text`` ends in spaces (then stripping the whole text is enough)."""
    at = text.find("\n")
    while at != -1:
        if at > 0 and text[at - 1] != "\n" and text[at - 1].isspace():
            return False
        at = text.find("\n", at + 1)
    return True


@dataclass
class TextGrid:
    """A sheet's rows, a cell merged down copied into each row it covers, with each cell's text."""

    values: list[list[Any]]
    texts: list[list[str]]  # ``cell_text`` of each value
    repeats: set[int]  # rows that hold nothing of their own


def text_grid(sheet: Sheet) -> TextGrid:
    """Copy the value of a cell merged down over several rows into each of those rows, and read every cell's text.

    The rows that hold nothing of their own are those whose every cell with a value is part of a
    cell merged from a row above (a tall cell spread over rows to print across pages).
    """
    values = [list(row) for row in sheet.rows]
    texts = [[cell_text(v) for v in row] for row in sheet.rows]
    filled: dict[int, set[int]] = {}
    for (top, left), (bottom, _right) in sheet.merged:
        if bottom <= top or top >= len(values) or left >= len(values[top]):
            continue
        for r in range(top + 1, min(bottom, len(values) - 1) + 1):
            if left < len(values[r]):
                values[r][left] = values[top][left]
                texts[r][left] = texts[top][left]
                filled.setdefault(r, set()).add(left)
    repeats = {r for r, columns in filled.items() if all(c in columns for c, t in enumerate(texts[r]) if t)}
    return TextGrid(values, texts, repeats)
