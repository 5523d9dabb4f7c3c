"""Plans with a history of years, each change made on its own day (the clock moved), for the dashboard.

Three inspections published in 2019, 2021 and 2023, imported on their own days; closures spread
over the years (one in the same quarter as another's), a target revised after the initial one
passed, a recommendation with no initial target judged by its actions, one marked by hand, an
area for development (not counted), a recommendation deleted, a closure undone, and one closure
recorded months after the day it is dated.
"""

from __future__ import annotations

from datetime import date

from paper_fixture import on_day

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.item_edits import delete_items, save_item
from hmics_desktop.services.plan_edits import bulk_set, revise_targets
from hmics_desktop.services.plans import write_plans
from hmics_desktop.storage.models import Inspection, Recommendation

TODAY = date(2025, 11, 20)


def _plan(title: str, recorded: date, targets: list[str | None]) -> Plan:
    recs = [
        PlanRecommendation(
            number=n,
            text=f"{title}: recommendation {n}.",
            initial_target=target,
            owner="ACC Crime",
            actions=[
                PlanAction(number=f"{n}.1", text=f"Action for {n}", target=target or "2022-03", status="in_progress")
            ],
        )
        for n, target in enumerate(targets, start=1)
    ]
    recs.append(PlanRecommendation(number=1, kind="area_for_development", text=f"{title}: area for development"))
    return Plan(inspection=title, inspectorate="HMICS", as_at=recorded.isoformat(), recommendations=recs)


def rec(title: str, number: int, kind: str = "recommendation") -> int:
    inspection = Inspection.get(Inspection.title == title)
    query = (Recommendation.inspection == inspection) & (Recommendation.number == number)
    return int(Recommendation.get(query & (Recommendation.kind == kind)).id)


def _close(history: EditHistory, title: str, number: int, day: date) -> None:
    values = {"status": "closed", "closed_on": PlanDate.from_date(day), "impact": "Done."}
    history.do(save_item("recommendation", rec(title, number), values, None))


def load_years_of_history() -> EditHistory:
    """The three inspections' history, made day by day; the undo list it was made with."""
    history = EditHistory()
    plans = [
        ("Custody 2019", "2019-05", date(2019, 9, 2), ["2020-03", "2020-12", "2021-06", "2023-06", None]),
        ("Hate Crime 2021", "2021-06", date(2021, 10, 4), ["2022-09", "2023-01", "2024-06", "2026-03"]),
        ("Domestic Abuse 2023", "2023-02", date(2023, 4, 17), ["2023-12", "2025-01", "2027-06", "2028-01"]),
    ]
    for title, published, recorded, targets in plans:
        with on_day(recorded):
            write_plans([_plan(title, recorded, targets)])
            inspection = Inspection.get(Inspection.title == title).id
            history.do(save_item("inspection", inspection, {"published": PlanDate.from_iso(published)}, None))
    for day, title, number in ((date(2020, 2, 14), "Custody 2019", 1), (date(2021, 7, 1), "Custody 2019", 2),
                               (date(2022, 8, 30), "Hate Crime 2021", 1), (date(2022, 9, 15), "Custody 2019", 3),
                               (date(2024, 3, 31), "Domestic Abuse 2023", 1),
                               (date(2025, 2, 3), "Hate Crime 2021", 2)):  # fmt: skip
        with on_day(day):
            _close(history, title, number, day)
    with on_day(date(2022, 1, 10)):  # revised after its initial target passed: still delayed, as the papers count
        history.do(revise_targets("recommendation", [rec("Custody 2019", 4)], PlanDate(2026, 6), "resourcing"))
    with on_day(date(2023, 5, 2)):  # marked on track by hand, though its initial target has passed
        history.do(
            bulk_set(
                "recommendation",
                [rec("Hate Crime 2021", 3)],
                {"standing_override": "on_track", "standing_override_reason": "agreed"},
            )
        )
    with on_day(date(2024, 1, 8)):
        history.do(delete_items("recommendation", [rec("Domestic Abuse 2023", 4)]))
    with on_day(date(2024, 10, 1)):
        _close(history, "Domestic Abuse 2023", 2, date(2024, 10, 1))
    with on_day(date(2024, 10, 3)):  # that closure taken back (undone): never was
        history.undo()
    with on_day(date(2025, 6, 12)):  # closed on 15 March 2025, recorded in June
        _close(history, "Hate Crime 2021", 4, date(2025, 3, 15))
    return history
