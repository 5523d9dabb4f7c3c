"""Both exports import back to the same data (EXCEL.md: "Both exports must import back")."""

from datetime import date
from pathlib import Path

import pytest
from awkward_plan import awkward_plan
from hostile_texts import hostile_plan

from hmics_desktop.domain.plan import Plan
from hmics_desktop.services.exporting import ExportRequest, Layout, export_plans
from hmics_desktop.services.importing import import_file
from hmics_desktop.services.plans import dump_plans, load_example_plan, write_plans
from hmics_desktop.storage.database import close_database, open_database

TEMPLATE_FIELDS = {
    "recommendation": ("number", "kind", "text", "status", "closed_on"),  # the closure's month
    "action": ("number", "text", "links", "progress", "next_steps"),
}
TRACKER_FIELDS = {
    "recommendation": ("number", "kind", "text", "owner", "status", "initial_target", "revised_target", "position",
                       "impact", "closed_on"),
    "action": ("number", "text", "links", "owner", "target", "status", "progress", "next_steps"),
}  # fmt: skip


def _view(dumped: dict, fields: dict[str, tuple[str, ...]]) -> list:
    def value(item: dict, name: str):
        if name == "closed_on" and item[name] and fields is TEMPLATE_FIELDS:
            return item[name][:7]  # the template says the month of a closure
        return item[name] if item[name] not in ("", None) else None

    return [
        (
            plan["inspection"],
            [
                (
                    [value(rec, f) for f in fields["recommendation"]],
                    [[value(a, f) for f in fields["action"]] for a in rec["actions"]],
                )
                for rec in plan["recommendations"]
            ],
        )
        for plan in dumped["plans"]
    ]


def _round_trip(tmp_path: Path, plans: list[Plan] | None, layout: Layout, as_at: date) -> tuple[dict, dict]:
    first = tmp_path / "first.sqlite"
    open_database(first)
    if plans is None:
        load_example_plan()
    else:
        write_plans(plans)
    before = dump_plans(as_at=as_at)
    target = tmp_path / f"{layout.value}.xlsx"
    export_plans(ExportRequest([p["inspection"] for p in before["plans"]], target, as_at=as_at, layout=layout))
    close_database()
    open_database(tmp_path / "second.sqlite")
    try:
        import_file(target)
        after = dump_plans(as_at=as_at)
    finally:
        close_database()
    return before, after


@pytest.mark.parametrize("layout", list(Layout))
def test_example_plan_round_trip(tmp_path: Path, layout: Layout) -> None:
    fields = TEMPLATE_FIELDS if layout is Layout.TEMPLATE else TRACKER_FIELDS
    before, after = _round_trip(tmp_path, None, layout, date(2024, 10, 1))  # after its closure in September 2024
    assert _view(after, fields) == _view(before, fields)


@pytest.mark.parametrize("layout", list(Layout))
def test_awkward_plan_round_trip(tmp_path: Path, layout: Layout) -> None:
    fields = TEMPLATE_FIELDS if layout is Layout.TEMPLATE else TRACKER_FIELDS
    before, after = _round_trip(tmp_path, [awkward_plan(), awkward_plan("Custody (D&G)")], layout, date.today())
    assert _view(after, fields) == _view(before, fields)
    assert len(after["plans"]) == 2


@pytest.mark.parametrize("layout", list(Layout))
def test_hostile_texts_round_trip(tmp_path: Path, layout: Layout) -> None:
    """Markup, escapes, formula-like starts, emoji, combining marks, right-to-left text, 200 actions, odd names."""
    fields = TEMPLATE_FIELDS if layout is Layout.TEMPLATE else TRACKER_FIELDS
    plans = [hostile_plan(), hostile_plan("O'Brien & Sons <Review> 😀 ‘25’")]
    before, after = _round_trip(tmp_path, plans, layout, date.today())
    assert _view(after, fields) == _view(before, fields)
    assert len(after["plans"]) == 2


def test_an_inspection_whose_name_no_sheet_can_hold_round_trips_under_its_name(tmp_path: Path) -> None:
    plans = [hostile_plan("Thematic Inspection of Custody Arrangements: Part 2 [2023]")]
    before, after = _round_trip(tmp_path, plans, Layout.TEMPLATE, date.today())
    assert [plan["inspection"] for plan in after["plans"]] == [plan["inspection"] for plan in before["plans"]]
