"""Generated plans of any size, for the benchmarks (never committed as binaries)."""

from __future__ import annotations

from datetime import date

from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation

SENTENCE = (
    "review the crime recording strategy with divisional commanders and report compliance to the "
    "tactical group, including audit results, training needs and the quality assurance framework"
)
WORDS = tuple(SENTENCE.split(" "))


def _sentence(seed: int, length: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(length)).capitalize() + "."


def generated_plan(actions: int = 5000, per_recommendation: int = 10, name: str = "Generated 2025") -> Plan:
    plan = Plan(inspection=name, inspectorate="HMICS", plan_title="Progress Update", as_at=date(2025, 3, 1).isoformat())
    for r in range(1, actions // per_recommendation + 1):
        rec = PlanRecommendation(number=r, text=_sentence(r, 40), owner="ACC Crime", initial_target="2025-06")
        for a in range(1, per_recommendation + 1):
            rec.actions.append(
                PlanAction(
                    number=f"{r}.{a}",
                    text=_sentence(r * a, 30),
                    links=[f"{r}.{a % per_recommendation + 1}"],
                    owner="FMOR",
                    target="2025-09",
                    status="in_progress",
                    progress=_sentence(a, 25) + "\n" + _sentence(a + 1, 20),
                    next_steps=f"(i) {_sentence(a, 8)}\n(ii) {_sentence(a + 2, 8)}",
                )
            )
        plan.recommendations.append(rec)
    return plan
