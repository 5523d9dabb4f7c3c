"""Every row of a file lands in the plan or is named in a warning; colliding numbers are never merged."""

from pathlib import Path

import pytest
from workbooks import write_xlsx

from hmics_desktop.cli.main import main
from hmics_desktop.excel.columns import FIELDS, map_row, may_be_heading
from hmics_desktop.excel.sheet_text import cell_text
from hmics_desktop.excel.workbook_parser import parse_workbook

NUMBERED = ["Recommendation", "Action No", "Action", "Owner", "Target date", "Status", "Latest progress update"]


def _parse(tmp_path: Path, rows: list[list], sheet: str = "Plan"):
    parsed = parse_workbook(write_xlsx(tmp_path / "plan.xlsx", {sheet: rows}))
    [plan] = parsed.plans
    return plan, parsed.warnings


def _actions(plan) -> dict[str, tuple]:
    return {a.number: (a.text, a.owner) for r in plan.recommendations for a in r.actions}


def test_a_sub_action_number_before_the_real_one_loses_neither(tmp_path: Path) -> None:
    sub = ["R3 Improve custody", "3.1.1", "Sub action", "DS Jones", "Oct 2022", "Ongoing", "p2"]
    plan, warnings = _parse(tmp_path, [NUMBERED, sub, ["R3 Improve custody", "3.1", "Real action", "DI Smith"]])
    assert _actions(plan) == {"3.1": ("Real action", "DI Smith"), "3.2": ("Sub action", "DS Jones")}
    assert warnings == [
        "Sheet “Plan”, row 2: “3.1.1” is not an action number such as 3.1; the action was numbered 3.2."
    ]


def test_a_sub_action_number_in_the_text_keeps_the_real_one(tmp_path: Path) -> None:
    rows = [["Recommendation", "Action"], ["R3 Improve", "3.1.1 Sub action"], ["R3 Improve", "3.1 Real action"]]
    plan, warnings = _parse(tmp_path, rows)
    assert _actions(plan) == {"3.1": ("Real action", None), "3.2": ("3.1.1 Sub action", None)}
    assert warnings == ["Sheet “Plan”, row 2: the action has no number; it was numbered 3.2."]


def test_the_same_action_with_other_owners_is_kept_twice(tmp_path: Path) -> None:
    first = ["R1 Improve", "1.1", "Train staff", "DI Smith", "Sept 2022", "Ongoing", "p1"]
    second = ["R1 Improve", "1.1", "Train staff", "DS Jones", "Oct 2022", "Complete", "p2"]
    plan, warnings = _parse(tmp_path, [NUMBERED, first, second])
    [recommendation] = plan.recommendations
    second = recommendation.actions[1]
    assert (second.number, second.owner, second.target, second.status, second.progress) == (
        "1.2",
        "DS Jones",
        "2022-10",
        "complete",
        "p2",
    )
    assert warnings == [
        "Sheet “Plan”, row 3: action 1.1 is already on row 2 with another owner, target date, status and "
        "latest progress update; this row was numbered 1.2."
    ]


def test_a_repeated_row_adds_what_it_has_and_says_so(tmp_path: Path) -> None:
    first = ["R1 Improve", "1.1", "Train staff", "DI Smith"]
    rows = [NUMBERED, first, ["R1 Improve", "1.1", "Train staff", "", "", "", "p"]]
    plan, warnings = _parse(tmp_path, rows)
    [action] = plan.recommendations[0].actions
    assert (action.owner, action.progress) == ("DI Smith", "p")
    assert warnings == ["Sheet “Plan”, row 3: action 1.1 again (first on row 2); read as one action with it."]


def test_an_explicit_recommendation_never_merges_into_an_auto_numbered_one(tmp_path: Path) -> None:
    rows = [
        ["Recommendation", "Action"],
        ["Improve things", "Do one"],
        *[[f"Recommendation {n} Text {n}", f"{n}.1 Act {n}"] for n in range(1, 5)],
    ]
    plan, warnings = _parse(tmp_path, rows)
    texts = {r.number: r.text for r in plan.recommendations}
    assert texts == {1: "Text 1", 2: "Text 2", 3: "Text 3", 4: "Text 4", 5: "Improve things"}
    assert _actions(plan)["1.1"] == ("Act 1", None) and _actions(plan)["5.1"] == ("Do one", None)
    assert warnings == [
        "Sheet “Plan”, row 2: the recommendation has no number; it was numbered 5.",
        "Sheet “Plan”, row 2: the action has no number; it was numbered 5.1.",
    ]


def test_the_same_recommendation_number_with_other_text_is_kept_apart(tmp_path: Path) -> None:
    rows = [["Recommendation", "Action"], ["Recommendation 4 Publish audits", "4.1 Report"],
            ["Recommendation 4 Train staff", "4.1 Book course"]]  # fmt: skip
    plan, warnings = _parse(tmp_path, rows)
    assert {r.number: r.text for r in plan.recommendations} == {4: "Publish audits", 5: "Train staff"}
    assert _actions(plan) == {"4.1": ("Report", None), "5.1": ("Book course", None)}
    assert warnings == [
        "Sheet “Plan”, row 3: Recommendation 4 is already on row 2 with other text; this one was numbered 5.",
        "Sheet “Plan”, row 3: action 4.1 is under the recommendation numbered 5; it was numbered 5.1.",
    ]


def test_a_repeated_header_row_is_named_and_a_heading_like_row_is_read(tmp_path: Path) -> None:
    rows = [
        ["Recommendation", "Action", "Owner"],
        ["R1 Improve", "1.1 Do", "x"],
        ["Recommendations", "Actions", "Lead"],  # the header repeated at a page break
        ["R2 Improve more", "2.1 Do", "y"],
        [None, "Action", "Status"],  # an action "Action" with owner "Status": not the header
    ]
    plan, warnings = _parse(tmp_path, rows)
    assert _actions(plan) == {"1.1": ("Do", "x"), "2.1": ("Do", "y"), "2.2": ("Action", "Status")}
    assert warnings == [
        "Sheet “Plan”, row 3: the header row repeated; it was skipped.",
        "Sheet “Plan”, row 5: the action has no number; it was numbered 2.2.",
    ]


def test_every_heading_passes_the_quick_test_before_a_row_is_mapped_as_a_repeated_header() -> None:
    headings = [words for all_words in FIELDS.values() for words in all_words] + ["No.", "Ref", "Number"]
    for words in headings:
        for written in (words, words.title(), f"  {words.upper()}:\n", f"{words}.", f"({words})"):
            assert map_row([written]), written
            assert may_be_heading(cell_text(written)), written
    for data in ("", "1.1", "3", "2022-09", "1.1 Review the estate", "Review the custody estate " * 4):
        assert not may_be_heading(data)


@pytest.mark.parametrize("number", [0, -3, "0"])
def test_a_recommendation_numbered_below_one_gets_a_number_and_a_sentence(tmp_path, number, capsys) -> None:
    rows = [["Rec No", "Recommendation", "Action"], [number, "Publish audits", "Report"], [2, "Train", "2.1 Book"]]
    path = write_xlsx(tmp_path / "plan.xlsx", {"Plan": rows})
    assert main(["import", str(path), "--db", str(tmp_path / "plans.sqlite")]) == 0
    captured = capsys.readouterr()
    assert "CHECK" not in captured.err and "unexpected" not in captured.err
    assert (
        f"Sheet “Plan”, row 2: “{number}” is not a recommendation number (they start at 1); "
        "the recommendation was numbered 3." in captured.err
    )
    assert "2 recommendations and 2 actions created" in captured.out


def test_a_recommendation_heading_numbered_zero(tmp_path: Path) -> None:
    rows = [["Recommendation", "Action"], ["Recommendation 0 Publish audits", "0.1 Report"]]
    plan, warnings = _parse(tmp_path, rows)
    assert [(r.number, r.text) for r in plan.recommendations] == [(1, "Publish audits")]
    assert _actions(plan) == {"1.1": ("Report", None)}
    assert warnings[0] == (
        "Sheet “Plan”, row 2: “Recommendation 0” is not a recommendation number (they start at 1); "
        "the recommendation was numbered 1."
    )


def test_a_blank_inspection_name_is_refused_in_a_sentence(tmp_path: Path, capsys) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", {"Plan": [["Recommendation", "Action"], ["R1 Publish", "1.1 Do"]]})
    db = tmp_path / "plans.sqlite"
    assert main(["import", str(path), "--db", str(db), "--inspection", "   "]) == 2
    err = capsys.readouterr().err
    assert "CHECK" not in err
    assert '--inspection is blank: give the inspection’s name, such as --inspection "Crime Audit 2020".' in err


def test_a_plan_that_breaks_a_rule_is_refused_before_anything_is_written(plan_db) -> None:
    from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
    from hmics_desktop.domain.rules import InvalidPlan
    from hmics_desktop.services.plans import dump_plans, write_plans

    good = PlanRecommendation(number=1, text="Publish", actions=[PlanAction(number="1.1", text="Report")])
    bad = PlanRecommendation(number=-3, text="Train", actions=[PlanAction(number="-3.1", text="Book")])
    with pytest.raises(InvalidPlan) as refused:
        write_plans([Plan("Hate Crime 2021", recommendations=[good, bad])])
    assert str(refused.value) == (
        "Recommendation -3 cannot be kept: numbers start at 1 (and 1 other problem); nothing was written."
    )
    with pytest.raises(InvalidPlan, match=r"^The inspection has no name"):
        write_plans([Plan("  ", recommendations=[good])])
    assert dump_plans() == {"plans": []}


def test_plain_action_numbers_under_an_unnumbered_recommendation_keep_their_places(tmp_path: Path) -> None:
    rows = [["Recommendation", "No.", "Action"], ["Publish audits", 1, "Report"], [None, 2, "Agree format"],
            ["Recommendation 1 Train staff", 1, "Book course"]]  # fmt: skip
    plan, warnings = _parse(tmp_path, rows)
    assert _actions(plan) == {"1.1": ("Book course", None), "2.1": ("Report", None), "2.2": ("Agree format", None)}
    assert warnings == [
        "Sheet “Plan”, row 2: the recommendation has no number; it was numbered 2.",
        "Sheet “Plan”, row 2: action 1 is under the recommendation numbered 2; it was numbered 2.1.",
        "Sheet “Plan”, row 3: action 2 is under the recommendation numbered 2; it was numbered 2.2.",
    ]


def test_a_line_of_its_own_among_the_rows_is_named(tmp_path: Path) -> None:
    rows = [
        ["Recommendation", "Action", "Owner"],
        ["R1 Publish audits", "1.1 Report", "DI Smith"],
        ["Page 2 of 3"],
        ["HMICS – Hate Crime 2021"],
        ["R1 Train staff", "1.1 Book course", "LTD"],
    ]
    parsed = parse_workbook(write_xlsx(tmp_path / "plan.xlsx", {"Custody": rows}))
    assert [(p.inspection, p.recommendations[0].text) for p in parsed.plans] == [
        ("Custody", "Publish audits"),
        ("Hate Crime 2021", "Train staff"),
    ]
    assert parsed.warnings == [
        "Sheet “Custody”, row 3: “Page 2 of 3” is a title, marking or page line, not a plan row; it was skipped.",
        "Sheet “Custody”, row 4: “HMICS – Hate Crime 2021”, alone on its row, was read as the inspection of "
        "the rows below.",
    ]


def test_a_recommendation_field_that_differs_on_a_later_row_is_named(tmp_path: Path) -> None:
    rows = [
        ["Recommendation", "Action", "Position", "Recommendation status"],
        ["R1 Publish audits", "1.1 Report", "Audit drafted", "Open"],
        ["R1 Publish audits", "1.2 Agree format", "Audit published", "Open"],
        ["R2 Train staff", "2.1 Book course", "", "With the board"],
    ]
    plan, warnings = _parse(tmp_path, rows)
    first, second = plan.recommendations
    assert (first.position, first.status) == ("Audit drafted", "open")
    assert (second.status, second.status_text) == ("open", "With the board")
    assert warnings == [
        "Sheet “Plan”, row 3: the recommendation’s position differs from an earlier row’s, which was kept; "
        "this row gives “Audit published”.",
        "Sheet “Plan”, row 4: the status “With the board” was not understood; it was kept as text.",
    ]


def test_a_file_kept_as_one_row_per_update_keeps_every_update(tmp_path: Path, capsys) -> None:
    header = ["Recommendation", "Action", "Owner", "Update date", "Latest progress update", "Status"]
    rows = [
        header,
        ["R1 Publish audits", "1.1 Report to SPA", "DI Smith", "15/03/2022", "Sent to SPA", "Complete"],
        ["R1 Publish audits", "1.1 Report to SPA", "DI Smith", "15/02/2022", "Drafting", "Ongoing"],
        ["R1 Publish audits", "1.1 Report to SPA", "DI Smith", "15/01/2022", "Not started", "Ongoing"],
    ]
    plan, warnings = _parse(tmp_path, rows)
    [action] = plan.recommendations[0].actions
    assert (action.progress, action.progress_on, action.status) == ("Sent to SPA", "2022-03-15", "complete")
    assert warnings[0] == (
        "Sheet “Plan”, row 3: action 1.1 again (first on row 2) with another progress update; both are kept as "
        "its progress updates; the status of the later update was kept."
    )
    path, db = tmp_path / "plan.xlsx", str(tmp_path / "plans.sqlite")
    for _ in range(2):  # the second import adds nothing
        assert main(["import", str(path), "--db", db]) == 0
    assert main(["import", str(path), "--db", db, "--dry-run"]) == 0
    assert "nothing to create or change" in capsys.readouterr().out

    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.models import ProgressUpdate

    open_database(db)
    try:
        history = [(u.as_at.iso(), u.text) for u in ProgressUpdate.select().order_by(ProgressUpdate.as_at)]
    finally:
        close_database()
    assert history == [("2022-01-15", "Not started"), ("2022-02-15", "Drafting"), ("2022-03-15", "Sent to SPA")]
