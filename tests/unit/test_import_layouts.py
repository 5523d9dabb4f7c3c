"""Each family of legacy plan the importer must read (EXCEL.md, "Import")."""

from datetime import datetime
from pathlib import Path

import pytest
from plan_fixture import LEGACY_WORKBOOK, assert_matches_fixture
from workbooks import TRACKER_HEADER, TRACKER_ROWS, tracker_rows, write_xls, write_xlsx

from hmics_desktop.excel.workbook_parser import ImportOptions, parse_workbook


def _plan(parsed, name: str | None = None):
    plans = {p.inspection: p for p in parsed.plans}
    return plans[name] if name else parsed.plans[0]


def test_the_published_plan_reads_to_the_fixture(fixture_plan) -> None:
    parsed = parse_workbook(LEGACY_WORKBOOK, ImportOptions(inspection="Crime Audit 2020"))
    expected = {**fixture_plan, "inspectorate": None}  # the workbook names none: imported, a new inspection is HMICS's
    assert_matches_fixture(parsed.plans[0].to_json(), expected)
    assert any("1.." in w for w in parsed.warnings)


def test_without_a_name_the_sheet_names_the_inspection() -> None:
    parsed = parse_workbook(LEGACY_WORKBOOK)
    assert parsed.plans[0].inspection == "Crime Audit"


def test_flat_tracker_with_header_below_a_title_and_columns_in_any_order(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "tracker.xlsx", {"Sheet1": tracker_rows()})
    parsed = parse_workbook(path)
    plan = _plan(parsed)
    assert plan.inspection == "Custody (D&G)"
    rec1, rec2 = plan.recommendations
    assert (rec1.number, rec1.text) == (1, "Police Scotland should review custody.")
    a11, a12 = rec1.actions
    assert (a11.number, a11.text, a11.owner, a11.target) == ("1.1", "Review the custody estate", "Custody", "2022-09")
    assert a11.next_steps == "(i) Report to board\n(ii) Agree options"
    assert (a11.status, a11.progress) == ("in_progress", "Review started")
    assert (a12.target, a12.status) == ("2023-02-07", "complete")  # a real date stays a day
    assert rec2.actions[0].target == "2024-02-07"  # "07/02/2024" is day first
    assert rec2.actions[0].status == "in_progress"
    assert parsed.warnings == []


def test_banner_rows_name_the_inspection_of_the_rows_below(tmp_path: Path) -> None:
    rows = [
        ["Recommendation", "Action to be taken", "Owner"],
        ["HMICS – Hate Crime 2021"],
        ["R1 - Police Scotland should improve hate crime recording", "1.1 Audit hate crime", "Crime Registrars"],
        ["", "1.2 Train officers", "LTD"],
        ["Domestic Abuse 2023"],
        ["R1 – Police Scotland should review DASA", "1.1 Review DASA guidance", "Public Protection"],
        ["Improvement Plan Template"],
        ["Recommendation", "Action to be taken", "Owner"],
        ["R2 Police Scotland should train staff", "2.1 Deliver training", "LTD"],
    ]
    parsed = parse_workbook(write_xlsx(tmp_path / "several.xlsx", {"Plans": rows}))
    hate = _plan(parsed, "Hate Crime 2021")
    assert hate.inspectorate == "HMICS"
    assert [a.number for a in hate.recommendations[0].actions] == ["1.1", "1.2"]
    abuse = _plan(parsed, "Domestic Abuse 2023")
    assert [r.number for r in abuse.recommendations] == [1, 2]
    assert abuse.recommendations[1].actions[0].owner == "LTD"


def test_recommendation_level_list_with_statuses_and_month_dates(tmp_path: Path) -> None:
    rows = [
        ["Rec No", "Recommendation", "Owner", "Initial target", "Status", "Position"],
        ["R1", "Police Scotland should publish audits.", "DCC", "Sept 2022", "Closed", "Published in May 2023."],
        ["R2", "Police Scotland should revise its strategy.", "ACC", datetime(2023, 5, 1), "Ongoing – delayed", ""],
        ["R3", "Police Scotland should review structures.", "ACC", "June 2025", "Proposed for closure", ""],
    ]
    plan = _plan(parse_workbook(write_xlsx(tmp_path / "recs.xlsx", {"Hate Crime 2021": rows})))
    r1, r2, r3 = plan.recommendations
    assert (r1.status, r1.initial_target, r1.owner, r1.position) == (
        "closed",
        "2022-09",
        "DCC",
        "Published in May 2023.",
    )
    assert (r2.status, r2.initial_target) == ("open", "2023-05-01")
    assert r3.status == "evidence_submitted"
    assert all(r.actions == [] for r in plan.recommendations)


def test_a_list_of_closures_closes_recommendations_with_their_impact(tmp_path: Path) -> None:
    rows = [
        ["Recommendation", "What we did and the impact"],
        ["Recommendation 4 Police Scotland should review units", "A new structure was put in place in 2023."],
    ]
    rec = _plan(parse_workbook(write_xlsx(tmp_path / "closures.xlsx", {"Crime Audit 2020": rows}))).recommendations[0]
    assert (rec.number, rec.status, rec.impact) == (4, "closed", "A new structure was put in place in 2023.")


def test_several_sheets_and_a_summary_sheet_that_is_not_a_plan(tmp_path: Path) -> None:
    plan_rows = [["Recommendation", "Action"], ["R1 Do the thing", "1.1 First step"]]
    summary = [["Publication", "Remaining"], ["Crime Audit 2020", 5]]
    path = write_xlsx(tmp_path / "book.xlsx", {"Summary": summary, "Hate Crime 2021": plan_rows, "Custody": plan_rows})
    parsed = parse_workbook(path)
    assert sorted(p.inspection for p in parsed.plans) == ["Custody", "Hate Crime 2021"]
    assert any("Summary" in w and "not a plan" in w for w in parsed.warnings)


def test_old_xls_format(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "tracker.xls", {"Custody (D&G)": [TRACKER_HEADER, *TRACKER_ROWS]})
    plan = _plan(parse_workbook(path))
    assert plan.inspection == "Custody (D&G)"
    assert [a.number for r in plan.recommendations for a in r.actions] == ["1.1", "1.2", "2.1"]
    assert plan.recommendations[0].actions[1].target == "2023-02-07"


def test_merged_recommendation_cells_and_actions_numbered_in_their_own_column(tmp_path: Path) -> None:
    rows = [
        ["Recommendation", "No.", "Action", "Progress Update"],
        ["Recommendation 2\nPolice Scotland should:\n• ensure x\n• introduce y", 1, "First", "Done"],
        [None, 2, "Second", ""],
    ]
    path = write_xlsx(tmp_path / "merged.xlsx", {"Plan": rows}, {"Plan": ["A2:A3"]})
    rec = _plan(parse_workbook(path, ImportOptions(inspection="Hate Crime 2021"))).recommendations[0]
    assert rec.text == "Police Scotland should:\n• ensure x\n• introduce y"
    assert [(a.number, a.text) for a in rec.actions] == [("2.1", "First"), ("2.2", "Second")]


def test_a_recommendation_numbered_as_a_list_keeps_its_number_out_of_its_text(tmp_path: Path) -> None:
    rows = [
        ["Recommendation", "Action", "Latest progress update"],
        ["1. Police Scotland should review its custody policy.", "1.1 Review the policy", "Draft done"],
        [None, "1.2 Train staff", ""],
        ["2) Police Scotland should publish data.", "2.1 Publish", "Done"],
        ["4. officers should be trained.", "3.1 Train", ""],  # the action says 3: the text is left as written
    ]
    path = write_xlsx(tmp_path / "listed.xlsx", {"Plan": rows}, {"Plan": ["A2:A3"]})
    plan = _plan(parse_workbook(path, ImportOptions(inspection="Custody 2023")))
    assert [(r.number, r.text, [a.number for a in r.actions]) for r in plan.recommendations] == [
        (1, "Police Scotland should review its custody policy.", ["1.1", "1.2"]),
        (2, "Police Scotland should publish data.", ["2.1"]),
        (3, "4. officers should be trained.", ["3.1"]),
    ]


def test_action_text_carried_on_in_a_row_of_its_own_is_joined_to_its_action_and_said(tmp_path: Path) -> None:
    rows = [
        ["Recommendation", "Action", "Latest progress update"],
        ["Recommendation 1\nPolice Scotland should review.", "1.1 Review the policy and", "Draft done"],
        [None, "then publish it to all staff", None],
        [None, "1.2 Train staff", "Planned"],
        [None, "Brief supervisors", None],  # a capital after a whole text: an action of its own, numbered
    ]
    path = write_xlsx(tmp_path / "broken.xlsx", {"Plan": rows}, {"Plan": ["A2:A5"]})
    parsed = parse_workbook(path, ImportOptions(inspection="Custody 2023"))
    actions = [(a.number, a.text, a.progress) for a in _plan(parsed).recommendations[0].actions]
    assert actions == [
        ("1.1", "Review the policy and then publish it to all staff", "Draft done"),
        ("1.2", "Train staff", "Planned"),
        ("1.3", "Brief supervisors", ""),
    ]
    assert parsed.warnings == [
        "Sheet “Plan”, row 3: the text goes on from action 1.1 above; it was joined to it.",
        "Sheet “Plan”, row 5: the action has no number; it was numbered 1.3.",
    ]


def test_action_text_carried_on_in_a_row_of_its_own_keeps_the_links_line_it_ends_with(tmp_path: Path) -> None:
    rows = [
        ["Recommendation", "Action"],
        ["Recommendation 1\nPolice Scotland should review.", "1.1 Review the policy and"],
        [None, "publish it to all staff.\nLinks with recommendations 2.1."],
        ["Recommendation 2\nPolice Scotland should train.", "2.1 Train staff"],
    ]
    path = write_xlsx(tmp_path / "broken.xlsx", {"Plan": rows}, {"Plan": ["A2:A3"]})
    [action] = _plan(parse_workbook(path, ImportOptions(inspection="Custody 2023"))).recommendations[0].actions
    assert (action.text, action.links) == ("Review the policy and publish it to all staff.", ["2.1"])


def test_odd_input_gets_warnings_not_failures(tmp_path: Path) -> None:
    rows = [
        ["Recommendation", "Action", "Target date", "Status"],
        ["R1 Something", "1.1 Do it", "soonish", "Mostly fine?"],
        ["", "Unnumbered action", "", ""],
        ["", "1.1 A different action with the same number", "", ""],
    ]
    parsed = parse_workbook(write_xlsx(tmp_path / "odd.xlsx", {"Plan": rows}), ImportOptions(inspection="X"))
    actions = parsed.plans[0].recommendations[0].actions
    assert [a.number for a in actions] == ["1.1", "1.2", "1.3"]  # the second 1.1 is kept, renumbered
    assert actions[0].target is None and actions[0].status_text == "Mostly fine?"
    text = "\n".join(parsed.warnings)
    assert "“soonish” is not a date" in text
    assert "was not understood" in text
    assert "numbered 1.2" in text
    assert "action 1.1 is already on row 2 with other text; this row was numbered 1.3" in text


def test_a_users_corrected_mapping_is_used(tmp_path: Path) -> None:
    rows = [["Recommendation", "Action", "Notes"], ["R1 Text", "1.1 Act", "Progress written under Notes"]]
    path = write_xlsx(tmp_path / "notes.xlsx", {"Plan": rows})
    parsed = parse_workbook(
        path, ImportOptions(inspection="X", mappings={"Plan": {0: "recommendation", 1: "action", 2: "progress"}})
    )
    assert parsed.plans[0].recommendations[0].actions[0].progress == "Progress written under Notes"


@pytest.mark.parametrize("heading", ["Latest progress update.", "Progress Update", "Update", "Latest update"])
def test_progress_headings(tmp_path: Path, heading: str) -> None:
    rows = [["Recommendation", "Action to be taken", heading], ["R1 Text", "1.1 Act", "Under way"]]
    parsed = parse_workbook(write_xlsx(tmp_path / "p.xlsx", {"Plan": rows}), ImportOptions(inspection="X"))
    assert parsed.plans[0].recommendations[0].actions[0].progress == "Under way"
