"""The rules a change must keep before it is saved, with messages in the users' words.

Each check returns a mapping from the field at fault to what is wrong with it; an empty
mapping means the change may be saved.
"""

from __future__ import annotations

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.status import RecommendationStatus

Problems = dict[str, str]


def check_text(text: str | None, what: str) -> Problems:
    if not (text or "").strip():
        return {"text": f"The {what} has no text: write it as the report or plan gives it."}
    return {}


def check_number_free(number: str, taken: set[str], what: str) -> Problems:
    if number in taken:
        return {"number": f"{what} {number} already exists here: choose another number."}
    return {}


def check_revised_target(initial: PlanDate | None, revised: PlanDate | None) -> Problems:
    if initial is not None and revised is not None and revised.last_day() < initial.first_day():
        return {"revised_target": f"The revised target ({revised}) is before the initial target ({initial})."}
    return {}


def check_recommendation(
    text: str | None, status: str, impact: str | None, override: str | None, override_reason: str | None
) -> Problems:
    problems = check_text(text, "recommendation")
    if status == RecommendationStatus.CLOSED.value and not (impact or "").strip():
        problems["impact"] = "Write “What we did and the impact” before closing the recommendation."
    if override and not (override_reason or "").strip():
        problems["standing_override_reason"] = "Say why the recommendation is marked on track or delayed by hand."
    return problems


def check_reason(reason: str | None) -> Problems:
    if not (reason or "").strip():
        return {"reason": "Give the reason for the new target date (it is kept with the date's history)."}
    return {}
