"""How an exported sheet prints: A4 landscape, one page wide, its heading rows on every page, and how tall a page is.

The sheets print fitted to one page wide, so a page holds as many points of rows as its
printable height divided by the scale that fits the columns to its width, less the title
rows repeated on every page. The scale planned for is Excel's (a whole percentage, rounded
down, of columns as wide as Excel draws them), the largest any printer uses: LibreOffice
draws columns wider (5.57 pt a unit with Liberation Sans, more with a wider fallback font)
and so prints smaller, with room to spare at the foot of each page but never a page break
where none was planned.

Each page's header names the inspection and the "as at" date, since a page apart from
the sheet says nothing else of where it comes from; the footer has the protective marking
and "Page N of M".
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from hmics_desktop.domain.control_characters import without_control_characters
from hmics_desktop.domain.words import shortened
from hmics_desktop.excel.cell_text import NOT_STORABLE
from hmics_desktop.excel.row_heights import column_points

A4_LANDSCAPE = (841.89, 595.28)  # points
INCH = 72.0
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.7, "bottom": 0.7, "header": 0.3, "footer": 0.3}  # inches
SAFETY_POINTS = 6.0  # printers differ: a page is planned this much shorter than it is
HEADER_CHARACTERS = 200  # Excel refuses a header over 255 characters, its codes included


def header_text(text: str) -> str:
    """Text for a page header or footer: one line, not too long, all of it XML can hold, its ampersands doubled."""
    return shortened(NOT_STORABLE.sub("", without_control_characters(text)), HEADER_CHARACTERS).replace("&", "&&")


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
        header.center.text = header_text(heading)
    for footer in (sheet.oddFooter, sheet.evenFooter, sheet.firstFooter):
        footer.center.text = header_text(marking)
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
