"""Read an owner's returned update request: its cells, the signed record it hides, and when it was saved.

The workbook is read as any plan file is (``workbook_reader``: every limit checked before
anything is expanded, one sentence for a file that cannot be read). A workbook is a return when
it holds the request's very hidden record sheet; whether the record is genuine is for the
caller to judge (``domain.requests``). The day the owner saved it is the package's own
"modified" time (Excel writes it on every save, in UTC), read here as the local day. A request's
table pasted into another file has lost its record: it is known by its owner's columns, so that
it is never read as a plan.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from hmics_desktop.domain.requests import OWNERS_COLUMNS, RECORD_SHEET, cell_text
from hmics_desktop.excel.number_formats import numbers_as_typed
from hmics_desktop.excel.workbook_reader import Sheet, UnreadableWorkbook, read_workbook

_CORE = "docProps/core.xml"
_MODIFIED = "{http://purl.org/dc/terms/}modified"
_LAST_WRITER = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy"
_SMALL_PART = 1_000_000  # bytes: a workbook's list of sheets or its properties are far smaller
_OWNERS_HEADINGS = {heading.casefold() for heading in OWNERS_COLUMNS[2:]}  # the columns only a request has
_HEADING_ROWS = 30  # how far down a copy's heading row is looked for (the request's is its sixth)


class NotAReturn(Exception):
    """A file that is not a returned update request (a plan, say)."""


@dataclass
class ReturnedWorkbook:
    """A return as read: each sheet's cells from A1, the hidden record and its signature, when saved."""

    path: Path
    sheets: dict[str, list[list[Any]]]
    payload: str
    signature: str
    saved: datetime | None  # local time of the last save, when the file says
    saved_by: str | None  # the name Excel wrote as the last to save it
    read: dict[str, Sheet] = field(default_factory=dict, repr=False)  # the sheets as read, with their parts

    def as_typed(self, sheet: str, cells: Iterable[tuple[int, int]]) -> None:
        """Read the numbers of ``cells`` (0-based row, column) as the owner typed them: "50%" Excel made 0.5 of.

        A request sent before its yellow cells were formatted as text let Excel make a number of "50%",
        "1,000", "£500" or "0 1/2" (and show it in a format it chose): it reads as the format shows it.
        """
        if sheet in self.read:
            numbers_as_typed(self.path, self.read[sheet], cells)


def looks_like_return(path: Path) -> bool:
    """Whether ``path`` is a workbook holding an update request's record (a quick look, reading little)."""
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo("xl/workbook.xml")
            if info.file_size > _SMALL_PART:
                return False
            return f'name="{RECORD_SHEET}"'.encode() in package.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False


def copied_request(sheets: list[Sheet]) -> bool:
    """Whether a sheet holds an update request's table without its record (its rows pasted into another workbook).

    Its columns look like a tracker's; read as a plan, what an owner asks would be taken as done.
    """
    return any(
        {cell_text(value).casefold() for value in row} >= _OWNERS_HEADINGS
        for sheet in sheets
        for row in sheet.rows[:_HEADING_ROWS]
    )


def read_return(path: Path) -> ReturnedWorkbook:
    """The return's cells and record; :class:`NotAReturn` when it holds none, ``UnreadableWorkbook`` if damaged."""
    sheets = {sheet.name: sheet for sheet in read_workbook(path)}
    record = sheets.get(RECORD_SHEET)
    if record is None:
        raise NotAReturn(f"{path.name} is not a returned update request.")
    cells = [str(row[0]) if row and row[0] is not None else "" for row in record.rows]
    if len(cells) < 3:
        raise UnreadableWorkbook(f"{path.name}: the hidden record of its update request is missing.")
    saved, saved_by = _saved(path)
    return ReturnedWorkbook(
        path=path,
        sheets={name: sheet.rows for name, sheet in sheets.items() if name != RECORD_SHEET},
        payload="".join(cells[2:]),
        signature=cells[1],
        saved=saved,
        saved_by=saved_by,
        read=sheets,
    )


def _saved(path: Path) -> tuple[datetime | None, str | None]:
    """When the workbook was last saved (local time) and by whom, as its properties say (None: they do not)."""
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo(_CORE)
            if info.file_size > _SMALL_PART:
                return None, None
            root = ElementTree.fromstring(package.read(info))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, ElementTree.ParseError):
        return None, None
    by = (root.findtext(_LAST_WRITER) or "").strip() or None
    text = (root.findtext(_MODIFIED) or "").strip()
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None, by
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone().replace(tzinfo=None), by
