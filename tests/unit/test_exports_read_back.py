"""Both exports read back field by field to the database's plan, statuses and closure dates included.

The template shows a recommendation's status in words under its number ("Closed September
2024", "Proposed for closure"), so it reads back closed, in that month; the tracker has a
"Closed on" column, so a closure keeps its day. Every other field each layout shows comes back
as it was: text cut over pages, links, progress, and (the tracker) owners, targets, dates.
"""

from pathlib import Path

import pytest
from awkward_plan import awkward_plan, long_texts_plan

from hmics_desktop.domain import clock
from hmics_desktop.domain.plan import Plan
from hmics_desktop.excel.workbook_parser import parse_workbook
from hmics_desktop.services.exporting import ExportRequest, Layout, export_plans
from hmics_desktop.services.plans import example_plan, write_plans
from hmics_desktop.storage.plan_reader import read_plans

BOTH = {
    "recommendation": ("number", "kind", "text", "status"),
    "action": ("number", "text", "links", "progress", "next_steps"),
}
TRACKER_ALSO = {
    "recommendation": ("owner", "initial_target", "revised_target", "position", "impact", "closed_on"),
    "action": ("owner", "target", "status", "progress_on"),
}


def closures_plan() -> Plan:
    """The awkward plan with a closure on a known day, one in a known month, and one proposed for closure."""
    plan = awkward_plan("Custody (D&G)")
    plan.recommendations[1].closed_on = "2023-05-12"
    plan.recommendations[0].status, plan.recommendations[0].closed_on = "closed", "2024-01"
    plan.recommendations[0].impact = "Hate crime is recorded the same way everywhere."
    return plan


def _fields(plan: Plan, layout: Layout) -> list:
    names = {part: BOTH[part] + (TRACKER_ALSO[part] if layout is Layout.TRACKER else ()) for part in BOTH}

    def value(item: object, name: str) -> object:
        found = getattr(item, name)
        if name == "closed_on" and found and layout is Layout.TEMPLATE:
            return found[:7]  # the template says the month
        return found if found not in ("", None, []) else None

    return [
        (
            [value(rec, name) for name in names["recommendation"]],
            [[value(action, name) for name in names["action"]] for action in rec.actions],
            value(rec, "closed_on")[:7] if rec.closed_on else None,  # type: ignore[index]
        )
        for rec in plan.recommendations
    ]


@pytest.mark.parametrize("layout", list(Layout))
@pytest.mark.parametrize("plan", [example_plan, closures_plan], ids=["example", "closures"])
def test_an_export_reads_back_to_the_plan_in_the_database(plan_db, tmp_path: Path, layout: Layout, plan) -> None:
    written = plan()
    write_plans([written])
    as_at = clock.today()
    stored = read_plans([written.inspection], as_at)[written.inspection]
    target = tmp_path / f"{layout.value}.xlsx"
    export_plans(ExportRequest([written.inspection], target, as_at=as_at, layout=layout))
    parsed = parse_workbook(target)
    [read] = parsed.plans
    assert read.inspection == written.inspection
    assert _fields(read, layout) == _fields(stored, layout)
    statuses = {rec.status for rec in stored.recommendations}
    assert "closed" in statuses  # there is a closure to carry
    assert [w for w in parsed.warnings if "calls" not in w] == []  # (the tracker's on track / delayed is named)


def test_texts_taller_than_a_page_in_every_column_read_back_whole(plan_db, tmp_path: Path) -> None:
    write_plans([long_texts_plan()])
    stored = read_plans(["Long Texts 2024"], clock.today())["Long Texts 2024"]
    target = tmp_path / "long.xlsx"
    export_plans(ExportRequest(["Long Texts 2024"], target, as_at=clock.today()))
    parsed = parse_workbook(target)
    [read] = parsed.plans
    assert _fields(read, Layout.TEMPLATE) == _fields(stored, Layout.TEMPLATE)
    assert read.recommendations[0].actions[0].links == ["1.2", "2.1"]
    assert parsed.warnings == []
