"""The day a file speaks for: its As at date, or, when it states none (or one after today), a day it shows.

A file's As at date dates what it brings (``domain.effective``) and is the day an import of it
is judged by (``domain.reimport_rules``). A date after today is no date a file can speak for:
the file is read as one with no As at date, and the preview says so. A file with no As at date
speaks for the day the secretary chose, else for the latest date the file itself shows (a
progress update's, a closure's: it was written on that day at the earliest), else for today.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan import Plan
from hmics_desktop.domain.reimport_rules import FileDate


def _day(value: str | None) -> date | None:
    try:
        return PlanDate.from_iso(value).first_day() if value else None
    except ValueError:
        return None


def stated_as_at(plan: Plan, today: date) -> str | None:
    """The plan's As at date, unless it is after today (then it states none)."""
    day = _day(plan.as_at)
    return plan.as_at if day is not None and day <= today else None


def _dates_shown(plan: Plan) -> Iterator[date | None]:
    for recommendation in plan.recommendations:
        yield _day(recommendation.closed_on)
        for action in recommendation.actions:
            yield _day(action.progress_on)
            yield from (_day(day) for day, _text in action.earlier_progress)


def file_date(plan: Plan, chosen: date | None, today: date) -> FileDate:
    """The day ``plan`` speaks for, and whether it stated it itself."""
    stated = stated_as_at(plan, today)
    if stated is not None:
        return FileDate(PlanDate.from_iso(stated).first_day(), True)
    if chosen is not None:
        return FileDate(min(chosen, today), False)
    shown = [day for day in _dates_shown(plan) if day is not None and day <= today]
    return FileDate(max(shown, default=today), False)


def after_today_sentence(plan: Plan, read_as: FileDate, today: date) -> str | None:
    """What the preview says of a file dated after today (None: it is not)."""
    day = _day(plan.as_at)
    if day is None or day <= today:
        return None
    return (
        f"{plan.inspection}: the file's As at date ({day:%d/%m/%Y}) is after today; it is read as a file with no As at "
        f"date, as at {read_as.day:%d/%m/%Y}."
    )
