"""Print a template workbook with LibreOffice and find each cell's words on the pages.

``pdftotext -bbox-layout`` gives every word with its box; the cells' boxes come from the
workbook (column order, row heights, merged ranges, manual page breaks) placed on the page
by the header row, which is repeated at the top of every page: its words give the columns'
left edges and the top of the body, and the step from the header's text to the first
body row's text (the header row being 18 pt tall) gives the scale the page is printed at.
Nothing here depends on the font LibreOffice draws with or on pdftotext's reading order.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
MISSING_FONT = "Hmics Missing Sans"  # installed nowhere: LibreOffice falls back to the default sans (DejaVu Sans)
HEADINGS = ("Recommendation", "Action", "Latest", "Next")
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="[\d.]+" height="[\d.]+">(.*?)</page>', re.S)


@dataclass(frozen=True)
class Word:
    left: float
    top: float
    right: float
    bottom: float
    text: str


@dataclass
class Cell:
    """A cell's text (what the workbook holds) and its box on a page, in PDF points."""

    coordinate: str
    text: str
    page: int
    left: float
    top: float
    right: float
    bottom: float
    scale: float
    words: list[Word] = field(default_factory=list)

    def printed(self) -> str:
        """The cell's words in their lines' order, without spaces."""
        ordered = sorted(self.words, key=lambda w: (round(w.top), w.left))
        return "".join(w.text for w in ordered)

    def expected(self) -> str:
        return "".join(self.text.split())

    def white_space_below(self) -> float:
        """Points (at 100 %) between the last line's foot and the cell's bottom edge."""
        return (self.bottom - max(w.bottom for w in self.words)) / self.scale


def with_missing_font(workbook: Path, target: Path) -> Path:
    """A copy of the workbook whose every font is one that is not installed."""
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".xml"):
                data = data.replace(b'val="Arial"', f'val="{MISSING_FONT}"'.encode())
            copy.writestr(item, data)
    return target


def render(workbook: Path, folder: Path) -> Path:
    profile = folder / "lo-profile"
    subprocess.run(
        [OFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(folder), str(workbook)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / f"{workbook.stem}.pdf"


def fonts_used(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout


def page_words(pdf: Path) -> list[list[Word]]:
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    return [
        [Word(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _WORD.findall(page)]
        for page in _PAGE.findall(layout.stdout)
    ]


def _pages_of_rows(sheet, first_row: int) -> list[list[int]]:
    breaks = sorted(b.id for b in sheet.row_breaks.brk)
    starts = [first_row, *(b + 1 for b in breaks)]
    ends = [*(b + 1 for b in breaks), sheet.max_row + 1]
    return [list(range(s, e)) for s, e in zip(starts, ends, strict=True)]


def cells_on_pages(workbook: Path, sheet_name: str, pages: list[list[Word]]) -> list[Cell]:
    """Every body cell with text, placed on its page, with the words that fall inside it.

    A cell that runs over a page break (an action taller than a page) is left out.
    """
    sheet = openpyxl.load_workbook(workbook)[sheet_name]
    rows_by_page = _pages_of_rows(sheet, 3)
    assert len(pages) == len(rows_by_page), "LibreOffice broke the pages somewhere other than the workbook says"
    merged = {(r.min_row, r.min_col): r for r in sheet.merged_cells.ranges}
    header_points = sheet.row_dimensions[2].height
    cells: list[Cell] = []
    for number, (words, rows) in enumerate(zip(pages, rows_by_page, strict=True), start=1):
        header = [min((w for w in words if w.text == h), key=lambda w: w.top) for h in HEADINGS]
        header_top = header[0].top
        body = [w for w in words if w.top > header_top + 2 and w.left > header[0].left - 3]
        scale = (min(w.top for w in body) - header_top) / header_points
        lefts = [w.left - 1.5 for w in header] + [10_000.0]
        tops: dict[int, float] = {}
        y = header_top + header_points * scale
        for row in rows:
            tops[row] = y
            y += sheet.row_dimensions[row].height * scale
        tops[rows[-1] + 1] = y
        for row in rows:
            for column in range(1, 5):
                value = sheet.cell(row, column).value
                if value in (None, ""):
                    continue
                span = merged.get((row, column))
                last_row, last_column = (span.max_row, span.max_col) if span else (row, column)
                if last_row not in rows:  # an action taller than a page: LibreOffice flows it on
                    continue
                cells.append(Cell(sheet.cell(row, column).coordinate, str(value), number, lefts[column - 1],
                                  tops[row], lefts[last_column], tops[last_row + 1], scale))  # fmt: skip
        foot = tops[rows[-1] + 1] + 3  # the footer lies below
        for word in (w for w in body if w.top < foot):
            middle_x, middle_y = (word.left + word.right) / 2, (word.top + word.bottom) / 2
            home = [c for c in cells if c.page == number and c.left <= middle_x < c.right and c.top <= middle_y]
            if home:
                max(home, key=lambda c: c.top).words.append(word)
    return cells
