"""The line under "Recommendation N" in the template that says, in words, that it is closed or proposed for closure.

The template has no status column, so a closed recommendation says so in its own cell —
"Closed September 2024" — which reads on paper in black and white, and reads back: the
importer takes the recommendation as closed, in that month.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from hmics_desktop.domain.dates import DateError, PlanDate
from hmics_desktop.domain.plan import PlanRecommendation
from hmics_desktop.domain.status import RecommendationStatus

CLOSED = "Closed"
PROPOSED = RecommendationStatus.EVIDENCE_SUBMITTED.label  # "Proposed for closure"
_LINE = re.compile(rf"^(?:({CLOSED})(?:\s+(?:on|in))?(?:\s+(.+?))?|({PROPOSED}))\s*\.?$", re.I)


def status_line(rec: PlanRecommendation, as_at: date) -> str | None:
    """The line that says a recommendation is closed or proposed for closure; None while it is open.

    "Closed September 2024", "Closed" (no date kept) or "Proposed for closure".

    A plan as at a day before the closure shows the recommendation as it stood then: open.
    """
    if rec.status == RecommendationStatus.CLOSED:
        if not rec.closed_on:
            return CLOSED
        closed = PlanDate.from_iso(rec.closed_on)
        if closed.first_day() > as_at:
            return None
        return f"{CLOSED} {calendar.month_name[closed.month]} {closed.year}"
    if rec.status == RecommendationStatus.EVIDENCE_SUBMITTED:
        return PROPOSED
    return None


def read_status_line(line: str) -> tuple[str, str | None] | None:
    """The status and the closure's month a status line gives (``("closed", "2024-09")``); None for other text."""
    match = _LINE.match(" ".join(line.split()))
    if match is None:
        return None
    if match.group(3):
        return RecommendationStatus.EVIDENCE_SUBMITTED.value, None
    when = match.group(2)
    if when is None:
        return RecommendationStatus.CLOSED.value, None
    try:
        day = PlanDate.parse(when)
    except DateError:
        return None  # "Closed circuit television should…": the recommendation's own text
    return RecommendationStatus.CLOSED.value, PlanDate(day.year, day.month).iso() if day else None
