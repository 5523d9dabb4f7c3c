"""Texts a legacy plan could mean two ways: read only where its layout puts them, else kept and named.

The plan template writes an action's links on the last line of its cell, alone ("Links with
recommendations 1.4;2.1."), and a recommendation's status on the line under its heading, the
heading alone on its line ("Recommendation 3" then "Closed September 2024"). A links line
elsewhere in an action's text, or one that goes on in words, and a status line anywhere else
(or where the sheet has a column for the recommendation's status) stay in the text, with a warning.
"""

from pathlib import Path

from workbooks import write_xlsx

from hmics_desktop.excel.workbook_parser import ImportOptions, parse_workbook

TEMPLATE = ["Recommendation", "Action to be taken", "Latest progress update", "Next Steps"]


def _parsed(tmp_path: Path, rows: list[list]):
    return parse_workbook(write_xlsx(tmp_path / "plan.xlsx", {"Plan": rows}), ImportOptions(inspection="Custody 2023"))


def test_only_an_actions_last_line_wholly_of_links_is_its_links(tmp_path: Path) -> None:
    parsed = _parsed(tmp_path, [
        TEMPLATE,
        ["Recommendation 1\nPolice Scotland should review.", "1.1 Review the policy.\nLinks with recommendations 2.1."],
        [None, "1.2 Brief staff.\nLinks with recommendations 2.1 were agreed with the board.\nThen train them."],
        [None, "1.3 Train staff.\nLinks with recommendations 2.1 and 2.2 were agreed at the board."],
        [None, "1.4 Audit.\nLinks with recommendations 1.1; 1.3;1.."],
    ])  # fmt: skip
    [rec] = parsed.plans[0].recommendations
    assert [(a.text, a.links) for a in rec.actions] == [
        ("Review the policy.", ["2.1"]),
        ("Brief staff.\nLinks with recommendations 2.1 were agreed with the board.\nThen train them.", []),
        ("Train staff.\nLinks with recommendations 2.1 and 2.2 were agreed at the board.", []),
        ("Audit.", ["1.1", "1.3"]),
    ]
    assert parsed.warnings == [
        "Sheet “Plan”, row 3: “Links with recommendations 2.1 were agreed with the board.” in the text of action "
        "1.2 was not read as its links (the plan template writes them on the cell’s last line, action numbers "
        "only); it was kept in the text.",
        "Sheet “Plan”, row 4: “Links with recommendations 2.1 and 2.2 were agreed at the board.” in the text of "
        "action 1.3 was not read as its links (the plan template writes them on the cell’s last line, action "
        "numbers only); it was kept in the text.",
        "Sheet “Plan”, row 5: “1..” in the links of action 1.4 is not an action number.",
    ]


def test_a_links_column_and_a_links_line_both_give_links(tmp_path: Path) -> None:
    parsed = _parsed(tmp_path, [
        ["Recommendation", "Action", "Links"],
        ["R1 Police Scotland should review.", "1.1 Review the policy.\nLinks with recommendations 2.2.", "2.1"],
    ])  # fmt: skip
    [action] = parsed.plans[0].recommendations[0].actions
    assert (action.text, action.links) == ("Review the policy.", ["2.1", "2.2"])


def test_a_status_is_read_only_on_the_line_under_a_heading_alone_on_its_line(tmp_path: Path) -> None:
    parsed = _parsed(tmp_path, [
        TEMPLATE,
        ["Recommendation 1\nClosed September 2024\nPolice Scotland should review.", "1.1 Review."],
        ["Recommendation 2 Closed\nPolice Scotland should train.", "2.1 Train."],
        ["R3 - Proposed for closure", "3.1 Audit."],
        ["Recommendation 4\nPolice Scotland should audit.\nClosed", "4.1 Audit."],
    ])  # fmt: skip
    recs = parsed.plans[0].recommendations
    assert [(r.number, r.text, r.status, r.closed_on) for r in recs] == [
        (1, "Police Scotland should review.", "closed", "2024-09"),
        (2, "Closed\nPolice Scotland should train.", "open", None),
        (3, "Proposed for closure", "open", None),
        (4, "Police Scotland should audit.\nClosed", "open", None),
    ]
    assert parsed.warnings == [
        "Sheet “Plan”, row 3: “Closed” in the text of recommendation 2 was not read as its status (the plan "
        "template writes it on the line under “Recommendation 2”, alone); it was kept in the text.",
        "Sheet “Plan”, row 4: “Proposed for closure” in the text of recommendation 3 was not read as its status "
        "(the plan template writes it on the line under “Recommendation 3”, alone); it was kept in the text.",
        "Sheet “Plan”, row 5: “Closed” in the text of recommendation 4 was not read as its status (the plan "
        "template writes it on the line under “Recommendation 4”, alone); it was kept in the text.",
    ]


def test_a_status_line_anywhere_else_in_a_recommendations_text_is_named(tmp_path: Path) -> None:
    parsed = _parsed(tmp_path, [
        TEMPLATE,
        ["Recommendation 1\nClosed\nPolice Scotland should train.\nProposed for closure.", "1.1 Train."],
        ["Recommendation 2\nClosed circuit television should be reviewed.\nClosed in March 2024", "2.1 Review."],
        [None, "2.2 Audit."],
    ])  # fmt: skip
    recs = parsed.plans[0].recommendations
    assert [(r.number, r.text, r.status) for r in recs] == [
        (1, "Police Scotland should train.\nProposed for closure.", "closed"),
        (2, "Closed circuit television should be reviewed.\nClosed in March 2024", "open"),
    ]
    assert parsed.warnings == [  # each named once, though its cell is read on each row of its actions
        "Sheet “Plan”, row 2: “Proposed for closure.” in the text of recommendation 1 was not read as its status "
        "(the plan template writes it on the line under “Recommendation 1”, alone); it was kept in the text.",
        "Sheet “Plan”, row 3: “Closed in March 2024” in the text of recommendation 2 was not read as its status "
        "(the plan template writes it on the line under “Recommendation 2”, alone); it was kept in the text.",
    ]


def test_a_status_line_where_the_sheet_has_a_status_column_stays_in_the_text(tmp_path: Path) -> None:
    parsed = _parsed(tmp_path, [
        ["Recommendation", "Recommendation status", "Action"],
        ["Recommendation 1\nClosed\nPolice Scotland should review.", "Open", "1.1 Review."],
    ])  # fmt: skip
    [rec] = parsed.plans[0].recommendations
    assert (rec.text, rec.status, rec.status_text) == ("Closed\nPolice Scotland should review.", "open", "Open")
    assert parsed.warnings == [
        "Sheet “Plan”, row 2: “Closed” in the text of recommendation 1 was not read as its status (the sheet "
        "gives it in its “Recommendation status” column); it was kept in the text.",
    ]


def test_a_links_line_without_numbers_stays_in_the_text_and_is_named(tmp_path: Path) -> None:
    parsed = _parsed(tmp_path, [
        TEMPLATE,
        ["Recommendation 1\nPolice Scotland should review.", "1.1 Review the policy.\nLinks with recommendations"],
        [None, "1.2 Brief staff.\nLinks with recommendations: ."],
        [None, "1.3 Train staff.\r\nlinks with recommendations 1.1 and 1.2.\r\n\r\n"],
    ])  # fmt: skip
    [rec] = parsed.plans[0].recommendations
    assert [(a.text, a.links) for a in rec.actions] == [
        ("Review the policy.\nLinks with recommendations", []),
        ("Brief staff.\nLinks with recommendations: .", []),
        ("Train staff.", ["1.1", "1.2"]),
    ]
    assert parsed.warnings == [
        f"Sheet “Plan”, row {row}: “{line}” in the text of action {number} was not read as its links (the plan "
        "template writes them on the cell’s last line, action numbers only); it was kept in the text."
        for row, line, number in [(2, "Links with recommendations", "1.1"), (3, "Links with recommendations: .", "1.2")]
    ]
