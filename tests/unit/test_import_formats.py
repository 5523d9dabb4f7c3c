"""Every file a secretary keeps a plan in comes in the same way: Word tables, CSV, .ods, .xlsb."""

import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest
from crafted_files import ods_from_table, word_plan, xlsb_from_rows
from workbooks import TRACKER_HEADER, TRACKER_ROWS, tracker_rows, write_xlsx

from hmics_desktop.cli.main import main
from hmics_desktop.excel.workbook_parser import ImportOptions, parse_workbook

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
APPENDIX_HEADER = ["Recommendation", "Action", "Latest progress update", "Next steps"]


def _actions(plan) -> list[tuple[str, str]]:
    return [(a.number, a.text) for r in plan.recommendations for a in r.actions]


# Word ----------------------------------------------------------------------------------
def test_a_committee_papers_appendix_table_with_merged_recommendation_cells(tmp_path: Path) -> None:
    rows = [
        APPENDIX_HEADER,
        ["Recommendation 1\nPolice Scotland should publish audits.", "1.1 Report to SPA", "Drafting",
         "(i) Draft\n(ii) Send"],
        ["", "1.2 Agree the format", "Agreed", ""],
        ["", "1.3 Publish", "", "Publish in May"],
        ["Recommendation 2\nPolice Scotland should train staff.", "2.1 Deliver training", "Booked", ""],
    ]  # fmt: skip
    prose = [
        "PURPOSE",
        "The purpose of this paper is to provide the committee with a summary of progress as at the date below.",
        "APPENDIX B - Improvement Plan Progress Report as at 07 February 2022",
    ]
    path = word_plan(tmp_path / "Crime Audit 2020 paper.docx", [rows], prose=prose)
    parsed = parse_workbook(path)
    plan = parsed.plans[0]
    assert plan.as_at == "2022-02-07"
    assert [r.number for r in plan.recommendations] == [1, 2]
    assert plan.recommendations[0].text == "Police Scotland should publish audits."
    assert _actions(plan) == [("1.1", "Report to SPA"), ("1.2", "Agree the format"), ("1.3", "Publish"),
                              ("2.1", "Deliver training")]  # fmt: skip
    first = plan.recommendations[0].actions[0]
    assert (first.progress, first.next_steps) == ("Drafting", "(i) Draft\n(ii) Send")
    assert parsed.warnings == []
    sheet = parsed.sheets[0]
    assert sheet.rows[2][0].startswith("Recommendation 1") and sheet.rows[3][0] is None  # merged: text once
    assert ((2, 0), (4, 0)) in sheet.merged


def test_a_table_split_at_page_breaks_with_its_header_repeated(tmp_path: Path) -> None:
    first = [APPENDIX_HEADER, ["Recommendation 1\nPublish audits", "1.1 Report", "Drafting", ""]]
    second = [APPENDIX_HEADER, ["", "1.2 Agree format", "Agreed", ""], ["Recommendation 2\nTrain", "2.1 Train", "", ""]]
    third = [["Recommendation 3\nReview", "3.1 Review units", "Started", ""]]  # split without the header
    path = word_plan(tmp_path / "plan.docx", [first, second, third], merge_first_column=False)
    plan = parse_workbook(path, ImportOptions(inspection="Crime Audit 2020")).plans[0]
    assert _actions(plan) == [("1.1", "Report"), ("1.2", "Agree format"), ("2.1", "Train"), ("3.1", "Review units")]


def test_one_table_per_recommendation_under_headings_naming_the_inspections(tmp_path: Path) -> None:
    tables = [
        [APPENDIX_HEADER, ["R1 - Improve hate crime recording", "1.1 Audit", "", ""]],
        [APPENDIX_HEADER, ["R2 - Train officers", "2.1 Course", "", ""], ["", "2.2 Refresher", "", ""]],
        [APPENDIX_HEADER, ["R1 – Review DASA guidance", "1.1 Review", "", ""]],
    ]
    headings = ["HMICS – Hate Crime 2021", None, "Domestic Abuse 2023 Improvement Plan"]
    prose = ["1. BACKGROUND", "Some background paragraphs that are not the plan."]
    path = word_plan(tmp_path / "update.docx", tables, prose=prose, headings=headings)
    parsed = parse_workbook(path)
    plans = {p.inspection: p for p in parsed.plans}
    assert sorted(plans) == ["Domestic Abuse 2023", "Hate Crime 2021"]
    assert _actions(plans["Hate Crime 2021"]) == [("1.1", "Audit"), ("2.1", "Course"), ("2.2", "Refresher")]
    assert _actions(plans["Domestic Abuse 2023"]) == [("1.1", "Review")]


def test_a_table_of_actions_under_each_recommendation(tmp_path: Path) -> None:
    actions_header = ["Action", "Latest progress update", "Next steps"]
    first = [["Recommendation 1 – Police Scotland should publish audits.", "", ""], actions_header,
             ["1.1 Report to SPA", "Drafting", ""], ["1.2 Agree the format", "Agreed", "Sign off"]]  # fmt: skip
    second = [actions_header, ["2.1 Deliver training", "Booked", ""]]
    prose = ["Introduction to the plan."]
    path = word_plan(tmp_path / "plan.docx", [first], merge_first_column=False, prose=prose)
    document = docx.Document(str(path))
    document.add_paragraph("Recommendation 2")  # the heading alone, its text in the next paragraph
    document.add_paragraph("Police Scotland should train staff.")
    document.save(str(path))
    path = word_plan(tmp_path / "second.docx", [second], merge_first_column=False)
    combined = docx.Document(str(tmp_path / "plan.docx"))
    for element in docx.Document(str(path)).element.body.iterchildren():
        if element.tag.endswith("}tbl"):
            combined.element.body[-1].addprevious(element)  # before the section properties, which end the body
    combined.save(str(tmp_path / "plan.docx"))
    plan = parse_workbook(tmp_path / "plan.docx", ImportOptions(inspection="Crime Audit 2020")).plans[0]
    assert [(r.number, r.text) for r in plan.recommendations] == [
        (1, "Police Scotland should publish audits."), (2, "Police Scotland should train staff.")]  # fmt: skip
    assert _actions(plan) == [("1.1", "Report to SPA"), ("1.2", "Agree the format"), ("2.1", "Deliver training")]
    assert plan.recommendations[0].actions[1].next_steps == "Sign off"


def test_a_cover_table_and_prose_are_not_the_plan(tmp_path: Path) -> None:
    cover = [["Meeting", "SPA Policing Performance Committee"], ["Date", "17 March 2022"]]
    plan_rows = [APPENDIX_HEADER, ["Recommendation 4\nReview units", "4.1 Review", "Done", ""]]
    path = word_plan(tmp_path / "Hate Crime 2021.docx", [cover, plan_rows], merge_first_column=False,
                     prose=["OFFICIAL", "Members are invited to discuss the content of this paper."])  # fmt: skip
    parsed = parse_workbook(path)
    assert [p.inspection for p in parsed.plans] == ["Hate Crime 2021"]
    assert _actions(parsed.plans[0]) == [("4.1", "Review")]
    assert all("Meeting" not in str(row) for row in parsed.sheets[0].rows)


def test_a_word_plan_imported_again_updates_and_never_duplicates(tmp_path: Path, capsys) -> None:
    def paper(progress: str, as_at: str) -> Path:
        rows = [APPENDIX_HEADER, ["Recommendation 1\nPublish audits", "1.1 Report to SPA", progress, ""],
                ["", "1.2 Agree format", "Agreed", ""]]  # fmt: skip
        return word_plan(tmp_path / f"Crime Audit 2020 {as_at[:2]}.docx", [rows],
                         prose=[f"Progress Update as at {as_at}"])  # fmt: skip

    db = str(tmp_path / "plans.sqlite")
    args = ["--db", db, "--inspection", "Crime Audit 2020"]
    assert main(["import", str(paper("Drafting", "15th February 2022")), *args]) == 0
    assert main(["import", str(paper("Sent to SPA", "16th March 2022")), *args]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "1 recommendation and 2 actions created" in lines[0]
    assert " created" not in lines[1]  # nothing new the second time
    assert "1 progress update added" in lines[1]  # only the changed one, dated 16/03/2022


def test_a_word_document_with_no_plan_table_is_refused(tmp_path: Path, capsys) -> None:
    path = word_plan(tmp_path / "minutes.docx", [[["Item", "Decision"], ["Budget", "Agreed"]]], prose=["Minutes"])
    assert main(["import", str(path), "--db", str(tmp_path / "plans.sqlite")]) == 2
    assert "No plan was found in minutes.docx: no table in it is headed" in capsys.readouterr().err


# CSV -----------------------------------------------------------------------------------
def _csv_text(delimiter: str) -> str:
    """The tracker as Excel saves it as CSV: dates day first, cells quoted where they must be."""
    lines = []
    for row in [TRACKER_HEADER, *TRACKER_ROWS]:
        values = [v.strftime("%d/%m/%Y") if isinstance(v, datetime) else v for v in row]
        cells = [str(v).replace("Train custody staff", "Train custody staff – £5,000").replace('"', '""')
                 for v in values]  # fmt: skip
        lines.append(delimiter.join(f'"{c}"' if any(x in c for x in f'{delimiter}"\n') else c for c in cells))
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ","), ("cp1252", ","), ("cp1252", ";"), ("utf-8-sig", ";"), ("utf-16", "\t")],
)
def test_csv_trackers_in_every_encoding_and_delimiter(encoding: str, delimiter: str, tmp_path: Path) -> None:
    path = tmp_path / "Custody (D&G).csv"
    path.write_bytes(_csv_text(delimiter).encode(encoding))
    plan = parse_workbook(path).plans[0]
    assert plan.inspection == "Custody (D&G)"
    a11, a12 = plan.recommendations[0].actions
    assert a11.next_steps == "(i) Report to board\n(ii) Agree options"  # a cell of two lines, quoted
    assert a12.text == "Train custody staff – £5,000"
    assert [a.number for r in plan.recommendations for a in r.actions] == ["1.1", "1.2", "2.1"]


def test_excels_delimiter_line_is_followed_not_read_as_a_row(tmp_path: Path) -> None:
    path = tmp_path / "Custody.csv"
    path.write_text("sep=;\r\n" + _csv_text(";"), encoding="utf-8-sig")
    plan = parse_workbook(path).plans[0]
    assert plan.inspection == "Custody"
    assert [a.number for r in plan.recommendations for a in r.actions] == ["1.1", "1.2", "2.1"]


def test_a_csv_through_the_command_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(_csv_text(","), encoding="utf-8")
    assert main(["import", str(path), "--db", str(tmp_path / "plans.sqlite"), "--inspection", "Custody"]) == 0
    out = capsys.readouterr().out
    assert "tracker.csv: imported Custody:" in out and "3 actions created" in out and "0 warnings" in out


def test_a_binary_file_named_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(Exception, match="not a text file"):
        parse_workbook(path)


# OpenDocument and Excel binary, made by LibreOffice ------------------------------------
def _convert(source: Path, kind: str, folder: Path) -> Path:
    subprocess.run(
        [OFFICE, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless", "--convert-to", kind,
         "--outdir", str(folder / "out"), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / "out" / f"{source.stem}.{kind.split(':')[0]}"


@pytest.mark.libreoffice
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice absent")
def test_an_ods_reads_like_the_xlsx_it_was_saved_from(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "tracker.xlsx", {"Sheet1": tracker_rows()})
    ods = _convert(source, "ods", tmp_path)
    assert ods.read_bytes()[:2] == b"PK"
    assert parse_workbook(ods).to_json() == parse_workbook(source).to_json()


def test_an_xlsb_reads_like_any_workbook(tmp_path: Path) -> None:
    texts = [["Recommendation", "Action", "Owner"], ["R1 Review custody", "1.1 Audit the estate", "Custody"],
             ["", "1.2 Train staff", "LTD"]]  # fmt: skip
    cells = [(r, c, text) for r, row in enumerate(texts) for c, text in enumerate(row) if text]
    plan = parse_workbook(xlsb_from_rows(tmp_path / "plan.xlsb", "Custody (D&G)", cells)).plans[0]
    assert plan.inspection == "Custody (D&G)"
    assert [(a.number, a.owner) for a in plan.recommendations[0].actions] == [("1.1", "Custody"), ("1.2", "LTD")]


def _ods_cell(text: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def test_an_ods_written_by_hand_reads(tmp_path: Path) -> None:
    table = (
        '<table:table table:name="Hate Crime 2021">'
        f"<table:table-row>{_ods_cell('Recommendation')}{_ods_cell('Action')}</table:table-row>"
        f"<table:table-row>{_ods_cell('R1 Improve recording')}{_ods_cell('1.1 Audit')}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row></table:table>'
    )  # the empty rows and columns LibreOffice writes to the sheet's end are not cells
    plan = parse_workbook(ods_from_table(tmp_path / "plan.ods", table)).plans[0]
    assert (plan.inspection, plan.recommendations[0].actions[0].text) == ("Hate Crime 2021", "Audit")


@pytest.mark.parametrize("row", [0, 1])
def test_a_date_in_a_year_no_plan_has_is_named_not_a_crash(tmp_path: Path, row: int) -> None:
    rows = [
        [_ods_cell("Recommendation"), _ods_cell("Action"), _ods_cell("Target date")],
        [_ods_cell("R1 Improve recording"), _ods_cell("1.1 Audit"), _ods_cell("Sept 2025")],
    ]
    rows[row][2] = '<table:table-cell office:value-type="date" office:date-value="1850-01-01"/>'
    body = "".join(f"<table:table-row>{''.join(cells)}</table:table-row>" for cells in rows)
    parsed = parse_workbook(
        ods_from_table(tmp_path / "plan.ods", f'<table:table table:name="Plan">{body}</table:table>')
    )
    action = parsed.plans[0].recommendations[0].actions[0]
    assert action.text == "Audit"
    if row == 0:  # a heading that is a date: the column is not the target's
        assert (action.target, parsed.warnings) == (None, [])
    else:
        assert action.target is None
        assert parsed.warnings == ["Sheet “Plan”, row 2: 1850 is not a plausible year; the date was left empty."]


def _rezip(source: Path, target: Path, rename=lambda name: name, extra: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            copy.writestr(rename(item.filename), original.read(item.filename))
        for name, text in (extra or {}).items():
            copy.writestr(name, text)
    return target


PLAN_ROWS = [["Recommendation", "Action"], ["R1 Review custody", "1.1 Audit the estate"]]


def test_a_workbook_zipped_with_backslashes_reads(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "source.xlsx", {"Custody": PLAN_ROWS})
    path = _rezip(source, tmp_path / "windows.xlsx", lambda name: name.replace("/", "\\"))
    assert parse_workbook(path).plans[0].recommendations[0].actions[0].text == "Audit the estate"


def test_a_workbook_at_the_root_of_its_package_reads(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "source.xlsx", {"Custody": PLAN_ROWS})
    with zipfile.ZipFile(source) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    path = tmp_path / "minimal.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():  # every part of the workbook moved up, and every path to it
            archive.writestr(name.removeprefix("xl/"), data.replace(b"/xl/", b"/").replace(b'"xl/', b'"'))
    assert parse_workbook(path).plans[0].recommendations[0].actions[0].text == "Audit the estate"


def test_an_empty_settings_part_does_not_make_a_file_damaged(tmp_path: Path) -> None:
    table = (
        '<table:table table:name="Custody"><table:table-row>'
        + "".join(f'<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>'
                  for t in PLAN_ROWS[0]) + "</table:table-row><table:table-row>"
        + "".join(f'<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>'
                  for t in PLAN_ROWS[1]) + "</table:table-row></table:table>"
    )  # fmt: skip
    source = ods_from_table(tmp_path / "source.ods", table)
    path = _rezip(source, tmp_path / "plan.ods", extra={"Configurations2/accelerator/current.xml": ""})
    assert parse_workbook(path).plans[0].recommendations[0].actions[0].text == "Audit the estate"
