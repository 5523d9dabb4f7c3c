"""Rich text in a cell (bold headings, italic links), written quickly.

openpyxl writes each run's font by walking its descriptors, once per run: a 5,000-action
template has some 12,000 runs in three fonts. Here each font's ``<rPr>`` is made once and
copied into each run, which gives the same XML (``test_export``'s read-back checks it).
"""

from __future__ import annotations

from copy import copy
from functools import cache

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.xml.functions import Element, SubElement, whitespace

from hmics_desktop.excel.font_metrics import FONT_NAME, FontStyle

FONTS = {
    FontStyle.REGULAR: InlineFont(rFont=FONT_NAME, sz=10),
    FontStyle.BOLD: InlineFont(rFont=FONT_NAME, sz=10, b=True),
    FontStyle.ITALIC: InlineFont(rFont=FONT_NAME, sz=10, i=True),
}


@cache
def _run_properties(style: FontStyle) -> object:
    return FONTS[style].to_tree(tagname="rPr")


class StyledText(CellRichText):
    """A cell's runs, each a :class:`StyledRun`; its XML as openpyxl's, each font made once."""

    def to_tree(self) -> object:
        container = Element("is")
        for run in self:
            element = SubElement(container, "r")
            element.append(copy(_run_properties(run.style)))
            text = SubElement(element, "t")
            text.text = run.text
            whitespace(text)
        return container


class StyledRun(TextBlock):
    """A run of text in one of the template's three fonts."""

    def __init__(self, style: FontStyle, text: str) -> None:
        super().__init__(FONTS[style], text)
        self.style = style


def styled_text(runs: list[tuple[str, FontStyle]]) -> object:
    """A cell's value: plain text when it is all regular, rich text otherwise.

    A run of only a line break goes with the run after it: alone, readers drop it.
    """
    if len(runs) == 1 and runs[0][1] is FontStyle.REGULAR:  # most cells
        return runs[0][0]
    if all(style is FontStyle.REGULAR for _text, style in runs):
        return "".join(text for text, _style in runs)
    blocks: list[StyledRun] = []
    pending = ""
    for text, style in runs:
        if not text.strip():
            pending += text
            continue
        blocks.append(StyledRun(style, pending + text))
        pending = ""
    return StyledText(blocks)
