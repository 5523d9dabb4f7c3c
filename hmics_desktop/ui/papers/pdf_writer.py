"""A print-ready PDF of a paper with Qt's own writer: no Word or LibreOffice needed.

Each section of the paper is laid out by ``QTextDocument`` from the same HTML the preview
shows (tables keep their heading row on every page they continue on), on A4, portrait or
landscape (the appendix); the protective marking is printed at the top and bottom of every
page, with "Page N of M".

What Qt's writer cannot say is added afterwards with pypdf: the language (British English),
a bookmark for each section and recommendation (its headings, on the pages they are on), and
that a reader shows the title rather than the file's name. Qt writes no tags: the Word paper
is the one a screen reader reads best.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, IndirectObject, NameObject, TextStringObject
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from hmics_desktop.documents.html_writer import section_html
from hmics_desktop.documents.model import LANGUAGE, Document
from hmics_desktop.excel.atomic_save import write_atomically

Mark = tuple[int, str, int]  # a heading's level (1: the title), its words, and the page it is on (from 0)

MARGIN_MM = 20.0
RESOLUTION = 300
_APPLICATION: list[QApplication] = []  # keeps the command line's application alive


def ensure_gui() -> None:
    """Qt's text layout needs a GUI application (the command line has none: use the offscreen one)."""
    if QApplication.instance() is None:  # a full application, so that windows can follow in the same process
        _APPLICATION.append(QApplication(["hmics-desktop", "-platform", "offscreen"]))


def _layout(landscape: bool) -> QPageLayout:
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0))


def write_pdf(document: Document, target: Path) -> int:
    """Write ``document`` to ``target`` as PDF; returns the number of pages."""
    ensure_gui()
    writer = QPdfWriter(str(target))
    writer.setResolution(RESOLUTION)
    writer.setTitle(document.title)
    writer.setCreator("hmics-desktop")
    margin = MARGIN_MM / 25.4 * RESOLUTION
    laid_out = []
    for section in document.sections:
        writer.setPageLayout(_layout(section.landscape))
        page = writer.pageLayout().fullRectPixels(RESOLUTION)
        text = QTextDocument()
        text.documentLayout().setPaintDevice(writer)
        text.setDocumentMargin(0)
        text.setHtml(section_html(section))
        text.setPageSize(QSizeF(page.width() - 2 * margin, page.height() - 2 * margin))
        laid_out.append((section.landscape, text))
    total = sum(text.pageCount() for _landscape, text in laid_out)
    writer.setPageLayout(_layout(laid_out[0][0]))
    painter = QPainter(writer)
    number = 0
    marks: list[Mark] = []
    try:
        for landscape, text in laid_out:
            marks += _headings(text, number)
            if number:
                writer.setPageLayout(_layout(landscape))
            height = text.pageSize().height()
            for index in range(text.pageCount()):
                if number:
                    writer.newPage()
                number += 1
                painter.save()
                painter.translate(margin, margin - index * height)
                text.drawContents(painter, QRectF(0, index * height, text.pageSize().width(), height))
                painter.restore()
                _marking(painter, writer, document.marking, f"Page {number} of {total}", margin)
    finally:
        painter.end()
    _bookmarks_and_language(target, marks)
    return total


def _headings(text: QTextDocument, first_page: int) -> list[Mark]:
    """The headings of a laid-out section, each with the page it is on (that of its first line).

    A heading at the foot of a page is moved to the next by the layout: its line says where it went
    (its middle: its top may be a rounding above the page it was moved to).
    """
    marks, block = [], text.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level:
            line = block.layout().lineAt(0)
            middle = text.documentLayout().blockBoundingRect(block).top() + line.y() + line.height() / 2
            marks.append((level, block.text(), first_page + int(middle // text.pageSize().height())))
        block = block.next()
    return marks


def _bookmarks_and_language(path: Path, marks: list[Mark]) -> None:
    """Rewrite the PDF at ``path`` with its language, its title shown, and the headings as nested bookmarks."""
    pdf = PdfWriter(clone_from=PdfReader(io.BytesIO(path.read_bytes())))
    root = pdf.root_object
    root[NameObject("/Lang")] = TextStringObject(LANGUAGE)
    root[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
    parents: dict[int, IndirectObject] = {}  # the last bookmark of each level, under which deeper ones go
    for level, words, page in marks:
        above = [parents[up] for up in sorted(parents) if up < level]
        parents = {up: item for up, item in parents.items() if up < level}
        parents[level] = pdf.add_outline_item(title=words, page_number=page, parent=above[-1] if above else None)
    if marks:
        pdf.page_mode = "/UseOutlines"  # the bookmarks open beside the pages
    with path.open("wb") as stream:
        pdf.write(stream)


def write_pdf_atomically(document: Document, target: Path) -> None:
    """Write the PDF beside ``target`` and move it into place when complete (as the Word file)."""
    write_atomically(lambda path: write_pdf(document, path), target)


def _marking(painter: QPainter, writer: QPdfWriter, marking: str, page_text: str, margin: float) -> None:
    page = writer.pageLayout().fullRectPixels(RESOLUTION)
    font = QFont("Arial")
    font.setPointSizeF(10)
    font.setBold(True)
    painter.setFont(font)
    line = painter.fontMetrics().height()
    top = QRectF(0, margin / 2 - line, page.width(), line * 1.5)
    painter.drawText(top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, marking)
    bottom = QRectF(0, page.height() - margin + line / 2, page.width(), line * 1.2)
    painter.drawText(bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, marking)
    font.setBold(False)
    painter.setFont(font)
    painter.drawText(bottom.translated(0, line * 1.2), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                     page_text)  # fmt: skip
