"""Zipped files (.xlsx, .xlsm, .xlsb, .ods, .docx): what they are, and whether they are sane.

Every check runs on the package before a reader sees it: its parts and their unpacked
sizes (a zip bomb), entity declarations in any XML part (an XML bomb), and how far the
cells of each sheet really reach and how much text they hold once expanded (bounded quickly
when a sheet is written plainly, and measured exactly when that bound passes a limit). Excel 4.0
macro sheets in an ``.xlsm`` are left out of what the reader gets (said in a warning)
instead of failing the whole file.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from hmics_desktop.domain.control_characters import without_control_characters
from hmics_desktop.excel.grid import (
    MAX_WORD_XML_BYTES,
    Extent,
    UnreadableWorkbook,
    check_extents,
    shared_strings_extent,
)
from hmics_desktop.excel.page_header import header_in
from hmics_desktop.excel.sheet_bounds import bound_xlsx_sheet
from hmics_desktop.excel.sheet_extents import (
    XmlBomb,
    XmlRefused,
    check_prolog,
    parse_xml,
    scan_ods,
    scan_xlsb_sheet,
    scan_xlsx_sheet,
    shared_string_lengths,
    uncalculated_formulas,
    xlsb_shared_string_lengths,
)
from hmics_desktop.excel.word_xml import DOCUMENT_PART

MAX_MEMBERS = 2_000
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
MAX_WORKBOOK_PART_BYTES = 10 * 1024 * 1024  # the list of sheets and names, which the reader holds whole
MAX_PROPERTIES_BYTES = 1024 * 1024  # the document's properties: a title and a few dates
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_MACRO_TYPES = ("/xlMacrosheet", "/xlIntlMacrosheet")
_SHEET_ELEMENT = re.compile(rb"""<(?:[\w.-]+:)?sheet\s(?:[^>"']|"[^"]*"|'[^']*')*>""")
_RELATION_ID = re.compile(rb"""\s[\w.-]+:id\s*=\s*(["'])(.*?)\1""")


@dataclass
class Package:
    """A checked zipped file: its kind, and what to hand the reader."""

    kind: str  # "excel" (.xlsx, .xlsm, .xlsb), "ods" or "docx"
    main: str = ""  # the member holding the workbook or the document
    data: bytes | None = None  # a trimmed copy for the reader, when macro sheets were left out
    skipped: list[str] = field(default_factory=list)  # names of Excel 4.0 macro sheets
    uncalculated: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # see uncalculated_formulas
    title: str | None = None  # the document's title property, where it has one
    headers: dict[str, str] = field(default_factory=dict)  # each sheet's page header (its centre's words)
    parts: dict[str, str] = field(default_factory=dict)  # each sheet's XML part (an .xlsx's, not an .xlsb's)
    styles: str | None = None  # the part holding the cells' styles (their number formats)


class _Parts:
    """A package's members found the way the readers find them: any letter case, either slash."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        members = archive.infolist()
        self.names = {_normal(m.filename): m.filename for m in members}
        if len(self.names) != len(members):  # two members of one name: which one would be read?
            raise zipfile.BadZipFile

    def __contains__(self, name: str) -> bool:
        return _normal(name) in self.names

    def member(self, name: str) -> str:
        return self.names[_normal(name)]

    def open(self, name: str) -> IO[bytes]:
        return self.archive.open(self.member(name))

    def size(self, name: str) -> int:
        return self.archive.getinfo(self.member(name)).file_size

    def relations(self, file_name: str, part: str) -> dict[str, tuple[str, str]]:
        """The relationships of ``part`` (``""`` for the package's): id → (type, target part)."""
        folder, _, base = part.rpartition("/")
        rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        found: dict[str, tuple[str, str]] = {}

        def relation(name: str, attrs: dict[str, str]) -> None:
            if name.rpartition(":")[2] == "Relationship":
                found[attrs.get("Id", "")] = (attrs.get("Type", ""), _resolve(folder, attrs.get("Target", "")))

        if rels in self:
            with self.open(rels) as stream:
                _measure(file_name, lambda: parse_xml(stream, relation))
        return found


def _normal(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").lower()


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return _normal(target)
    return _normal(posixpath.normpath(posixpath.join(folder, target)))


def check_package(file_name: str, path: Any) -> Package:
    try:
        with zipfile.ZipFile(path) as archive:
            _check_sizes(file_name, archive)
            parts = _Parts(archive)
            kind, main = _kind(file_name, parts)
            _check_xml_prologs(file_name, parts)
            if kind == "docx":
                if parts.size(main) > MAX_WORD_XML_BYTES:
                    raise UnreadableWorkbook(f"{file_name} is a far longer document than any plan.")
                package = Package("docx", parts.member(main))
            elif kind == "ods":
                check_extents(file_name, _measure(file_name, lambda: scan_ods(parts.open("content.xml"))))
                package = Package("ods")
            else:
                package = _check_excel(file_name, parts, main)
            package.title = _title(file_name, parts, kind)
            return package
    except zipfile.BadZipFile:
        raise UnreadableWorkbook(f"{file_name} is damaged or incomplete (perhaps cut short while copying).") from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, RuntimeError, KeyError):
        raise UnreadableWorkbook(_damaged(file_name)) from None


def _core_part(file_name: str, parts: _Parts) -> str:
    """The part holding the document's properties (its title…), as the package names it."""
    for kind, target in parts.relations(file_name, "").values():
        if kind.endswith("/core-properties"):
            return target
    return "docProps/core.xml"


def _title(file_name: str, parts: _Parts, kind: str) -> str | None:
    """The title in the document's properties (Dublin Core's ``title``); None when it has none or is unreadable.

    The title only helps name the inspection: a damaged properties part is no reason to refuse the file.
    """
    found: list[str] = []
    inside: list[bool] = [False]

    def start(name: str, _attrs: dict[str, str]) -> None:
        inside[0] = name.rpartition(":")[2] == "title"

    def end(_name: str) -> None:
        inside[0] = False

    def text(data: str) -> None:
        if inside[0]:
            found.append(data)

    try:
        part = "meta.xml" if kind == "ods" else _core_part(file_name, parts)
        if part not in parts or parts.size(part) > MAX_PROPERTIES_BYTES:
            return None
        with parts.open(part) as stream:
            parse_xml(stream, start, end, text)
    except (XmlRefused, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError,
            RuntimeError, KeyError):  # fmt: skip
        return None
    title = " ".join("".join(found).split())
    return without_control_characters(title) or None


def _damaged(file_name: str) -> str:
    return (
        f"{file_name} is damaged: if the program that made it still opens it, save it again under a new name "
        "and import that copy."
    )


def _check_sizes(file_name: str, archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
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


def _kind(file_name: str, parts: _Parts) -> tuple[str, str]:
    """The package's kind and its main part (the workbook, the document), as the package names it."""
    main = next((target for kind, target in parts.relations(file_name, "").values()
                 if kind.endswith("/officeDocument") and target in parts), "")  # fmt: skip
    main = main or next((p for p in ("xl/workbook.xml", "xl/workbook.bin", DOCUMENT_PART) if p in parts), "")
    if main.endswith(("workbook.xml", "workbook.bin")):
        return "excel", main
    if main.endswith("document.xml"):
        return "docx", main
    mime = parts.archive.read(parts.member("mimetype"))[:100].strip() if "mimetype" in parts else b""
    if mime == _ODS_MIME and "content.xml" in parts:
        manifest = (
            parts.archive.read(parts.member("META-INF/manifest.xml")) if "META-INF/manifest.xml" in parts else b""
        )
        if b"encryption-data" in manifest:
            raise UnreadableWorkbook(_password(file_name, "LibreOffice"))
        return "ods", "content.xml"
    if mime.startswith(b"application/vnd.oasis.opendocument.text"):
        raise UnreadableWorkbook(
            f"{file_name} is an OpenDocument text: open it in Word or LibreOffice Writer, save it as .docx "
            "and import that copy."
        )
    if "ppt/presentation.xml" in parts:
        raise UnreadableWorkbook(f"{file_name} is a PowerPoint presentation, not a plan.")
    raise UnreadableWorkbook(
        f"{file_name} is a compressed folder, not a spreadsheet or a Word document: open it and import the plan inside."
    )


def _check_xml_prologs(file_name: str, parts: _Parts) -> None:
    for name in sorted(parts.names.values()):
        if name.endswith((".xml", ".rels")):
            with parts.archive.open(name) as stream:
                _measure(file_name, lambda stream=stream: check_prolog(stream))


def _measure(file_name: str, job: Any) -> Any:
    try:
        return job()
    except XmlBomb:
        raise UnreadableWorkbook(
            f"{file_name} was made to exhaust the computer's memory (an “XML bomb”); it was not read."
        ) from None
    except XmlRefused:
        raise UnreadableWorkbook(_damaged(file_name)) from None


def _check_excel(file_name: str, parts: _Parts, main: str) -> Package:
    binary = main.endswith(".bin")
    if parts.size(main) > MAX_WORKBOOK_PART_BYTES:
        raise UnreadableWorkbook(f"{file_name} lists far more sheets and names than any plan.")
    relations = parts.relations(file_name, main)
    sheets = _sheet_parts(file_name, parts, main, relations)
    macros = [sheet.name for sheet in sheets if sheet.macro]
    extents: list[Extent] = []
    shared: list[int] = []
    folder = main.rpartition("/")[0]  # the reader takes the shared strings from beside the workbook
    strings = f"{folder}/sharedStrings.{'bin' if binary else 'xml'}".lstrip("/")
    if strings in parts:
        with parts.open(strings) as stream:
            shared = (
                xlsb_shared_string_lengths(stream)
                if binary
                else _measure(file_name, lambda: shared_string_lengths(stream))
            )
        extents.append(shared_strings_extent(file_name, shared))
    listed = [sheet for sheet in sheets if not sheet.macro and sheet.part in parts]
    measured = [_sheet_extent(file_name, parts, sheet, shared, binary, quick=True) for sheet in listed]
    sheet_extents = [extent for extent, _bound in measured]
    if any(bound for _extent, bound in measured) and not _within_limits(file_name, extents + sheet_extents):
        sheet_extents = [_sheet_extent(file_name, parts, sheet, shared, binary, quick=False)[0] for sheet in listed]
    check_extents(file_name, extents + sheet_extents)
    formulas = {} if binary else _uncalculated_formulas(file_name, parts, listed, sheet_extents)
    if not macros or binary:
        package = Package("excel", parts.member(main), skipped=macros, uncalculated=formulas)
    else:
        package = Package("excel", parts.member(main), _without_macro_sheets(parts, main, sheets), macros, formulas)
    if not binary:
        package.headers = _page_headers(parts, listed)
        package.parts = {sheet.name: parts.member(sheet.part) for sheet in listed}
        styles = next((target for kind, target in relations.values() if kind.endswith("/styles")), "")
        package.styles = parts.member(styles) if styles in parts else None
    return package


def _page_headers(parts: _Parts, listed: list[_SheetPart]) -> dict[str, str]:
    """Each sheet's page header, where it has one (an exported plan's names its inspection in full)."""
    headers = {}
    for sheet in listed:
        with parts.open(sheet.part) as stream:
            header = header_in(stream)
        if header:
            headers[sheet.name] = header
    return headers


def _uncalculated_formulas(
    file_name: str, parts: _Parts, listed: list[_SheetPart], extents: list[Extent]
) -> dict[str, list[tuple[int, int]]]:
    """The cells, by sheet, holding a formula without a saved value (the sheets a quick look found none in skipped)."""
    found = {}
    for sheet, extent in zip(listed, extents, strict=True):
        if extent.formulas:
            with parts.open(sheet.part) as stream:
                cells = _measure(file_name, lambda stream=stream: uncalculated_formulas(stream))
            if cells:
                found[sheet.name] = cells
    return found


def _sheet_extent(file_name: str, parts: _Parts, sheet: _SheetPart, shared: list[int], binary: bool,
                  quick: bool) -> tuple[Extent, bool]:  # fmt: skip
    """How far a sheet's cells reach, and whether that is only a bound (see :mod:`sheet_bounds`)."""
    extent = Extent(sheet.name)
    with parts.open(sheet.part) as stream:
        if binary:
            scan_xlsb_sheet(stream, extent, shared)
            return extent, False
        if quick and _measure(file_name, lambda: bound_xlsx_sheet(stream, parts.size(sheet.part), extent, shared)):
            return extent, True
    with parts.open(sheet.part) as stream:
        _measure(file_name, lambda: scan_xlsx_sheet(stream, extent, shared))
    return extent, False


def _within_limits(file_name: str, extents: list[Extent]) -> bool:
    try:
        check_extents(file_name, extents)
    except UnreadableWorkbook:
        return False
    return True


@dataclass
class _SheetPart:
    name: str
    part: str  # its path in the package
    relation: str  # its relationship id in the workbook
    macro: bool  # an Excel 4.0 macro sheet


def _sheet_parts(file_name: str, parts: _Parts, main: str, relations: dict[str, tuple[str, str]]) -> list[_SheetPart]:
    """Each sheet the workbook lists."""
    if main.endswith(".bin"):  # sheet names live in the binary workbook; the reader names them, parts suffice here
        return [_SheetPart(part.rpartition("/")[2], part, rid, kind.endswith(_MACRO_TYPES))
                for rid, (kind, part) in relations.items() if "sheet" in kind.lower()]  # fmt: skip
    sheets: list[_SheetPart] = []

    def sheet(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "sheet":
            rid = next((v for k, v in attrs.items() if k.endswith(":id")), "")
            kind, part = relations.get(rid, ("", ""))
            macro = kind.endswith(_MACRO_TYPES) or "/macrosheets/" in part
            sheets.append(_SheetPart(attrs.get("name", part), part, rid, macro))

    with parts.open(main) as stream:
        _measure(file_name, lambda: parse_xml(stream, sheet))
    return sheets


def _without_macro_sheets(parts: _Parts, main: str, sheets: list[_SheetPart]) -> bytes:
    """A copy of the package with the macro sheets taken out of the workbook's list of sheets."""
    macro_parts = {sheet.part for sheet in sheets if sheet.macro}
    relations = {sheet.relation.encode() for sheet in sheets if sheet.macro}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in parts.archive.infolist():
            if _normal(member.filename) in macro_parts:
                continue
            data = parts.archive.read(member.filename)
            if _normal(member.filename) == main:
                data = _SHEET_ELEMENT.sub(lambda m: b"" if _relation_of(m.group(0)) in relations else m.group(0), data)
            copy.writestr(member, data)
    return out.getvalue()


def _relation_of(element: bytes) -> bytes | None:
    match = _RELATION_ID.search(element)
    return match.group(2) if match else None
