"""A Word document's XML as the plan reader needs it: paragraphs and tables in order, their text, their grid.

python-docx's XML layer on the document part alone (its pictures, styles and headers are
never loaded). A table comes out on its grid: a vertically merged cell's text once, with its
merged range (never its text repeated on every row), and a cell spanning columns in the
first of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hmics_desktop.excel.grid import Merge

DOCUMENT_PART = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_COLUMNS = 64


def qn(tag: str) -> str:
    """``"w:tbl"`` → the element's name in the XML tree."""
    return _W + tag.partition(":")[2]


_T, _TAB, _BR, _CR, _P = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:p")
_TC_PR, _V_MERGE, _GRID_SPAN, _VAL = qn("w:tcPr"), qn("w:vMerge"), qn("w:gridSpan"), qn("w:val")
TABLE = qn("w:tbl")
_OFF = {"0", "false", "off"}  # a switch such as <w:b w:val="0"/>: turned off


def parse_document(data: bytes) -> Any:
    """The document part's XML tree (python-docx and lxml are imported here: they take a while to load)."""
    from docx.oxml.parser import parse_xml

    return parse_xml(data)


def blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in reading order, through content controls."""
    for child in parent.iterchildren():
        if child.tag in (_P, TABLE):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from blocks(content)


def paragraph_text(p: Any) -> str:
    """The paragraph's text as Word shows it: tabs and line breaks kept, deleted text left out."""
    parts = []
    for element in p.iter(_T, _TAB, _BR, _CR):
        if element.tag == _T:
            parts.append(element.text or "")
        else:
            parts.append("\t" if element.tag == _TAB else "\n")
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    return "\n".join(paragraph_text(p) for p in tc.iterchildren(_P)).strip()


def _switched_on(element: Any) -> bool:
    """Whether a switch such as ``<w:b/>`` is on: present, and not ``w:val="0"`` (or "false", "off")."""
    return element is not None and (element.get(_VAL) or "true").lower() not in _OFF


def is_heading(p: Any) -> bool:
    """A heading: a Heading or Title style, an outline level, or every run with text in bold."""
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    name = (style.get(_VAL) or "").lower() if style is not None else ""
    if name.startswith(("heading", "title")) or p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None:
        return True
    runs = [r for r in p.iterchildren(qn("w:r")) if "".join(t.text or "" for t in r.iter(_T)).strip()]
    return bool(runs) and all(_switched_on(r.find(f"{qn('w:rPr')}/{qn('w:b')}")) for r in runs)


def _cell_properties(tc: Any) -> tuple[str | None, int]:
    """A cell's vertical merge ("restart", "continue" or None) and how many grid columns it spans."""
    properties = tc.find(_TC_PR)
    if properties is None:
        return None, 1
    merge, span = properties.find(_V_MERGE), properties.find(_GRID_SPAN)
    vertical = None if merge is None else merge.get(_VAL) or "continue"
    columns = span.get(_VAL, "1") if span is not None else "1"
    return vertical, int(columns) if columns.isdigit() and len(columns) < 4 else 1


def table_grid(tbl: Any) -> tuple[list[list[Any]], list[Merge]]:
    """A table's cells on its grid: a vertically merged cell's text once, with its range."""
    rows: list[list[Any]] = []
    merged: list[Merge] = []
    open_merges: dict[int, int] = {}  # column → index in ``merged`` of the range it continues
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
        row: list[Any] = [None] * min(tr.grid_before, MAX_COLUMNS)
        going_on: dict[int, int] = {}  # the merges this row starts or continues
        for tc in tr.iterchildren(qn("w:tc")):
            vertical, span = _cell_properties(tc)
            column, span = len(row), max(1, min(span, MAX_COLUMNS - len(row)))
            if column >= MAX_COLUMNS:
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
