"""Rich text in a cell (bold headings, italic links), as ``text_rows`` writes it.

A 5,000-action template has some 12,000 runs in three fonts: each font's ``<rPr>`` is made
by openpyxl once and written before each of its runs, which gives the XML openpyxl gives
(``test_text_rows`` compares them).
"""

from __future__ import annotations

from functools import cache

from openpyxl.cell.text import InlineFont
from openpyxl.xml.functions import tostring

from hmics_desktop.excel.font_metrics import FONT_NAME, FontStyle
from hmics_desktop.excel.text_rows import RichRuns

FONTS = {
    FontStyle.REGULAR: InlineFont(rFont=FONT_NAME, sz=10),
    FontStyle.BOLD: InlineFont(rFont=FONT_NAME, sz=10, b=True),
    FontStyle.ITALIC: InlineFont(rFont=FONT_NAME, sz=10, i=True),
}


@cache
def run_properties(style: FontStyle) -> str:
    """The ``<rPr>`` of a run in ``style``, as openpyxl writes it."""
    return str(tostring(FONTS[style].to_tree(tagname="rPr")).decode())


def styled_text(runs: list[tuple[str, FontStyle]]) -> str | RichRuns:
    """A cell's value: plain text when it is all regular, rich text otherwise.

    A run of only a line break goes with the run after it: alone, readers drop it.
    """
    if len(runs) == 1 and runs[0][1] is FontStyle.REGULAR:  # most cells
        return runs[0][0]
    if all(style is FontStyle.REGULAR for _text, style in runs):
        return "".join(text for text, _style in runs)
    blocks: list[tuple[str, str]] = []
    pending = ""
    for text, style in runs:
        if not text.strip():
            pending += text
            continue
        blocks.append((run_properties(style), pending + text))
        pending = ""
    return tuple(blocks)
