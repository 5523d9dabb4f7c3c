"""Zipped files (.xlsx, .xlsm, .xlsb, .ods, .docx): what they are, and whether they are sane.

Every check runs on the package before a reader sees it: its parts and their unpacked
sizes (a zip bomb), entity declarations in any XML part (an XML bomb), and how far the
cells of each sheet really reach and how much text they hold once expanded. Excel 4.0
macro sheets in an ``.xlsm`` are left out of what the reader gets (said in a warning)
instead of failing the whole file.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from hmics_desktop.excel.grid import (
    MAX_WORD_XML_BYTES,
    Extent,
    UnreadableWorkbook,
    check_extents,
    shared_strings_extent,
)
from hmics_desktop.excel.sheet_extents import (
    XmlRefused,
    check_prolog,
    parse_xml,
    scan_ods,
    scan_xlsb_sheet,
    scan_xlsx_sheet,
    shared_string_lengths,
    xlsb_shared_string_lengths,
)
from hmics_desktop.excel.word_tables import DOCUMENT_PART

MAX_MEMBERS = 2_000
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
MAX_WORKBOOK_PART_BYTES = 10 * 1024 * 1024  # the list of sheets and names, which the reader holds whole
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_MACRO_TYPES = ("/xlMacrosheet", "/xlIntlMacrosheet")
_SHEET_ELEMENT = re.compile(rb"""<(?:[\w.-]+:)?sheet\s(?:[^>"']|"[^"]*"|'[^']*')*>""")
_RELATION_ID = re.compile(rb"""\s[\w.-]+:id\s*=\s*(["'])(.*?)\1""")


@dataclass
class Package:
    """A checked zipped file: its kind, and what to hand the reader."""

    kind: str  # "excel" (.xlsx, .xlsm, .xlsb), "ods" or "docx"
    data: bytes | None = None  # a trimmed copy for the reader, when macro sheets were left out
    skipped: list[str] = field(default_factory=list)  # names of Excel 4.0 macro sheets


def check_package(file_name: str, path: Any) -> Package:
    try:
        with zipfile.ZipFile(path) as archive:
            names = {m.filename for m in archive.infolist()}
            _check_sizes(file_name, archive)
            kind = _kind(file_name, archive, names)
            _check_xml_prologs(file_name, archive, names)
            if kind == "docx":
                if archive.getinfo(DOCUMENT_PART).file_size > MAX_WORD_XML_BYTES:
                    raise UnreadableWorkbook(f"{file_name} is a far longer document than any plan.")
                return Package("docx")
            if kind == "ods":
                check_extents(file_name, _measure(file_name, lambda: scan_ods(archive.open("content.xml"))))
                return Package("ods")
            return _check_excel(file_name, archive, names)
    except zipfile.BadZipFile:
        raise UnreadableWorkbook(f"{file_name} is damaged or incomplete (perhaps cut short while copying).") from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, RuntimeError, KeyError):
        raise UnreadableWorkbook(
            f"{file_name} is damaged: Excel may still open it; if it does, save it again and import that copy."
        ) from None


def _check_sizes(file_name: str, archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len({m.filename for m in members}) != len(members):  # two parts of one name: which one is read?
        raise zipfile.BadZipFile
    if len(members) > MAX_MEMBERS:
        raise UnreadableWorkbook(f"{file_name} holds {len(members)} parts, far more than any plan.")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES or any(
        m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members
    ):
        raise UnreadableWorkbook(f"{file_name} unpacks to far more data than any plan could hold.")
    if any(m.flag_bits & 0x1 for m in members):
        raise UnreadableWorkbook(_password(file_name, "the program that made it"))


def _password(file_name: str, program: str) -> str:
    return (
        f"{file_name} is protected with a password: open it in {program}, remove the password "
        "and save a copy, then import that copy."
    )


def _kind(file_name: str, archive: zipfile.ZipFile, names: set[str]) -> str:
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "excel"
    if DOCUMENT_PART in names:
        return "docx"
    mime = archive.read("mimetype")[:100].strip() if "mimetype" in names else b""
    if mime == _ODS_MIME and "content.xml" in names:
        manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
        if b"encryption-data" in manifest:
            raise UnreadableWorkbook(_password(file_name, "LibreOffice"))
        return "ods"
    if mime.startswith(b"application/vnd.oasis.opendocument.text"):
        raise UnreadableWorkbook(
            f"{file_name} is an OpenDocument text: open it in Word or LibreOffice Writer, save it as .docx "
            "and import that copy."
        )
    if "ppt/presentation.xml" in names:
        raise UnreadableWorkbook(f"{file_name} is a PowerPoint presentation, not a plan.")
    raise UnreadableWorkbook(
        f"{file_name} is a compressed folder, not a spreadsheet or a Word document: open it and import the plan inside."
    )


def _check_xml_prologs(file_name: str, archive: zipfile.ZipFile, names: set[str]) -> None:
    for name in sorted(names):
        if name.endswith((".xml", ".rels")):
            with archive.open(name) as stream:
                _measure(file_name, lambda stream=stream: check_prolog(stream))


def _measure(file_name: str, job: Any) -> Any:
    try:
        return job()
    except XmlRefused as refused:
        if "entity" in str(refused):
            raise UnreadableWorkbook(
                f"{file_name} was made to exhaust the computer's memory (an “XML bomb”); it was not read."
            ) from None
        raise UnreadableWorkbook(
            f"{file_name} is damaged: Excel may still open it; if it does, save it again and import that copy."
        ) from None


def _check_excel(file_name: str, archive: zipfile.ZipFile, names: set[str]) -> Package:
    binary = "xl/workbook.bin" in names
    workbook = "xl/workbook.bin" if binary else "xl/workbook.xml"
    if archive.getinfo(workbook).file_size > MAX_WORKBOOK_PART_BYTES:
        raise UnreadableWorkbook(f"{file_name} lists far more sheets and names than any plan.")
    sheets = _sheet_parts(file_name, archive, binary)
    macros = [sheet.name for sheet in sheets if sheet.macro]
    extents: list[Extent] = []
    shared: list[int] = []
    strings = "xl/sharedStrings.bin" if binary else "xl/sharedStrings.xml"
    if strings in names:
        with archive.open(strings) as stream:
            shared = (
                xlsb_shared_string_lengths(stream)
                if binary
                else _measure(file_name, lambda: shared_string_lengths(stream))
            )
        extents.append(shared_strings_extent(file_name, shared))
    for sheet in sheets:
        if sheet.macro or sheet.part not in names:
            continue
        extent = Extent(sheet.name)
        with archive.open(sheet.part) as stream:
            if binary:
                scan_xlsb_sheet(stream, extent, shared)
            else:
                _measure(file_name, lambda stream=stream, extent=extent: scan_xlsx_sheet(stream, extent, shared))
        extents.append(extent)
    check_extents(file_name, extents)
    if not macros or binary:
        return Package("excel", skipped=macros)
    return Package("excel", _without_macro_sheets(archive, sheets), macros)


@dataclass
class _SheetPart:
    name: str
    part: str  # its path in the package
    relation: str  # its relationship id in the workbook
    macro: bool  # an Excel 4.0 macro sheet


def _sheet_parts(file_name: str, archive: zipfile.ZipFile, binary: bool) -> list[_SheetPart]:
    """Each sheet the workbook lists."""
    relations: dict[str, tuple[str, str]] = {}
    rels = "xl/_rels/workbook.bin.rels" if binary else "xl/_rels/workbook.xml.rels"

    def relation(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "Relationship":
            target = attrs.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            relations[attrs.get("Id", "")] = (attrs.get("Type", ""), part)

    if rels in archive.namelist():
        with archive.open(rels) as stream:
            _measure(file_name, lambda: parse_xml(stream, relation))
    if binary:  # sheet names live in the binary workbook; the reader names them, the parts suffice here
        return [_SheetPart(part.rpartition("/")[2], part, rid, kind.endswith(_MACRO_TYPES))
                for rid, (kind, part) in relations.items() if "sheet" in kind.lower()]  # fmt: skip
    sheets: list[_SheetPart] = []

    def sheet(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "sheet":
            rid = next((v for k, v in attrs.items() if k.endswith(":id")), "")
            kind, part = relations.get(rid, ("", ""))
            macro = kind.endswith(_MACRO_TYPES) or "/macrosheets/" in part
            sheets.append(_SheetPart(attrs.get("name", part), part, rid, macro))

    with archive.open("xl/workbook.xml") as stream:
        _measure(file_name, lambda: parse_xml(stream, sheet))
    return sheets


def _without_macro_sheets(archive: zipfile.ZipFile, sheets: list[_SheetPart]) -> bytes:
    """A copy of the package with the macro sheets taken out of the workbook's list of sheets."""
    macro_parts = {sheet.part for sheet in sheets if sheet.macro}
    relations = {sheet.relation.encode() for sheet in sheets if sheet.macro}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in archive.infolist():
            if member.filename in macro_parts:
                continue
            data = archive.read(member.filename)
            if member.filename == "xl/workbook.xml":
                data = _SHEET_ELEMENT.sub(lambda m: b"" if _relation_of(m.group(0)) in relations else m.group(0), data)
            copy.writestr(member, data)
    return out.getvalue()


def _relation_of(element: bytes) -> bytes | None:
    match = _RELATION_ID.search(element)
    return match.group(2) if match else None
