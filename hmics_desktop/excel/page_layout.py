"""Where the pages of a printed plan break: recommendation blocks kept whole on a page.

The sheets print on A4 landscape, fit to one page wide, so a page holds as many points
of rows as its printable height divided by the scale that fits the columns to its width,
less the title rows repeated on every page. The scale is Excel's (a whole percentage,
rounded down, of columns as wide as Excel draws them); LibreOffice draws columns a
little wider and so prints at a smaller scale, with room to spare at the page's foot.

A recommendation block that fits on the rest of the page stays there; one that fits on a
page starts a new one; one taller than a page is split between its actions, and every
part after the first is headed "Recommendation N (continued)". An action taller than a
page starts one and flows over the next in rows of half a page, two to a page, with a
manual break between each pair (spreadsheets break pages only between rows).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from hmics_desktop.excel.row_heights import POINTS_PER_PIXEL, column_points, whole_pixels

A4_LANDSCAPE = (841.89, 595.28)  # points
INCH = 72.0
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.7, "bottom": 0.7, "header": 0.3, "footer": 0.3}  # inches
SAFETY_POINTS = 6.0  # printers differ: a page is planned this much shorter than it is


def set_up_printing(sheet: Worksheet, margins: dict[str, float], title_rows: str, heading: str, marking: str) -> None:
    """A4 landscape, one page wide, ``title_rows`` on every page, ``heading`` above, the marking and page below."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(**margins)
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = title_rows
    for header in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):
        header.center.text = heading
    for footer in (sheet.oddFooter, sheet.evenFooter, sheet.firstFooter):
        footer.center.text = marking.replace("&", "&&")
        footer.right.text = "Page &P of &N"


def fit_to_width_scale(column_widths: Sequence[float], margins: dict[str, float] = MARGINS) -> float:
    """The scale that fits the columns to the page's width: Excel's whole percent, at most 100 %."""
    printable = A4_LANDSCAPE[0] - (margins["left"] + margins["right"]) * INCH
    columns = sum(column_points(width) for width in column_widths)
    return min(math.floor(100 * printable / columns), 100) / 100


def page_body_points(column_widths: Sequence[float], title_points: float, margins: dict[str, float] = MARGINS) -> float:
    """How many points of rows (at 100 %) a page holds below the repeated title rows."""
    printable = A4_LANDSCAPE[1] - (margins["top"] + margins["bottom"]) * INCH
    return printable / fit_to_width_scale(column_widths, margins) - title_points - SAFETY_POINTS


def flowing_rows(height: float, page: float) -> list[float]:
    """The rows an action taller than a page is spread over: half pages, then what is left."""
    half = math.floor(page / 2 / POINTS_PER_PIXEL) * POINTS_PER_PIXEL
    full, rest = divmod(height, half)
    return [half] * int(full) + ([whole_pixels(rest)] if rest > 0 else [])


def _room_after(room: float, height: float, page: float) -> float:
    if height <= room:
        return room - height
    rows = flowing_rows(height, page)
    return page - sum(rows[len(rows) - (len(rows) - 1) % 2 - 1 :])  # its last page holds one row or two


@dataclass(frozen=True)
class Block:
    """A recommendation as the page sees it: what its heading cell needs, and its actions' heights."""

    heading: float  # the recommendation cell with its text
    continued_heading: float  # the cell that says "Recommendation N (continued)"
    actions: Sequence[float]  # one height per action (a recommendation without actions has one)


@dataclass(frozen=True)
class Part:
    """Actions ``first``…``end - 1`` of a block, printed together; ``continued`` after the first part."""

    first: int
    end: int
    continued: bool
    new_page: bool  # a manual page break comes before it


def _height(block: Block, first: int, end: int, continued: bool) -> float:
    heading = block.continued_heading if continued else block.heading
    return max(sum(block.actions[first:end]), heading)


def lay_out(blocks: Sequence[Block], page: float) -> list[list[Part]]:
    """The parts of each block, and which of them start a new page, for pages ``page`` points tall."""
    room = page
    laid_out: list[list[Part]] = []
    for block in blocks:
        count = len(block.actions)
        whole = _height(block, 0, count, False)
        if whole <= room or whole <= page:
            new_page = whole > room
            room = (page if new_page else room) - whole
            laid_out.append([Part(0, count, False, new_page)])
            continue
        parts: list[Part] = []
        first = 0
        while first < count:
            continued = bool(parts)
            new_page = False
            if _height(block, first, first + 1, continued) > room and room < page:
                new_page, room = True, page
            end = first + 1
            while end < count and _height(block, first, end + 1, continued) <= room:
                end += 1
            parts.append(Part(first, end, continued, new_page))
            room = _room_after(room, _height(block, first, end, continued), page)
            first = end
        laid_out.append(parts)
    return laid_out
