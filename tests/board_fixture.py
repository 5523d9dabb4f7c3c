"""A hand-counted plan for the board: every case the committee's counts must get right."""

from __future__ import annotations

from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.services.plans import write_plans
from hmics_desktop.storage.models import EvidenceSubmission, Recommendation


def counted_plan() -> Plan:
    return Plan(
        inspection="Hate Crime 2021",
        recommendations=[
            # Closed after its target: counts as closed.
            PlanRecommendation(number=1, text="Record hate crime", status="closed", initial_target="2022-01",
                               impact="Recording audited", actions=[
                                   PlanAction(number="1.1", text="Audit recording", owner="Crime Registrars",
                                              status="complete", target="2022-01")]),
            # Revised past its initial target: the initial target has passed, so delayed.
            PlanRecommendation(number=2, text="Train officers", initial_target="2023-05", revised_target="2030-01",
                               actions=[
                                   PlanAction(number="2.1", text="Design training", owner="LTD", status="in_progress",
                                              target="2023-04", progress="Course drafted"),
                                   PlanAction(number="2.2", text="Deliver training", owner="LTD",
                                              status="not_started", target="2099-01")]),
            PlanRecommendation(number=3, text="Publish data", initial_target="2099-01", owner="ACC"),
            # Evidence submitted, past its target: still delayed, and awaiting HMICS.
            PlanRecommendation(number=4, text="Engage communities", status="evidence_submitted",
                               initial_target="2023-01", actions=[
                                   PlanAction(number="4.1", text="Community forum", owner="Partnerships",
                                              status="in_progress", progress="Forum met twice")]),
            PlanRecommendation(number=5, text="Review policy"),
            # Areas for development are tracked, not counted by the committee.
            PlanRecommendation(number=1, kind="area_for_development", text="Victim updates",
                               initial_target="2020-01"),
        ],
    )  # fmt: skip


def load_counted_plan() -> None:
    write_plans([counted_plan()])
    rec4 = Recommendation.get((Recommendation.number == 4) & (Recommendation.kind == "recommendation"))
    EvidenceSubmission.create(recommendation=rec4, sent_on="2024-05", description="Forum minutes")


EXPECTED_COUNTS = (5, 1, 2, 2)  # total, closed, on track, delayed
