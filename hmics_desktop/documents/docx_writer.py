"""Write a :class:`~.model.Document` as a Word file with python-docx, done properly.

Real styles (Title, Heading 1 and 2, a numbered-paragraph style, Table Grid with table
text styles), A4, the protective marking centred in every page's header and footer with
the page number ("Page 3 of 12", Word fields), table header rows repeated on every page,
and a landscape section where the content asks for one (Appendix B).
"""

from __future__ import annotations

from pathlib import Path

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

from hmics_desktop.documents.model import Cell, Document, Emphasis, Heading, Paragraph, Section, Table

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
    word.core_properties.title = document.title
    word.core_properties.subject = document.marking
    for index, section in enumerate(document.sections):
        word_section = word.sections[0] if index == 0 else word.add_section(WD_SECTION.NEW_PAGE)
        _page(word_section, section.landscape)
        if index == 0:
            _marking(word_section, document.marking)
        _blocks(word, section)
    word.save(str(target))


def _styles(word: WordDocument) -> None:
    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    _east_asian_font(normal)
    for name, size in (("Title", 18), ("Heading 1", 13), ("Heading 2", 12)):
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
            word.add_paragraph(block.text, style="Title" if block.level == 0 else f"Heading {block.level}")
        elif isinstance(block, Paragraph):
            _paragraph(word, block)
        elif isinstance(block, Table):
            _table(word, block, line_width)
            word.add_paragraph()  # a table followed directly by another would merge with it


def _paragraph(word: WordDocument, block: Paragraph) -> None:
    if block.number:
        paragraph = word.add_paragraph(style=NUMBERED)
        paragraph.add_run(f"{block.number}\t")
    else:
        paragraph = word.add_paragraph()
    run = paragraph.add_run(block.text)
    run.bold = block.emphasis is Emphasis.BOLD
    run.italic = block.emphasis is Emphasis.ITALIC


def _table(word: WordDocument, block: Table, line_width: int) -> None:
    columns = len(block.widths)
    table = word.add_table(rows=0 if block.labels else 1, cols=columns)
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [int(line_width * fraction) for fraction in block.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    if not block.labels:
        header = table.rows[0]
        _repeat_header(header)
        for index, (cell, text) in enumerate(zip(header.cells, block.headers, strict=True)):
            _fill(cell, Cell.of(text), TABLE_HEADING, widths[index], index in block.numeric)
            _shade(cell)
    merges = []
    for row in block.rows:
        word_row = table.add_row()
        _cant_split_short(word_row, row)
        for index, (cell, content) in enumerate(zip(word_row.cells, row, strict=True)):
            style = TABLE_HEADING if block.labels and index == 0 else TABLE_TEXT
            _fill(cell, content or Cell(), style, widths[index], index in block.numeric)
            if content is not None and content.down > 1:
                merges.append((len(table.rows) - 1, index, content.down))
    for row_index, column, down in merges:
        table.cell(row_index, column).merge(table.cell(row_index + down - 1, column))


def _fill(cell, content: Cell, style: str, width: int, centred: bool) -> None:  # type: ignore[no-untyped-def]
    cell.width = width
    paragraphs = cell.paragraphs
    for index, line in enumerate(content.lines or [None]):
        paragraph = paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.style = style
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line is None:
            continue
        run = paragraph.add_run(line.text)
        if line.emphasis is Emphasis.BOLD:
            run.bold = True
        elif line.emphasis is Emphasis.ITALIC:
            run.italic = True


def _shade(cell) -> None:  # type: ignore[no-untyped-def]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HEADER_FILL)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    """w:tblHeader: Word and LibreOffice repeat this row at the top of every page of the table."""
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _cant_split_short(row, cells: list[Cell | None]) -> None:  # type: ignore[no-untyped-def]
    """Short rows stay whole on one page; long ones (a full position) may break across pages."""
    if sum(len(line.text) for cell in cells if cell for line in cell.lines) < 600:
        element = OxmlElement("w:cantSplit")
        element.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(element)

