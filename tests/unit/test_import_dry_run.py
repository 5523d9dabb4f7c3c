"""``import --dry-run``: says row by row and field by field what it would do, and touches no database."""

import json
import os
import sqlite3
from pathlib import Path

from platforms import posix_permissions
from workbooks import write_xlsx

from hmics_desktop.cli.main import main

HEADER = ["Recommendation", "Action", "Owner", "Target date", "Latest progress update"]


def _plan(tmp_path: Path, name: str, rows: list[list], sheet: str = "Crime Audit 2020") -> Path:
    banner = [["APPENDIX B - Progress Update as at 15th February 2022"]]
    return write_xlsx(tmp_path / name, {sheet: [*banner, HEADER, *rows]})


FIRST = [["Recommendation 1 Publish audits", "1.1 Report to SPA", "DI Smith", "Sept 2022", "Drafting"]]
SECOND = [
    ["Recommendation 1 Publish audits", "1.1 Report to SPA", "DS Jones", "15/02/2022", "Sent to SPA"],
    [None, "1.2 Agree format", "DI Smith", "", ""],
    ["Recommendation 2 Train staff", "2.1 Book course", "LTD", "March 2023", ""],
]


def _database_in_a_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "db"
    folder.mkdir()
    return folder / "plans.sqlite"


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_dry_run_lists_what_it_would_create_and_overwrite(tmp_path: Path, capsys) -> None:
    db = _database_in_a_folder(tmp_path)
    assert main(["import", str(_plan(tmp_path, "first.xlsx", FIRST)), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["import", str(_plan(tmp_path, "second.xlsx", SECOND)), "--db", str(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "second.xlsx: would import Crime Audit 2020: 1 recommendation and 2 actions created; 1 action updated; "
        "1 progress update added; 1 warning.",  # 1.1 already has an update as at 15/02/2022 in other words
        "  Crime Audit 2020: named by the sheet’s name “Crime Audit 2020”.",
        "Would create:",
        "  Progress update 1.1: As at 15/02/2022: Sent to SPA",
        "  Action 1.2: Agree format",
        "  Recommendation 2: Train staff",
        "  Action 2.1: Book course",
        "Would change:",
        "  Action 1.1, Owner: DI Smith → DS Jones",
        "  Action 1.1, Target date: September 2022 → 15/02/2022",
    ]

    assert main(["import", str(tmp_path / "second.xlsx"), "--db", str(db), "--dry-run", "--json"]) == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert {"kind": "Recommendation", "number": "2", "text": "Train staff"} in changes["created"]
    assert changes["changed"] == [
        {"item": "Action 1.1", "field": "Owner", "old": "DI Smith", "new": "DS Jones"},
        {"item": "Action 1.1", "field": "Target date", "old": "September 2022", "new": "15/02/2022"},
    ]


def test_dry_run_leaves_an_existing_database_byte_for_byte(tmp_path: Path, capsys) -> None:
    db = _database_in_a_folder(tmp_path)
    folder = db.parent
    assert main(["import", str(_plan(tmp_path, "first.xlsx", FIRST)), "--db", str(db)]) == 0
    before = _files(folder)
    assert set(before) == {"plans.sqlite"}
    assert main(["import", str(_plan(tmp_path, "second.xlsx", SECOND)), "--db", str(db), "--dry-run"]) == 0
    assert "Would change:" in capsys.readouterr().out
    assert _files(folder) == before  # same bytes, same modification time, no -wal or -shm beside it


def test_dry_run_beside_a_program_holding_the_database_open_sees_its_commits(tmp_path: Path, capsys) -> None:
    db = _database_in_a_folder(tmp_path)
    folder = db.parent
    assert main(["import", str(_plan(tmp_path, "first.xlsx", FIRST)), "--db", str(db)]) == 0
    other = sqlite3.connect(db)  # another program, its last commit still in the -wal file
    try:
        other.execute("UPDATE action SET owner = 'DC Brown'")
        other.commit()
        before = _files(folder)
        assert set(before) == {"plans.sqlite", "plans.sqlite-wal", "plans.sqlite-shm"}
        assert main(["import", str(_plan(tmp_path, "second.xlsx", SECOND)), "--db", str(db), "--dry-run"]) == 0
        assert "  Action 1.1, Owner: DC Brown → DS Jones" in capsys.readouterr().out.splitlines()
        after = _files(folder)
        assert set(after) == set(before)
        # The -shm file is the readers' shared index (every reader marks it); the data files are untouched.
        assert [after[n] for n in ("plans.sqlite", "plans.sqlite-wal")] == [
            before[n] for n in ("plans.sqlite", "plans.sqlite-wal")
        ]
    finally:
        other.close()


def test_dry_run_through_a_symbolic_link_beside_a_program_holding_the_database_open_sees_its_commits(
    tmp_path: Path, capsys
) -> None:
    db = _database_in_a_folder(tmp_path)
    assert main(["import", str(_plan(tmp_path, "first.xlsx", FIRST)), "--db", str(db)]) == 0
    link = tmp_path / "plans.sqlite"  # SQLite follows it: the -wal file is beside the database, not the link
    link.symlink_to(db)
    other = sqlite3.connect(db)  # another program, its last commit still in the -wal file
    try:
        other.execute("UPDATE action SET owner = 'DC Brown'")
        other.commit()
        assert main(["import", str(_plan(tmp_path, "second.xlsx", SECOND)), "--db", str(link), "--dry-run"]) == 0
        assert "  Action 1.1, Owner: DC Brown → DS Jones" in capsys.readouterr().out.splitlines()
    finally:
        other.close()


def test_dry_run_on_a_database_that_does_not_exist_creates_nothing(tmp_path: Path, capsys) -> None:
    db = tmp_path / "not-yet" / "plans.sqlite"
    assert main(["import", str(_plan(tmp_path, "first.xlsx", FIRST)), "--db", str(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would import Crime Audit 2020: 1 inspection, 1 recommendation and 1 action created" in out
    assert not db.parent.exists()


@posix_permissions
def test_dry_run_on_a_read_only_database(tmp_path: Path, capsys) -> None:
    db = _database_in_a_folder(tmp_path)
    folder = db.parent
    assert main(["import", str(_plan(tmp_path, "first.xlsx", FIRST)), "--db", str(db)]) == 0
    os.chmod(db, 0o444)
    os.chmod(folder, 0o555)
    try:
        before = _files(folder)
        assert main(["import", str(_plan(tmp_path, "second.xlsx", SECOND)), "--db", str(db), "--dry-run"]) == 0
        assert "Would change:" in capsys.readouterr().out
        assert _files(folder) == before
    finally:
        os.chmod(folder, 0o755)


def test_a_close_inspection_name_is_named_with_the_option_to_use(tmp_path: Path, capsys) -> None:
    db = tmp_path / "plans.sqlite"
    assert main(["import", str(_plan(tmp_path, "first.xlsx", FIRST)), "--db", str(db)]) == 0
    crime_audit = _plan(tmp_path, "crime-audit.xlsx", SECOND, sheet="Crime Audit")
    capsys.readouterr()
    assert main(["import", str(crime_audit), "--db", str(db), "--dry-run"]) == 0
    assert (
        "  warning: the inspection “Crime Audit” is not in the database but “Crime Audit 2020” is, so a new "
        "inspection would be created; to import into “Crime Audit 2020” instead, run the import with "
        '--inspection "Crime Audit 2020".'
    ) in capsys.readouterr().err.splitlines()
    assert main(["import", str(crime_audit), "--db", str(db), "--dry-run", "--inspection", "Crime Audit 2020"]) == 0
    captured = capsys.readouterr()
    assert "would import Crime Audit 2020: 1 recommendation and 2 actions created" in captured.out
    assert "is not in the database" not in captured.err  # its one warning: 1.1's update of that day in other words


def test_dry_run_on_a_folder_instead_of_a_database_says_so(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "plans.sqlite"
    folder.mkdir()
    assert main(["import", str(_plan(tmp_path, "first.xlsx", FIRST)), "--db", str(folder), "--dry-run"]) == 2
    assert capsys.readouterr().err == f"hmics-desktop import: the database {folder} cannot be read: Is a directory\n"


def test_the_actions_of_an_area_for_development_say_so(plan_db) -> None:
    from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
    from hmics_desktop.domain.plan_changes import CreatedRow
    from hmics_desktop.services.plans import dump_plans, write_plans

    area = PlanRecommendation(1, "Review vetting", kind="area_for_development", actions=[PlanAction("1.1", "Audit")])
    summary = write_plans([Plan("Vetting 2023", recommendations=[area])], dry_run=True)
    assert summary.created_rows == [
        CreatedRow("Inspection", "", "Vetting 2023"),
        CreatedRow("Area for development", "1", "Review vetting"),
        CreatedRow("Action", "1.1 (area for development)", "Audit"),
    ]
    assert dump_plans() == {"plans": []}  # the dry run wrote nothing
