"""A file that is not a readable plan: one sentence, status 2, the database untouched."""

import zipfile
from pathlib import Path

import openpyxl
import pytest
from crafted_files import rename_ole_stream
from database_rows import database_rows
from plan_fixture import LEGACY_WORKBOOK
from workbooks import write_xls, write_xlsx

from hmics_desktop.cli.main import main
from hmics_desktop.excel import workbook_reader


def _replace_member(source: Path, target: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            copy.writestr(item, data if item.filename == name else original.read(item.filename))
    return target


def _not_a_spreadsheet(tmp: Path) -> Path:
    path = tmp / "minutes.xlsx"
    path.write_text("Minutes of the tactical group meeting")
    return path


def _truncated(tmp: Path) -> Path:
    path = tmp / "cut.xlsx"
    data = LEGACY_WORKBOOK.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _encrypted(tmp: Path) -> Path:
    # An encrypted OOXML file is an OLE compound file holding EncryptionInfo and EncryptedPackage.
    source = write_xls(tmp / "source.xls", {"Sheet1": [["x"]]})
    return rename_ole_stream(source, tmp / "protected.xlsx", "Workbook", "EncryptedPackage")


def _empty_file(tmp: Path) -> Path:
    path = tmp / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _empty_workbook(tmp: Path) -> Path:
    path = tmp / "blank.xlsx"
    openpyxl.Workbook().save(path)
    return path


def _no_plan(tmp: Path) -> Path:
    return write_xlsx(tmp / "budget.xlsx", {"Budget": [["Item", "Cost"], ["Laptops", 3000]]})


def _absurd_dimensions(tmp: Path) -> Path:
    source = write_xlsx(tmp / "base.xlsx", {"Sheet1": [["Recommendation", "Action"]]})
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row></sheetData></worksheet>'
    )
    return _replace_member(source, tmp / "huge.xlsx", "xl/worksheets/sheet1.xml", sheet)


def _xml_bomb(tmp: Path) -> Path:
    """The "billion laughs": nine levels of entities, each ten of the one below."""
    source = write_xlsx(tmp / "base2.xlsx", {"Sheet1": [["Recommendation", "Action"], ["R1 x", "1.1 y"]]})
    levels = "".join(f'<!ENTITY e{i} "{("&e" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e0 "lol">{levels}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&e9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    return _replace_member(source, tmp / "bomb.xlsx", "xl/worksheets/sheet1.xml", bomb)


def _zip_bomb(tmp: Path) -> Path:
    source = write_xlsx(tmp / "base3.xlsx", {"Sheet1": [["Recommendation", "Action"]]})
    path = tmp / "zipbomb.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            copy.writestr(item, original.read(item.filename))
        copy.writestr("xl/media/padding.bin", b"\0" * (400 * 1024 * 1024))
    return path


def _too_large(tmp: Path) -> Path:
    path = tmp / "large.xlsx"
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(workbook_reader.MAX_FILE_BYTES + 1)
    return path


def _word_document(tmp: Path) -> Path:
    path = tmp / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return path


BAD_FILES = {
    "not a spreadsheet": (_not_a_spreadsheet, "is not a spreadsheet"),
    "truncated": (_truncated, "damaged or incomplete"),
    "password-protected": (_encrypted, "password"),
    "empty file": (_empty_file, "is empty"),
    "empty workbook": (_empty_workbook, "is empty"),
    "no plan": (_no_plan, "No plan was found"),
    "absurd dimensions": (_absurd_dimensions, "far more than any plan"),
    "XML bomb": (_xml_bomb, "XML bomb"),
    "zip bomb": (_zip_bomb, "far more data than any plan"),
    "too large": (_too_large, "larger than any plan"),
    "broken Word document": (_word_document, "is damaged"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_is_one_sentence_and_the_database_is_unchanged(kind: str, tmp_path: Path, capsys) -> None:
    make, expected = BAD_FILES[kind]
    db_path = tmp_path / "plans.sqlite"
    assert main(["example", "--db", str(db_path)]) == 0
    before = database_rows(db_path)
    capsys.readouterr()
    status = main(["import", str(make(tmp_path)), "--db", str(db_path)])
    err = capsys.readouterr().err
    assert status == 2
    assert expected in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert database_rows(db_path) == before


def test_defusedxml_protects_openpyxl() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_the_bomb_is_refused_before_any_parser_sees_it(tmp_path: Path, monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("the parser was reached")

    monkeypatch.setattr(workbook_reader.python_calamine.CalamineWorkbook, "from_path", fail)
    with pytest.raises(workbook_reader.UnreadableWorkbook):
        workbook_reader.read_workbook(_xml_bomb(tmp_path))
