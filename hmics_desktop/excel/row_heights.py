"""Estimate how tall a row must be so that every line of its text shows on paper.

Excel does not fit rows that hold merged cells, so the export sets every height itself.
The estimate wraps words the way a spreadsheet does, at a character count deliberately
on the small side for the column's width, so that a wider fallback font (LibreOffice
without Arial) still fits.
"""

from __future__ import annotations

import math

CHARS_PER_WIDTH_UNIT = (
    1.2  # characters of 10 pt text per unit of column width: LibreOffice with a wide fallback font fits ~1.38
)
POINTS_PER_LINE = 12.0  # 10 pt text with its leading, rounded up
PADDING_POINTS = 5.0
MAX_ROW_POINTS = 409.0  # Excel's limit for one row


def wrapped_lines(text: str, column_width: float) -> int:
    """How many lines ``text`` takes in a column ``column_width`` units wide."""
    per_line = max(int(column_width * CHARS_PER_WIDTH_UNIT), 8)
    lines = 0
    for paragraph in text.split("\n"):
        length = 0
        paragraph_lines = 1
        for word in paragraph.split(" "):
            needed = len(word) if length == 0 else length + 1 + len(word)
            if needed <= per_line:
                length = needed
                continue
            if length:  # the word goes to a new line
                paragraph_lines += 1
            paragraph_lines += max(math.ceil(len(word) / per_line) - 1, 0)  # a word longer than a line
            length = len(word) % per_line or min(len(word), per_line)
        lines += paragraph_lines
    return max(lines, 1)


def height_for_lines(lines: int) -> float:
    return lines * POINTS_PER_LINE + PADDING_POINTS


def rows_needed(height: float) -> int:
    """How many rows a text this tall must be spread over (one row holds at most 409 pt)."""
    return max(math.ceil(height / MAX_ROW_POINTS), 1)
