"""The plan tables of a Word document (a committee paper's appendix) as one sheet grid.

A paper's Appendix B is the Improvement Plan Template as a Word table: Recommendation ·
Action · Latest progress update · Next steps, the recommendation cell merged down over its
actions. People split it by hand at page breaks (the header row repeated, or not) or give
each recommendation its own table (with a Recommendation column, or under the
recommendation written in its first row or in the paragraphs above it). The plan tables are
laid one under the other in one grid, exactly as if pasted into Excel, so that header
finding, mapping and parsing are those of a spreadsheet: a vertically merged cell becomes a
merged range (never its text repeated on every row), a cell spanning columns fills the first
of them. Tables that are not plan tables (the cover table) and the prose are left out,
except a heading that names the inspection and the "as at" line nearest above the plan,
kept as banner rows.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from hmics_desktop.domain.dates import find_as_at
from hmics_desktop.domain.numbering import split_recommendation_heading
from hmics_desktop.excel.columns import is_header_like, map_row
from hmics_desktop.excel.grid import MAX_CELLS, Merge, Sheet, UnreadableWorkbook

SHEET_NAME = "Tables"
DOCUMENT_PART = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def qn(tag: str) -> str:
    """``"w:tbl"`` → the element's name in the XML tree."""
    return _W + tag.partition(":")[2]


_T, _TAB, _BR, _CR, _P = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:p")
_TC_PR, _V_MERGE, _GRID_SPAN, _VAL = qn("w:tcPr"), qn("w:vMerge"), qn("w:gridSpan"), qn("w:val")
_MAX_COLUMNS = 64
_HEADER_ROWS = 3  # a plan table's header is among its first rows
_NAMES_AN_INSPECTION = re.compile(
    r"\b(HMICS|HMICFRS|HMIC|Audit Scotland|inspection|improvement plan|action plan|tracker|(19|20)\d\d)\b", re.I
)


def read_word_tables(path: Path, part: str = DOCUMENT_PART) -> list[Sheet]:
    """The plan tables of the document at ``path`` (its package already checked; ``part`` its text) as one sheet."""
    # python-docx's XML layer on the document part alone: its pictures, styles and headers are never
    # loaded. Imported here: python-docx and lxml take a while to load.
    from docx.oxml.parser import parse_xml

    with zipfile.ZipFile(path) as archive:
        document = parse_xml(archive.read(part))
    grid = _Grid(path.name)
    for element in _blocks(document.body):
        if element.tag == qn("w:tbl"):
            grid.table(element)
        else:
            grid.paragraph(element)
    if not grid.rows:
        raise UnreadableWorkbook(
            f"No plan was found in {path.name}: no table in it is headed Recommendation or Action."
        )
    return [Sheet(SHEET_NAME, grid.rows, grid.merged)]


def _blocks(parent: Any) -> Any:
    """Paragraphs and tables in reading order, through content controls."""
    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _paragraph_text(p: Any) -> str:
    """The paragraph's text as Word shows it: tabs and line breaks kept, deleted text left out."""
    parts = []
    for element in p.iter(_T, _TAB, _BR, _CR):
        if element.tag == _T:
            parts.append(element.text or "")
        else:
            parts.append("\t" if element.tag == _TAB else "\n")
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    return "\n".join(_paragraph_text(p) for p in tc.iterchildren(_P)).strip()


def _cell_properties(tc: Any) -> tuple[str | None, int]:
    """A cell's vertical merge ("restart", "continue" or None) and how many grid columns it spans."""
    properties = tc.find(_TC_PR)
    if properties is None:
        return None, 1
    merge, span = properties.find(_V_MERGE), properties.find(_GRID_SPAN)
    vertical = None if merge is None else merge.get(_VAL) or "continue"
    columns = span.get(_VAL, "1") if span is not None else "1"
    return vertical, int(columns) if columns.isdigit() and len(columns) < 4 else 1


class _Grid:
    """Collects the plan tables' rows, their merged ranges and the banner rows above them."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.rows: list[list[Any]] = []
        self.merged: list[Merge] = []
        self.as_at: str | None = None  # the nearest "as at" line above the next plan table
        self.heading: str | None = None  # the nearest heading naming an inspection
        self.plan_width: int | None = None  # columns of the plan table just read, for a continuation
        self.as_at_used = False
        self.recommendation: str | None = None  # "Recommendation 3 …" above a table of its actions
        self.awaiting_text = False  # the recommendation's heading came alone: its text is the next paragraph

    def paragraph(self, p: Any) -> None:
        lines = _paragraph_text(p).strip()
        text = " ".join(lines.split())
        if not text:
            return
        self.plan_width = None  # prose between tables: the next table must have its own header
        heading = split_recommendation_heading(lines)
        if heading is not None:
            self.recommendation, self.awaiting_text = lines, not heading.text
            return
        if self.recommendation is not None and self.awaiting_text:
            self.recommendation += "\n" + lines  # "Recommendation 3" on its own line, its text below
            self.awaiting_text = False
        if len(text) > 150:
            return
        if find_as_at(text) is not None:
            self.as_at = text
        elif _is_heading(p) and _NAMES_AN_INSPECTION.search(text):
            self.heading = text

    def table(self, tbl: Any) -> None:
        rows, merged = _table_grid(tbl)
        if not rows:
            return
        width = max(len(row) for row in rows)
        header = next((i for i, row in enumerate(rows[:_HEADER_ROWS]) if is_header_like(map_row(row))), None)
        if header is None and width != self.plan_width:
            return  # a cover table, a table of contents: not the plan
        if header is not None and not {"recommendation", "recommendation_number"} & set(map_row(rows[header]).values()):
            rows, merged = self._under_recommendation(rows, merged, header)
            width = max(len(row) for row in rows)
        if self.as_at and not self.as_at_used:
            self.rows.append([self.as_at])
            self.as_at_used = True
        if self.heading:
            self.rows.append([self.heading])
            self.heading = None
        top = len(self.rows)
        self.rows.extend(rows)
        self.merged.extend(((a + top, b), (c + top, d)) for (a, b), (c, d) in merged)
        self.plan_width = width
        if len(self.rows) * max(width, 1) > MAX_CELLS:
            raise UnreadableWorkbook(f"{self.file_name} has far larger tables than any plan.")

    def _under_recommendation(self, rows: list[list[Any]], merged: list[Merge], header: int) -> tuple[
        list[list[Any]], list[Merge]
    ]:  # fmt: skip
        """A table of one recommendation's actions, laid out as the appendix is.

        The recommendation is above the table's header, in its first row or in a paragraph before it;
        it goes into a Recommendation column, merged down.
        """
        above = [text for row in rows[:header] for text in row if text]
        recommendation = above[0] if len(above) == 1 and split_recommendation_heading(above[0]) else self.recommendation
        self.recommendation = None
        body = rows[header + 1 :]
        if recommendation is None:
            return rows, merged
        grid = [["Recommendation", *rows[header]]] + [[recommendation if i == 0 else None, *row] for i, row in
                                                        enumerate(body)]  # fmt: skip
        moved = [((a - header, b + 1), (c - header, d + 1)) for (a, b), (c, d) in merged if a > header]
        return grid, [*moved, ((1, 0), (max(len(body), 1), 0))]


def _is_heading(p: Any) -> bool:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    name = (style.get(qn("w:val")) or "").lower() if style is not None else ""
    if name.startswith(("heading", "title")) or p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None:
        return True
    runs = [r for r in p.iterchildren(qn("w:r")) if (r.text or "").strip()]
    return bool(runs) and all(r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None for r in runs)


def _table_grid(tbl: Any) -> tuple[list[list[Any]], list[Merge]]:
    """A table's cells on its grid: a vertically merged cell's text once, with its range."""
    rows: list[list[Any]] = []
    merged: list[Merge] = []
    open_merges: dict[int, int] = {}  # column → index in ``merged`` of the range it continues
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
        row: list[Any] = [None] * min(tr.grid_before, _MAX_COLUMNS)
        going_on: dict[int, int] = {}  # the merges this row starts or continues
        for tc in tr.iterchildren(qn("w:tc")):
            vertical, span = _cell_properties(tc)
            column, span = len(row), max(1, min(span, _MAX_COLUMNS - len(row)))
            if column >= _MAX_COLUMNS:
                break
            if vertical == "continue" and column in open_merges:
                index = going_on[column] = open_merges[column]
                (top, left), (_bottom, right) = merged[index]
                merged[index] = ((top, left), (r, right))
                row.append(None)
            else:
                row.append(_cell_text(tc))
                if vertical == "restart":
                    going_on[column] = len(merged)
                    merged.append(((r, column), (r, column + span - 1)))
            row.extend([None] * (span - 1))
        open_merges = going_on
        rows.append(row)
    return rows, merged
