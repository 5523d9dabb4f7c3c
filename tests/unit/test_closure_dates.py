"""Closure dates: HMICS's acceptance, by hand (bulk), an imported closure list; dumped for every recommendation."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from workbooks import write_xlsx

from hmics_desktop.cli.main import main
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.plan_edits import bulk_set, record_response, submit_evidence
from hmics_desktop.services.plans import dump_plans, load_example_plan
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import EvidenceSubmission, Recommendation


def test_hmics_acceptance_closes_on_its_day_and_undo_reopens(plan_db) -> None:
    load_example_plan()
    rec = Recommendation.get(Recommendation.number == 2)
    Recommendation.update(impact="Strategy revised").where(Recommendation.id == rec.id).execute()
    history = EditHistory()
    history.do(submit_evidence(rec.id, PlanDate(2024, 5, 2), "Strategy", True))
    evidence = EvidenceSubmission.get(EvidenceSubmission.recommendation == rec.id)
    history.do(record_response(evidence.id, PlanDate(2024, 7, 9), True, "Closed"))
    assert Recommendation.get_by_id(rec.id).closed_on == PlanDate(2024, 7, 9)
    dumped = dump_plans()["plans"][0]["recommendations"]
    assert [r["closed_on"] for r in dumped] == ["2024-09", "2024-07-09", None, None, None, None]
    history.undo()
    assert Recommendation.get_by_id(rec.id).closed_on is None


def test_closing_by_hand_dates_it_today_and_reopening_clears_it(plan_db) -> None:
    load_example_plan()
    ids = [r.id for r in Recommendation.select().where(Recommendation.number.in_([3, 4]))]
    Recommendation.update(impact="Done").execute()
    history = EditHistory()
    history.do(bulk_set("recommendation", ids, {"status": "closed"}))
    assert {Recommendation.get_by_id(i).closed_on for i in ids} == {PlanDate.from_date(date.today())}
    history.do(bulk_set("recommendation", ids, {"status": "open"}))
    assert {Recommendation.get_by_id(i).closed_on for i in ids} == {None}


def _closure_list(tmp_path: Path) -> Path:
    rows = [
        ["Recommendation", "Action to be taken", "Latest progress update", "Next Steps", "Recommendation status"],
        ["Recommendation 1\nPublish audits", "1.1 Report to SPA", "Report published", "", "Closed"],
        ["Recommendation 2\nRevise strategy", "2.1 Draft strategy", "Drafting", "", "Open"],
    ]
    return write_xlsx(tmp_path / "closures.xlsx", {"Crime Audit 2020": rows})


def test_import_as_at_dates_progress_and_closures_of_an_undated_file(db_path: Path, tmp_path: Path, capsys) -> None:
    path = _closure_list(tmp_path)
    assert main(["import", str(path), "--db", str(db_path), "--as-at", "2025-02-14"]) == 0
    assert "dated as at 14/02/2025" in capsys.readouterr().out
    assert main(["dump", "--db", str(db_path)]) == 0
    recs = json.loads(capsys.readouterr().out)["plans"][0]["recommendations"]
    assert [(r["number"], r["status"], r["closed_on"]) for r in recs] == [(1, "closed", "2025-02-14"),
                                                                        (2, "open", None)]  # fmt: skip
    # Imported again later, the closure keeps its date.
    assert main(["import", str(path), "--db", str(db_path), "--as-at", "2025-06-01"]) == 0
    open_database(db_path)
    try:
        assert Recommendation.get(Recommendation.number == 1).closed_on == PlanDate(2025, 2, 14)
        from hmics_desktop.storage.models import ProgressUpdate

        assert {u.as_at for u in ProgressUpdate.select()} == {PlanDate(2025, 2, 14)}
    finally:
        close_database()


def test_migration_dates_earlier_closures_from_hmics_acceptance(tmp_path: Path) -> None:
    import sqlite3
    from contextlib import closing

    from hmics_desktop.storage.database import APPLICATION_ID
    from hmics_desktop.storage.migrations import available_migrations

    path = tmp_path / "before-closure-dates.sqlite"
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        for migration in available_migrations()[:2]:
            db.executescript(f"{migration.sql()}\nPRAGMA user_version = {migration.version};")
        db.execute(
            "INSERT INTO inspection (id, title, version, created_at) VALUES (1, 'Hate Crime 2021', 1, '2024-01-01')"
        )
        db.executemany(
            "INSERT INTO recommendation (id, inspection_id, number, text, status, impact) "
            "VALUES (?, 1, ?, 'R', ?, 'x')",
            [(1, 1, "closed"), (2, 2, "closed"), (3, 3, "open")],
        )
        db.execute("INSERT INTO evidence_submission (recommendation_id, sent_on, description, response_on, response) "
                   "VALUES (1, '2024-05', 'minutes', '2024-07-09', 'accepted')")  # fmt: skip
        db.commit()
    open_database(path)
    try:
        assert [r.closed_on for r in Recommendation.select().order_by(Recommendation.id)] == [
            PlanDate(2024, 7, 9), None, None]  # fmt: skip
    finally:
        close_database()


def test_a_closure_dated_after_today_is_refused_in_the_form_and_said_in_an_import(plan_db, tmp_path: Path) -> None:
    import pytest

    from hmics_desktop.domain import clock
    from hmics_desktop.domain.plan import Plan, PlanRecommendation
    from hmics_desktop.services.editing import ValidationError
    from hmics_desktop.services.item_edits import save_item
    from hmics_desktop.services.plans import write_plans

    load_example_plan()
    rec = Recommendation.get(Recommendation.number == 3)
    tomorrow = PlanDate.from_date(date.fromordinal(clock.today().toordinal() + 1))
    with pytest.raises(ValidationError, match="is after today"):
        save_item("recommendation", rec.id, {"status": "closed", "closed_on": tomorrow, "impact": "Done"}, None)
    evidence_day = PlanDate(2024, 5, 1)
    history = EditHistory()
    history.do(submit_evidence(rec.id, evidence_day, "Evidence", True))
    evidence = EvidenceSubmission.get(EvidenceSubmission.recommendation == rec.id)
    with pytest.raises(ValidationError, match="is after today"):
        record_response(evidence.id, tomorrow, True, "Agreed", "Done")
    later = PlanRecommendation(1, "Record hate crime", status="closed", closed_on="2099-01-05", impact="Done")
    plan = Plan("Hate Crime 2021", as_at="2024-06-01", recommendations=[later])
    summary = write_plans([plan])
    assert (
        "Recommendation 1: the file's date of closure (05/01/2099) is after today; it is recorded as closed on "
        "01/06/2024, the file's date." in summary.warnings
    )
    closed = Recommendation.get(Recommendation.text == "Record hate crime")
    assert (closed.status, closed.closed_on) == ("closed", PlanDate(2024, 6, 1))


def test_a_closure_dated_before_the_inspection_was_published_is_refused_in_one_sentence(plan_db) -> None:
    import pytest

    from hmics_desktop.services.editing import ValidationError
    from hmics_desktop.services.item_edits import save_item
    from hmics_desktop.storage.models import Inspection

    load_example_plan()
    inspection = Inspection.get(Inspection.title == "Crime Audit 2020")
    EditHistory().do(save_item("inspection", inspection.id, {"published": PlanDate(2020, 6)}, None))
    rec = Recommendation.get(Recommendation.number == 3)
    early = {"status": "closed", "closed_on": PlanDate(2020, 5, 29), "impact": "Done"}
    with pytest.raises(ValidationError) as refused:
        save_item("recommendation", rec.id, early, None)
    assert list(refused.value.problems.values()) == [
        "The date of closure (29/05/2020) is before the inspection was published (June 2020): a recommendation is "
        "closed after HMICS makes it."
    ]
    EditHistory().do(save_item("recommendation", rec.id, {**early, "closed_on": PlanDate(2020, 6, 1)}, None))
    history = EditHistory()
    history.do(submit_evidence(rec.id, PlanDate(2020, 5, 1), "Evidence", True))
    evidence = EvidenceSubmission.get(EvidenceSubmission.recommendation == rec.id)
    with pytest.raises(ValidationError, match="before the inspection was published"):
        record_response(evidence.id, PlanDate(2020, 5, 2), True, "Agreed", "Done")
    # a file's closure before the publication is not taken: the file's day is recorded instead, and said
    from hmics_desktop.domain.plan import Plan, PlanRecommendation
    from hmics_desktop.services.plans import write_plans

    rec4 = Recommendation.get(Recommendation.number == 4)
    closed = PlanRecommendation(4, rec4.text, status="closed", closed_on="2020-05", impact="Done")
    summary = write_plans([Plan("Crime Audit 2020", as_at="2024-06-01", recommendations=[closed])])
    assert (
        "Recommendation 4: the file's date of closure (May 2020) is before the inspection was published (June 2020); "
        "it is recorded as closed on 01/06/2024." in summary.warnings
    )
    assert Recommendation.get_by_id(rec4.id).closed_on == PlanDate(2024, 6, 1)


def _published_plan(closed_on: str | None) -> None:
    """Hate Crime 2021 (published June 2021) recorded from a file of 01/10/2024: recommendation 1, closed or open."""
    from paper_fixture import on_day

    from hmics_desktop.domain.plan import Plan, PlanRecommendation
    from hmics_desktop.services.item_edits import save_item
    from hmics_desktop.services.plans import write_plans
    from hmics_desktop.storage.models import Inspection

    closure = {"status": "closed", "closed_on": closed_on, "impact": "Done"} if closed_on else {}
    with on_day(date(2024, 10, 1)):
        write_plans([Plan("Hate Crime 2021", as_at="2024-10-01",
                          recommendations=[PlanRecommendation(1, "Record hate crime", **closure)])])  # fmt: skip
        inspection = Inspection.get(Inspection.title == "Hate Crime 2021")
        EditHistory().do(save_item("inspection", inspection.id, {"published": PlanDate(2021, 6)}, None))


def _closed_before_publication(as_at: str) -> list[str]:
    """A file of ``as_at``, imported on 05/03/2025, saying recommendation 1 was closed in May 2021: its warnings."""
    from paper_fixture import on_day

    from hmics_desktop.domain.plan import Plan, PlanRecommendation
    from hmics_desktop.services.plans import write_plans

    early = PlanRecommendation(1, "Record hate crime", status="closed", closed_on="2021-05-01", impact="Done")
    with on_day(date(2025, 3, 5)):
        return write_plans([Plan("Hate Crime 2021", as_at=as_at, recommendations=[early])]).warnings


def test_a_files_closure_before_publication_leaves_a_later_closure_on_record_and_says_only_that(plan_db) -> None:
    from paper_fixture import on_day

    from hmics_desktop.services.item_edits import save_item

    _published_plan(None)
    rec = Recommendation.get(Recommendation.number == 1)
    with on_day(date(2025, 3, 1)):
        closed = {"status": "closed", "closed_on": PlanDate(2025, 2, 20), "impact": "Done"}
        EditHistory().do(save_item("recommendation", rec.id, closed, None))
    warnings = _closed_before_publication("2025-01-10")
    assert Recommendation.get_by_id(rec.id).closed_on == PlanDate(2025, 2, 20)
    assert not [w for w in warnings if "recorded as closed on 10/01/2025" in w], warnings


def test_a_files_closure_before_publication_leaves_the_closure_on_record_rather_than_the_files_day(plan_db) -> None:
    _published_plan("2022-03-01")
    rec = Recommendation.get(Recommendation.number == 1)
    warnings = _closed_before_publication("2025-03-01")
    assert Recommendation.get_by_id(rec.id).closed_on == PlanDate(2022, 3, 1)
    assert (
        "Recommendation 1: the file's date of closure (01/05/2021) is before the inspection was published (June 2021); "
        "it is recorded as closed on 01/03/2022." in warnings
    )
