"""Write a :class:`~.model.Document` as HTML that Qt's rich text understands.

The application shows it in the preview and prints it to PDF with Qt's own writer, so
it keeps to what ``QTextDocument`` reads: headings as ``h1``–``h4`` (the PDF's bookmarks are
made from them), tables with ``thead`` (repeated on every page), widths in per cent, inline
styles. One HTML text per section, because the PDF writer turns the page for the landscape
appendix.

Two habits of Qt's page layout are kept away from: a body cell with a background, broken
across a page, paints that background over the heading row repeated above it (so body cells
have none, and the grid is drawn with collapsed borders); and a table's bottom margin that
runs onto the next page repeats the heading row there, over nothing (so a table has no
margin, and a small empty paragraph follows it).
"""

from __future__ import annotations

import html

from hmics_desktop.documents.model import Cell, Document, Emphasis, Heading, Line, Paragraph, Section, Table
from hmics_desktop.domain.control_characters import without_control_characters

_SIZES = {0: 18, 1: 13, 2: 12, 3: 11}
_STYLE = "font-family: Arial, 'Liberation Sans', sans-serif; font-size: 10.5pt;"
PRINTED_GRID = "#000000"  # the tables' lines on paper
SHOWN_GRID = "#808080"  # and in the preview: 3:1 against a white or a black background (high contrast)


def escape(text: str) -> str:
    """Text for HTML, without the control characters an older database may hold."""
    return html.escape(without_control_characters(text))


def section_html(section: Section, grid: str = PRINTED_GRID) -> str:
    """One section as a complete HTML text."""
    parts = [f'<html><body style="{_STYLE}">']
    for block in section.blocks:
        if isinstance(block, Heading):
            size = _SIZES.get(block.level, 11)
            tag = f"h{min(block.level, 3) + 1}"  # the title h1, a section h2, …: levels a reader can move by
            parts.append(
                f'<{tag} style="font-size: {size}pt; font-weight: bold; margin-top: 10px; margin-bottom: 6px;">'
                f"{escape(block.text)}</{tag}>"
            )
        elif isinstance(block, Paragraph):
            parts.append(_paragraph(block))
        elif isinstance(block, Table):
            parts.append(_table(block, grid))
    parts.append("</body></html>")
    return "".join(parts)


def preview_html(document: Document) -> str:
    """The whole paper in one text, sections separated by a rule (for the preview on screen)."""
    bodies = []
    for section in document.sections:
        body = section_html(section, SHOWN_GRID)
        bodies.append(body[body.index(">", body.index("<body")) + 1 : body.rindex("</body>")])
    marking = f'<p align="center" style="font-weight: bold;">{escape(document.marking)}</p>'
    return f'<html><body style="{_STYLE}">{marking}{"<hr/>".join(bodies)}{marking}</body></html>'


def _runs(text: str, emphasis: Emphasis) -> str:
    escaped = escape(text)
    if emphasis is Emphasis.BOLD:
        return f"<b>{escaped}</b>"
    if emphasis is Emphasis.ITALIC:
        return f"<i>{escaped}</i>"
    return escaped


def _paragraph(block: Paragraph) -> str:
    text = _runs(block.text, block.emphasis)
    if block.number:
        return (
            '<table cellspacing="0" cellpadding="0" style="margin-bottom: 6px;"><tr>'
            f'<td width="44">{escape(block.number)}</td><td>{text}</td></tr></table>'
        )
    return f'<p style="margin-bottom: 6px;">{text}</p>'


def _cell(cell: Cell, tag: str, width: float, centred: bool) -> str:
    align = ' align="center"' if centred else ""
    # the heading row is shaded, and its words black on the shade whatever the screen's colours
    shade = ' bgcolor="#d9d9d9" style="color: #000000;"' if tag == "th" else ""
    lines = "".join(
        f'<p style="margin-top: 0; margin-bottom: 3px;">{_runs(line.text, line.emphasis)}</p>' for line in cell.lines
    )
    span = f' rowspan="{cell.down}"' if cell.down > 1 else ""
    return f'<{tag} width="{round(width * 100)}%"{span}{align}{shade} valign="top">{lines}</{tag}>'


def _table(block: Table, grid: str) -> str:
    parts = [
        f'<table width="100%" border="1" cellspacing="0" cellpadding="4" style="font-size: 9.5pt; margin: 0; '
        f'border-collapse: collapse; border-style: solid; border-color: {grid};">'
    ]
    cells = "".join(
        _cell(Cell.of(header, Emphasis.BOLD), "th", width, index in block.numeric)
        for index, (header, width) in enumerate(zip(block.headers, block.widths, strict=True))
    )
    parts.append(f"<thead><tr>{cells}</tr></thead><tbody>")
    for row in block.rows:
        cells = "".join(
            _cell(
                Cell([Line(line.text, Emphasis.BOLD) for line in cell.lines]) if block.labels and i == 0 else cell,
                "td",
                block.widths[i],
                i in block.numeric,
            )
            for i, cell in enumerate(row)
            if cell is not None
        )
        parts.append(f"<tr>{cells}</tr>")
    parts.append('</tbody></table><p style="margin: 0; font-size: 6pt;">&nbsp;</p>')
    return "".join(parts)
