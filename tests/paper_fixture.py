"""A plan for the committee papers, hand-counted, with its history made day by day.

Closures in and out of the period, a target revised after its initial one passed, an area for development (not counted).
"""

from __future__ import annotations

from datetime import date, datetime, time

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.item_edits import save_item
from hmics_desktop.services.plan_edits import add_progress, revise_targets
from hmics_desktop.services.plans import write_plans
from hmics_desktop.storage.models import Action, Inspection, Recommendation

SINCE = date(2024, 9, 18)  # the last meeting
AS_AT = date(2025, 3, 19)  # this paper
BEFORE = date(2024, 12, 31)  # an earlier paper, before R1 closed


RECORDED = date(2024, 10, 1)  # the plan first recorded (imported as at this day, on this day)


def paper_plan() -> Plan:
    """The plan as the file recorded it on :data:`RECORDED` (R2 already closed, R1 and R3 still open)."""
    return Plan(
        inspection="Hate Crime 2021",
        as_at=RECORDED.isoformat(),
        recommendations=[
            PlanRecommendation(number=1, text="Police Scotland should record hate crime consistently.",
                               initial_target="2023-06",
                               actions=[PlanAction(number="1.1", text="Audit recording", status="in_progress",
                                                   progress="Audit started", progress_on="2024-09-15")]),
            # Closed before the period: counted closed, not a closure of this period.
            PlanRecommendation(number=2, text="Police Scotland should publish hate crime data.", status="closed",
                               closed_on="2024-06-01", initial_target="2023-01", impact="Data published."),
            PlanRecommendation(number=3, text="Police Scotland should train call handlers.", initial_target="2026-01",
                               position="Training is under way."),
            # Initial target passed, revised later: delayed, quoting the initial target.
            PlanRecommendation(number=4, text="Police Scotland should review its policy.", initial_target="2023-09",
                               position="A draft policy is with the Executive.\nConsultation ends in April."),
            PlanRecommendation(number=5, text="Police Scotland should engage communities.", initial_target="2099-01",
                               position="Forums meet monthly."),
            PlanRecommendation(number=1, kind="area_for_development", text="Victim updates"),
        ],
    )  # fmt: skip


def on_day(day: date):
    """The clock set to ``day`` (10 in the morning) while the block runs."""
    return clock.set_clock(lambda: datetime.combine(day, time(10)))


def load_paper_plan() -> int:
    """The plan's history, each change made on its own day; returns the inspection's id.

    Recorded on 1 October 2024 (published June 2021), R4's target revised to January 2030 on
    20 January 2025, then closures: the area for development on 5 January 2025, R1 on
    10 February 2025 (inside the period), R3 on 2 April 2025 (after the paper's date).
    """
    history = EditHistory()
    with on_day(RECORDED):
        write_plans([paper_plan()])
        inspection_id = int(Inspection.get(Inspection.title == "Hate Crime 2021").id)
        history.do(save_item("inspection", inspection_id, {"published": PlanDate(2021, 6),
                   "challenges_risks": "Dependent on the new crime system."}, None))  # fmt: skip

    def rec(number: int, kind: str = "recommendation") -> int:
        query = (Recommendation.number == number) & (Recommendation.kind == kind)
        return int(Recommendation.get(query & (Recommendation.inspection == inspection_id)).id)

    with on_day(date(2025, 1, 5)):
        closed = {"status": "closed", "closed_on": PlanDate(2025, 1, 5), "impact": "Updates sent."}
        history.do(save_item("recommendation", rec(1, "area_for_development"), closed, None))
    with on_day(date(2025, 1, 15)):
        action = Action.get(Action.recommendation == rec(1))
        history.do(add_progress(action.id, PlanDate(2025, 1, 15), "Audit done"))
        history.do(save_item("action", action.id, {"status": "complete"}, None))
    with on_day(date(2025, 1, 20)):
        history.do(revise_targets("recommendation", [rec(4)], PlanDate(2030, 1), "resourcing"))
    with on_day(date(2025, 2, 10)):
        impact = "Consistent recording is in place.\nRepeat victims are now identified."
        closed = {"status": "closed", "closed_on": PlanDate(2025, 2, 10), "impact": impact}
        history.do(save_item("recommendation", rec(1), closed, None))
    with on_day(date(2025, 4, 2)):
        history.do(save_item("recommendation", rec(3), {"status": "closed", "closed_on": PlanDate(2025, 4, 2),
                                                         "impact": "Trained."}, None))  # fmt: skip
    return inspection_id
