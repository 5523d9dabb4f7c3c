"""The inspection is named by the file's own title, never its version; the name given wins; RAG words are kept."""

import csv
from pathlib import Path

import pytest
from workbooks import write_xls, write_xlsx

from hmics_desktop.cli.main import main
from hmics_desktop.excel.workbook_parser import ImportOptions, SeveralInspections, parse_workbook

HEADER = ["Rec No", "Recommendation", "Action No", "Action", "Owner", "Latest progress update"]


def _rows(progress: str) -> list[list[str | int]]:
    return [
        [
            1,
            "Police Scotland should review its thematic findings.",
            "1.1",
            "Review the findings",
            "DCS Crime",
            progress,
        ],
        [1, "Police Scotland should review its thematic findings.", "1.2", "Report to the board", "DCS Crime", ""],
    ]


def test_a_title_row_names_the_inspection_and_dates_it_so_next_months_file_updates_it(tmp_path: Path,
                                                                                        capsys) -> None:  # fmt: skip
    title = "Thematic Review 2022 – Improvement Plan as at {}"
    march = write_xlsx(tmp_path / "V1.xlsx", {"V1": [[title.format("31st March 2023")], [], HEADER, *_rows("Started")]})
    april = write_xlsx(tmp_path / "V2.xlsx", {"V2": [[title.format("30th April 2023")], [], HEADER, *_rows("Half")]})
    [plan] = parse_workbook(march).plans
    assert (plan.inspection, plan.as_at) == ("Thematic Review 2022", "2023-03-31")
    assert plan.named_from == (
        "the title “Thematic Review 2022 – Improvement Plan as at 31st March 2023” on row 1 of the sheet “V1”"
    )
    db = str(tmp_path / "plans.sqlite")
    assert main(["import", str(march), "--db", db]) == 0
    assert main(["import", str(april), "--db", db]) == 0
    first, named, second, _named = capsys.readouterr().out.splitlines()
    assert first.startswith("V1.xlsx: imported Thematic Review 2022: 1 inspection,")
    assert named == f"  Thematic Review 2022: named by {plan.named_from}."
    assert second.startswith("V2.xlsx: imported Thematic Review 2022: 1 inspection updated; 1 progress update added")


def test_a_csv_is_named_by_its_title_row_and_else_by_its_file_name_without_its_version(tmp_path: Path) -> None:
    titled = tmp_path / "roads_policing_tracker.csv"
    with titled.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["Roads Policing Review 2021 – Action Plan"], HEADER, *_rows("Started")])
    plan = parse_workbook(titled).plans[0]
    assert (plan.inspection, plan.named_from) == (
        "Roads Policing Review 2021",
        "the line “Roads Policing Review 2021 – Action Plan” on row 1",
    )
    plain = tmp_path / "roads_policing_tracker_v3.csv"
    with plain.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *_rows("Started")])
    plan = parse_workbook(plain).plans[0]
    assert (plan.inspection, plan.named_from) == ("Roads Policing", "the file’s name “roads_policing_tracker_v3.csv”")


def test_a_line_that_names_an_inspection_wins_over_one_that_names_a_group(tmp_path: Path) -> None:
    for order in (
        ["Tactical Group Secretariat", "Crime Audit 2020"],
        ["Crime Audit 2020", "Tactical Group Secretariat"],
    ):
        path = write_xlsx(tmp_path / "plan.xlsx", {"Sheet1": [[order[0]], [order[1]], HEADER, *_rows("Started")]})
        assert [p.inspection for p in parse_workbook(path).plans] == ["Crime Audit 2020"]


def test_the_name_given_wins_over_a_line_of_the_file(tmp_path: Path, capsys) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", {"Sheet1": [["Tactical Group Secretariat"], HEADER, *_rows("Started")]})
    [plan] = parse_workbook(path, ImportOptions(inspection="Crime Audit 2020")).plans
    assert (plan.inspection, plan.named_from) == ("Crime Audit 2020", "the name you gave")
    db = str(tmp_path / "plans.sqlite")
    assert main(["import", str(path), "--db", db, "--inspection", "Crime Audit 2020"]) == 0
    assert capsys.readouterr().out.startswith("plan.xlsx: imported Crime Audit 2020:")


def test_a_name_given_for_a_file_of_several_inspections_is_refused_and_nothing_is_written(tmp_path: Path,
                                                                                          capsys) -> None:  # fmt: skip
    rows = [["Inspection", *HEADER], ["Custody 2023", *_rows("a")[0]], ["Hate Crime 2021", *_rows("b")[1]]]
    path = write_xlsx(tmp_path / "two.xlsx", {"Tracker": rows})
    with pytest.raises(SeveralInspections, match=r"“Mine” names one inspection, but two\.xlsx holds 2 inspections"):
        parse_workbook(path, ImportOptions(inspection="Mine"))
    db = tmp_path / "plans.sqlite"
    assert main(["import", str(path), "--db", str(db), "--inspection", "Mine"]) == 2
    assert "import it without a name" in capsys.readouterr().err
    assert not db.exists()


RAG_ROWS = [[1, "Review custody.", "1.1", "Review the estate", "Red", "Started"],
            [1, "Review custody.", "1.2", "Train the staff", "Amber", "Booked"]]  # fmt: skip


def _write(tmp_path: Path, suffix: str, rows: list[list]) -> Path:
    path = tmp_path / f"plan{suffix}"
    if suffix == ".xlsx":
        return write_xlsx(path, {"Custody 2023": rows})
    if suffix == ".xls":
        return write_xls(path, {"Custody 2023": rows})
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv"])
@pytest.mark.parametrize("heading", ["RAG", "Red/Amber/Green", "R/A/G", "BRAG", "", "Position (R/A/G)"])
def test_the_rag_words_are_kept_whatever_the_columns_heading(tmp_path: Path, suffix: str, heading: str) -> None:
    path = _write(tmp_path, suffix, [["Rec No", "Recommendation", "Action No", "Action", heading, "Update"], *RAG_ROWS])
    actions = parse_workbook(path).plans[0].recommendations[0].actions
    assert [(a.status, a.status_text) for a in actions] == [("in_progress", "Red"), ("in_progress", "Amber")]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv"])
def test_the_rag_words_of_a_recommendation_level_list_are_kept(tmp_path: Path, suffix: str) -> None:
    rows = [["Rec No", "Recommendation", "Owner", "Target date", ""],
            [1, "Review custody.", "ACC", "Sept 2022", "Red"],
            [2, "Train staff.", "ACC", "Sept 2030", "Green"]]  # fmt: skip
    recommendations = parse_workbook(_write(tmp_path, suffix, rows)).plans[0].recommendations
    assert [(r.status, r.status_text) for r in recommendations] == [("open", "Red"), ("open", "Green")]
