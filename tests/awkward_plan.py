"""A plan with awkward text (bullets, line breaks, quotes, formula-looking text, non-ASCII), as at 15 February 2022.

Every text ends with a marker word of its own (``zqr1t``, ``zqa11p``…), so that a test
can look for the end of each cell in a rendered page.
"""

from __future__ import annotations

from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation

LONG_PROGRESS = " ".join(
    f"Update {n}: the Crime Registrars met divisional commanders in Dùn Èideann and agreed the next audit."
    for n in range(1, 45)
)


def awkward_plan(name: str = "Hate Crime 2021") -> Plan:
    rec1 = PlanRecommendation(
        number=1,
        text="Police Scotland should:\n• ensure “hate crime” is recorded;\n• as a matter of priority, introduce "
        "training — including ‘aggravations’ zqr1t",
        owner="ACC Partnerships",
        initial_target="2022-09",
        revised_target="2025-06",
        position="=The position is under review zqr1p",
        status="open",
        actions=[
            PlanAction(
                number="1.1",
                text="+44 helpline numbers to be published (i) on the intranet (ii) on the website zqa11t",
                links=["1.2", "2.1"],
                owner="C3",
                target="2023-03-31",
                status="in_progress",
                progress="-10% backlog since January\n20/1 Meeting held with “partners” zqa11p",
                next_steps="=(i) agree with SPA\n(ii) @Comms to draft zqa11n",
            ),
            PlanAction(
                number="1.2",
                text="Review guidance in Gàidhlig and English zqa12t",
                owner="Crime Registrars",
                status="complete",
                progress=f"{LONG_PROGRESS} zqa12p",
                next_steps="",
            ),
        ],
    )
    rec2 = PlanRecommendation(
        number=2,
        text="Police Scotland should publish results zqr2t",
        status="closed",
        impact="Results published every quarter since May 2023 zqr2i",
        actions=[PlanAction(number="2.1", text="Publish results quarterly zqa21t", status="not_started")],
    )
    rec3 = PlanRecommendation(number=3, text="A recommendation with no actions yet zqr3t", status="evidence_submitted")
    area = PlanRecommendation(
        number=1,
        kind="area_for_development",
        text="Improve the quality of victim updates zqd1t",
        actions=[PlanAction(number="1.1", text="Victim update audit zqd11t", progress="Started zqd11p")],
    )
    return Plan(inspection=name, inspectorate="HMICS", as_at="2022-02-15", recommendations=[rec1, rec2, rec3, area])


def long_texts_plan(name: str = "Long Texts 2024") -> Plan:
    """The awkward plan with texts taller than a printed page in columns A, B and D (and C already)."""
    paragraph = "Police Scotland should make sure that every division records hate crime the same way, every time"
    plan = awkward_plan(name)
    rec = plan.recommendations[0]
    rec.text = "\n".join(f"• {paragraph} ({n})." for n in range(60))  # about 180 lines: pages of column A
    action = rec.actions[0]
    action.text = " ".join(f"step {n} of the survey;" for n in range(700))  # one paragraph over pages, and links
    action.next_steps = "\n\n".join(f"({n}) {paragraph}." for n in range(40))  # blank lines between paragraphs
    return plan


MARKERS_IN_TEMPLATE = [
    "zqr1t", "zqa11t", "zqa11p", "zqa11n", "zqa12t", "zqa12p", "zqr2t", "zqa21t", "zqr3t", "zqd1t", "zqd11t", "zqd11p",
]  # fmt: skip
