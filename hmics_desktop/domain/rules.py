"""The rules a change must keep before it is saved, with messages in the users' words.

Each check returns a mapping from the field at fault to what is wrong with it; an empty
mapping means the change may be saved.
"""

from __future__ import annotations

from datetime import date

from hmics_desktop.domain.dates import DateError, PlanDate
from hmics_desktop.domain.numbering import ActionNumber, NumberError
from hmics_desktop.domain.plan import Plan
from hmics_desktop.domain.status import RecommendationStatus

Problems = dict[str, str]

# Fields that only make sense together: saved together, and when another editor changed one of
# them meanwhile, kept (Reload) or overwritten (Overwrite) together — never an open
# recommendation with a closure's date, nor a closure without its impact.
TOGETHER: dict[str, tuple[frozenset[str], ...]] = {
    "recommendation": (
        frozenset({"status", "closed_on", "impact"}),
        frozenset({"standing_override", "standing_override_reason"}),
    ),
}


def together(kind: str, names: set[str] | frozenset[str]) -> set[str]:
    """``names`` with every field that goes with one of them (``TOGETHER``)."""
    found = set(names)
    for group in TOGETHER.get(kind, ()):
        if group & found:
            found |= group
    return found


class InvalidPlan(ValueError):
    """A plan that breaks a rule and cannot be written; ``str()`` is one sentence for the user."""


def check_title(title: str | None) -> Problems:
    if not (title or "").strip():
        return {"title": "The inspection has no name: give it the report’s name, such as “Crime Audit 2020”."}
    return {}


def check_number(number: int, what: str) -> Problems:
    if number < 1:
        return {"number": f"{what} {number} cannot be kept: numbers start at 1."}
    return {}


def plan_problems(plan: Plan) -> list[str]:
    """What in ``plan`` cannot be written, one sentence each (an empty list: all of it can)."""
    problems = list(check_title(plan.inspection).values())
    for recommendation in plan.recommendations:
        what = "Area for development" if recommendation.kind == "area_for_development" else "Recommendation"
        problems += check_number(recommendation.number, what).values()
        for action in recommendation.actions:
            try:
                number = ActionNumber.parse(action.number)
            except NumberError as error:
                problems.append(f"{error}.")
                continue
            problems += check_number(number.position, f"Action {number}").values()
    return problems


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


def check_closure_date(
    closed_on: PlanDate | None, today: date, name: str = "closed_on", published: PlanDate | None = None
) -> Problems:
    """A closure is a fact that has happened: its date cannot be after today, nor before the inspection's publication.

    (A publication known only by its month allows any day of that month.)
    """
    if closed_on is not None and closed_on.first_day() > today:
        return {name: f"The date of closure ({closed_on}) is after today: a closure is recorded once HMICS agrees it."}
    if closed_on is not None and published is not None and closed_before_publication(closed_on, published):
        return {name: f"The date of closure ({closed_on.british()}) is before the inspection was published "
                      f"({published.british()}): a recommendation is closed after HMICS makes it."}  # fmt: skip
    return {}


def closed_before_publication(closed_on: PlanDate, published: PlanDate) -> bool:
    """Whether a closure falls before the inspection's publication (a month allows any of its days)."""
    return closed_on.last_day() < published.first_day()


def check_progress_date(as_at: PlanDate | None, today: date) -> Problems:
    """A progress update records what has happened: its date cannot be after today."""
    if as_at is not None and as_at.first_day() > today:
        return {"progress": f"The progress update is dated {as_at.british()}, after today: date it today or earlier."}
    return {}


def progress_dated_by(plan: Plan, today: date, file_day: PlanDate) -> list[str]:
    """A file's progress dated after today is dated ``file_day`` (the file's As at) instead: one warning each.

    (A file cannot be refused for it as a form is: its other rows still land.)
    """
    day = min(file_day, PlanDate.from_date(today), key=lambda d: d.first_day())
    warnings: list[str] = []

    def checked(value: str | None, number: str) -> str | None:
        try:
            given = PlanDate.from_iso(value) if value else None
        except DateError:
            return value
        if given is None or not check_progress_date(given, today):
            return value
        warnings.append(
            f"Action {number}: the file's progress update is dated {given.british()}, after today; "
            f"it is recorded as at {day.british()}, the file's date."
        )
        return day.iso()

    for recommendation in plan.recommendations:
        for action in recommendation.actions:
            action.progress_on = checked(action.progress_on, action.number)
            action.earlier_progress = [(checked(on, action.number), text) for on, text in action.earlier_progress]
    return warnings


def check_reason(reason: str | None) -> Problems:
    if not (reason or "").strip():
        return {"reason": "Give the reason for the new target date (it is kept with the date's history)."}
    return {}
