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
_EXCEL_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")  # openpyxl leaves them in the text of inline strings
_PAGE = re.compile(r'<page width="[\d.]+" height="[\d.]+">(.*?)</page>', re.S)


@dataclass(frozen=True)
class Word:
    left: float
    top: float
    right: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Box:
    page: int
    left: float
    top: float
    right: float
    bottom: float

    def holds(self, page: int, word: Word) -> bool:
        """Whether the word's middle is inside the box, or below it (text running out of its cell)."""
        middle_x, middle_y = (word.left + word.right) / 2, (word.top + word.bottom) / 2
        return page == self.page and self.left <= middle_x < self.right and self.top <= middle_y


@dataclass
class Cell:
    """A cell's text (what the workbook holds) and its box on each page it is on, in PDF points."""

    coordinate: str
    text: str
    scale: float
    boxes: list[Box] = field(default_factory=list)
    words: list[tuple[int, Word]] = field(default_factory=list)

    def printed(self) -> str:
        """The cell's words in their lines' order, page after page, without spaces."""
        ordered = sorted(self.words, key=lambda pw: (pw[0], round(pw[1].top), pw[1].left))
        return "".join(w.text for _page, w in ordered)

    def expected(self) -> str:
        return "".join(self.text.split())

    def white_space_below(self) -> float:
        """Points (at 100 %) between the last line's foot and the cell's bottom edge, on its last page."""
        last = self.boxes[-1]
        return (last.bottom - max(w.bottom for page, w in self.words if page == last.page)) / self.scale

    def height(self) -> float:
        return (self.boxes[-1].bottom - self.boxes[-1].top) / self.scale


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
    return subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout


def page_words(pdf: Path) -> list[list[Word]]:
    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    )
    return [
        [Word(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _WORD.findall(page)]
        for page in _PAGE.findall(layout.stdout)
    ]


def _pages_of_rows(sheet, first_row: int) -> list[list[int]]:
    breaks = sorted(b.id for b in sheet.row_breaks.brk)
    starts = [first_row, *(b + 1 for b in breaks)]
    ends = [*(b + 1 for b in breaks), sheet.max_row + 1]
    return [list(range(s, e)) for s, e in zip(starts, ends, strict=True)]


def _as_excel_reads(text: str) -> str:
    """A cell's text with Excel's escapes of characters ("_x0041_", "_x005F_") read as the characters, as printed."""
    return _EXCEL_ESCAPE.sub(lambda found: chr(int(found.group(1), 16)), text)


def cells_on_pages(workbook: Path, sheet_name: str, pages: list[list[Word]]) -> list[Cell]:
    """Every body cell with text, with its box on each page it is on and the words inside them."""
    sheet = openpyxl.load_workbook(workbook)[sheet_name]
    rows_by_page = _pages_of_rows(sheet, 3)
    assert len(pages) == len(rows_by_page), "LibreOffice broke the pages somewhere other than the workbook says"
    spans = {(r.min_row, r.min_col): (r.max_row, r.max_col) for r in sheet.merged_cells.ranges}
    cells = {
        (row, column): Cell(
            sheet.cell(row, column).coordinate, _as_excel_reads(str(sheet.cell(row, column).value)), 0.0
        )
        for row in range(3, sheet.max_row + 1)
        for column in range(1, 5)
        if sheet.cell(row, column).value not in (None, "")
    }
    header_points = sheet.row_dimensions[2].height
    scale = 0.0
    for number, (words, rows) in enumerate(zip(pages, rows_by_page, strict=True), start=1):
        header = [min((w for w in words if w.text == h), key=lambda w: w.top) for h in HEADINGS]
        header_top = header[0].top
        body = [w for w in words if w.top > header_top + 2 and w.left > header[0].left - 3]
        scale = scale or (min(w.top for w in body) - header_top) / header_points  # the first page starts a row
        lefts = [w.left - 1.5 for w in header] + [10_000.0]
        tops: dict[int, float] = {}
        y = header_top + header_points * scale
        for row in [*rows, rows[-1] + 1]:
            tops[row] = y
            y += (sheet.row_dimensions[row].height or 0) * scale
        boxes: list[tuple[Cell, Box]] = []
        for (row, column), cell in cells.items():
            last_row, last_column = spans.get((row, column), (row, column))
            shown = [r for r in range(row, last_row + 1) if r in tops and r <= rows[-1]]
            if shown:
                box = Box(number, lefts[column - 1], tops[shown[0]], lefts[last_column], tops[shown[-1] + 1])
                cell.scale = scale
                cell.boxes.append(box)
                boxes.append((cell, box))
        foot = tops[rows[-1] + 1] + 3  # the footer lies below
        for word in (w for w in body if w.top < foot):
            home = [(cell, box) for cell, box in boxes if box.holds(number, word)]
            if home:
                max(home, key=lambda cb: cb[1].top)[0].words.append((number, word))
    return list(cells.values())
