"""The plan tables of a Word document (a committee paper's appendix) as sheet grids.

A paper's Appendix B is the Improvement Plan Template as a Word table: Recommendation ·
Action · Latest progress update · Next steps, the recommendation cell merged down over its
actions. People split it by hand at page breaks (the header row repeated, or not) or give
each recommendation its own table (with a Recommendation column, or under the
recommendation written in its first row or in the paragraphs above it), or leave the
heading row out altogether (:mod:`word_by_content` then reads the columns by what they hold).
The plan tables are laid one under the other, exactly as if pasted into Excel, so that
header finding, mapping and parsing are those of a spreadsheet: headed tables in one sheet
("Tables"), headerless tables in one sheet per layout of columns ("Tables (2)"…). Tables
that are not plan tables (the cover table) and the prose are left out, except the headings
that name inspections and the "as at" line nearest above the plan, kept as lines of their
own above the tables they stand over.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hmics_desktop.domain.dates import find_as_at
from hmics_desktop.domain.numbering import split_recommendation_heading
from hmics_desktop.excel.banners import looks_like_an_inspection, name_in_title
from hmics_desktop.excel.columns import is_header_like, map_row
from hmics_desktop.excel.grid import MAX_CELLS, WORD, Merge, Sheet, UnreadableWorkbook
from hmics_desktop.excel.word_by_content import RECOMMENDATION, lay_out_by_content
from hmics_desktop.excel.word_xml import (
    DOCUMENT_PART,
    TABLE,
    blocks,
    is_heading,
    paragraph_text,
    parse_document,
    table_grid,
)

__all__ = ["DOCUMENT_PART", "SHEET_NAME", "read_word_tables"]

SHEET_NAME = "Tables"
_HEADER_ROWS = 3  # a plan table's header is among its first rows
_HEADED = ("headed",)  # the layout key of the sheet of headed tables


def read_word_tables(path: Path, part: str = DOCUMENT_PART, title: str | None = None) -> list[Sheet]:
    """The plan tables of the document at ``path`` (its package already checked; ``part`` its text) as sheets.

    ``title`` is the document's title property, which names the inspection where nothing in the text does.
    """
    with zipfile.ZipFile(path) as archive:
        document = parse_document(archive.read(part))
    reader = _Reader(path.name)
    for element in blocks(document.body):
        if element.tag == TABLE:
            reader.table(element)
        else:
            reader.paragraph(element)
    sheets = [
        Sheet(target.name, target.rows, target.merged, kind=WORD, title=title, worked_out=target.examples)
        for target in reader.targets.values()
    ]
    if not sheets:
        raise UnreadableWorkbook(
            f"No plan was found in {path.name}: no table in it is headed Recommendation or Action, nor holds "
            "recommendations and numbered actions."
        )
    return sheets


@dataclass
class _Target:
    """One sheet being filled: its rows and merged ranges, and the lines of their own already written in it."""

    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merged: list[Merge] = field(default_factory=list)
    examples: dict[int, str] | None = None  # a headerless layout's columns, for the preview
    heading: str | None = None  # the heading last written: the inspection of the rows below
    as_at_written: bool = False


class _Reader:
    """Reads the document's blocks in order into sheets."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.targets: dict[tuple[Any, ...], _Target] = {}
        self.as_at: str | None = None  # the nearest "as at" line above the next plan table
        self.heading: str | None = None  # the nearest heading (or title) naming an inspection
        self.last: tuple[_Target, int] | None = None  # the sheet and width of the table just read, for a continuation
        self.recommendation: str | None = None  # "Recommendation 3 …" above a table of its actions
        self.awaiting_text = False  # the recommendation's heading came alone: its text is the next paragraph

    def paragraph(self, p: Any) -> None:
        lines = paragraph_text(p).strip()
        text = " ".join(lines.split())
        if not text:
            return
        self.last = None  # prose between tables: the next table must have its own header
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
            if name_in_title(text) is not None and looks_like_an_inspection(text):
                self.heading = text  # "Custody Inspection 2023 – Improvement Plan as at 31 March 2023"
            else:
                self.as_at = text  # "This appendix sets out progress … as at 31 March 2024.": the heading above stays
        elif is_heading(p) and looks_like_an_inspection(text):
            self.heading = text

    def table(self, tbl: Any) -> None:
        rows, merged = table_grid(tbl)
        if not rows:
            return
        width = max(len(row) for row in rows)
        header = next((i for i, row in enumerate(rows[:_HEADER_ROWS]) if is_header_like(map_row(row))), None)
        if header is not None:
            if not {"recommendation", "recommendation_number"} & set(map_row(rows[header]).values()):
                rows, merged = self._under_recommendation(rows, merged, header)
                width = max(len(row) for row in rows)
            self._add(self._target(_HEADED), rows, merged, width)
            return
        if self.last is not None and self.last[1] == width and self.last[0] is self.targets.get(_HEADED):
            self._add(self.last[0], rows, merged, width)  # split at a page break without its header
            return
        laid = lay_out_by_content(rows, merged, self.recommendation)
        if laid is None:
            return  # a cover table, a table of contents: not the plan
        self.recommendation = None
        target = self._target(laid.fields)
        if target.examples is None:
            target.examples = laid.examples
            self._add(target, laid.rows, laid.merged, len(laid.rows[0]))
        else:  # the layout's heading row is there already
            self._add(target, laid.rows[1:], [((a - 1, b), (c - 1, d)) for (a, b), (c, d) in laid.merged], width + 1)

    def _target(self, layout: tuple[Any, ...]) -> _Target:
        if layout not in self.targets:
            count = len(self.targets)
            self.targets[layout] = _Target(SHEET_NAME if not count else f"{SHEET_NAME} ({count + 1})")
        return self.targets[layout]

    def _add(self, target: _Target, rows: list[list[Any]], merged: list[Merge], width: int) -> None:
        """Write the lines of their own that stand over the table, then its rows."""
        if self.as_at and not target.as_at_written:
            target.rows.append([self.as_at])
            target.as_at_written = True
        if self.heading and self.heading != target.heading:
            target.rows.append([self.heading])
            target.heading = self.heading
        top = len(target.rows)
        target.rows.extend(rows)
        target.merged.extend(((a + top, b), (c + top, d)) for (a, b), (c, d) in merged)
        self.last = (target, width)
        if sum(len(t.rows) for t in self.targets.values()) * max(width, 1) > MAX_CELLS:
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
        grid = [[RECOMMENDATION, *rows[header]]] + [[recommendation if i == 0 else None, *row] for i, row in
                                                     enumerate(body)]  # fmt: skip
        moved = [((a - header, b + 1), (c - header, d + 1)) for (a, b), (c, d) in merged if a > header]
        return grid, [*moved, ((1, 0), (max(len(body), 1), 0))]
