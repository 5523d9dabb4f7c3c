"""Estimate how tall a row must be so that every line of its text shows on paper.

Excel does not fit rows that hold merged cells, so the export sets every height itself.
The text is wrapped the way a spreadsheet does — at spaces, a word longer than the line
broken where it overflows — with Arial's own advance widths (``font_metrics``), run by
run, so bold headings and italic links count at their real width.

The width a cell offers is Excel's: a column ``w`` units wide is
``trunc((256·w + trunc(128/7)) / 256 · 7)`` pixels at 96 dpi (7 px being the widest digit
of Arial 10, the workbook's default font), less 5 px of cell margins and grid line.
LibreOffice gives the same column a little more room (it counts 5.56 pt per unit, the
digit's exact width), so text that fits Excel fits there too. Lines are 17 px (12.75 pt)
apart, Excel's row height for one line of Arial 10; LibreOffice sets them 11.2 pt apart,
so the estimate is generous there by about 1.5 pt a line. Heights are whole pixels,
because Excel rounds a row's height to them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from hmics_desktop.excel.font_metrics import FontMetrics, FontStyle, arial

FONT_POINTS = 10.0
DIGIT_PIXELS = 7  # Excel's maximum digit width for Arial 10 at 96 dpi
CELL_MARGIN_PIXELS = 5  # left and right margins and the grid line
POINTS_PER_PIXEL = 0.75
LINE_POINTS = 12.75  # Excel's height for one line of Arial 10: 17 px
PADDING_POINTS = 3.0  # above the first line and below the last
MIN_ROW_POINTS = 15.0
MAX_ROW_POINTS = 409.0  # Excel's limit for one row

Run = tuple[str, FontStyle]  # a piece of a cell's text and the style it is drawn in
Piece = tuple[str, FontMetrics]  # the same with the style's widths


def column_pixels(width: float) -> int:
    """The width of a column of ``width`` units on screen at 96 dpi, as Excel draws it."""
    return math.trunc((256 * width + math.trunc(128 / DIGIT_PIXELS)) / 256 * DIGIT_PIXELS)


def column_points(width: float) -> float:
    return column_pixels(width) * POINTS_PER_PIXEL


def text_points(width: float) -> float:
    """The room a cell of a column ``width`` units wide offers its text, in points."""
    return (column_pixels(width) - CELL_MARGIN_PIXELS) * POINTS_PER_PIXEL


def _paragraphs(runs: Iterable[Run]) -> list[list[Piece]]:
    """The text's paragraphs (split at line breaks), each a list of pieces in their font."""
    paragraphs: list[list[Piece]] = [[]]
    for text, style in runs:
        metrics = arial(style)
        for index, piece in enumerate(text.split("\n")):
            if index:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append((piece, metrics))
    return paragraphs


Word = tuple[float, float, tuple[Piece, ...]]  # the width of the space before it, its own, its pieces


def _words(pieces: list[Piece]) -> list[Word]:
    """Each word of a paragraph: the width of the space before it, its width, and its pieces."""
    words: list[Word] = []
    space, total = 0.0, 0.0
    parts: tuple[Piece, ...] = ()
    for text, metrics in pieces:
        for index, part in enumerate(text.split(" ")):
            if index:
                words.append((space, total, parts))
                space, total, parts = metrics.width(" "), 0.0, ()
            if part:
                total += metrics.width(part)
                parts += ((part, metrics),)
    words.append((space, total, parts))
    return words


def _paragraph_lines(pieces: list[Piece], room: float) -> int:
    """How many lines one paragraph takes in ``room`` ems (a line break never falls inside a word)."""
    if len(pieces) == 1:
        return _lines_in_one_style(*pieces[0], room)
    lines, line = 1, 0.0
    for space, width, parts in _words(pieces):
        end = line + space + width
        if end <= room or not parts:
            line = min(end, room)  # spaces at the end of a line hang past it
            continue
        if line > 0:
            lines, line = lines + 1, 0.0
        if width <= room:
            line = width
            continue
        for part, metrics in parts:
            lines, line = _broken_word(part, metrics, room, lines, line)
    return lines


def _lines_in_one_style(text: str, metrics: FontMetrics, room: float) -> int:
    """:func:`_paragraph_lines` for a paragraph in one style, as most are, word by word without the pieces."""
    width, measured = metrics.width, metrics.words.get  # the widths of words met before, looked up here
    space = width(" ")
    lines, line, before = 1, 0.0, 0.0  # the first word has no space before it
    for word in text.split(" "):
        advance = measured(word)
        if advance is None:
            advance = width(word)
        end = line + before + advance
        before = space
        if end <= room or not word:
            line = end if end < room else room  # spaces at the end of a line hang past it
            continue
        if line > 0:
            lines, line = lines + 1, 0.0
        if advance <= room:
            line = advance
            continue
        lines, line = _broken_word(word, metrics, room, lines, line)
    return lines


def _broken_word(part: str, metrics: FontMetrics, room: float, lines: int, line: float) -> tuple[int, float]:
    """A word longer than a line, broken where it overflows: the lines so far and how full the last is."""
    for character in part:
        advance = metrics.width(character)
        if line + advance > room and line > 0:
            lines, line = lines + 1, 0.0
        line += advance
    return lines, line


def wrapped_lines(runs: Sequence[Run], column_width: float) -> int:
    """How many lines the text takes in a column ``column_width`` units wide."""
    room = text_points(column_width) / FONT_POINTS
    if len(runs) == 1:  # one style, as most cells are
        text, style = runs[0]
        metrics = arial(style)
        return sum(_lines_in_one_style(paragraph, metrics, room) for paragraph in text.split("\n"))
    return sum(_paragraph_lines(pieces, room) for pieces in _paragraphs(runs))


def plain(text: str) -> list[Run]:
    return [(text, FontStyle.REGULAR)] if text else []


def whole_pixels(points: float) -> float:
    """``points`` rounded up to whole pixels, as Excel draws a row."""
    return math.ceil(round(points / POINTS_PER_PIXEL, 6)) * POINTS_PER_PIXEL


def height_for_lines(lines: int) -> float:
    return whole_pixels(max(lines * LINE_POINTS + PADDING_POINTS, MIN_ROW_POINTS))


def cell_height(runs: Sequence[Run], column_width: float) -> float:
    """The height a cell needs to show every line of its text."""
    return height_for_lines(wrapped_lines(runs, column_width)) if runs else MIN_ROW_POINTS


def row_split(height: float) -> list[float]:
    """The heights of the rows a text this tall is spread over, each whole pixels, at most 409 pt."""
    count = max(math.ceil(height / MAX_ROW_POINTS), 1)
    each = whole_pixels(height / count)
    if each > MAX_ROW_POINTS:  # rounding up went past the limit: one more row
        count += 1
        each = whole_pixels(height / count)
    return [each] * count
