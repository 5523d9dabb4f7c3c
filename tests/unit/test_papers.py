"""The committee papers from the data, read back from the Word file cell by cell."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Mm
from paper_fixture import AS_AT, BEFORE, SINCE, load_paper_plan, on_day

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.history_text import history as history_of
from hmics_desktop.services.item_edits import create_item, delete_items, restore_items, save_item
from hmics_desktop.services.papers.as_at import inspections_as_at, plans_as_at
from hmics_desktop.services.papers.files import PaperError, build_paper, write_word
from hmics_desktop.services.papers.spec import PaperKind, PaperSpec
from hmics_desktop.services.plan_edits import revise_targets
from hmics_desktop.services.plans import load_example_plan, write_plans
from hmics_desktop.storage.models import Inspection, Recommendation

ONGOING = ["Inspection", "Total", "Closed", "Ongoing – on track", "Ongoing – delayed"]


def _spec(
    inspection_id: int, kind: PaperKind = PaperKind.UPDATE, as_at: date = AS_AT, since: date = SINCE, **values
) -> PaperSpec:
    values = {"meeting_on": date(2025, 3, 19), **values}
    return PaperSpec(kind=kind, as_at=as_at, since=since, location="online", inspection_ids=[inspection_id],
                     **values)  # fmt: skip


def _cells(path: Path) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in docx.Document(str(path)).tables]


def _write(spec: PaperSpec, path: Path) -> list[list[list[str]]]:
    return _cells_of(build_paper(spec), path)


def _cells_of(document, path: Path) -> list[list[list[str]]]:
    write_word(document, path)
    return _cells(path)


def test_update_paper_counts_closures_and_positions_cell_by_cell(plan_db, tmp_path) -> None:
    inspection_id = load_paper_plan()
    tables = _write(_spec(inspection_id), tmp_path / "update.docx")
    meeting, counts, closures, closed, still_open = tables
    assert meeting == [["Item", "Details"],  # a heading row, as on every table (a screen reader reads it)
                       ["Meeting", "Policing Performance Committee - 19 March 2025"], ["Date", "19 March 2025"],
                       ["Location", "online"], ["Reporting period", "18 September 2024 to 19 March 2025"]]  # fmt: skip
    # R1, R2 closed; R3 closed only after the paper: on track with R5; R4 delayed by its initial target.
    assert counts == [ONGOING, ["Hate Crime 2021", "5", "2", "2", "1"]]
    assert closures == [["Publication", "Date", "Remaining", "Closed since last meeting"],
                        ["Hate Crime 2021", "June 2021", "3", "1"]]  # fmt: skip
    assert closed == [["Recommendation", "What we did and the impact"],
                      ["R1 – Police Scotland should record hate crime consistently.",
                       "Consistent recording is in place.\nRepeat victims are now identified."]]  # fmt: skip
    assert still_open == [
        ["Recommendation", "Position"],
        ["R3 - Police Scotland should train call handlers.",
         "Training is under way.\nThe initial target for completion was Jan 2026."],
        ["R4 - Police Scotland should review its policy.",
         "A draft policy is with the Executive.\nConsultation ends in April.\n"
         "The initial target for completion was Sept 2023."],
        ["R5 - Police Scotland should engage communities.",
         "Forums meet monthly.\nThe initial target for completion was Jan 2099."],
    ]  # fmt: skip
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "update.docx")).paragraphs)
    assert "Victim updates" not in text  # the area for development is neither counted nor listed
    assert "Areas for development are not included in these figures." in text  # a note, as a paper would say it
    assert "Recommendations only" not in text and "Ongoing – delayed once" not in text  # not the counting rules
    assert "Dependent on the new crime system." in text


def test_update_paper_of_the_example_gives_the_published_counts(plan_db, tmp_path) -> None:
    """Seed 000, the HMICS Improvement Update of 18 September 2024: Crime Audit 6 · 1 · 0 · 5."""
    load_example_plan()
    inspection = Inspection.get(Inspection.title == "Crime Audit 2020")
    meeting = date(2024, 9, 18)
    spec = _spec(inspection.id, as_at=meeting, since=date(2024, 6, 12), meeting_on=meeting)
    counts = _write(spec, tmp_path / "update.docx")[1]
    assert counts == [ONGOING, ["Crime Audit 2020", "6", "1", "0", "5"]]
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "update.docx")).paragraphs)
    assert "Areas for development" not in text  # the example has none: no note


def test_recommendations_left_out_are_not_shown_but_still_counted(plan_db, tmp_path) -> None:
    inspection_id = load_paper_plan()
    r5 = Recommendation.get((Recommendation.number == 5) & (Recommendation.kind == "recommendation"))
    tables = _write(_spec(inspection_id, hidden={r5.id}), tmp_path / "update.docx")
    assert tables[1][1] == ["Hate Crime 2021", "5", "2", "2", "1"]
    assert [row[0][:2] for row in tables[-1][1:]] == ["R3", "R4"]


def test_an_earlier_paper_ignores_what_happened_after_it(plan_db, tmp_path) -> None:
    inspection_id = load_paper_plan()
    r4 = Recommendation.get((Recommendation.number == 4) & (Recommendation.kind == "recommendation"))
    history = EditHistory()
    history.do(save_item("recommendation", r4.id, {"position": "Policy approved (written today)."}, None))
    history.do(save_item("inspection", inspection_id, {"challenges_risks": "A new risk (written today)."}, None))
    [state] = inspections_as_at([inspection_id], BEFORE)
    assert state.challenges_risks == "Dependent on the new crime system."
    by_number = {r.number: r for r in state.counted()}
    assert by_number[4].position.startswith("A draft policy")  # the position as it stood then
    assert by_number[4].target == by_number[4].initial_target  # revised only later (today)
    assert by_number[1].closed_on is None and by_number[1].status.value == "open"
    tables = _write(_spec(inspection_id, as_at=BEFORE), tmp_path / "before.docx")
    assert tables[1][1] == ["Hate Crime 2021", "5", "1", "2", "2"]  # R1 open and past its target then
    assert len(tables) == 3  # no closure in that period: meeting, counts, open recommendations
    assert [row[0][:2] for row in tables[2][1:]] == ["R1", "R3", "R4", "R5"]
    assert tables[2][3][1].startswith("A draft policy")
    now = _write(_spec(inspection_id, as_at=date.today()), tmp_path / "now.docx")
    assert "Policy approved (written today)." in now[-1][-2][1]


def test_revised_target_on_or_before_the_date_is_the_target_then(plan_db) -> None:
    inspection_id = load_paper_plan()
    r5 = Recommendation.get((Recommendation.number == 5) & (Recommendation.kind == "recommendation"))
    with on_day(date(2025, 1, 2)):
        EditHistory().do(revise_targets("recommendation", [r5.id], PlanDate(2100, 6), "resourcing"))
    [state] = inspections_as_at([inspection_id], AS_AT)
    r5_then = next(r for r in state.counted() if r.number == 5)
    assert r5_then.target.iso() == "2100-06" and r5_then.initial_target.iso() == "2099-01"
    [earlier] = inspections_as_at([inspection_id], date(2024, 12, 1))
    assert next(r for r in earlier.counted() if r.number == 5).target.iso() == "2099-01"


def test_progress_paper_of_the_example_plan_is_a_proper_word_document(plan_db, tmp_path) -> None:
    load_example_plan()
    inspection = Inspection.get(Inspection.title == "Crime Audit 2020")
    target = tmp_path / "progress.docx"
    spec = _spec(inspection.id, PaperKind.PROGRESS, as_at=date(2022, 2, 28), since=date(2021, 9, 1))
    tables = _write(spec, target)
    cover, appendix = tables
    assert [row[0] for row in cover] == ["Item", "Meeting", "Date", "Location", "Title of Paper", "Presented By",
                                         "Recommendation to Members", "Appendix Attached"]  # fmt: skip
    assert cover[4][1] == "Crime Audit 2020 Improvement Plan – progress update"
    assert cover[7][1] == "YES Appendix B - Improvement Plan Progress Report as at 28 February 2022"
    assert appendix[0] == ["Recommendation", "Action to be taken", "Latest progress update", "Next Steps"]
    assert len(appendix) == 1 + 21  # one row per action of the example plan
    assert appendix[1][0].startswith("Recommendation 1\nThe Scottish Police Authority")
    assert appendix[1][1].startswith("1.1 ")
    assert appendix[2][0] == appendix[1][0]  # merged down over the recommendation's actions
    word = docx.Document(str(target))
    first, last = word.sections[0], word.sections[-1]
    assert abs(first.page_width - Mm(210)) < Mm(0.1) and abs(first.page_height - Mm(297)) < Mm(0.1)  # A4
    assert last.orientation == WD_ORIENT.LANDSCAPE and abs(last.page_width - Mm(297)) < Mm(0.1)
    assert first.header.paragraphs[0].text == "OFFICIAL" and first.footer.paragraphs[0].text == "OFFICIAL"
    assert "PAGE" in first.footer._element.xml and "w:tblHeader" in word.tables[1]._tbl.xml
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == ["PURPOSE", "1. BACKGROUND", "2. FURTHER DETAIL ON THE REPORT TOPIC",
                            "2.1 Summary of progress"]  # fmt: skip
    assert "10. ENVIRONMENT IMPLICATIONS" in headings and "RECOMMENDATIONS" in headings
    numbered = [p.text for p in word.paragraphs if p.style.name == "Numbered Paragraph"]
    assert numbered[0].startswith("1.1\tSince the presentation of the Crime Audit 2020 Improvement Plan")
    assert any(p.text == "Progress as at February 2022" and p.style.name == "Heading 3" for p in word.paragraphs)


def test_a_paper_needs_inspections_and_a_period_before_its_date(plan_db) -> None:
    inspection_id = load_paper_plan()
    with pytest.raises(PaperError, match="at least one inspection"):
        build_paper(PaperSpec(kind=PaperKind.UPDATE, meeting_on=AS_AT, as_at=AS_AT))
    with pytest.raises(PaperError, match="start before"):
        build_paper(
            PaperSpec(kind=PaperKind.UPDATE, meeting_on=AS_AT, as_at=AS_AT, since=AS_AT, inspection_ids=[inspection_id])
        )


def test_the_last_meeting_is_the_latest_held_of_the_kept_papers(plan_db) -> None:
    from hmics_desktop.services.papers.store import delete_paper, save_paper
    from hmics_desktop.services.plan_facts import last_meeting_on

    inspection_id = load_paper_plan()
    assert last_meeting_on(date(2025, 1, 1)) is None

    def paper(meeting_on: date) -> int:
        return save_paper(PaperSpec(kind=PaperKind.UPDATE, meeting_on=meeting_on, as_at=meeting_on, since=SINCE,
                                    inspection_ids=[inspection_id]))  # fmt: skip

    for day in (date(2024, 6, 12), date(2024, 9, 18), date(2025, 3, 19)):
        paper(day)
    removed = paper(date(2024, 12, 11))
    delete_paper(removed)
    assert last_meeting_on(date(2025, 1, 1)) == date(2024, 9, 18)  # not a deleted paper's, not a later one
    assert last_meeting_on(date(2025, 3, 19)) == date(2025, 3, 19)


def _progress_sections(spec: PaperSpec, path: Path) -> dict[str, list[str]]:
    """Each recommendation's paragraphs in the progress paper (its own headings too), after its text, by its heading."""
    write_word(build_paper(spec), path)
    sections: dict[str, list[str]] = {}
    current = None
    for paragraph in docx.Document(str(path)).paragraphs:
        if paragraph.style.name.startswith("Heading") and paragraph.style.name != "Heading 3":
            current = paragraph.text if paragraph.text.startswith("Recommendation ") else None
            if current:
                sections[current] = []
        elif current and paragraph.text.startswith("Further detailed information"):
            current = None
        elif current:
            sections[current].append(paragraph.text)
    return {heading: lines[1:] for heading, lines in sections.items()}  # after the recommendation's text


def test_progress_headings_say_the_month_of_the_progress_shown(plan_db, tmp_path) -> None:
    """Each heading is the month of its own latest updates on or before the date; never the paper's own date."""
    write_plans([Plan(inspection="Custody (D&G)", recommendations=[
        PlanRecommendation(number=1, text="Train custody staff.", actions=[
            PlanAction(number="1.1", text="Course", progress="Course written", progress_on="2024-11-20"),
            PlanAction(number="1.2", text="Refresher", progress="Refresher booked", progress_on="2025-01-09",
                       earlier_progress=[("2024-10-01", "Refresher planned")]),
            PlanAction(number="1.3", text="Later", progress="Written after the paper", progress_on="2025-06-01")]),
        PlanRecommendation(number=2, text="Maintain equipment.", actions=[
            PlanAction(number="2.1", text="Checks", progress="Checks in place", progress_on="2025-02-03")]),
        PlanRecommendation(number=3, text="Review storage.", actions=[PlanAction(number="3.1", text="Review")]),
        PlanRecommendation(number=4, text="Clean rooms.", position="Cleaning schedule agreed."),
        PlanRecommendation(number=5, text="Record medication.", status="closed", closed_on="2025-02-10",
                           impact="Medication is recorded.\nAudits show it.", actions=[
            PlanAction(number="5.1", text="Log", progress="Log in draft", progress_on="2024-05-01")]),
        PlanRecommendation(number=6, text="Publish guidance.", status="closed", closed_on="2025-01",
                           actions=[PlanAction(number="6.1", text="Guide", progress="Guide drafted")]),
    ])], progress_date=date(2024, 1, 1))  # fmt: skip
    inspection_id = Inspection.get(Inspection.title == "Custody (D&G)").id
    spec = _spec(inspection_id, PaperKind.PROGRESS, as_at=date(2025, 3, 19), since=None)
    sections = _progress_sections(spec, tmp_path / "progress.docx")
    assert sections == {
        "Recommendation 1": ["Progress as at January 2025", "Refresher booked",
                             "Progress as at November 2024", "Course written"],
        "Recommendation 2": ["Progress as at February 2025", "Checks in place"],
        "Recommendation 3": ["No progress update has been recorded."],
        "Recommendation 4": ["Position", "Cleaning schedule agreed."],
        "Recommendation 5": ["Closed on 10 February 2025", "What we did and the impact", "Medication is recorded.",
                             "Audits show it."],
        "Recommendation 6": ["Closed in January 2025", "What we did and the impact", "Not recorded."],
    }  # fmt: skip
    earlier = _progress_sections(replace(spec, as_at=date(2024, 12, 31)), tmp_path / "earlier.docx")
    assert earlier["Recommendation 1"] == ["Progress as at November 2024", "Course written",
                                           "Progress as at October 2024", "Refresher planned"]  # fmt: skip
    assert earlier["Recommendation 5"] == ["Progress as at May 2024", "Log in draft"]  # not closed yet


def test_a_closure_typed_in_late_brings_its_impact_from_its_own_date(plan_db, tmp_path) -> None:
    inspection_id = load_paper_plan()
    r5 = Recommendation.get((Recommendation.number == 5) & (Recommendation.kind == "recommendation"))
    with on_day(date(2025, 4, 10)):
        closed = {"status": "closed", "closed_on": PlanDate(2025, 3, 1), "impact": "Forums are part of the routine."}
        EditHistory().do(save_item("recommendation", r5.id, closed, None))
    tables = _write(_spec(inspection_id), tmp_path / "late.docx")
    assert tables[3][-1] == ["R5 – Police Scotland should engage communities.", "Forums are part of the routine."]
    [then] = inspections_as_at([inspection_id], date(2025, 3, 1))
    assert {r.number: r.impact for r in then.counted()}[5] == "Forums are part of the routine."


def test_a_paper_made_later_names_every_printed_value_recorded_later(plan_db, tmp_path) -> None:
    inspection_id = load_paper_plan()
    r4 = Recommendation.get((Recommendation.number == 4) & (Recommendation.kind == "recommendation"))
    steps = EditHistory()
    with on_day(date(2025, 3, 1)):
        steps.do(save_item("inspection", inspection_id, {"published": PlanDate(2021, 7)}, None))
        steps.do(save_item("recommendation", r4.id, {"initial_target": PlanDate(2024, 3)}, None))
    made_then = _cells_of(build_paper(_spec(inspection_id), known_on=AS_AT), tmp_path / "then.docx")
    with on_day(date(2025, 4, 10)):
        steps.undo()
        steps.undo()
    assert plans_as_at([inspection_id], AS_AT).recorded_later == [
        "the publication date of “Hate Crime 2021”", "the initial target of Recommendation 4"]  # fmt: skip
    made_now = _cells_of(build_paper(_spec(inspection_id)), tmp_path / "now.docx")
    assert made_then[2][1][1] == "July 2021" and made_now[2][1][1] == "June 2021"
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "now.docx")).paragraphs)
    assert "(the publication date of “Hate Crime 2021” and the initial target of Recommendation 4)." in text


def _made_and_deleted_the_next_day(text: str) -> tuple[int, int, EditHistory]:
    """Recommendation 6 recorded on 10/04/2025 and deleted on the 11th (within a week: taken for a mistake)."""
    inspection_id = load_paper_plan()
    steps = EditHistory()
    with on_day(date(2025, 4, 10)):
        change, made = create_item("recommendation", {"number": 6, "text": text}, inspection_id)
        steps.do(change)
    with on_day(date(2025, 4, 11)):
        steps.do(delete_items("recommendation", [made["id"]]))
    return inspection_id, made["id"], steps


def test_a_recommendation_made_by_mistake_and_deleted_is_on_no_paper_and_the_note_says_so(plan_db) -> None:
    inspection_id, made_id, _steps = _made_and_deleted_the_next_day("Typed into the wrong plan")
    with on_day(date(2025, 4, 12)):
        for day in (AS_AT, date(2025, 4, 10), date(2025, 4, 11)):
            [inspection] = inspections_as_at([inspection_id], day)
            assert 6 not in [r.number for r in inspection.counted()], day
        assert plans_as_at([inspection_id], AS_AT).recorded_later == []
        said = plans_as_at([inspection_id], date(2025, 4, 10)).recorded_later
        assert said == ["Recommendation 6 left out (recorded on 10/04/2025 and deleted on 11/04/2025: made by mistake)"]
        [deleted, _created] = history_of("recommendation", made_id)
    assert deleted.what == (
        "Recommendation deleted: it was recorded on 10/04/2025 and deleted on 11/04/2025, so it was made by mistake "
        "and stands on no paper."
    )


def test_a_recommendation_deleted_as_a_mistake_and_restored_stands_from_its_first_day_again(plan_db) -> None:
    inspection_id, made_id, steps = _made_and_deleted_the_next_day("Review the training")
    with on_day(date(2025, 6, 2)):
        steps.do(restore_items("recommendation", [made_id]))  # no: the deletion was the mistake
        for day in (date(2025, 4, 10), date(2025, 5, 1), date(2025, 6, 2)):
            [inspection] = inspections_as_at([inspection_id], day)
            assert 6 in [r.number for r in inspection.counted()], day
        [restored, *_rest] = history_of("recommendation", made_id)
    assert (
        restored.what == "Recommendation restored: it stands again from 01/06/2021, as if never deleted."
    )  # its publication


def test_the_progress_paper_of_an_inspection_with_one_recommendation_speaks_of_it_alone(plan_db, tmp_path) -> None:
    with on_day(date(2025, 1, 10)):
        write_plans([Plan(inspection="Roads Policing Review 2022", recommendations=[
            PlanRecommendation(number=1, text="Publish a strategy.", actions=[PlanAction(number="1.1", text="Draft")])
        ])])  # fmt: skip
    inspection_id = Inspection.get(Inspection.title == "Roads Policing Review 2022").id
    out = tmp_path / "progress.docx"
    write_word(build_paper(_spec(inspection_id, PaperKind.PROGRESS, as_at=date(2025, 3, 19), since=None)), out)
    said = [p.text for p in docx.Document(str(out)).paragraphs if "high level summary" in p.text]
    assert said == ["A high level summary of the one recommendation contained within the HMICS Report is provided "
                    "below:-"]  # fmt: skip
