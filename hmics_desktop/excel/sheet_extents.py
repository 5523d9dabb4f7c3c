"""How far the cells of a zipped workbook's sheets reach, measured before any reader expands them.

The sheets of an ``.xlsx``/``.xlsm`` and the ``content.xml`` of an ``.ods`` are read with
expat, a real XML parser, so no attribute order or quoting (``<c t="inlineStr"
r='XFD1048576'>``) and no cell without a reference under ``<row r="1048576">`` can dodge the
measure; a DOCTYPE (entity declarations: an XML bomb) anywhere before the first element is
refused. The records of an ``.xlsb`` are walked the same way. Text is counted as it will be
expanded: a shared string once per cell that refers to it. What a sheet says of its own size
(``<dimension>``, ``BrtWsDim``) is not measured: python-calamine sets aside memory for at most
100,000 cells from it, and expands only the cells it finds — which are what is measured here.
"""

from __future__ import annotations

import contextlib
import re
import struct
from collections.abc import Callable
from typing import IO, Any, Protocol
from xml.parsers import expat

from hmics_desktop.excel.grid import MAX_CELLS, MAX_TEXT_CHARS, Extent

_CHUNK = 1 << 20
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]+)$")
_HUGE = 10**9


class XmlRefused(Exception):
    """The XML is not well formed (or is not XML at all)."""


class XmlBomb(XmlRefused):
    """The XML declares entities: an XML bomb."""


class _Exceeded(Exception):
    """A sheet already reaches beyond the limits: no need to read on (the caller says so)."""


def _stop_if_exceeded(extent: Extent) -> None:
    if extent.cells > MAX_CELLS or extent.text_chars > MAX_TEXT_CHARS:
        raise _Exceeded


def _number(text: str | None, default: int) -> int:
    if text is None:
        return default
    return int(text) if text.isdigit() and len(text) <= 9 else _HUGE


def _cell_reference(ref: str | None) -> tuple[int, int] | None:
    """``"XFD1048576"`` → (1048575, 16383), 0-based; None when it is not a reference."""
    match = _REFERENCE.match(ref) if ref else None
    if match is None:
        return None
    col = 0
    for letter in match.group(1).upper():
        col = col * 26 + ord(letter) - 64
    return _number(match.group(2), _HUGE) - 1, col - 1


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


def parse_xml(stream: Readable, start: Callable[..., None] | None = None, end: Callable[..., None] | None = None,
              text: Callable[[str], None] | None = None, chunk: int = _CHUNK) -> None:  # fmt: skip
    """Feed ``stream`` through expat in chunks; a DOCTYPE or malformed XML raises :class:`XmlRefused`."""
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def refuse(*_args: Any) -> None:
        raise XmlBomb("entity declarations")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    if start is not None:
        parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        while data := stream.read(chunk):
            parser.Parse(data, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise XmlRefused(str(error)) from None


class _StopParsing(Exception):
    pass


def check_prolog(stream: IO[bytes]) -> None:
    """Refuse entity declarations in an XML part, reading only up to its first element."""

    def stop(*_args: Any) -> None:
        raise _StopParsing

    try:
        parse_xml(stream, stop, chunk=4096)
    except XmlBomb:
        raise
    except (_StopParsing, XmlRefused):
        return  # at the first element; or a part that is not XML, the reader's affair (it may never read it)


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def shared_string_lengths(stream: IO[bytes]) -> list[int]:
    """The length of each string of ``xl/sharedStrings.xml``."""
    lengths: list[int] = []
    depth = [0]

    def start(name: str, _attrs: dict[str, str]) -> None:
        if _local(name) == "si":
            lengths.append(0)
            depth[0] += 1
            if len(lengths) > MAX_CELLS:
                raise _Exceeded

    def end(name: str) -> None:
        if _local(name) == "si":
            depth[0] -= 1

    def text(data: str) -> None:
        if depth[0] and lengths:
            lengths[-1] += len(data)

    with contextlib.suppress(_Exceeded):  # the caller refuses so many strings
        parse_xml(stream, start, end, text)
    return lengths


class XlsxSheetScan:
    """Follows rows and cells the way a reader places them: a cell's ``r``, else the next column."""

    def __init__(self, extent: Extent, shared: list[int]) -> None:
        self.extent, self.shared = extent, shared
        self.row = self.col = -1
        self.cell: tuple[int, int] | None = None
        self.cell_tag = "c"
        self.cell_is_shared = self.filled = False
        self.index = ""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        # Called for every element of the sheet: the common names are tested first, without slicing.
        if name == "c" or name.endswith(":c"):
            place = _cell_reference(attrs.get("r"))
            row, self.col = place if place is not None else (self.row, self.col + 1)
            self.cell, self.cell_tag, self.filled = (row, self.col), name, False
            self.cell_is_shared = attrs.get("t") == "s"
        elif name == "row" or name.endswith(":row"):
            self.row = _number(attrs.get("r"), self.row + 2) - 1
            self.col = -1

    def end(self, name: str) -> None:
        if name != self.cell_tag or self.cell is None:
            return
        if self.filled:
            extent = self.extent
            row, col = self.cell
            if row > extent.last_row or col > extent.last_col:
                extent.add_cell(row, col)
                _stop_if_exceeded(extent)
            if self.cell_is_shared:
                index = _number(self.index.strip() or "0", _HUGE)
                extent.text_chars += self.shared[index] if index < len(self.shared) else 0
                self.index = ""
                _stop_if_exceeded(extent)
        self.cell = None

    def text(self, data: str) -> None:
        if self.cell is None or data.isspace():
            return
        self.filled = True
        if self.cell_is_shared:
            self.index += data[:20]
        else:
            self.extent.text_chars += len(data)


def scan_xlsx_sheet(stream: IO[bytes], extent: Extent, shared: list[int]) -> None:
    scan = XlsxSheetScan(extent, shared)
    try:
        parse_xml(stream, scan.start, scan.end, scan.text)
    except _Exceeded:
        return


class UncalculatedFormulas(XlsxSheetScan):
    """The cells of a sheet that hold a formula but no saved value (a workbook written by a program, not Excel).

    Such a cell reads as empty. A formula whose saved value is empty text says so (``t="str"``) and is not one.
    """

    def __init__(self) -> None:
        super().__init__(Extent("formulas"), [])
        self.found: list[tuple[int, int]] = []
        self.formula = self.valued = self.in_value = self.text_result = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        super().start(name, attrs)
        local = _local(name)
        if local == "c":
            self.formula = self.valued = False
            self.text_result = attrs.get("t") == "str"
        elif local == "f" and self.cell is not None:
            self.formula = True
        elif local == "v":
            self.in_value = True

    def end(self, name: str) -> None:
        local = _local(name)
        if local == "v":
            self.in_value = False
        elif name == self.cell_tag and self.cell is not None and self.formula and not (self.valued or self.text_result):
            self.found.append(self.cell)
        super().end(name)

    def text(self, data: str) -> None:
        if self.in_value and not data.isspace():
            self.valued = True


def uncalculated_formulas(stream: IO[bytes]) -> list[tuple[int, int]]:
    """(row, column), 0-based, of each cell of an ``.xlsx`` sheet holding a formula without a saved value."""
    scan = UncalculatedFormulas()
    with contextlib.suppress(_Exceeded):
        parse_xml(stream, scan.start, scan.end, scan.text)
    return scan.found


class OdsScan:
    """The tables of an ``.ods`` ``content.xml``: repeated rows and cells counted, never expanded."""

    def __init__(self) -> None:
        self.extents: list[Extent] = []
        self.row = self.col = -1
        self.row_repeat = self.cell_repeat = 1
        self.cell_start = -1
        self.cell_text = self.row_text = 0
        self.in_cell = self.cell_filled = self.row_filled = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "table" and name.startswith("table:"):
            self.extents.append(Extent(attrs.get("table:name", f"sheet {len(self.extents) + 1}")))
            self.row = -1
        elif local == "table-row":
            self.row_repeat = _number(attrs.get("table:number-rows-repeated"), 1)
            self.col, self.row_text, self.row_filled = -1, 0, False
        elif local in ("table-cell", "covered-table-cell"):
            self.cell_repeat = _number(attrs.get("table:number-columns-repeated"), 1)
            self.cell_start, self.col = self.col + 1, self.col + self.cell_repeat
            self.in_cell, self.cell_text = True, 0
            self.cell_filled = "office:value-type" in attrs
        elif self.in_cell:
            self.cell_filled = True  # <text:p> and the like: the cell has content

    def end(self, name: str) -> None:
        local = _local(name)
        if local in ("table-cell", "covered-table-cell") and self.extents:
            self.in_cell = False
            if self.cell_filled:
                self.extents[-1].last_col = max(self.extents[-1].last_col, self.col)
                self.row_text += self.cell_text * self.cell_repeat
                self.row_filled = True
        elif local == "table-row" and self.extents:
            first = self.row + 1
            self.row += self.row_repeat
            if self.row_filled:
                extent = self.extents[-1]
                extent.last_row = max(extent.last_row, first + self.row_repeat - 1)
                extent.text_chars += self.row_text * self.row_repeat
                _stop_if_exceeded(extent)

    def text(self, data: str) -> None:
        if self.in_cell:
            self.cell_text += len(data)


def scan_ods(stream: IO[bytes]) -> list[Extent]:
    scan = OdsScan()
    with contextlib.suppress(_Exceeded):
        parse_xml(stream, scan.start, scan.end, scan.text)
    return scan.extents


# .xlsb: records are a 1–2 byte type and a 1–4 byte size, both 7 bits a byte.
_ROW_HEADER, _SST_ITEM = 0x00, 0x13
_CELL_TYPES = set(range(2, 12)) | {0x3E}  # RK, error, bool, real, string, shared string, formulas, rich text
_INLINE_TEXT = {0x06: 8, 0x08: 8, 0x3E: 9}  # record type → offset of the character count
_SHARED_TEXT = 0x07


def _records(stream: IO[bytes]) -> Any:
    """Each (type, body) of a binary part, bodies over 64 KB cut short (no cell needs more)."""
    buffer, position = b"", 0

    def need(count: int) -> bool:
        nonlocal buffer, position
        while len(buffer) - position < count:
            chunk = stream.read(_CHUNK)
            if not chunk:
                return False
            buffer, position = buffer[position:] + chunk, 0
        return True

    def varint(max_bytes: int) -> int | None:
        nonlocal position
        value = 0
        for shift in range(max_bytes):
            if not need(1):
                return None
            byte = buffer[position]
            position += 1
            value |= (byte & 0x7F) << (7 * shift)
            if not byte & 0x80:
                break
        return value

    while (kind := varint(2)) is not None:
        size = varint(4)
        if size is None:
            return
        kept = min(size, 1 << 16)
        if not need(kept):
            return
        yield kind, buffer[position : position + kept]
        position += kept
        skip = size - kept
        while skip > 0:
            available = len(buffer) - position
            if available >= skip:
                position += skip
                break
            skip -= available
            buffer, position = stream.read(min(skip, _CHUNK)), 0
            if not buffer:
                return


def xlsb_shared_string_lengths(stream: IO[bytes]) -> list[int]:
    lengths = []
    for kind, body in _records(stream):
        if kind == _SST_ITEM and len(body) >= 5:
            lengths.append(struct.unpack_from("<I", body, 1)[0])
            if len(lengths) > MAX_CELLS:
                break  # the caller refuses so many strings
    return lengths


def scan_xlsb_sheet(stream: IO[bytes], extent: Extent, shared: list[int]) -> None:
    row = 0
    for kind, body in _records(stream):
        if kind == _ROW_HEADER and len(body) >= 4:
            row = struct.unpack_from("<I", body)[0]
        elif kind in _CELL_TYPES and len(body) >= 4:
            extent.add_cell(row, struct.unpack_from("<I", body)[0])
            offset = _INLINE_TEXT.get(kind)
            if offset is not None and len(body) >= offset + 4:
                extent.text_chars += struct.unpack_from("<I", body, offset)[0]
            elif kind == _SHARED_TEXT and len(body) >= 12:
                index = struct.unpack_from("<I", body, 8)[0]
                extent.text_chars += shared[index] if index < len(shared) else 0
            if extent.cells > MAX_CELLS or extent.text_chars > MAX_TEXT_CHARS:
                return
