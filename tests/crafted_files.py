"""Hand-built files for the import's hard cases: raw sheet XML, OLE renames, BIFF records, Word tables."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
MACRO_TYPE = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"


def sheet_xml(body: str, root: str = "worksheet") -> str:
    return f'<?xml version="1.0"?><{root} xmlns="{MAIN}"><sheetData>{body}</sheetData></{root}>'


def inline_row(number: int, *texts: str) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{text}</t></is></c>' for i, text in enumerate(texts)
    )
    return f'<row r="{number}">{cells}</row>'


def xlsx_from_xml(path: Path, sheets: dict[str, str], macro_sheet: str | None = None) -> Path:
    """An .xlsx (an .xlsm with ``macro_sheet``) whose worksheets are the given XML, nothing else."""
    types = [
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
    ]
    entries, relations = [], []
    parts = {f"worksheets/sheet{i}.xml": (name, f"{RELS}/worksheet", xml) for i, (name, xml) in
             enumerate(sheets.items(), 1)}  # fmt: skip
    if macro_sheet is not None:
        parts["macrosheets/sheet1.xml"] = ("Macro1", MACRO_TYPE, macro_sheet)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (part, (name, kind, xml)) in enumerate(parts.items(), 1):
            archive.writestr(f"xl/{part}", xml)
            entries.append(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>')
            relations.append(f'<Relationship Id="rId{i}" Type="{kind}" Target="{part}"/>')
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            + "".join(types) + "</Types>",
        )  # fmt: skip
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{"".join(entries)}'
            "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">{"".join(relations)}</Relationships>',
        )
    return path


def rename_ole_stream(source: Path, target: Path, old: str, new: str) -> Path:
    """A copy of an OLE file with the directory entry ``old`` renamed ``new`` (bytes edited in place)."""
    data = bytearray(source.read_bytes())
    encoded = (old + "\0").encode("utf-16-le")
    for offset in range(512, len(data) - 127, 128):
        if data[offset : offset + len(encoded)] == encoded and struct.unpack_from("<H", data, offset + 64)[0] == len(
            encoded
        ):
            name = (new + "\0").encode("utf-16-le")
            data[offset : offset + 64] = name.ljust(64, b"\0")
            struct.pack_into("<H", data, offset + 64, len(name))
            target.write_bytes(bytes(data))
            return target
    raise AssertionError(f"no stream named {old}")


def with_second_workbook_stream(source: Path, target: Path, name: str) -> Path:
    """A copy of an xlwt .xls whose spare directory entry becomes a second stream ``name`` (same data)."""
    data = bytearray(source.read_bytes())
    workbook = data.index("Workbook\0".encode("utf-16-le"), 512)
    spare = workbook + 128  # xlwt leaves the entries after the workbook's empty
    data[spare : spare + 128] = data[workbook : workbook + 128]
    encoded = (name + "\0").encode("utf-16-le")
    data[spare : spare + 64] = encoded.ljust(64, b"\0")
    struct.pack_into("<H", data, spare + 64, len(encoded))
    target.write_bytes(bytes(data))
    return target


def with_filepass(source: Path, target: Path) -> Path:
    """An .xls as Excel saves it with a password (XOR obfuscation): a FILEPASS record after the BOF.

    xlwt's WRITEACCESS record (112 bytes) makes room: it becomes FILEPASS (6 bytes) and a
    shorter WRITEACCESS, so no offset in the file moves.
    """
    data = source.read_bytes()
    at = data.index(b"\x5c\x00\x70\x00")
    replacement = struct.pack("<HHHHH", 0x002F, 6, 0, 0x1234, 0x5678) + struct.pack("<HH", 0x005C, 102) + bytes(102)
    target.write_bytes(data[:at] + replacement + data[at + 116 :])
    return target


def with_dimensions(source: Path, target: Path, first_row: int, rows_end: int, columns_end: int) -> Path:
    """An .xls whose first sheet's DIMENSIONS record says other rows and columns (its cells unchanged).

    Rows ``first_row`` to ``rows_end`` - 1, columns 0 to ``columns_end`` - 1.
    """
    data = bytearray(source.read_bytes())
    at = data.index(b"\x00\x02\x0e\x00", data.index(b"\x09\x08", 600))  # the first sheet's DIMENSIONS
    struct.pack_into("<IIHH", data, at + 4, first_row, rows_end, 0, columns_end)
    target.write_bytes(bytes(data))
    return target


def with_sheet_offset_past_the_end(source: Path, target: Path) -> Path:
    """An .xls whose first BOUNDSHEET record says the sheet starts 13 MB into a 4 KB stream.

    python-calamine 0.9 panics on it ("range start index … out of range"): found by fuzzing.
    """
    data = bytearray(source.read_bytes())
    at = data.index(b"\x85\x00", 512)  # the first BOUNDSHEET record: its body starts with the sheet's offset
    data[at + 4 + 2] = 212
    target.write_bytes(bytes(data))
    return target


def excel_4_worksheet(path: Path) -> Path:
    """A worksheet file as Excel 4.0 saved it: a bare BIFF4 stream, no OLE container."""
    label = b"Recommendation"
    records = [
        struct.pack("<HHHHH", 0x0409, 6, 0, 0x0010, 0),  # BOF: BIFF4, worksheet
        struct.pack("<HHHHHH", 0x0204, 8 + len(label), 0, 0, 0, len(label)) + label,  # LABEL A1
        struct.pack("<HH", 0x000A, 0),  # EOF
    ]
    path.write_bytes(b"".join(records))
    return path


def word_plan(path: Path, tables: list[list[list[str] | str]], *, merge_first_column: bool = True,
              prose: list[str] = (), headings: list[str | None] | None = None) -> Path:  # fmt: skip
    """A Word document: prose paragraphs, then each table under its heading, page breaks between.

    With ``merge_first_column`` runs of empty first cells below a filled one are merged into it
    (Word's vertical merge: ``w:vMerge`` restart, then continue), as in a committee paper's
    appendix. The tables are written as Word writes them, as XML (python-docx's cell access
    is too slow for a 5,000-row benchmark table).
    """
    document = docx.Document()
    for text in prose:
        document.add_paragraph(text)
    for index, rows in enumerate(tables):
        heading = (headings or [None] * len(tables))[index]
        if heading:
            document.add_heading(heading, level=2)
        anchor = document.add_paragraph()
        anchor._p.addprevious(parse_xml(_table_xml(rows, merge_first_column)))
        if index < len(tables) - 1:
            document.add_page_break()
    document.save(str(path))
    return path


def word_document(path: Path, blocks: list[tuple[str, object]], *, title: str | None = None) -> Path:
    """A Word document of ``blocks`` in order, as (kind, content).

    ("heading", text), ("paragraph", text), ("bold", text), ("page break", None), or ("table", rows:
    a row given as one string is one cell merged across).

    ``title`` is the document's title property.
    """
    document = docx.Document()
    for kind, content in blocks:
        if kind == "heading":
            document.add_heading(str(content), level=1)
        elif kind == "paragraph":
            document.add_paragraph(str(content))
        elif kind == "bold":
            document.add_paragraph().add_run(str(content)).bold = True
        elif kind == "page break":
            document.add_page_break()
        else:
            anchor = document.add_paragraph()
            anchor._p.addprevious(parse_xml(_table_xml(content, merge_first_column=False)))  # type: ignore[arg-type]
    document.core_properties.title = title or ""
    document.save(str(path))
    return path


def _paragraphs_xml(text: str) -> str:
    return "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r></w:p>"
                   for line in text.split("\n")) if text else "<w:p/>"  # fmt: skip


def _table_xml(rows: list[list[str] | str], merge_first_column: bool) -> str:
    """A row given as one string is one cell merged across the table (``w:gridSpan``)."""
    width = max(len(row) for row in rows if not isinstance(row, str))
    out = [f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/>"
           "</w:tblPr><w:tblGrid>" + "<w:gridCol w:w=\"2000\"/>" * width + "</w:tblGrid>"]  # fmt: skip
    for r, row in enumerate(rows):
        if isinstance(row, str):
            out.append(
                f'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="{width}"/></w:tcPr>{_paragraphs_xml(row)}</w:tc></w:tr>'
            )
            continue
        out.append("<w:tr>")
        for c, text in enumerate(row + [""] * (width - len(row))):
            merge = ""
            if merge_first_column and c == 0 and r > 0:
                below_is_empty = r + 1 < len(rows) and not rows[r + 1][0]
                merge = '<w:vMerge w:val="restart"/>' if text and below_is_empty else "<w:vMerge/>" if not text else ""
            out.append(f"<w:tc><w:tcPr>{merge}</w:tcPr>{_paragraphs_xml(text)}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte, number = number & 0x7F, number >> 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _record(kind: int, body: bytes = b"") -> bytes:
    return _varint(kind) + _varint(len(body)) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb_from_rows(path: Path, name: str, cells: list[tuple[int, int, str]]) -> Path:
    """An Excel binary workbook (.xlsb) of one sheet holding text ``cells`` (row, column, text), by its records."""
    workbook = (
        _record(0x83) + _record(0x8F) + _record(0x9C, struct.pack("<II", 0, 1) + _wide("rId1") + _wide(name))
        + _record(0x90) + _record(0x84)
    )  # fmt: skip
    last_row = max(r for r, _c, _t in cells)
    sheet = _record(0x81) + _record(0x94, struct.pack("<IIII", 0, last_row, 0, max(c for _r, c, _t in cells)))
    sheet += _record(0x91)
    for row in sorted({r for r, _c, _t in cells}):
        sheet += _record(0x00, struct.pack("<IIHHBBB", row, 0, 300, 0, 0, 0, 0))
        for _row, column, text in sorted(c for c in cells if c[0] == row):
            sheet += _record(0x06, struct.pack("<II", column, 0) + _wide(text))
    sheet += _record(0x92) + _record(0x82)
    relation = f'<Relationship Id="rId1" Type="{RELS}/{{}}" Target="{{}}"/>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
            "</Types>",
        )
        archive.writestr("_rels/.rels", f'<Relationships xmlns="{PACKAGE_RELS}">'
                         + relation.format("officeDocument", "xl/workbook.bin") + "</Relationships>")  # fmt: skip
        archive.writestr("xl/_rels/workbook.bin.rels", f'<Relationships xmlns="{PACKAGE_RELS}">'
                         + relation.format("worksheet", "worksheets/sheet1.bin") + "</Relationships>")  # fmt: skip
        archive.writestr("xl/workbook.bin", workbook)
        archive.writestr("xl/worksheets/sheet1.bin", sheet)
    return path


def ods_from_table(path: Path, table_xml: str) -> Path:
    """An OpenDocument spreadsheet whose content is one ``<table:table>``, written as given."""
    content = (
        '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        f"{table_xml}</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
            'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return path
