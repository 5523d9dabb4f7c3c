"""How wide a piece of text is in Arial, from the widths shipped in ``resources/fonts``.

The table (made by ``build/font_widths.py`` from Liberation Sans, which has Arial's
metrics) gives each character's advance width in the regular, bold, italic and bold
italic styles. A character the font does not have is reckoned as wide as an em, wider
than any Latin letter, since the fallback font that draws it is unknown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils.indexed_list import IndexedList

from hmics_desktop.paths import resources_folder

WIDTHS_FILE = "fonts/arial_widths.json"
FONT_NAME = "Arial"
WORDS_REMEMBERED = 50_000  # a plan's vocabulary, several times over


class FontStyle(StrEnum):
    REGULAR = "regular"
    BOLD = "bold"
    ITALIC = "italic"
    BOLD_ITALIC = "bold_italic"

    @classmethod
    def of(cls, bold: bool, italic: bool) -> FontStyle:
        return [[cls.REGULAR, cls.ITALIC], [cls.BOLD, cls.BOLD_ITALIC]][bold][italic]


@dataclass(frozen=True)
class FontMetrics:
    """One style's advance widths, in ems (a 10 pt font's em is 10 pt)."""

    widths: dict[str, float]
    unknown: float  # the width of a character the font lacks
    words: dict[str, float] = field(default_factory=dict, compare=False, repr=False)  # widths measured before

    def width(self, text: str) -> float:
        """The advance width of ``text`` in ems."""
        known = self.words.get(text)
        if known is None:
            get, unknown = self.widths.get, self.unknown
            known = sum([get(c, unknown) for c in text])
            if len(self.words) < WORDS_REMEMBERED:
                self.words[text] = known
        return known


@dataclass(frozen=True)
class LineMetrics:
    """The font's vertical metrics, in ems: what one line of text takes."""

    ascent: float
    descent: float
    line_gap: float

    @property
    def height(self) -> float:
        return self.ascent + self.descent


@cache
def _table() -> dict:
    return json.loads((resources_folder() / WIDTHS_FILE).read_text(encoding="utf-8"))


@cache
def arial(style: FontStyle = FontStyle.REGULAR) -> FontMetrics:
    table = _table()
    em = float(table["units_per_em"])
    widths = {
        chr(code): width / em for first, last, width in table["styles"][style.value] for code in range(first, last + 1)
    }
    return FontMetrics(widths, unknown=1.0)


@cache
def arial_lines() -> LineMetrics:
    table = _table()
    em = float(table["units_per_em"])
    vertical = table["vertical"]
    return LineMetrics(vertical["win_ascent"] / em, vertical["win_descent"] / em, vertical["line_gap"] / em)


def make_arial_the_default(workbook: Workbook) -> None:
    """Make Arial 10 the workbook's default font, before any cell is styled.

    A column's width is counted in digits of the default font: Excel and LibreOffice
    alike then size columns from Arial's digit, the width the row heights assume, instead
    of from Calibri's or from whatever a machine without Calibri puts in its place.
    """
    font = Font(name=FONT_NAME, size=10, family=2)
    workbook._fonts = IndexedList([font, *workbook._fonts[1:]])
    workbook._named_styles["Normal"].font = font
