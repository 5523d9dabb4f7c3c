"""The papers as a screen reader and a PDF reader take them: read from the Word file's XML and the PDF's pages.

Word: every table's heading row marked (w:tblHeader: read as column headings, repeated on each
page), headings in Heading styles, the title and the language (en-GB) set, alt text on any
picture. PDF: the heading row drawn in full on every page a table continues on (Qt's layout
blanked it where a row broke across the page) and on no page the table does not reach, the
language, the title shown, and a bookmark for each heading on the page it is on.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from paper_fixture import AS_AT, SINCE, load_paper_plan
from pypdf import PdfReader

from hmics_desktop.documents.model import Cell, Document, Heading, Paragraph, Section, Table
from hmics_desktop.services.papers.files import build_paper, write_word
from hmics_desktop.services.papers.progress_paper import APPENDIX_HEADERS
from hmics_desktop.services.papers.spec import PaperKind, PaperSpec
from hmics_desktop.services.plans import load_example_plan
from hmics_desktop.storage.models import Inspection

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NAMES = {
    "w": W[1:-1],
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "dc": "http://purl.org/dc/elements/1.1/",
}
POPPLER = shutil.which("pdftotext") is not None
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler absent")


def _papers() -> dict[str, Document]:
    """The update paper over two inspections, and the example's progress paper with long rows broken across pages."""
    hate_crime = load_paper_plan()
    load_example_plan()
    crime_audit = int(Inspection.get(Inspection.title == "Crime Audit 2020").id)
    update = PaperSpec(kind=PaperKind.UPDATE, meeting_on=AS_AT, as_at=AS_AT, since=SINCE, location="online",
                       inspection_ids=[hate_crime, crime_audit])  # fmt: skip
    progress = PaperSpec(kind=PaperKind.PROGRESS, meeting_on=date(2024, 9, 18), as_at=date(2024, 9, 1),
                         since=date(2024, 3, 1), inspection_ids=[crime_audit])  # fmt: skip
    return {"update": build_paper(update), "progress": build_paper(progress)}


def _xml(docx: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(docx) as package:
        return etree.fromstring(package.read(part))


def test_word_papers_mark_heading_rows_headings_title_and_language(plan_db, tmp_path) -> None:
    for name, document in _papers().items():
        target = tmp_path / f"{name}.docx"
        write_word(document, target)
        body = _xml(target, "word/document.xml")
        tables = body.findall(".//w:tbl", NAMES)
        assert len(tables) == len(document.tables()) > 1
        for table, block in zip(tables, document.tables(), strict=True):
            first = table.find("w:tr", NAMES)
            assert first.find("w:trPr/w:tblHeader", NAMES) is not None, block.headers  # the cover's too
            # whole on a page and kept with the row under it: never its words at a page's foot, a blank row over
            assert first.find("w:trPr/w:cantSplit", NAMES) is not None
            assert all(p.find("w:pPr/w:keepNext", NAMES) is not None for p in first.iter(f"{W}p"))
            words = ["".join(cell.itertext()) for cell in first.findall("w:tc", NAMES)]
            assert words == block.headers and all(words)
            assert all(row.find("w:trPr/w:tblHeader", NAMES) is None for row in table.findall("w:tr", NAMES)[1:])
        styles = {p.find("w:pPr/w:pStyle", NAMES).get(f"{W}val") for p in body.iter(f"{W}p")
                  if p.find("w:pPr/w:pStyle", NAMES) is not None}  # fmt: skip
        headings = [
            "".join(p.itertext()) for p in body.iter(f"{W}p")
            if (style := p.find("w:pPr/w:pStyle", NAMES)) is not None and style.get(f"{W}val").startswith("Heading")
        ]  # fmt: skip
        assert {"Heading1", "Heading2"} <= styles
        core = _xml(target, "docProps/core.xml")
        assert core.findtext("dc:title", namespaces=NAMES) == document.title
        assert core.findtext("dc:language", namespaces=NAMES) == "en-GB"
        defaults = _xml(target, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NAMES)
        assert defaults.get(f"{W}val") == "en-GB"
        assert _xml(target, "word/settings.xml").find("w:themeFontLang", NAMES).get(f"{W}val") == "en-GB"
        pictures = body.findall(".//wp:docPr", NAMES)
        assert all(picture.get("descr") for picture in pictures)  # none today: a picture added needs its words
        if name == "progress":
            assert "Heading3" in styles  # a recommendation's parts are headings, not bold text
            assert "Progress as at February 2022" in headings and "Closed in September 2024" in headings
            assert "Recommendation 6" in headings and "Appendix B" in " ".join(headings)


def _pages(pdf: Path) -> list[list[str]]:
    """Each page's lines inside its margins (20 mm: not the marking), as pdftotext lays them out, blank lines left out.

    Only the part of the page between the margins is read: Qt also writes, clipped out of sight, the
    line of a broken paragraph that ends just above the page (it draws one line above what it is
    asked for), which pdftotext would otherwise read in the top margin.
    """
    margin = 20 / 25.4 * 72 - 4
    pages = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        height, width = float(page.mediabox.height), float(page.mediabox.width)
        crop = ["-x", "0", "-y", str(round(margin)), "-W", str(round(width)), "-H", str(round(height - 2 * margin))]
        text = subprocess.run(["pdftotext", "-layout", *crop, "-f", str(number), "-l", str(number), str(pdf), "-"],
                              check=True, capture_output=True, text=True, timeout=60).stdout  # fmt: skip
        pages.append([" ".join(line.split()) for line in text.splitlines() if line.strip()])
    return pages


def _long_rows() -> Document:
    """A table whose every row is most of a page tall, so that rows break across every page."""
    words = " ".join(f"word{n}" for n in range(420))
    rows = [[Cell.of(f"Row {r} first"), Cell.of(f"Row {r} {words}"), Cell.of(f"Row {r} {words[:900]}")]
            for r in range(1, 9)]  # fmt: skip
    section = Section([Heading("Long rows"), Table(["Alpha heading", "Beta heading", "Gamma heading"], rows,
                                                  [0.2, 0.4, 0.4])])  # fmt: skip
    return Document("Long rows", sections=[section])


def _tables_ending_everywhere() -> Document:
    """Tables of 1 to 24 short rows one after another, so that some end at the foot of a page."""
    blocks: list[Heading | Paragraph | Table] = []
    for size in range(1, 25):
        blocks.append(Paragraph(f"Before table {size}."))
        rows = [[Cell.of(f"T{size} row {r}"), Cell.of("A short value")] for r in range(1, size + 1)]
        blocks.append(Table([f"Table {size} heading", "Value"], rows, [0.5, 0.5]))
    return Document("Tables", sections=[Section(blocks)])


@needs_poppler
def test_pdf_repeats_the_whole_heading_row_on_every_page_a_table_continues_on(plan_db, qapp, tmp_path) -> None:
    from hmics_desktop.ui.papers.pdf_writer import write_pdf

    target = tmp_path / "long.pdf"
    assert write_pdf(_long_rows(), target) >= 4
    pages = _pages(target)
    for lines in pages[1:-1]:  # every row breaks: the table continues on each page after the first
        assert lines[0] == "Alpha heading Beta heading Gamma heading", lines[:2]
    progress = tmp_path / "progress.pdf"
    write_pdf(_papers()["progress"], progress)
    landscape = [page.mediabox.width > page.mediabox.height for page in PdfReader(progress).pages]
    appendix = _pages(progress)[landscape.index(True) :]
    assert len(appendix) >= 6 and appendix[0][0].startswith("Appendix B")
    heading_row = " ".join(APPENDIX_HEADERS)
    assert appendix[0][1] == heading_row  # under the appendix's title
    for lines in appendix[1:]:  # rows break across most of these pages: the heading row is whole on each
        assert lines[0] == heading_row, lines[:2]


@needs_poppler
def test_pdf_draws_no_heading_row_where_a_table_has_no_rows_left(qapp, tmp_path) -> None:
    from hmics_desktop.ui.papers.pdf_writer import write_pdf

    target = tmp_path / "tables.pdf"
    assert write_pdf(_tables_ending_everywhere(), target) >= 3
    for lines in _pages(target):
        for index, line in enumerate(lines):
            if line.startswith("Table ") and "heading" in line:
                size = line.split()[1]
                below = lines[index + 1] if index + 1 < len(lines) else ""
                assert below.startswith(f"T{size} row "), (line, below)  # a row of its own table follows


def test_pdf_says_its_language_shows_its_title_and_has_a_bookmark_per_heading(plan_db, qapp, tmp_path) -> None:
    from hmics_desktop.ui.papers.pdf_writer import write_pdf

    document = _papers()["progress"]
    target = tmp_path / "progress.pdf"
    write_pdf(document, target)
    pdf = PdfReader(target)
    assert pdf.trailer["/Root"]["/Lang"] == "en-GB" and pdf.metadata.title == document.title
    assert pdf.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    assert pdf.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    flat: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                flat.append((depth, item.title, pdf.get_destination_page_number(item)))

    walk(pdf.outline, 0)
    headings = [block.text for section in document.sections for block in section.blocks if isinstance(block, Heading)]
    assert [title for _depth, title, _page in flat] == headings
    depths = dict((title, depth) for depth, title, _page in flat)
    assert depths["PURPOSE"] == 0 and depths["Recommendation 1"] == 1 and depths["Closed in September 2024"] == 2
    if POPPLER:
        pages = [" ".join(lines) for lines in _pages(target)]
        for _depth, title, page in flat:
            assert title in pages[page], (title, page)
