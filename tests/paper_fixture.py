"""A plan for the committee papers, hand-counted.

Closures in and out of the period, a target revised after its initial one passed, an area for development (not counted).
"""

from __future__ import annotations

from datetime import date

from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.services.plans import write_plans
from hmics_desktop.storage.models import Inspection

SINCE = date(2024, 9, 18)  # the last meeting
AS_AT = date(2025, 3, 19)  # this paper
BEFORE = date(2024, 12, 31)  # an earlier paper, before R1 closed


def paper_plan() -> Plan:
    return Plan(
        inspection="Hate Crime 2021",
        as_at="2025-03-01",
        recommendations=[
            # Closed inside the period: listed under closures, counted closed.
            PlanRecommendation(number=1, text="Police Scotland should record hate crime consistently.",
                               status="closed", closed_on="2025-02-10", initial_target="2023-06",
                               impact="Consistent recording is in place.\nRepeat victims are now identified.",
                               actions=[PlanAction(number="1.1", text="Audit recording", status="complete",
                                                   progress="Audit done", progress_on="2025-01-15")]),
            # Closed before the period: counted closed, not a closure of this period.
            PlanRecommendation(number=2, text="Police Scotland should publish hate crime data.", status="closed",
                               closed_on="2024-06-01", initial_target="2023-01", impact="Data published."),
            # Closed after the paper's date: open (and on track) as at the paper.
            PlanRecommendation(number=3, text="Police Scotland should train call handlers.", status="closed",
                               closed_on="2025-04-02", initial_target="2026-01", impact="Trained.",
                               position="Training is under way."),
            # Initial target passed, revised later: delayed, quoting the initial target.
            PlanRecommendation(number=4, text="Police Scotland should review its policy.",
                               initial_target="2023-09", revised_target="2030-01",
                               position="A draft policy is with the Executive.\nConsultation ends in April."),
            PlanRecommendation(number=5, text="Police Scotland should engage communities.", initial_target="2099-01",
                               position="Forums meet monthly."),
            PlanRecommendation(number=1, kind="area_for_development", text="Victim updates", status="closed",
                               closed_on="2025-01-05", impact="Updates sent."),
        ],
    )  # fmt: skip


def load_paper_plan() -> int:
    """Write the plan; returns the inspection's id."""
    write_plans([paper_plan()])
    Inspection.update(published="2021-06", challenges_risks="Dependent on the new crime system.").execute()
    return int(Inspection.get(Inspection.title == "Hate Crime 2021").id)
