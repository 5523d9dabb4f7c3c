"""Write a :class:`~.model.Document` as a Word file with python-docx, done properly.

Real styles (Title, Heading 1 to 3, a numbered-paragraph style, Table Grid with table
text styles), A4, the protective marking centred in every page's header and footer with
the page number ("Page 3 of 12", Word fields), table header rows repeated on every page,
and a landscape section where the content asks for one (Appendix B). Control characters
(a bell or form feed kept in an older database) are taken out of every text on the way
in: a Word file cannot hold them.

Accessible as Word's accessibility checker and a screen reader read it: the title and the
language (British English) in the document's properties and styles, every table's heading
row marked as such (a screen reader names each cell's column by it, and Word repeats it on
each page), the sections as headings a reader can move between, and a picture (the dashboard's) with
every figure it shows in its alternative text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from lxml import etree

from hmics_desktop.documents.model import (
    LANGUAGE,
    Cell,
    Document,
    Emphasis,
    Heading,
    Line,
    Paragraph,
    Picture,
    Section,
    Table,
)
from hmics_desktop.domain.control_characters import without_control_characters as text_only

FONT = "Arial"
A4 = (Mm(210), Mm(297))
MARGIN = Mm(20)
HEADER_FILL = "D9D9D9"
NUMBERED = "Numbered Paragraph"
TABLE_TEXT = "Table Text"
TABLE_HEADING = "Table Heading"


def write_docx(document: Document, target: Path) -> None:
    """Write ``document`` to ``target`` (the caller chooses where; written in one save)."""
    word = new_document()
    _styles(word)
    word.core_properties.title = text_only(document.title)
    word.core_properties.subject = text_only(document.marking)
    word.core_properties.language = LANGUAGE
    _language(word)
    for index, section in enumerate(document.sections):
        word_section = word.sections[0] if index == 0 else word.add_section(WD_SECTION.NEW_PAGE)
        _page(word_section, section.landscape)
        if index == 0:
            _marking(word_section, text_only(document.marking))
        _blocks(word, section)
    word.save(str(target))


def _styles(word: WordDocument) -> None:
    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    _east_asian_font(normal)
    for name, size in (("Title", 18), ("Heading 1", 13), ("Heading 2", 12), ("Heading 3", 11)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        _east_asian_font(style)
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    numbered = styles.add_style(NUMBERED, WD_STYLE_TYPE.PARAGRAPH)
    numbered.base_style = normal
    numbered.paragraph_format.left_indent = Mm(12)
    numbered.paragraph_format.first_line_indent = Mm(-12)
    numbered.paragraph_format.tab_stops.add_tab_stop(Mm(12))
    for name, bold in ((TABLE_TEXT, False), (TABLE_HEADING, True)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(10)
        style.font.bold = bold
        style.paragraph_format.space_after = Pt(3)


def _language(word: WordDocument) -> None:
    """British English for every run (the styles' defaults) and for the theme's fonts (the settings)."""
    run_defaults = word.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = _element(run_defaults, "w:lang")
    language.set(qn("w:val"), LANGUAGE)
    theme = word.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LANGUAGE)


def _east_asian_font(style: ParagraphStyle) -> None:
    """python-docx sets the Latin font only; Word also reads the other slots of rFonts."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def _page(section, landscape: bool) -> None:  # type: ignore[no-untyped-def]
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    section.header_distance = section.footer_distance = Mm(10)


def _marking(section, marking: str) -> None:  # type: ignore[no-untyped-def]
    """The protective marking top and bottom of every page; the page number in the footer.

    Later sections are linked to the first one, so the landscape appendix has them too.
    """
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run(marking).bold = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(marking).bold = True
    numbers = section.footer.add_paragraph()
    numbers.alignment = WD_ALIGN_PARAGRAPH.CENTER
    numbers.add_run("Page ")
    _field(numbers, "PAGE", "1")
    numbers.add_run(" of ")
    _field(numbers, "NUMPAGES", "1")


def _field(paragraph, instruction: str, shown: str) -> None:  # type: ignore[no-untyped-def]
    """A Word field (PAGE, NUMPAGES): begin, instruction, separate, the last value shown, end."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", shown), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            run.text = text or ""
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _blocks(word: WordDocument, section: Section) -> None:
    line_width = (Mm(297) if section.landscape else Mm(210)) - 2 * MARGIN
    for block in section.blocks:
        if isinstance(block, Heading):
            word.add_paragraph(text_only(block.text), style="Title" if block.level == 0 else f"Heading {block.level}")
        elif isinstance(block, Paragraph):
            _paragraph(word, block)
        elif isinstance(block, Table):
            _table(word, block, line_width)
            word.add_paragraph()  # a table followed directly by another would merge with it
        elif isinstance(block, Picture):
            _picture(word, block)


def _picture(word: WordDocument, block: Picture) -> None:
    """The picture, centred, with its figures in words as its alternative text (and its title)."""
    if block.png is None:
        raise ValueError(f"the picture “{block.title}” was not drawn before the paper was written")
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shape = paragraph.add_run().add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
    shape._inline.docPr.set("descr", text_only(block.alt))
    shape._inline.docPr.set("title", text_only(block.title))


def _paragraph(word: WordDocument, block: Paragraph) -> None:
    if block.number:
        paragraph = word.add_paragraph(style=NUMBERED)
        paragraph.add_run(f"{text_only(block.number)}\t")
    else:
        paragraph = word.add_paragraph()
    run = paragraph.add_run(text_only(block.text))
    run.bold = block.emphasis is Emphasis.BOLD
    run.italic = block.emphasis is Emphasis.ITALIC


def _table(word: WordDocument, block: Table, line_width: int) -> None:
    """Write the table, its rows built as XML directly.

    python-docx's cell access is quadratic in the rows, and a paper over a hundred
    inspections has thousands of them.
    """
    table = word.add_table(rows=0, cols=len(block.widths))
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [int(line_width * fraction) for fraction in block.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    twips = [str(int(width / 635)) for width in widths]  # EMU to twentieths of a point
    text_style, heading_style = word.styles[TABLE_TEXT].style_id, word.styles[TABLE_HEADING].style_id
    if block.headers:
        header = _row(table._tbl, repeat=True, split=False)  # whole on a page: never its text above, blank below
        for index, text in enumerate(block.headers):
            _cell(header, Cell.of(text), heading_style, twips[index], index in block.numeric, heading=True)
    open_merges: dict[int, int] = {}  # column → rows still covered by a cell above
    for row in block.rows:
        tr = _row(table._tbl, repeat=False, split=_long(row))
        for index, content in enumerate(row):
            style = heading_style if block.labels and index == 0 else text_style
            merge = None
            if content is None and open_merges.get(index, 0) > 0:
                merge, open_merges[index] = "continue", open_merges[index] - 1
            elif content is not None and content.down > 1:
                merge, open_merges[index] = "restart", content.down - 1
            _cell(tr, content or Cell(), style, twips[index], index in block.numeric, merge=merge)


def _element(parent: Any, tag: str, **attributes: str) -> Any:
    element = etree.SubElement(parent, qn(tag))
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _row(tbl: Any, *, repeat: bool, split: bool) -> Any:
    """A row; w:tblHeader repeats it at the top of every page (Word and LibreOffice)."""
    tr = _element(tbl, "w:tr")
    if repeat or not split:
        properties = _element(tr, "w:trPr")
        if not split:
            _element(properties, "w:cantSplit")
        if repeat:
            _element(properties, "w:tblHeader")
    return tr


def _long(row: Sequence[Cell | None]) -> bool:
    """Short rows stay whole on one page; long ones (a full position) may break across pages."""
    return sum(len(line.text) for cell in row if cell for line in cell.lines) >= 600


def _cell(tr: Any, content: Cell, style: str, width: str, centred: bool, *, heading: bool = False,
          merge: str | None = None) -> None:  # fmt: skip
    tc = _element(tr, "w:tc")
    properties = _element(tc, "w:tcPr")
    _element(properties, "w:tcW", w=width, type="dxa")
    if merge == "restart":
        _element(properties, "w:vMerge", val="restart")
    elif merge == "continue":
        _element(properties, "w:vMerge")
    if heading:  # shaded, and kept with the first row under it: never alone at a page's foot
        _element(properties, "w:shd", val="clear", color="auto", fill=HEADER_FILL)
    lines: list[Line | None] = [*content.lines] or [None]
    for line in lines:
        paragraph = _element(tc, "w:p")
        paragraph_properties = _element(paragraph, "w:pPr")
        _element(paragraph_properties, "w:pStyle", val=style)
        if heading:
            _element(paragraph_properties, "w:keepNext")
        if centred:
            _element(paragraph_properties, "w:jc", val="center")
        if line is None:
            continue
        run = _element(paragraph, "w:r")
        if line.emphasis is not Emphasis.PLAIN:
            _element(_element(run, "w:rPr"), "w:b" if line.emphasis is Emphasis.BOLD else "w:i")
        text = _element(run, "w:t")
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        text.text = text_only(line.text)
