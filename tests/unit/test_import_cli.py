"""``hmics-desktop import`` through the command line, as a secretary would run it."""

import json
from pathlib import Path

from plan_fixture import LEGACY_WORKBOOK, assert_matches_fixture
from workbooks import write_xlsx

from hmics_desktop.cli.main import main
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import Action, ProgressUpdate, Recommendation


def _dump(db_path: Path, capsys) -> dict:
    capsys.readouterr()
    assert main(["dump", "--db", str(db_path)]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_published_plan_imports_to_exactly_the_fixture(db_path: Path, capsys, fixture_plan) -> None:
    assert main(["import", str(LEGACY_WORKBOOK), "--db", str(db_path), "--inspection", "Crime Audit 2020"]) == 0
    out = capsys.readouterr().out
    assert "21 actions created" in out
    dumped = _dump(db_path, capsys)
    assert_matches_fixture(dumped["plans"][0], fixture_plan)


def test_dry_run_json_prints_plans_and_warnings_and_writes_nothing(db_path: Path, capsys, fixture_plan) -> None:
    args = ["import", str(LEGACY_WORKBOOK), "--db", str(db_path), "--inspection", "Crime Audit 2020"]
    assert main([*args, "--dry-run", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert_matches_fixture(printed["plans"][0], {**fixture_plan, "inspectorate": None})  # the file names none
    assert any("1.." in warning for warning in printed["warnings"])
    assert not db_path.exists()  # a dry run creates no database


def test_reimport_updates_never_duplicates_and_adds_a_dated_progress_entry(
    db_path: Path, tmp_path: Path, capsys
) -> None:
    def plan(progress: str, as_at: str) -> Path:
        rows = [
            [f"APPENDIX B - Progress Update as at {as_at}"],
            ["Recommendation", "Action to be taken", "Latest progress update", "Next Steps"],
            ["Recommendation 1\nPublish audits", "1.1 Report to SPA", progress, "(i) Draft"],
            [None, "1.2 Agree format", "Not started", ""],
        ]
        return write_xlsx(tmp_path / f"plan-{as_at[:2]}.xlsx", {"Crime Audit 2020": rows})

    assert main(["import", str(plan("Drafting", "15th February 2022")), "--db", str(db_path)]) == 0
    capsys.readouterr()
    assert main(["import", str(plan("Drafting", "15th February 2022")), "--db", str(db_path), "--dry-run"]) == 0
    assert "would import Crime Audit 2020: nothing to create or change; 10 values confirmed" in capsys.readouterr().out
    again = ["import", str(plan("Drafting", "15th February 2022")), "--db", str(db_path), "--dry-run", "--json"]
    assert main(again) == 0
    assert json.loads(capsys.readouterr().out)["changes"] == {"created": [], "changed": [], "confirmed": 10}
    assert main(["import", str(plan("Drafting", "15th February 2022")), "--db", str(db_path)]) == 0
    said = capsys.readouterr().out  # the same file again: it only confirms (texts, next steps, links, As at)
    assert "imported Crime Audit 2020: nothing to create or change; 10 values confirmed as they stand;" in said
    assert main(["import", str(plan("Sent to SPA", "16th March 2022")), "--db", str(db_path)]) == 0
    open_database(db_path)
    try:
        assert Recommendation.select().count() == 1
        assert Action.select().count() == 2
        first = Action.get(Action.position == 1)
        history = [(u.as_at.iso(), u.text) for u in first.progress_updates.order_by(ProgressUpdate.as_at)]
        assert history == [("2022-02-15", "Drafting"), ("2022-03-16", "Sent to SPA")]
        assert ProgressUpdate.select().count() == 3  # the identical re-import added nothing
    finally:
        close_database()
    # An export as at the first meeting still shows the first update.
    capsys.readouterr()
    from hmics_desktop.services.plans import dump_plans

    open_database(db_path)
    try:
        from datetime import date

        early = dump_plans(as_at=date(2022, 2, 28))["plans"][0]["recommendations"][0]["actions"][0]
        assert early["progress"] == "Drafting"
    finally:
        close_database()
