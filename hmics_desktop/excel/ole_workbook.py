"""Old Excel files (.xls) checked from their own records before any reader expands them.

An .xls is an OLE compound file holding a BIFF stream named ``Workbook`` (``Book`` for
Excel 5/95), in whatever letter case the program that wrote it chose. The container is
read here (a few fixed structures, every chain bounded), the stream found whatever its
case, and its records scanned for what decides whether the file can be read at all: a
password (FILEPASS), and how far the cells of each sheet really reach — four cells at the
corners of a 65,536 × 256 grid are refused here, never expanded. Files from Excel 2–4,
which are bare BIFF streams, are recognised and named.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from hmics_desktop.excel.grid import MAX_CELLS, Extent, UnreadableWorkbook, check_extents, shared_strings_extent

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_STREAM = 2
_ROOT = 5

# BIFF records.
_BOF, _EOF, _FILEPASS, _SST, _CONTINUE, _LABEL = 0x0809, 0x000A, 0x002F, 0x00FC, 0x003C, 0x0204
_BOUNDSHEET = 0x0085
# Records of cells with a value (blanks are not read), each starting with its row and column.
_CELL_RECORDS = {0x0203, 0x0204, 0x00FD, 0x027E, 0x0205, 0x0006, 0x00D6}
_MULTI_CELL_RECORDS = {0x00BD}  # MULRK: row, first column … last column
_DIMENSIONS = 0x0200  # the area the sheet claims; the reader sets memory aside for all of it
_LABELSST = 0x00FD
_NAMES_READ_AS_THEY_ARE = {"Workbook", "WORKBOOK", "Book", "BOOK"}  # python-calamine finds these itself
_OLD_BOF = {b"\x09\x00": "2.1", b"\x09\x02": "3.0", b"\x09\x04": "4.0"}


@dataclass
class OleWorkbook:
    """The BIFF stream of an .xls, under the name python-calamine looks for."""

    data: bytes  # the whole file, with the stream's directory name in the expected case
    renamed: bool  # whether the name had to be changed


def old_excel_version(head: bytes) -> str | None:
    """The version ("4.0") of a file from Excel 2.1, 3.0 or 4.0 (a bare BIFF stream), else None."""
    version = _OLD_BOF.get(head[:2])
    if version is None or len(head) < 4 or not 4 <= struct.unpack_from("<H", head, 2)[0] <= 16:
        return None
    return version


def check_ole(file_name: str, data: bytes) -> OleWorkbook:
    """The checked workbook inside an OLE file, or one sentence saying what the file is."""
    container = _Container(file_name, data)
    entries = container.entries()
    names = {name.lower(): index for index, (name, kind, _start, _size) in enumerate(entries) if kind == _STREAM}
    if "encryptedpackage" in names or "encryptioninfo" in names:
        raise UnreadableWorkbook(_password(file_name))
    if "worddocument" in names:
        raise UnreadableWorkbook(f"{file_name} is a Word 97–2003 document: open it in Word and save it as .docx.")
    wanted = "workbook" if "workbook" in names else "book" if "book" in names else None
    if wanted is None:
        raise UnreadableWorkbook(f"{file_name} is an Office file but not an Excel workbook.")
    if sum(1 for name, kind, _start, _size in entries if kind == _STREAM and name.lower() == wanted) > 1:
        raise UnreadableWorkbook(_damaged(file_name))  # two workbooks: the one measured must be the one read
    index = names[wanted]
    name, _kind, start, size = entries[index]
    _scan_biff(file_name, container.stream(start, size, mini=size < container.mini_cutoff))
    if name in _NAMES_READ_AS_THEY_ARE:
        return OleWorkbook(data, renamed=False)
    return OleWorkbook(container.renamed(index, "Workbook" if wanted == "workbook" else "Book"), renamed=True)


def _damaged(file_name: str) -> str:
    return f"{file_name} is damaged: Excel may still open it; if it does, save it again as .xlsx and import that copy."


def _password(file_name: str) -> str:
    return (
        f"{file_name} is protected with a password: open it in Excel, remove the password "
        "(File ▸ Info ▸ Protect Workbook) and save a copy, then import that copy."
    )


class _Container:
    """The few structures of an OLE compound file that locate a stream, each read with bounds."""

    def __init__(self, file_name: str, data: bytes) -> None:
        self.file_name, self.data = file_name, data
        if len(data) < 512:
            self._damaged()
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            self._damaged()
        self.sector = 1 << shift
        self.first_dir, _, self.mini_cutoff, self.first_minifat, _, first_difat, difat_count = struct.unpack_from(
            "<IIIIIII", data, 0x30
        )
        self.sector_count = max(0, -(-len(data) // self.sector) - 1)  # a last sector cut short still counts
        self.fat = self._fat(first_difat, difat_count)

    def _damaged(self) -> None:
        raise UnreadableWorkbook(_damaged(self.file_name))

    def _sector_bytes(self, number: int, *, whole: bool = True) -> bytes:
        """A sector; the file's last one may be cut short in a stream's data, never in the structures."""
        if number >= self.sector_count:
            self._damaged()
        offset = (number + 1) * self.sector
        found = self.data[offset : offset + self.sector]
        if whole and len(found) < self.sector:
            self._damaged()  # (python-calamine panics on a directory cut short)
        return found.ljust(self.sector, b"\0")

    def _fat(self, first_difat: int, difat_count: int) -> list[int]:
        fat_sectors = [n for n in struct.unpack_from("<109I", self.data, 0x4C) if n < self.sector_count]
        per_sector = self.sector // 4
        number, seen = first_difat, 0
        while number < self.sector_count and seen < min(difat_count, self.sector_count):
            entries = struct.unpack(f"<{per_sector}I", self._sector_bytes(number))
            fat_sectors.extend(n for n in entries[:-1] if n < self.sector_count)
            number, seen = entries[-1], seen + 1
        fat: list[int] = []
        for number in fat_sectors[: self.sector_count]:
            fat.extend(struct.unpack(f"<{per_sector}I", self._sector_bytes(number)))
        return fat

    def _chain(self, start: int, table: list[int], limit: int) -> list[int]:
        chain: list[int] = []
        number = start
        while number != _END_OF_CHAIN and len(chain) < limit:
            if number >= len(table):
                self._damaged()
            chain.append(number)
            number = table[number]
        return chain

    def entries(self) -> list[tuple[str, int, int, int]]:
        """(name, kind, first sector, size) of every directory entry."""
        directory = b"".join(self._sector_bytes(n) for n in self._chain(self.first_dir, self.fat, self.sector_count))
        found = []
        for offset in range(0, len(directory) - 127, 128):
            length, kind = struct.unpack_from("<HB", directory, offset + 0x40)
            start, size = struct.unpack_from("<IQ", directory, offset + 0x74)
            if self.sector == 512:
                size &= 0xFFFFFFFF  # version 3 files leave the high half undefined
            name = directory[offset : offset + max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
            found.append((name, kind, start, size))
        if not found or found[0][1] != _ROOT:
            self._damaged()
        self.root_start, self.root_size = found[0][2], found[0][3]
        self.directory_offsets = [
            (n + 1) * self.sector for n in self._chain(self.first_dir, self.fat, self.sector_count)
        ]
        return found

    def stream(self, start: int, size: int, *, mini: bool) -> bytes:
        if size > len(self.data):
            self._damaged()
        if not mini:
            sectors = self._chain(start, self.fat, self.sector_count)
            return b"".join(self._sector_bytes(n, whole=False) for n in sectors)[:size]
        minifat_bytes = b"".join(
            self._sector_bytes(n) for n in self._chain(self.first_minifat, self.fat, self.sector_count)
        )
        minifat = list(struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes))
        ministream = self.stream(self.root_start, self.root_size, mini=False)
        pieces = [ministream[n * 64 : n * 64 + 64] for n in self._chain(start, minifat, len(minifat))]
        return b"".join(pieces)[:size]

    def renamed(self, index: int, name: str) -> bytes:
        """The file with directory entry ``index`` named ``name``."""
        per_sector = self.sector // 128
        offset = self.directory_offsets[index // per_sector] + (index % per_sector) * 128
        encoded = (name + "\0").encode("utf-16-le")
        data = bytearray(self.data)
        data[offset : offset + 64] = encoded.ljust(64, b"\0")
        struct.pack_into("<H", data, offset + 0x40, len(encoded))
        return bytes(data)


def _scan_biff(file_name: str, stream: bytes) -> None:
    """Refuse a password or sheets whose cells reach far beyond any plan, from the records alone."""
    if len(stream) < 8 or struct.unpack_from("<H", stream, 0)[0] != _BOF:
        version = old_excel_version(stream[:4])
        if version is not None:
            raise UnreadableWorkbook(excel_4_message(file_name, version))
        raise UnreadableWorkbook(f"{file_name} is damaged: its workbook has no beginning; it cannot be read.")
    extents: list[Extent] = []
    names: list[str] = []
    current: Extent | None = None
    depth = 0
    sst_lengths: list[int] = []
    offset, end = 0, len(stream)
    while offset + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, offset)
        body = offset + 4
        offset = body + length
        if kind == _BOF:
            depth += 1
            if depth == 1:
                index = len(extents) - 1  # the first substream holds the workbook's globals
                current = Extent(names[index] if 0 <= index < len(names) else f"sheet {index + 1}")
                extents.append(current)
        elif kind == _EOF:
            depth = max(0, depth - 1)
        elif kind == _BOUNDSHEET and length >= 8:
            if struct.unpack_from("<I", stream, body)[0] >= end:  # where the sheet starts: past the end
                raise UnreadableWorkbook(_damaged(file_name))
            names.append(_sheet_name(stream[body + 6 : body + length]))
        elif kind == _FILEPASS:
            raise UnreadableWorkbook(_password(file_name))
        elif kind == _SST:
            sst_lengths = _sst_lengths(stream, body - 4)
        elif kind == _DIMENSIONS and current is not None and length in (10, 14):
            current.claimed = max(current.claimed, _claimed_cells(stream[body : body + length]))
        elif current is not None and length >= 4 and (kind in _CELL_RECORDS or kind in _MULTI_CELL_RECORDS):
            row, col = struct.unpack_from("<HH", stream, body)
            if kind in _MULTI_CELL_RECORDS and length >= 6:
                col = max(col, struct.unpack_from("<H", stream, body + length - 2)[0])
            current.add_cell(row, col)
            if kind == _LABELSST and length >= 10:
                index = struct.unpack_from("<I", stream, body + 6)[0]
                current.text_chars += sst_lengths[index] if index < len(sst_lengths) else 0
            elif kind == _LABEL and length >= 8:
                current.text_chars += struct.unpack_from("<H", stream, body + 6)[0]
    sheets = [e for e in extents[1:] if e.cells or e.claimed]  # the first substream holds the globals
    check_extents(file_name, [shared_strings_extent(file_name, sst_lengths), *sheets])


def _sheet_name(data: bytes) -> str:
    """A BOUNDSHEET record's name: its length in characters, a flag (1: two bytes each), the characters."""
    length, wide = data[0], len(data) > 1 and data[1] & 1
    raw = data[2 : 2 + length * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", errors="replace")


def _claimed_cells(record: bytes) -> int:
    """The cells python-calamine sets memory aside for on reading a DIMENSIONS record, worked out as it does.

    Rows and columns are unsigned 32-bit differences there: a first row after the last one wraps
    round to four billion rows.
    """
    if len(record) == 14:
        first_row, row_end, first_col, col_end = struct.unpack_from("<IIHH", record)
    else:
        first_row, row_end, first_col, col_end = struct.unpack_from("<HHHH", record)
    if first_col > 0xFF or col_end < first_col:
        first_col = 0
    if row_end < 1 or col_end < 1:
        return 1
    return ((row_end - first_row) % 2**32) * ((col_end - first_col) % 2**32)


def _sst_lengths(stream: bytes, offset: int) -> list[int]:
    """The length in characters of each shared string, following the SST's CONTINUE records."""
    pieces = []
    kind, length = struct.unpack_from("<HH", stream, offset)
    while True:
        pieces.append(stream[offset + 4 : offset + 4 + length])
        offset += 4 + length
        if offset + 4 > len(stream):
            break
        kind, length = struct.unpack_from("<HH", stream, offset)
        if kind != _CONTINUE:
            break
    lengths: list[int] = []
    if not pieces or len(pieces[0]) < 8:
        return lengths
    reader = _Pieces(pieces, 8)  # (the count the record states is not what a reader goes by: it reads all)
    while len(lengths) <= MAX_CELLS and reader.remaining():
        chars, flags = reader.u16(), reader.u8()
        runs = reader.u16() if flags & 0x08 else 0
        extra = reader.u32() if flags & 0x04 else 0
        reader.skip_chars(chars, wide=bool(flags & 0x01))
        reader.skip(4 * runs + extra)
        lengths.append(chars)
    return lengths


class _Pieces:
    """Reads across an SST and its CONTINUE records, where a string's characters may be split."""

    def __init__(self, pieces: list[bytes], offset: int) -> None:
        self.pieces, self.index, self.offset = pieces, 0, offset

    def remaining(self) -> bool:
        while self.index < len(self.pieces) and self.offset >= len(self.pieces[self.index]):
            self.index, self.offset = self.index + 1, 0
        return self.index < len(self.pieces)

    def _take(self, count: int) -> bytes:
        out = b""
        while len(out) < count and self.remaining():
            piece = self.pieces[self.index]
            part = piece[self.offset : self.offset + count - len(out)]
            out += part
            self.offset += len(part)
        return out.ljust(count, b"\0")

    def u8(self) -> int:
        return self._take(1)[0]

    def u16(self) -> int:
        return int(struct.unpack("<H", self._take(2))[0])

    def u32(self) -> int:
        return int(struct.unpack("<I", self._take(4))[0])

    def skip(self, count: int) -> None:
        self._take(count)

    def skip_chars(self, chars: int, *, wide: bool) -> None:
        """Characters may continue in the next record, which starts with its own width flag."""
        while chars > 0 and self.remaining():
            piece = self.pieces[self.index]
            width = 2 if wide else 1
            fits = min(chars, (len(piece) - self.offset) // width)
            self.offset += fits * width
            chars -= fits
            if chars > 0:
                self.index, self.offset = self.index + 1, 0
                if self.index >= len(self.pieces):
                    return
                wide = bool(self.pieces[self.index][:1] == b"\x01")
                self.offset = 1


def excel_4_message(file_name: str, version: str) -> str:
    return f"{file_name} is an Excel {version} file: open it in Excel and save it as .xlsx, then import that copy."
