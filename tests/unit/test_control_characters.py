"""Control characters (a bell, a form feed, C1 codes) are taken out at every import and never break a Word paper."""

import json
import zipfile
from pathlib import Path

import pytest
import xlwt
from crafted_files import inline_row, ods_from_table, sheet_xml, word_document, xlsx_from_xml

from hmics_desktop.cli.main import main
from hmics_desktop.documents.docx_writer import write_docx
from hmics_desktop.documents.model import Cell, Document, Heading, Paragraph, Section, Table
from hmics_desktop.domain.control_characters import control_characters_named, without_control_characters
from hmics_desktop.excel.workbook_parser import parse_workbook

BELL, FORM_FEED, C1 = "\x07", "\x0c", "\x85"
EXPECTED = ("Police Scotland should review custody.", "Review the estate")


def _csv(path: Path) -> Path:
    path.write_text(
        f"Recommendation,Action\nR1 Police Scotland should{BELL} review custody.,1.1 Review{FORM_FEED} the estate\n",
        encoding="utf-8",
    )
    return path


def _xls(path: Path) -> Path:
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("Plan")
    for column, text in enumerate(["Recommendation", "Action"]):
        sheet.write(0, column, text)
    sheet.write(1, 0, f"R1 Police Scotland should{BELL} review custody.")
    sheet.write(1, 1, f"1.1 Review{FORM_FEED} the estate")
    workbook.save(str(path))
    return path


def _xlsx(path: Path) -> Path:  # Excel writes a C0 character as _x0007_; a C1 character as itself
    rows = inline_row(1, "Recommendation", "Action") + inline_row(
        2, "R1 Police Scotland should_x0007_ review custody.", f"1.1 Review{C1} the estate"
    )
    return xlsx_from_xml(path, {"Plan": sheet_xml(rows)})


def _ods(path: Path) -> Path:  # XML holds no C0 character: a C1 one
    cells = [["Recommendation", "Action"], [f"R1 Police Scotland should{C1} review custody.", "1.1 Review the estate"]]
    rows = "".join(
        "<table:table-row>"
        + "".join(f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>' for c in row)
        + "</table:table-row>"
        for row in cells
    )
    return ods_from_table(path, f'<table:table table:name="Plan">{rows}</table:table>')


def _docx(path: Path) -> Path:
    table = [["Recommendation", "Action"], [f"R1 Police Scotland should{C1} review custody.", "1.1 Review the estate"]]
    return word_document(path, [("table", table)])


@pytest.mark.parametrize("make", [_csv, _xls, _xlsx, _ods, _docx], ids=["csv", "xls", "xlsx", "ods", "docx"])
def test_every_format_loses_its_control_characters_and_says_which_cell_held_them(tmp_path: Path, make) -> None:
    suffix = {"_csv": ".csv", "_xls": ".xls", "_xlsx": ".xlsx", "_ods": ".ods", "_docx": ".docx"}[make.__name__]
    parsed = parse_workbook(make(tmp_path / f"plan{suffix}"))
    rec = parsed.plans[0].recommendations[0]
    assert (rec.text, rec.actions[0].text) == EXPECTED
    sheet = parsed.sheets[0].name
    assert any(
        warning.startswith(f"Sheet “{sheet}”, row 2, column “Recommendation”: the control character U+")
        and "was taken out" in warning
        for warning in parsed.warnings
    ), parsed.warnings


def test_a_bell_in_a_csv_cell_no_longer_breaks_the_word_paper(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "plans.sqlite")
    assert main(["import", str(_csv(tmp_path / "plan.csv")), "--db", db, "--inspection", "Custody 2023"]) == 0
    assert "U+0007 (bell) was taken out" in capsys.readouterr().err
    paper = tmp_path / "paper.docx"
    assert main(["paper", "--db", db, "--kind", "progress", "--as-at", "2030-01-01", "--since", "2020-01-01",
                 "--out", str(paper)]) == 0  # fmt: skip
    with zipfile.ZipFile(paper) as archive:
        assert "Police Scotland should review custody." in archive.read("word/document.xml").decode()


def test_the_word_writer_takes_them_out_of_every_text_an_older_database_may_hold(tmp_path: Path) -> None:
    dirty = f"Crime{BELL} Audit{FORM_FEED} 2020{C1}\x1b"
    section = Section([
        Heading(dirty), Paragraph(dirty, number=f"1{BELL}"), Table([dirty], [[Cell.of(dirty)]], [1.0]),
    ])  # fmt: skip
    target = tmp_path / "paper.docx"
    write_docx(Document(dirty, marking=f"OFFICIAL{BELL}", sections=[section]), target)
    with zipfile.ZipFile(target) as archive:
        text = "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))
    assert control_characters_named(text) == []
    assert text.count("Crime Audit") >= 5 and "OFFICIAL" in text  # a form feed breaks a table cell's line


def test_what_counts_as_a_control_character() -> None:
    assert without_control_characters("a\tb\nc\r\nd\x00e\x1ff\x7fg\x80h\x9fi") == "a\tb\nc\r\ndefghi"
    assert control_characters_named(f"{BELL}{FORM_FEED}\x9b{BELL}") == ["U+0007 (bell)", "U+000C (form feed)", "U+009B"]


def test_an_inspection_named_with_a_bell_imports_again_into_the_same_inspection(
    db_location, tmp_path: Path, capsys
) -> None:
    path = _csv(tmp_path / "plan.csv")
    db = str(db_location)
    for _again in range(2):
        assert main(["import", str(path), "--db", db, "--inspection", f"Custody{BELL} 2023"]) == 0, capsys.readouterr()
    assert "nothing to create or change" in capsys.readouterr().out
    assert main(["dump", "--db", db]) == 0
    assert [plan["inspection"] for plan in json.loads(capsys.readouterr().out)["plans"]] == ["Custody 2023"]
