"""Read a spreadsheet into plain grids, refusing anything that is not a sane workbook.

Every check runs before the real parse: the file's kind by its first bytes, the zip
archive's members and sizes, XML entity declarations (an XML bomb), and the area the
cells actually span (never the dimensions the file claims). python-calamine then reads
``.xlsx`` and ``.xls`` alike, fast, with merged ranges. Every failure is one
:class:`UnreadableWorkbook` sentence in the user's words.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2_000
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB
MAX_SHEETS = 200
MAX_CELLS_PER_SHEET = 3_000_000

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CELL_REF = re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})(\d{1,7})"[^>]*?(/?)>')
_ENTITY = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class UnreadableWorkbook(Exception):
    """A file that is not a readable plan; ``str()`` is one sentence for the user."""


Merge = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col))


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    merged: list[Merge] = field(default_factory=list)


def read_workbook(path: Path) -> list[Sheet]:
    """The visible worksheets of ``path``, as rows of cell values from A1."""
    head = _check_file(path)
    if head.startswith(_ZIP):
        _check_zip(path)
    elif head.startswith(_OLE):
        _check_ole(path)
    else:
        raise UnreadableWorkbook(f"{path.name} is not a spreadsheet (an Excel .xlsx or .xls file).")
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        return [_read_sheet(workbook, meta.name) for meta in workbook.sheets_metadata if _is_visible_sheet(meta)]
    except python_calamine.PasswordError:
        raise UnreadableWorkbook(f"{path.name} is protected with a password; save a copy without one.") from None
    except (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError, ValueError) as error:
        raise UnreadableWorkbook(f"{path.name} is damaged and cannot be read ({_short(error)}).") from None


def _short(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text[:120] or type(error).__name__


def _is_visible_sheet(meta: Any) -> bool:
    return str(meta.typ).endswith("WorkSheet") and str(meta.visible).endswith("Visible")


def _read_sheet(workbook: Any, name: str) -> Sheet:
    sheet = workbook.get_sheet_by_name(name)
    rows = sheet.to_python(skip_empty_area=False)
    if len(rows) * max((len(r) for r in rows), default=0) > MAX_CELLS_PER_SHEET:
        raise UnreadableWorkbook(f"the sheet “{name}” is far larger than any plan; it was not read.")
    merged = [((a[0], a[1]), (b[0], b[1])) for a, b in (sheet.merged_cell_ranges or [])]
    return Sheet(name=name, rows=rows, merged=merged)


def _check_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise UnreadableWorkbook(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise UnreadableWorkbook(f"{path.name} is a folder, not a spreadsheet.") from None
    except OSError as error:
        raise UnreadableWorkbook(f"{path.name} cannot be opened ({error.strerror}).") from None
    if size == 0:
        raise UnreadableWorkbook(f"{path.name} is empty (0 bytes).")
    if size > MAX_FILE_BYTES:
        raise UnreadableWorkbook(
            f"{path.name} is {size // (1024 * 1024)} MB, larger than any plan (the limit is "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB)."
        )
    return head


def _check_ole(path: Path) -> None:
    """An OLE file is an old .xls, or an encrypted (password-protected) .xlsx."""
    data = path.read_bytes()
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        raise UnreadableWorkbook(f"{path.name} is protected with a password; save a copy without one.")
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        raise UnreadableWorkbook(f"{path.name} is an Office file but not an Excel workbook.")


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                kind = "a Word document" if "word/document.xml" in names else "a zip archive"
                raise UnreadableWorkbook(f"{path.name} is {kind}, not an Excel workbook.")
            if len(members) > MAX_MEMBERS:
                raise UnreadableWorkbook(f"{path.name} holds {len(members)} parts, far more than any workbook.")
            total = sum(m.file_size for m in members)
            if total > MAX_UNCOMPRESSED_BYTES or any(
                m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members
            ):
                raise UnreadableWorkbook(f"{path.name} unpacks to far more data than any plan (a zip bomb?).")
            sheets = [m for m in members if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")]
            if len(sheets) > MAX_SHEETS:
                raise UnreadableWorkbook(f"{path.name} has {len(sheets)} sheets, far more than any plan.")
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    _check_xml_member(archive, member, path.name, measure=member in sheets)
    except zipfile.BadZipFile:
        raise UnreadableWorkbook(f"{path.name} is damaged or incomplete (perhaps cut short while copying).") from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, RuntimeError) as error:
        raise UnreadableWorkbook(f"{path.name} cannot be unpacked ({_short(error)}).") from None


def _check_xml_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, file_name: str, *, measure: bool) -> None:
    """Refuse entity declarations; for a worksheet, measure the area its cells really span."""
    max_row = max_col = 0
    carry = b""
    with archive.open(member) as stream:
        first = True
        while chunk := stream.read(1 << 20):
            block = carry + chunk
            if first and _ENTITY.search(block[:4096]):
                raise UnreadableWorkbook(f"{file_name} contains XML entity declarations, which Excel never writes.")
            first = False
            if not measure:
                break
            for match in _CELL_REF.finditer(block):
                if match.group(3):  # <c r="A1"/>: an empty, formatted cell
                    continue
                max_row = max(max_row, int(match.group(2)))
                max_col = max(max_col, _column_number(match.group(1)))
            carry = block[-256:]
    if max_row * max_col > MAX_CELLS_PER_SHEET:
        raise UnreadableWorkbook(
            f"{file_name} has cells spread over {max_row:,} rows and {max_col:,} columns, far more than any plan."
        )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
