"""A quick upper bound of how far a sheet's cells reach, read from the sheet's raw bytes.

Excel, LibreOffice and openpyxl write each cell as ``<c r="B7" s="3" t="s">``: the reference
first, in double quotes, then at most a style and a type. When every cell of a sheet is
written so, its cells reach no further than its furthest reference, and their text is no
longer than the sheet's XML (a character takes at least a byte, ``&amp;`` and the like
several) plus the shared strings its cells name, each cell's index read from its ``<v>``.
Regular expressions find these far quicker than expat's callbacks follow every element;
expat still reads the sheet, with no callbacks, so that a DOCTYPE or malformed XML is
refused as before.

Every cell starts with ``<``, a name that is ``c`` or ends in ``:c``, then a space, ``/`` or
``>``: the expressions stop at each such place, as a plain cell (its attributes holding only
letters and digits, which every reader reads alike) or as an odd one. An odd cell (a prefix,
no reference, single quotes, another attribute, a shared string's index not alone in its
``<v>``), a sheet that may not be UTF-8, or a bound past the limits leaves the sheet to the
exact measure of :mod:`sheet_extents`. What looks like a cell inside a comment or CDATA only
makes the bound larger.
"""

from __future__ import annotations

import re
from typing import IO

from hmics_desktop.excel.grid import MAX_CELLS, MAX_TEXT_CHARS, Extent
from hmics_desktop.excel.sheet_extents import parse_xml

_CHUNK = 1 << 20
_CELL = re.compile(
    rb'<c(?: r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="[0-9]{1,9}")?'  # a plain cell: its column, its row,
    rb'(?: t="s"(?:><v>([0-9]{1,9})</v></c>| ?/>)|(?: t="(?:str|inlineStr|n|b|e|d)")? ?/?>)'  # its shared string
    rb"|[\s/>])"  # any other cell without a prefix
)
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
# A cell's formula element; a data validation's <formula1> or a conditional format's <formula> is none.
_FORMULA = re.compile(rb"<f[\s/>]")
_LONGEST = 128  # bytes: no cell _CELL matches is longer
_UTF8_START = re.compile(
    rb"""(?:\xef\xbb\xbf)?(?:<\?xml version=(["'])1\.[0-9]\1(?: encoding=(["'])(?i:utf-8)\2)?"""
    rb"""(?: standalone=(["'])(?:yes|no)\3)?\s*\?>\s*)?<[A-Za-z]"""
)


class _NotPlain(Exception):
    """The sheet is not written plainly, or its bound says nothing: it needs the exact measure."""


class PlainCells:
    """The bound of a sheet read chunk by chunk: each matched up to a cut no match straddles, the rest kept."""

    def __init__(self, shared: list[int]) -> None:
        self.shared = shared
        self.pending = b""
        self.started = False
        self.size = self.last_row = self.last_col = self.shared_chars = 0
        self.formulas = False  # whether the sheet may hold a formula: a ``<f>`` element (not ``<formula1>``…)

    def feed(self, chunk: bytes) -> None:
        """Take the next bytes of the sheet; ``b""`` at its end."""
        self.size += len(chunk)
        data = self.pending + chunk
        if not self.started:
            if chunk and len(data) < _LONGEST:
                self.pending = data
                return
            if not _UTF8_START.match(data):
                raise _NotPlain
            self.started = True
        self.formulas = self.formulas or _FORMULA.search(data) is not None  # the 2 bytes kept catch one astride
        cut = _cut(data) if chunk else len(data)
        self.pending = data[cut:]
        if cut:
            self._cells(data, cut)

    def _cells(self, data: bytes, end: int) -> None:
        if _PREFIXED_CELL.search(data, 0, end):
            raise _NotPlain
        found = _CELL.findall(data, 0, end)
        if not found:
            return
        columns, rows, indices = zip(*found, strict=True)
        if b"" in columns:
            raise _NotPlain
        self.last_col = max(self.last_col, max(map(_column_number, set(columns))))
        self.last_row = max(self.last_row, max(map(int, rows)))
        if self.shared:
            count = len(self.shared)
            self.shared_chars += sum(self.shared[i] for i in map(int, filter(None, indices)) if i < count)
        if self.last_row * self.last_col > MAX_CELLS or self.size + self.shared_chars > MAX_TEXT_CHARS:
            raise _NotPlain  # no bound within the limits: the exact measure may still find the sheet small


def _cut(data: bytes) -> int:
    """Where ``data`` may be cut with no match astride: before a cell near its end, else two bytes from it."""
    at = data.rfind(b"<c")
    return at if at >= 0 and len(data) - at < _LONGEST else max(len(data) - 2, 0)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class _Watched:
    """A stream that hands what is read from it to ``seen`` too."""

    def __init__(self, stream: IO[bytes], seen: PlainCells) -> None:
        self.stream, self.seen = stream, seen

    def read(self, size: int) -> bytes:
        chunk = self.stream.read(size)
        self.seen.feed(chunk)
        return chunk


def bound_xlsx_sheet(stream: IO[bytes], size: int, extent: Extent, shared: list[int]) -> bool:
    """Set ``extent`` to a bound of the sheet's cells and text; False if the sheet needs the exact measure.

    ``size`` is the sheet's unpacked size, as its package states it: a sheet larger than the limit of
    text is never bounded (its bound would say nothing). A sheet with no ``<f`` is marked as holding no formula.
    """
    if size > MAX_TEXT_CHARS:
        return False
    cells = PlainCells(shared)
    try:
        parse_xml(_Watched(stream, cells), chunk=_CHUNK)
    except _NotPlain:
        return False
    if cells.last_row:
        extent.add_cell(cells.last_row - 1, cells.last_col - 1)
    extent.text_chars = cells.size + cells.shared_chars
    extent.formulas = cells.formulas
    return True
