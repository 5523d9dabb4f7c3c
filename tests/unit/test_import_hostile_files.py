"""Files made to break the importer: refused in one sentence, from their own records, before expanding."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlwt
from crafted_files import (
    MAIN,
    excel_4_worksheet,
    inline_row,
    ods_from_table,
    rename_ole_stream,
    sheet_xml,
    with_dimensions,
    with_filepass,
    with_second_workbook_stream,
    with_sheet_offset_past_the_end,
    xlsb_from_rows,
    xlsx_from_xml,
)
from workbooks import write_xls

from hmics_desktop.cli.main import main
from hmics_desktop.excel import workbook_reader
from hmics_desktop.excel.ole_workbook import OleWorkbook
from hmics_desktop.excel.workbook_parser import parse_workbook
from hmics_desktop.excel.workbook_reader import UnreadableWorkbook, read_workbook

HEADER = inline_row(1, "Recommendation", "Action")
FAR_CELLS = {
    "inlineStr before r": '<row r="2"><c t="inlineStr" r="XFD1048576"><is><t>y</t></is></c></row>',
    "single quotes": "<row r='2'><c r='XFD1048576' t='inlineStr'><is><t>y</t></is></c></row>",
    "a > inside an attribute": '<row r="2"><c s=">" r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row>',
    "a namespace prefix": '<x:row r="2"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',
    "no r on the cell, under a far row": '<row r="1048576">' + "<c><v>1</v></c>" * 3 + "</row>",
}


@pytest.fixture
def no_reader(monkeypatch) -> None:
    """Fail the test if the file reaches python-calamine (it must be refused from its records)."""

    def reached(*args, **kwargs):
        raise AssertionError("the reader was reached")

    for name in ("from_path", "from_filelike"):
        monkeypatch.setattr(workbook_reader.python_calamine.CalamineWorkbook, name, reached)


@pytest.mark.parametrize("case", sorted(FAR_CELLS))
def test_a_far_cell_is_found_however_it_is_written(case: str, tmp_path: Path, no_reader) -> None:
    body = FAR_CELLS[case]
    xml = sheet_xml(HEADER + body)
    if case == "a namespace prefix":
        xml = xml.replace("<worksheet xmlns=", '<worksheet xmlns:x="http://schemas.openxmlformats.org/'
                          'spreadsheetml/2006/main" xmlns=')  # fmt: skip
    path = xlsx_from_xml(tmp_path / "tiny.xlsx", {"Plan": xml})
    assert path.stat().st_size < 2000
    with pytest.raises(UnreadableWorkbook, match="far more than any plan"):
        read_workbook(path)


def test_a_far_cell_in_an_xlsb_is_refused_unread(tmp_path: Path, no_reader) -> None:
    cells = [(0, 0, "Recommendation"), (0, 1, "Action"), (1048575, 16383, "y")]
    with pytest.raises(UnreadableWorkbook, match="1,048,576 rows and 16,384 columns"):
        read_workbook(xlsb_from_rows(tmp_path / "far.xlsb", "Plan", cells))


def test_a_repeated_ods_cell_is_counted_not_expanded(tmp_path: Path, no_reader) -> None:
    table = (
        '<table:table table:name="Plan"><table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/>'
        "</table:table-row></table:table>"
    )
    path = ods_from_table(tmp_path / "repeat.ods", table)
    assert path.stat().st_size < 2000
    with pytest.raises(UnreadableWorkbook, match="far more than any plan"):
        read_workbook(path)


def test_two_parts_of_one_name_are_refused(tmp_path: Path, no_reader) -> None:
    """Which of the two a reader takes is its own affair: the measured part must be the one read."""
    path = xlsx_from_xml(tmp_path / "twice.xlsx", {"Plan": sheet_xml(HEADER)})
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml(HEADER + FAR_CELLS["single quotes"]))
    with pytest.raises(UnreadableWorkbook, match="damaged"):
        read_workbook(path)


def test_odd_but_honest_xml_reads(tmp_path: Path) -> None:
    rows = (
        "<row r='1'><c t='inlineStr' r='A1'><is><t>Recommendation</t></is></c>"
        "<c t=\"inlineStr\" r='B1'><is><t>Action</t></is></c></row>"
        '<row><c t="inlineStr"><is><t>R1 Review custody</t></is></c><c t="inlineStr"><is><t>1.1 Audit</t></is>'
        "</c></row>"
    )
    parsed = parse_workbook(xlsx_from_xml(tmp_path / "odd.xlsx", {"Custody": sheet_xml(rows)}))
    rec = parsed.plans[0].recommendations[0]
    assert (rec.text, rec.actions[0].text) == ("Review custody", "Audit")


def test_a_shared_string_repeated_past_any_plan_is_refused(tmp_path: Path, no_reader) -> None:
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(2, 1_200))
    path = xlsx_from_xml(tmp_path / "repeat.xlsx", {"Plan": sheet_xml(HEADER + cells)})
    with zipfile.ZipFile(path, "a") as archive:  # one string of 30,000 characters, in 1,200 cells
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}"><si><t>{"x" * 30_000}</t></si></sst>')
    with pytest.raises(UnreadableWorkbook, match="far more text than any plan"):
        read_workbook(path)


def test_a_table_of_more_shared_strings_than_any_plan_is_refused(tmp_path: Path, no_reader) -> None:
    path = xlsx_from_xml(tmp_path / "strings.xlsx", {"Plan": sheet_xml(HEADER)})
    strings = "".join(f"<si><t>{n:x}</t></si>" for n in range(1_000_001))  # each held by the reader
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{strings}</sst>')
    with pytest.raises(UnreadableWorkbook, match="far more text than any plan"):
        read_workbook(path)


def test_entity_declarations_after_a_long_prolog_are_refused(tmp_path: Path, no_reader) -> None:
    padding = "<!--" + "p" * 10_000 + "-->"
    bomb = f'<?xml version="1.0"?>{padding}<!DOCTYPE worksheet [<!ENTITY e "lol">]>' + sheet_xml(HEADER)[21:]
    path = xlsx_from_xml(tmp_path / "bomb.xlsx", {"Plan": bomb})
    with pytest.raises(UnreadableWorkbook, match="XML bomb"):
        read_workbook(path)


def _corners_xls(path: Path) -> Path:
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("Plan")
    for row, col in [(0, 0), (0, 255), (65535, 0), (65535, 255)]:
        sheet.write(row, col, "x")
    workbook.save(str(path))
    return path


def test_four_cells_at_the_corners_of_an_xls_are_refused_unexpanded(tmp_path: Path, no_reader) -> None:
    path = _corners_xls(tmp_path / "corners.xls")
    assert path.stat().st_size < 50_000
    with pytest.raises(UnreadableWorkbook, match="65,536 rows and 256 columns"):
        read_workbook(path)


@pytest.mark.parametrize(
    ("first_row", "rows_end", "columns_end"),
    [(0, 65536, 256), (40451, 4, 4)],  # the second wraps round to four billion rows in the reader (found by fuzzing)
)
def test_an_xls_claiming_a_vast_sheet_is_refused_before_memory_is_set_aside(
    first_row: int, rows_end: int, columns_end: int, tmp_path: Path, no_reader
) -> None:
    source = write_xls(tmp_path / "source.xls", {"Plan": [["Recommendation", "Action"], ["R1 a", "1.1 b"]]})
    vast = with_dimensions(source, tmp_path / "vast.xls", first_row, rows_end, columns_end)
    with pytest.raises(UnreadableWorkbook, match="its sheet “Plan” is far larger than any plan, which it cannot be"):
        read_workbook(vast)


@pytest.mark.parametrize("name", ["WORKBOOK", "BOOK", "workbook", "Book"])
def test_the_xls_stream_is_found_whatever_its_case(name: str, tmp_path: Path) -> None:
    rows = [["Recommendation", "Action"], ["R1 Review custody", "1.1 Audit the estate"]]
    source = write_xls(tmp_path / "source.xls", {"Custody": rows})
    path = rename_ole_stream(source, tmp_path / f"{name}.xls", "Workbook", name)
    plan = parse_workbook(path).plans[0]
    assert plan.recommendations[0].actions[0].text == "Audit the estate"


def test_two_workbook_streams_of_one_name_are_refused(tmp_path: Path, no_reader) -> None:
    source = write_xls(tmp_path / "source.xls", {"Plan": [["Recommendation", "Action"], ["R1 a", "1.1 b"]]})
    with pytest.raises(UnreadableWorkbook, match="damaged"):
        read_workbook(with_second_workbook_stream(source, tmp_path / "twice.xls", "WORKBOOK"))


def test_a_password_protected_xls_says_so(tmp_path: Path) -> None:
    source = write_xls(tmp_path / "source.xls", {"Plan": [["Recommendation", "Action"], ["R1 a", "1.1 b"]]})
    with pytest.raises(UnreadableWorkbook, match="protected with a password: open it in Excel, remove"):
        read_workbook(with_filepass(source, tmp_path / "locked.xls"))


def test_an_excel_4_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(UnreadableWorkbook) as raised:
        read_workbook(excel_4_worksheet(tmp_path / "old.xls"))
    assert str(raised.value) == (
        "old.xls is an Excel 4.0 file: open it in Excel and save it as .xlsx, then import that copy."
    )


def test_an_xlsm_with_a_macro_sheet_reads_its_plan_and_says_what_it_skipped(tmp_path: Path) -> None:
    plan_sheet = sheet_xml(HEADER + inline_row(2, "R1 Publish audits", "1.1 Report to SPA"))
    macro = sheet_xml('<row r="1"><c r="A1"><f>HALT()</f></c></row>', root="macrosheet")
    parsed = parse_workbook(xlsx_from_xml(tmp_path / "plan.xlsm", {"Crime Audit": plan_sheet}, macro))
    assert parsed.plans[0].recommendations[0].actions[0].text == "Report to SPA"
    assert "Sheet “Macro1” was skipped: it is an Excel 4.0 macro sheet, which holds no plan." in parsed.warnings


def _panicking_xls(tmp_path: Path) -> Path:
    workbook = xlwt.Workbook()
    plan = workbook.add_sheet("Plan")
    for row, col, text in [(0, 0, "Recommendation"), (0, 1, "Action"), (1, 0, "R1 do"), (1, 1, "1.1 x " * 100)]:
        plan.write(row, col, text)
    workbook.add_sheet("Other").write(3, 3, 1.5)
    workbook.save(str(tmp_path / "source.xls"))
    return with_sheet_offset_past_the_end(tmp_path / "source.xls", tmp_path / "crafted.xls")


def test_a_file_that_makes_the_reader_panic_is_refused_before_it_reaches_it(tmp_path: Path, no_reader) -> None:
    with pytest.raises(UnreadableWorkbook, match=r"crafted\.xls is damaged"):
        read_workbook(_panicking_xls(tmp_path))


def test_a_panic_in_the_reader_is_one_sentence(tmp_path: Path, monkeypatch, capsys) -> None:
    path = _panicking_xls(tmp_path)
    with pytest.raises(BaseException) as raised:  # the reader itself panics on this file
        workbook = workbook_reader.python_calamine.CalamineWorkbook.from_path(str(path))
        [workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names]
    assert not isinstance(raised.value, Exception) and type(raised.value).__name__ == "PanicException"
    # Past the file's own checks (which catch this one), the panic still becomes one sentence.
    monkeypatch.setattr(workbook_reader, "check_ole", lambda name, data: OleWorkbook(data, renamed=False))
    assert main(["import", str(path), "--db", str(tmp_path / "plans.sqlite")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "crafted.xls is damaged and cannot be read" in err
    assert "out of range" not in err and "Traceback" not in err


def test_the_command_line_prints_one_line_even_when_the_reader_panics(tmp_path: Path) -> None:
    """Rust prints its panic to the process's stderr, below Python: run the real command in a process."""
    path = _panicking_xls(tmp_path)
    script = (
        "import sys\n"
        "from hmics_desktop.excel import workbook_reader\n"
        "from hmics_desktop.excel.ole_workbook import OleWorkbook\n"
        "from hmics_desktop.cli.main import main\n"
        "workbook_reader.check_ole = lambda name, data: OleWorkbook(data, renamed=False)  # past the file's checks\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "import", str(path), "--db", str(tmp_path / "plans.sqlite")],
        capture_output=True, text=True, timeout=120, env={**os.environ, "RUST_BACKTRACE": "1"},
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "hmics-desktop import: crafted.xls is damaged and cannot be read: if Excel (or Word) still opens it, save it "
        "again under a new name and import that copy."
    ]


def test_ctrl_c_during_reading_is_not_swallowed(tmp_path: Path, monkeypatch) -> None:
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(workbook_reader.python_calamine.CalamineWorkbook, "from_path", interrupted)
    with pytest.raises(KeyboardInterrupt):
        read_workbook(write_xls(tmp_path / "plan.xls", {"Plan": [["Recommendation", "Action"]]}))


def test_a_task_list_with_no_plan_text_is_refused(tmp_path: Path) -> None:
    rows = [["No", "タスク", "Owner", "Status"]] + [[n, "資料を作成する", "田中", "完了"] for n in range(1, 42)]
    path = write_xls(tmp_path / "tasks.xls", {"Sheet1": rows})
    with pytest.raises(UnreadableWorkbook) as raised:
        parse_workbook(path)
    assert str(raised.value) == "No plan was found in tasks.xls: its rows hold no recommendation or action text."


def test_library_words_never_reach_the_user(tmp_path: Path) -> None:
    path = tmp_path / "broken.xls"
    source = write_xls(tmp_path / "source.xls", {"Plan": [["x"]]})
    data = bytearray(source.read_bytes())
    data[0x30:0x34] = b"\xf8\xff\xff\xff"  # the directory starts past the end of the file
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableWorkbook) as raised:
        read_workbook(path)
    message = str(raised.value)
    for jargon in ("Cfb", "Sector", "Relationships", "zip archive", "entity"):
        assert jargon not in message
    assert message.startswith("broken.xls is damaged")


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def _word_97(tmp: Path) -> Path:
    source = write_xls(tmp / "source.xls", {"Plan": [["x"]]})
    return rename_ole_stream(source, tmp / "paper.doc", "Workbook", "WordDocument")


ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
OTHER_FILES = {
    "plan.pdf": (lambda tmp: _write(tmp / "plan.pdf", b"%PDF-1.7\n..."), "is a PDF: ask for the plan as the Word"),
    "plan.rtf": (lambda tmp: _write(tmp / "plan.rtf", b"{\\rtf1\\ansi plan}"), "open it in Word, save it as .docx"),
    "web.xls": (lambda tmp: _write(tmp / "web.xls", b"<html><table><tr><td>Plan</td></tr></table></html>"),
                "is an Excel web page or XML spreadsheet: open it in Excel, save it as .xlsx"),
    "xml2003.xls": (lambda tmp: _write(tmp / "xml2003.xls", b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-'
                                       b'microsoft-com:office:spreadsheet"/>'), "save it as .xlsx"),
    "paper.doc": (_word_97, "is a Word 97–2003 document: open it in Word and save it as .docx"),
    "paper.odt": (lambda tmp: _zip(tmp / "paper.odt", {"mimetype": "application/vnd.oasis.opendocument.text"}),
                  "is an OpenDocument text: open it in Word or LibreOffice Writer, save it as .docx"),
    "slides.pptx": (lambda tmp: _zip(tmp / "slides.pptx", {"ppt/presentation.xml": "<p/>"}), "PowerPoint"),
    "photos.zip": (lambda tmp: _zip(tmp / "photos.zip", {"a.jpg": "x"}), "is a compressed folder, not a spreadsheet"),
    "locked.ods": (lambda tmp: _zip(tmp / "locked.ods", {"mimetype": ODS_MIME, "content.xml": "<x/>",
                                                         "META-INF/manifest.xml": "<m><encryption-data/></m>"}),
                   "protected with a password: open it in LibreOffice, remove the password"),
}  # fmt: skip


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(OTHER_FILES))
def test_what_the_file_is_and_what_to_do(name: str, tmp_path: Path, no_reader) -> None:
    make, expected = OTHER_FILES[name]
    with pytest.raises(UnreadableWorkbook) as raised:
        read_workbook(make(tmp_path))
    message = str(raised.value)
    assert message.startswith(name) and expected in message
    for jargon in ("zip archive", "Cfb", "Relationships", "entity", "Error"):
        assert jargon not in message
