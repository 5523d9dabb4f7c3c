"""What the application writes imports back with nothing changed: the template, the tracker, its own progress paper.

The example plan as the papers publish it (R1 closed, in September 2024, HMICS's response
recorded on a day), exported as at today and imported again into the same database: no
field, status or closure date changes, no row is created.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.excel.workbook_parser import ImportOptions
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.exporting import ExportRequest, Layout, export_plans
from hmics_desktop.services.importing import commit_import, preview_import
from hmics_desktop.services.item_edits import save_item
from hmics_desktop.services.papers.files import build_paper, write_word
from hmics_desktop.services.papers.spec import PaperKind, PaperSpec
from hmics_desktop.services.plans import load_example_plan
from hmics_desktop.storage.models import Action, Inspection, Recommendation


def _example_with_a_dated_closure() -> int:
    load_example_plan()
    rec = Recommendation.get(Recommendation.number == 1)
    EditHistory().do(save_item("recommendation", rec.id, {"closed_on": PlanDate(2024, 9, 12), "impact": "Done"}, None))
    return int(Inspection.get().id)


def _nothing_changes(path: Path) -> None:
    preview = preview_import(path, ImportOptions(renames={"Crime Audit 2020 Improvement Plan – progress update":
                                                          "Crime Audit 2020"}))  # fmt: skip
    summary = preview.summary
    plan_changes = [c for c in summary.changes if not c.item.startswith("Inspection")]
    assert (summary.created_rows, plan_changes) == ([], []), (summary.created_rows[:3], plan_changes[:5])
    assert {c.field for c in summary.changes} <= {"As at", "Plan title"}  # only the file's own date is newer
    assert [p.inspection for p in preview.parsed.plans] == ["Crime Audit 2020"]


@pytest.mark.parametrize("layout", [Layout.TEMPLATE, Layout.TRACKER])
def test_an_export_imports_back_with_nothing_changed(plan_db, tmp_path: Path, layout: Layout) -> None:
    _example_with_a_dated_closure()
    target = tmp_path / f"{layout.value}.xlsx"
    export_plans(ExportRequest(["Crime Audit 2020"], target, as_at=clock.today(), layout=layout))
    _nothing_changes(target)
    assert Recommendation.get(Recommendation.number == 1).closed_on == PlanDate(2024, 9, 12)


def test_the_progress_paper_imports_back_with_nothing_changed(plan_db, tmp_path: Path) -> None:
    inspection_id = _example_with_a_dated_closure()
    spec = PaperSpec(kind=PaperKind.PROGRESS, meeting_on=clock.today(), as_at=clock.today(),
                     since=date(2024, 9, 1))  # fmt: skip
    spec.inspection_ids = [inspection_id]
    target = tmp_path / "progress.docx"
    write_word(build_paper(spec), target)
    _nothing_changes(target)


@pytest.mark.parametrize("layout", [Layout.TEMPLATE, Layout.TRACKER])
def test_blank_fields_and_no_inspectorate_import_back_as_they_were(plan_db, tmp_path: Path, layout: Layout) -> None:
    inspection_id = _example_with_a_dated_closure()
    history = EditHistory()
    history.do(save_item("inspection", inspection_id, {"inspectorate": None}, None))
    for action in Action.select():
        history.do(save_item("action", action.id, {"next_steps": None if action.id % 2 else ""}, None))
    target = tmp_path / f"{layout.value}.xlsx"
    export_plans(ExportRequest(["Crime Audit 2020"], target, as_at=clock.today(), layout=layout))
    _nothing_changes(target)
    commit_import(preview_import(target, ImportOptions(renames={"Crime Audit 2020 Improvement Plan – progress update":
                                                                "Crime Audit 2020"})))  # fmt: skip
    assert Inspection.get().inspectorate is None
    again = preview_import(target)
    assert (again.summary.line(), again.summary.changes) == ("nothing to create or change", [])
