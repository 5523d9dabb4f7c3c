"""The Improvement Plan Template and the tracker: layout, print setup, safety."""

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from awkward_plan import awkward_plan
from openpyxl.cell.cell import MergedCell

from hmics_desktop.cli.main import main
from hmics_desktop.excel.continued_text import join_continued
from hmics_desktop.excel.font_metrics import FontStyle, arial
from hmics_desktop.excel.print_setup import fit_to_width_scale
from hmics_desktop.excel.row_heights import cell_height, plain, text_points
from hmics_desktop.excel.tracker_writer import COLUMNS as TRACKER_COLUMNS
from hmics_desktop.excel.tracker_writer import TRACKER_MARGINS
from hmics_desktop.services.exporting import ExportError, ExportRequest, Layout, export_plans
from hmics_desktop.services.plans import load_example_plan, write_plans

AS_AT = date(2022, 2, 15)


@pytest.fixture
def example_export(plan_db, tmp_path: Path) -> Path:
    load_example_plan()
    target = tmp_path / "plan.xlsx"
    export_plans(ExportRequest(["Crime Audit 2020"], target, as_at=AS_AT))
    return target


def test_title_header_and_recommendation_cells(example_export: Path) -> None:
    sheet = openpyxl.load_workbook(example_export, rich_text=True)["Crime Audit 2020"]
    assert sheet["A1"].value == "APPENDIX B - Progress Update as at 15th February 2022"
    assert sheet["A1"].font.b
    assert "A1:D1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [sheet.cell(2, c).value for c in range(1, 5)] == [
        "Recommendation", "Action to be taken", "Latest progress update", "Next Steps",
    ]  # fmt: skip
    assert all(sheet.cell(2, c).font.b and sheet.cell(2, c).fill.fgColor.rgb.endswith("D9D9D9") for c in range(1, 5))
    rec1 = sheet["A3"].value
    assert str(rec1).startswith("Recommendation 1\nThe Scottish Police Authority")  # closed after 15/02/2022: open
    assert rec1[0].font.b and not rec1[1].font.b  # "Recommendation 1" bold, the text plain
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A3:A5" in merged  # merged down over actions 1.1–1.3, as many as fit on the first page
    continued = sheet["A6"].value  # 1.4–1.6 on the next page
    assert str(continued) == "Recommendation 1 (continued)" and continued[0].font.b
    assert "A6:A8" in merged and sheet.row_breaks.brk[0].id == 5
    action = sheet["B3"].value
    assert str(action).endswith("\nLinks with recommendations 1.4;2.1;2.2;6.2.")
    assert action[1].font.i
    assert sheet["C3"].value.startswith("Strategic Fraud Group established")
    assert (
        sheet["D4"].value == "(i) TOR to be developed and agreed for Strategic Forum\n"
        "(ii) Comms plan activity to be transferred to action 5.4"
    )
    for row in sheet.iter_rows(min_row=3, max_col=4):
        for cell in row:
            if isinstance(cell, MergedCell):
                continue  # covered by the merged range's first cell
            assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
            assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"


def test_a_closed_recommendation_says_so_in_words_under_its_number(plan_db, tmp_path: Path) -> None:
    load_example_plan()
    target = tmp_path / "plan.xlsx"
    export_plans(ExportRequest(["Crime Audit 2020"], target, as_at=date(2024, 10, 1)))
    sheet = openpyxl.load_workbook(target, rich_text=True)["Crime Audit 2020"]
    rec1 = sheet["A3"].value
    assert str(rec1).startswith("Recommendation 1\nClosed September 2024\nThe Scottish Police Authority")
    assert rec1[0].font.b and rec1[1].font.b and not rec1[2].font.b  # number and closure bold, the text plain
    open_ones = [str(sheet.cell(r, 1).value) for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value]
    assert open_ones and not any("Closed" in heading for heading in open_ones)


def test_print_setup(example_export: Path) -> None:
    workbook = openpyxl.load_workbook(example_export)
    # Column widths count digits of the default font: Arial's, as the row heights assume.
    assert (workbook._fonts[0].name, workbook._fonts[0].sz) == ("Arial", 10)
    sheet = workbook["Crime Audit 2020"]
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.freeze_panes == "A3"
    assert sheet.oddHeader.center.text == "Crime Audit 2020 – Improvement Plan as at 15th February 2022"
    assert workbook.properties.title == "Crime Audit 2020 – Improvement Plan Template as at 15th February 2022"
    assert workbook.properties.language == "en-GB"
    assert sheet.defined_names["ColumnTitle"].attr_text == "'Crime Audit 2020'!$A$2:$D$2"  # the heading row
    assert sheet.oddFooter.center.text == "OFFICIAL"
    assert sheet.oddFooter.right.text == "Page &P of &N"
    assert all(sheet.row_dimensions[r].height for r in range(3, sheet.max_row + 1))


def test_an_export_as_at_a_day_before_the_plan_was_recorded_says_so(plan_db, tmp_path: Path) -> None:
    load_example_plan()  # as at 15 February 2022, its publication date not recorded
    target = tmp_path / "early.xlsx"
    with pytest.raises(ExportError, match=r"“Crime Audit 2020” has no plan recorded as at 01/01/2022"):
        export_plans(ExportRequest(["Crime Audit 2020"], target, as_at=date(2022, 1, 1)))
    assert not target.exists()


def test_formula_looking_text_stays_text(plan_db, tmp_path: Path) -> None:
    write_plans([awkward_plan()])
    target = tmp_path / "awkward.xlsx"
    export_plans(ExportRequest(["Hate Crime 2021"], target))
    sheet = openpyxl.load_workbook(target)["Hate Crime 2021"]
    texts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    starts = {c.value[0] for c in texts}
    assert {"-", "="} <= starts
    for cell in texts:
        assert cell.data_type == "s", cell.coordinate
        if cell.value.startswith(("=", "+", "-", "@")):
            assert cell.quotePrefix, cell.coordinate


def test_a_cell_taller_than_a_page_goes_on_in_parts_none_taller_than_excel_allows(plan_db, tmp_path: Path) -> None:
    write_plans([awkward_plan()])
    target = tmp_path / "awkward.xlsx"
    export_plans(ExportRequest(["Hate Crime 2021"], target))
    sheet = openpyxl.load_workbook(target)["Hate Crime 2021"]
    assert max(sheet.row_dimensions[r].height for r in range(3, sheet.max_row + 1)) <= 409
    rows = [r for r in range(3, sheet.max_row + 1) if str(sheet.cell(r, 2).value).startswith("1.2")]
    assert [str(sheet.cell(r, 2).value) for r in rows[1:]] == ["1.2 (continued)"] * (len(rows) - 1) and len(rows) > 1
    parts = [str(sheet.cell(r, 3).value) for r in rows]
    assert all(part.startswith("… ") for part in parts[1:])  # each part on the next page goes on from a space
    whole = parts[0]
    for part in parts[1:]:
        whole = join_continued(whole, part)
    assert whole == awkward_plan().recommendations[0].actions[1].progress
    breaks = {b.id + 1 for b in sheet.row_breaks.brk}
    assert set(rows[1:]) <= breaks  # every part after the first starts a page…
    assert all(str(sheet.cell(r, 1).value) == "Recommendation 1 (continued)" for r in rows[1:])  # …under its label


def test_characters_excel_cannot_store_are_reported(plan_db, tmp_path: Path) -> None:
    plan = awkward_plan()
    plan.recommendations[0].actions[0].progress = "Bell\x07 in the text"
    write_plans([plan])
    result = export_plans(ExportRequest(["Hate Crime 2021"], tmp_path / "x.xlsx"))
    assert any("U+0007" in w and "action 1.1" in w for w in result.warnings)


def test_text_over_excels_limit_is_refused_and_the_old_file_kept(plan_db, tmp_path: Path) -> None:
    plan = awkward_plan()
    plan.recommendations[0].actions[0].next_steps = "x" * 40_000
    write_plans([plan])
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"the old export")
    with pytest.raises(ExportError, match="more than an Excel cell holds"):
        export_plans(ExportRequest(["Hate Crime 2021"], target))
    assert target.read_bytes() == b"the old export"
    assert [p for p in tmp_path.iterdir() if "xlsx" in p.name] == [target]  # no temporary file left behind


def test_file_open_in_another_program(plan_db, tmp_path: Path) -> None:
    load_example_plan()
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"the old export")
    (tmp_path / "~$plan.xlsx").write_bytes(b"Excel's lock file")
    with pytest.raises(ExportError, match="open in another program"):
        export_plans(ExportRequest(["Crime Audit 2020"], target))
    assert target.read_bytes() == b"the old export"


def test_sheet_names_are_valid_and_unique(plan_db, tmp_path: Path) -> None:
    long_name = "Contact Assessment Model (CAM) 2022: a review [draft]"
    write_plans([awkward_plan(long_name), awkward_plan("Contact Assessment Model (CAM) 2022: a review")])
    target = tmp_path / "two.xlsx"
    export_plans(ExportRequest([long_name, "Contact Assessment Model (CAM) 2022: a review"], target))
    names = openpyxl.load_workbook(target).sheetnames
    assert len(names) == 2 and len(set(names)) == 2
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_tracker_is_a_filterable_table(plan_db, tmp_path: Path) -> None:
    write_plans([awkward_plan()])
    target = tmp_path / "tracker.xlsx"
    export_plans(ExportRequest(["Hate Crime 2021"], target, as_at=date(2025, 1, 1), layout=Layout.TRACKER))
    sheet = openpyxl.load_workbook(target)["Tracker"]
    assert "Tracker" in sheet.tables
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["Inspection", "Type", "Rec No", "Recommendation"]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=4)]
    first = rows[0]
    assert (first["Action No"], first["Status"], first["On track / delayed"]) == (
        "1.1",
        "In progress",
        "Ongoing – delayed",
    )
    assert (first["Initial target"], first["Revised target"], first["Target date"]) == (
        "Sept 2022",
        "June 2025",
        "31/03/2023",
    )
    assert any(r["Rec No"] == 3 and r["Action No"] in (None, "") for r in rows)  # no actions, still a row


def test_cli_export(plan_db, db_location, tmp_path: Path, capsys) -> None:
    load_example_plan()
    out = tmp_path / "cli.xlsx"
    args = ["export", "--db", str(db_location), "--inspection", "Crime Audit 2020", "--as-at", "2022-02-15"]
    assert main([*args, "--title-prefix", "APPENDIX C - ", "--marking", "OFFICIAL-SENSITIVE", "--out", str(out)]) == 0
    assert "21 actions" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(out)["Crime Audit 2020"]
    assert sheet["A1"].value == "APPENDIX C - Progress Update as at 15th February 2022"
    assert sheet.oddFooter.center.text == "OFFICIAL-SENSITIVE"
    assert main([*args[:3], "--inspection", "Nope", "--out", str(out)]) == 2
    assert "no inspection called “Nope”" in capsys.readouterr().err


def test_tracker_prints_one_page_wide_with_whole_words_and_rows_that_fit(plan_db, tmp_path: Path) -> None:
    load_example_plan()
    write_plans([awkward_plan()])
    target = tmp_path / "tracker.xlsx"
    export_plans(ExportRequest(["Crime Audit 2020", "Hate Crime 2021"], target, as_at=AS_AT, layout=Layout.TRACKER))
    sheet = openpyxl.load_workbook(target)["Tracker"]
    assert (sheet.page_setup.orientation, str(sheet.page_setup.paperSize)) == ("landscape", sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.oddFooter.center.text == "OFFICIAL" and sheet.oddFooter.right.text == "Page &P of &N"
    assert fit_to_width_scale([w for _h, w in TRACKER_COLUMNS], TRACKER_MARGINS) >= 0.6
    bold = arial(FontStyle.BOLD)
    for heading, width in TRACKER_COLUMNS:  # no heading breaks inside a word ("Recommendatio n")
        assert all(bold.width(word) * 10 <= text_points(width) for word in heading.split()), heading
    assert sheet.cell(3, 1).font.b and sheet.cell(3, 1).alignment.wrap_text
    for row in range(3, sheet.max_row + 1):
        needed = max(
            cell_height(plain(str(sheet.cell(row, c).value or "")), TRACKER_COLUMNS[c - 1][1])
            for c in range(1, len(TRACKER_COLUMNS) + 1)
        )
        assert needed <= sheet.row_dimensions[row].height <= needed + 1


@pytest.mark.parametrize("layout", list(Layout))
def test_a_character_xml_cannot_hold_is_left_out_with_a_warning_not_a_failure(
    plan_db, tmp_path: Path, layout: Layout
) -> None:
    plan = awkward_plan()
    plan.recommendations[0].actions[0].progress = "Noncharacters \ufffe and \uffff pasted in"
    write_plans([plan])
    target = tmp_path / "plan.xlsx"
    result = export_plans(ExportRequest([plan.inspection], target, as_at=date.today(), layout=layout))
    [warning] = result.warnings  # the template names the field, the tracker the row
    assert warning.startswith("Hate Crime 2021, ") and warning.endswith(
        ": characters Excel cannot store were left out (U+FFFE, U+FFFF)."
    )
    texts = [cell.value for row in openpyxl.load_workbook(target).active.iter_rows() for cell in row]
    assert "Noncharacters  and  pasted in" in texts


@pytest.mark.parametrize("layout", list(Layout))
def test_an_inspection_name_with_a_character_xml_cannot_hold_exports_without_it(
    plan_db, tmp_path: Path, layout: Layout
) -> None:
    plan = awkward_plan("Hate Crime \uffff2021")
    write_plans([plan])
    target = tmp_path / "plan.xlsx"
    result = export_plans(ExportRequest([plan.inspection], target, as_at=date.today(), layout=layout))
    assert "The name of the inspection “Hate Crime 2021”: characters Excel cannot store were left out (U+FFFF)." in (
        result.warnings
    )
    workbook = openpyxl.load_workbook(target)
    assert workbook.active.title == "Hate Crime 2021" or layout is Layout.TRACKER
    assert "Hate Crime 2021" in workbook.active.oddHeader.center.text + (workbook.properties.title or "")


@pytest.mark.parametrize("layout", list(Layout))
def test_a_title_and_a_marking_pasted_with_characters_excel_cannot_store_export_without_them(
    plan_db, tmp_path: Path, layout: Layout
) -> None:
    load_example_plan()
    target = tmp_path / "plan.xlsx"
    request = ExportRequest(["Crime Audit 2020"], target, as_at=AS_AT, layout=layout)
    request.title_prefix, request.marking = "APPENDIX\x07 B\ufffe - ", "OFFICIAL\uffff SENSITIVE\x07"
    export_plans(request)
    sheet = openpyxl.load_workbook(target).active
    assert sheet["A1"].value == "APPENDIX B - Progress Update as at 15th February 2022"
    assert sheet.oddFooter.center.text == "OFFICIAL SENSITIVE"
