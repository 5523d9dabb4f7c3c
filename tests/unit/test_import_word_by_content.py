"""Word plan tables without a heading row, read by what their cells hold; inspections named by the document."""

from pathlib import Path

import pytest
from crafted_files import word_document

from hmics_desktop.cli.main import main
from hmics_desktop.excel.workbook_parser import ImportOptions, parse_workbook

CUSTODY = [
    "Recommendation 1 – Police Scotland should review the custody estate.",
    ["1.1", "Survey every custody centre and report the findings", "Ch Supt Custody", "March 2024"],
    ["1.2", "Agree a plan for the centres that need work", "Estates", "June 2024"],
    "Recommendation 2\nPolice Scotland should improve healthcare in custody.",
    ["2.1", "Agree a healthcare partnership with the NHS boards", "NHS liaison", "Sept 2024"],
]


def _actions(plan) -> list[tuple[str, str, str | None, str | None]]:
    return [(a.number, a.text, a.owner, a.target) for r in plan.recommendations for a in r.actions]


def test_a_table_with_no_heading_row_is_read_by_its_cells_under_the_heading_naming_its_inspection(
    tmp_path: Path,
) -> None:
    path = word_document(tmp_path / "Custody Plan.docx", [
        ("paragraph", "OFFICIAL"),
        ("heading", "Custody Inspection 2023"),
        ("paragraph", "The plan below answers the inspection's recommendations; progress is reported monthly."),
        ("table", CUSTODY),
    ])  # fmt: skip
    parsed = parse_workbook(path)
    [plan] = parsed.plans
    assert plan.inspection == "Custody Inspection 2023"
    assert plan.named_from == "the heading “Custody Inspection 2023” in the document"
    assert [(r.number, r.text) for r in plan.recommendations] == [
        (1, "Police Scotland should review the custody estate."),
        (2, "Police Scotland should improve healthcare in custody."),
    ]
    assert _actions(plan) == [
        ("1.1", "Survey every custody centre and report the findings", "Ch Supt Custody", "2024-03"),
        ("1.2", "Agree a plan for the centres that need work", "Estates", "2024-06"),
        ("2.1", "Agree a healthcare partnership with the NHS boards", "NHS liaison", "2024-09"),
    ]
    assert parsed.warnings == []
    [report] = parsed.reports
    assert report.header is not None
    assert report.header.mapping == {0: "recommendation", 1: "action_number", 2: "action", 3: "owner", 4: "target"}
    assert parsed.sheets[0].worked_out == {
        0: "Recommendation 1 – Police …; Recommendation 2 Police …",
        1: "1.1; 1.2",
        2: "Survey every custody …; Agree a plan for the …",
        3: "Ch Supt Custody; Estates",
        4: "March 2024; June 2024",
    }


def test_a_sentence_saying_as_at_under_the_heading_dates_the_plan_and_leaves_the_heading_naming_it(
    tmp_path: Path,
) -> None:
    path = word_document(tmp_path / "Custody Plan.docx", [
        ("heading", "Custody Inspection 2023"),
        ("paragraph", "This appendix sets out progress against each recommendation as at 31 March 2024."),
        ("table", CUSTODY),
    ])  # fmt: skip
    [plan] = parse_workbook(path).plans
    assert (plan.inspection, plan.named_from) == (
        "Custody Inspection 2023",
        "the heading “Custody Inspection 2023” in the document",
    )
    assert str(plan.as_at) == "2024-03-31"


def test_a_recommendation_row_with_its_number_and_its_text_in_two_cells_starts_the_recommendation(
    tmp_path: Path,
) -> None:
    rows = [
        ["Recommendation 1", "Police Scotland should review the custody estate.", "", ""],
        *CUSTODY[1:3],
        ["Recommendation 2", "Police Scotland should improve healthcare in custody.", "", ""],
        CUSTODY[4],
    ]
    path = word_document(tmp_path / "plan.docx", [("heading", "Custody Inspection 2023"), ("table", rows)])
    parsed = parse_workbook(path)
    [plan] = parsed.plans
    assert [(r.number, r.text) for r in plan.recommendations] == [
        (1, "Police Scotland should review the custody estate."),
        (2, "Police Scotland should improve healthcare in custody."),
    ]
    assert [a[0] for a in _actions(plan)] == ["1.1", "1.2", "2.1"]
    assert parsed.warnings == []


def test_the_worked_out_columns_can_be_changed_as_for_a_spreadsheet(tmp_path: Path) -> None:
    path = word_document(tmp_path / "plan.docx", [("heading", "Custody Inspection 2023"), ("table", CUSTODY)])
    corrected = {"Tables": {0: "recommendation", 1: "action_number", 2: "action", 3: "next_steps", 4: "target"}}
    plan = parse_workbook(path, ImportOptions(mappings=corrected)).plans[0]
    first = plan.recommendations[0].actions[0]
    assert (first.owner, first.next_steps) == (None, "Ch Supt Custody")


def test_several_inspections_prose_between_and_a_table_split_with_its_first_row_repeated(tmp_path: Path) -> None:
    review = [
        "Recommendation 3\nPolice Scotland should publish its review.",
        ["3.1", "Draft the review's findings for the board", "DCS Crime", "Jan 2025"],
        ["3.2", "Consult the staff associations on the findings", "People", "Feb 2025"],
    ]
    continued = [review[0], ["3.3", "Publish the review on the website", "Corporate Comms", "Mar 2025"]]
    path = word_document(tmp_path / "Committee paper.docx", [
        ("heading", "1. BACKGROUND"),
        ("paragraph", "Two inspections report in this paper."),
        ("heading", "Custody Inspection 2023"),
        ("table", CUSTODY),
        ("paragraph", "Members are invited to note the progress above."),
        ("heading", "HMICS Thematic Review 2022"),
        ("paragraph", "The review's plan follows, over two pages."),
        ("table", review),
        ("page break", None),
        ("table", continued),
        ("paragraph", "Appendix C gives the risks."),
    ])  # fmt: skip
    parsed = parse_workbook(path)
    plans = {plan.inspection: plan for plan in parsed.plans}
    assert sorted(plans) == ["Custody Inspection 2023", "Thematic Review 2022"]
    assert plans["Thematic Review 2022"].inspectorate == "HMICS"
    assert [a[0] for a in _actions(plans["Thematic Review 2022"])] == ["3.1", "3.2", "3.3"]
    assert [a[0] for a in _actions(plans["Custody Inspection 2023"])] == ["1.1", "1.2", "2.1"]
    assert parsed.warnings == [
        "Sheet “Tables”, row 6: “HMICS Thematic Review 2022”, alone on its row, was read as the inspection of the "
        "rows below."
    ]


def test_a_cover_table_of_two_columns_is_not_taken_for_a_plan(tmp_path: Path) -> None:
    cover = [["Meeting", "SPA Policing Performance Committee"], ["Date", "17 March 2022"], ["Author", "DCI Smith"]]
    path = word_document(tmp_path / "paper.docx", [("table", cover), ("heading", "Custody Inspection 2023"),
                                                  ("table", CUSTODY)])  # fmt: skip
    parsed = parse_workbook(path)
    assert [len(p.recommendations) for p in parsed.plans] == [2]
    assert all("Meeting" not in str(row) for sheet in parsed.sheets for row in sheet.rows)


def test_the_documents_title_property_names_the_inspection_before_the_file(tmp_path: Path) -> None:
    path = word_document(tmp_path / "Custody Plan.docx", [("table", CUSTODY)],
                         title="Custody Inspection 2023 Improvement Plan – progress update")  # fmt: skip
    plan = parse_workbook(path).plans[0]
    assert plan.inspection == "Custody Inspection 2023"
    assert "title" in (plan.named_from or "")
    untitled = word_document(tmp_path / "custody_plan_v2.docx", [("table", CUSTODY)])
    plan = parse_workbook(untitled).plans[0]
    assert (plan.inspection, plan.named_from) == ("Custody Plan", "the file’s name “custody_plan_v2.docx”")


def test_a_bold_line_naming_a_month_is_not_an_inspection(tmp_path: Path) -> None:
    path = word_document(tmp_path / "paper.docx", [
        ("heading", "Custody Inspection 2023"),
        ("bold", "Closed in September 2024"),
        ("table", CUSTODY),
    ])  # fmt: skip
    assert [p.inspection for p in parse_workbook(path).plans] == ["Custody Inspection 2023"]


@pytest.fixture
def example_db(tmp_path: Path) -> str:
    db = str(tmp_path / "plans.sqlite")
    assert main(["example", "--db", db]) == 0
    return db


def test_the_applications_own_progress_paper_imports_into_its_inspection(example_db: str, tmp_path: Path,
                                                                         capsys) -> None:  # fmt: skip
    paper = tmp_path / "progress.docx"
    assert main(["paper", "--db", example_db, "--kind", "progress", "--as-at", "2024-09-30", "--since", "2024-06-01",
                 "--inspection", "Crime Audit 2020", "--out", str(paper)]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["import", str(paper), "--db", example_db, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("progress.docx: would import Crime Audit 2020:")
    assert "Inspection:" not in out and "created" not in out.splitlines()[0]


def test_a_table_of_risks_under_a_recommendations_paragraph_is_not_its_actions(tmp_path: Path) -> None:
    risks = [["R1 – Funding", "The budget for the new custody centre may not be agreed", "Amber"],
             ["R2 – Staffing", "Trained staff may not be found in time", "Red"]]  # fmt: skip
    actions = ["Recommendation 1\nPolice Scotland should review the custody estate.",
               ["1.1", "Survey every custody centre", "Estates", "March 2024"]]  # fmt: skip
    path = word_document(tmp_path / "paper.docx", [
        ("heading", "Custody Inspection 2023"),
        ("table", actions),
        ("heading", "Recommendation 1"),
        ("paragraph", "The survey has started; the risks to it are below."),
        ("table", risks),
    ])  # fmt: skip
    [plan] = parse_workbook(path).plans
    assert [(a.number, a.text) for r in plan.recommendations for a in r.actions] == [
        ("1.1", "Survey every custody centre")
    ]
