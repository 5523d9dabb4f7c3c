"""No row of a file is dropped without a word: hidden sheets, RAG columns, formulas Excel never calculated."""

from pathlib import Path

import openpyxl
from crafted_files import inline_row, sheet_xml, xlsx_from_xml
from workbooks import write_xlsx

from hmics_desktop.excel.workbook_parser import parse_workbook

HEADER = ["Recommendation", "Action No", "Action", "Owner"]


def _actions(parsed) -> dict[str, str]:
    return {a.number: a.text for p in parsed.plans for r in p.recommendations for a in r.actions}


# 1. Hidden sheets -----------------------------------------------------------------------------
def _with_hidden(tmp_path: Path, state: str, second: list[list]) -> Path:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Crime Audit"
    for row in [HEADER, ["R1 Improve audit", "1.1", "Audit crime records", "FMOR"]]:
        first.append(row)
    hidden = workbook.create_sheet("Second")
    for row in second:
        hidden.append(row)
    hidden.sheet_state = state
    workbook.save(tmp_path / "plan.xlsx")
    return tmp_path / "plan.xlsx"


SECOND_ROWS = [HEADER] + [["R2 Improve custody", f"2.{n}", f"Custody action {n}", "COS"] for n in range(1, 6)]


def test_a_hidden_sheet_of_plan_rows_is_read_and_said_to_be_hidden(tmp_path: Path) -> None:
    parsed = parse_workbook(_with_hidden(tmp_path, "hidden", SECOND_ROWS))
    assert sorted(_actions(parsed)) == ["1.1", "2.1", "2.2", "2.3", "2.4", "2.5"]
    assert parsed.warnings == ["The sheet “Second” is hidden in Excel; its 5 rows were read too."]


def test_a_very_hidden_sheet_of_plan_rows_is_read_and_said_to_be_hidden(tmp_path: Path) -> None:
    parsed = parse_workbook(_with_hidden(tmp_path, "veryHidden", SECOND_ROWS))
    assert len(_actions(parsed)) == 6
    assert parsed.warnings == [
        "The sheet “Second” is hidden in Excel so that only a macro can show it; its 5 rows were read too."
    ]


def test_a_hidden_sheet_without_a_plan_is_named_as_skipped(tmp_path: Path) -> None:
    parsed = parse_workbook(_with_hidden(tmp_path, "hidden", [["Complete"], ["Ongoing"], ["Not started"]]))
    assert len(_actions(parsed)) == 1
    assert parsed.warnings == [
        "Sheet “Second” (hidden in Excel) was skipped: it is not a plan: no row heads Recommendation or Action columns."
    ]
    assert [(r.name, r.skipped is not None) for r in parsed.reports] == [("Crime Audit", False), ("Second", True)]


def test_a_chart_sheet_is_named_as_skipped(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Plan"
    for row in [HEADER, ["R1 Improve audit", "1.1", "Audit crime records", "FMOR"]]:
        workbook.active.append(row)
    chart = openpyxl.chart.BarChart()
    workbook.create_chartsheet("Progress chart").add_chart(chart)
    workbook.save(tmp_path / "plan.xlsx")
    parsed = parse_workbook(tmp_path / "plan.xlsx")
    assert parsed.warnings == ["Sheet “Progress chart” was skipped: it is a chart, which holds no plan rows."]


# 2. The RAG column --------------------------------------------------------------------------------
RAG_HEADER = ["Recommendation", "Action No", "Action", "Status", "RAG"]


def _statuses(parsed) -> dict[str, tuple]:
    return {a.number: (a.status, a.status_text) for p in parsed.plans for r in p.recommendations for a in r.actions}


def test_rag_words_beside_a_status_are_kept_with_it(tmp_path: Path) -> None:
    rows = [
        RAG_HEADER,
        ["R1 Improve audit", "1.1", "Audit records", "In progress", "Red"],
        ["R1 Improve audit", "1.2", "Train staff", "Complete", "Green"],
        ["R1 Improve audit", "1.3", "Report", "In progress", ""],
    ]
    parsed = parse_workbook(write_xlsx(tmp_path / "plan.xlsx", {"Plan": rows}))
    assert _statuses(parsed) == {
        "1.1": ("in_progress", "In progress (RAG: Red)"),
        "1.2": ("complete", "Complete (RAG: Green)"),
        "1.3": ("in_progress", "In progress"),
    }
    assert parsed.warnings == []


def test_rag_words_without_a_status_are_the_actions_status(tmp_path: Path) -> None:
    rows = [
        ["Recommendation", "Action No", "Action", "RAG"],
        ["R1 Improve audit", "1.1", "Audit records", "Amber"],
        ["R1 Improve audit", "1.2", "Train staff", "Blue"],
    ]
    parsed = parse_workbook(write_xlsx(tmp_path / "plan.xlsx", {"Plan": rows}))
    assert _statuses(parsed) == {"1.1": ("in_progress", "Amber"), "1.2": ("complete", "Blue")}
    assert parsed.warnings == []


def test_a_call_the_application_makes_too_adds_nothing_and_one_it_does_not_is_kept_and_named(tmp_path: Path) -> None:
    rows = [
        ["APPENDIX B - Progress Update as at 15th February 2022"],
        ["Recommendation", "Action No", "Action", "Initial target", "Status", "On track / delayed"],
        ["R1 Improve audit", "1.1", "Audit records", "Sept 2022", "In progress", "On track"],
        ["R2 Improve custody", "2.1", "Review custody", "June 2021", "In progress", "On track"],
        ["R2 Improve custody", "2.2", "Train staff", "June 2021", "In progress", "Delayed"],
    ]
    parsed = parse_workbook(write_xlsx(tmp_path / "plan.xlsx", {"Plan": rows}))
    assert _statuses(parsed) == {
        "1.1": ("in_progress", "In progress"),
        "2.1": ("in_progress", "In progress (On track / delayed: On track)"),
        "2.2": ("in_progress", "In progress"),
    }
    assert parsed.warnings == [
        "Sheet “Plan”, row 4: the file calls Recommendation 2 “On track”, where this application counts it "
        "delayed (its initial target has passed); the words were kept with the status, and the call can be "
        "marked by hand."
    ]


def test_rag_words_of_a_recommendation_row_beside_its_status_are_kept(tmp_path: Path) -> None:
    rows = [["Recommendation", "Status", "RAG"], ["R1 Improve audit", "Open", "Amber"], ["R2 Improve", "", "Red"]]
    parsed = parse_workbook(write_xlsx(tmp_path / "plan.xlsx", {"Plan": rows}))
    [plan] = parsed.plans
    assert [(r.status, r.status_text) for r in plan.recommendations] == [
        ("open", "Open (RAG: Amber)"),
        ("open", "Red"),
    ]


def test_rag_words_of_a_recommendation_row_beside_a_recommendation_status_column_are_kept(tmp_path: Path) -> None:
    rows = [["Recommendation", "Rec status", "RAG"], ["R1 Improve audit", "Open", "Amber"]]
    parsed = parse_workbook(write_xlsx(tmp_path / "plan.xlsx", {"Plan": rows}))
    [plan] = parsed.plans
    assert [(r.status, r.status_text) for r in plan.recommendations] == [("open", "Open (RAG: Amber)")]


# 3. Formulas Excel has not calculated ---------------------------------------------------------------
def _formulas(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Recommendation", "Action No", "Action", "Target date", "Owner"])
    sheet.append(["R1 Improve audit", "1.1", "Audit records", "=DATE(2024,3,1)", "FMOR"])
    sheet.append(["R1 Improve audit", "1.2", '="Formula "&"action"', "March 2024", "=E2"])
    sheet.append(["R1 Improve audit", "1.3", "Train staff", "March 2024", "LTD"])
    workbook.save(tmp_path / "formulas.xlsx")
    return tmp_path / "formulas.xlsx"


def test_formulas_without_a_saved_value_are_named_and_make_no_empty_action(tmp_path: Path) -> None:
    parsed = parse_workbook(_formulas(tmp_path))
    assert _actions(parsed) == {"1.1": "Audit records", "1.3": "Train staff"}
    assert parsed.warnings == [
        "Sheet “Plan”, row 2: the Target date cell holds a formula Excel has not calculated, so it was read "
        "empty; open the file in Excel, save it, and import again.",
        "Sheet “Plan”, row 3: the Action and Owner cells hold formulas Excel has not calculated, so the row was "
        "skipped; open the file in Excel, save it, and import again.",
    ]


def test_a_last_row_of_formulas_alone_is_named(tmp_path: Path) -> None:
    body = inline_row(1, "Recommendation", "Action") + inline_row(2, "R1 Improve", "1.1 Audit")
    body += '<row r="3"><c r="A3"><f>A2</f></c><c r="B3"><f>"1.2 "&amp;"Train"</f><v></v></c></row>'
    parsed = parse_workbook(xlsx_from_xml(tmp_path / "plan.xlsx", {"Plan": sheet_xml(body)}))
    assert _actions(parsed) == {"1.1": "Audit"}
    assert parsed.warnings == [
        "Sheet “Plan”, row 3: the Recommendation and Action cells hold formulas Excel has not calculated, so "
        "the row was skipped; open the file in Excel, save it, and import again."
    ]


def test_a_formula_whose_saved_value_is_empty_text_is_not_named(tmp_path: Path) -> None:
    body = inline_row(1, "Recommendation", "Action", "Owner") + inline_row(2, "R1 Improve", "1.1 Audit")
    body = body[: -len("</row>")] + '<c r="C2" t="str"><f>IF(1,"","x")</f><v></v></c></row>'
    parsed = parse_workbook(xlsx_from_xml(tmp_path / "plan.xlsx", {"Plan": sheet_xml(body)}))
    assert _actions(parsed) == {"1.1": "Audit"}
    assert parsed.warnings == []


def test_a_sheet_skipped_for_want_of_a_header_says_it_holds_uncalculated_formulas(tmp_path: Path) -> None:
    body = inline_row(1, "Recommendation", "Action") + inline_row(2, "R1 Improve", "1.1 Audit")
    notes = sheet_xml('<row r="1"><c r="A1"><f>"Recommen"&amp;"dation"</f></c><c r="B1"><f>"Action"</f></c></row>')
    parsed = parse_workbook(xlsx_from_xml(tmp_path / "plan.xlsx", {"Plan": sheet_xml(body), "Notes": notes}))
    assert _actions(parsed) == {"1.1": "Audit"}
    assert parsed.warnings == [
        "Sheet “Notes” was skipped: it is not a plan: no row heads Recommendation or Action columns; 2 of its "
        "cells hold formulas Excel has not calculated (open the file in Excel, save it, and import again)."
    ]


# 4. Action cells on rows with no action ------------------------------------------------------
def test_a_trackers_latest_update_per_recommendation_is_its_position(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "tracker.xlsx", {"Custody 2023": [
        ["No", "Recommendation", "Owner", "Target Date", "Latest progress update", "Next steps"],
        [1, "Police Scotland should review the custody estate.", "Ch Supt Custody", "Mar-23",
         "The review began in January.", "Report to the board"],
        [2, "Police Scotland should improve healthcare.", "NHS liaison", "Jun-23", "Funding not yet agreed.", ""],
        [3, "Police Scotland should publish its policy.", "Policy", "Sept-23", "Published.", "Nothing further"],
    ]})  # fmt: skip
    parsed = parse_workbook(path)
    [plan] = parsed.plans
    assert [r.position for r in plan.recommendations] == [
        "The review began in January.", "Funding not yet agreed.", "Published."]  # fmt: skip
    assert parsed.warnings == [
        "Sheet “Custody 2023”, rows 2 and 4: no action on the row for its “Next steps”; the cells were not read."
    ]


def test_an_update_on_a_row_of_its_own_under_an_action_is_named(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", {"Crime Audit": [
        ["Recommendation", "Action No", "Action", "Latest progress update"],
        ["R1 Improve audit", "1.1", "Audit crime records", "Started"],
        [None, None, None, "More words on the audit, on a row of their own"],
        [None, "1.2", "Publish the audit", "Drafted"],
    ]})  # fmt: skip
    parsed = parse_workbook(path)
    assert sorted(_actions(parsed)) == ["1.1", "1.2"]
    assert parsed.warnings == [
        "Sheet “Crime Audit”, row 3: no action on the row for its “Latest progress update”; the cell was not read."
    ]
