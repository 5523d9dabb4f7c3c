"""The line under "Recommendation N" in the template that says, in words, that it is closed or proposed for closure.

The template has no status column, so a closed recommendation says so in its own cell —
"Closed September 2024" — which reads on paper in black and white, and reads back: the
importer takes the recommendation as closed, in that month. Only where the template puts it,
though: on the line under the heading, the heading alone on its line, in a sheet with no column
of its own for the recommendation's status. Elsewhere ("Recommendation 3 Closed", a tracker's
cell beside its status column) the line stays in the recommendation's text, and is named.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from hmics_desktop.domain.dates import DateError, PlanDate
from hmics_desktop.domain.numbering import Heading, split_recommendation_heading
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


@dataclass(frozen=True)
class HeadingRead:
    """A recommendation cell read: its heading (its text after the number), and the status its status line gives."""

    heading: Heading | None
    status: tuple[str, str | None] | None = None  # the status and the closure's month
    kept: tuple[str, ...] = ()  # each status line left in the text, and why, in a warning's words


def read_heading(text: str, status_column: str | None) -> HeadingRead:
    """A recommendation cell's heading, its status line taken out of its text where the template puts one.

    ``status_column``: the heading of the sheet's column for the recommendation's status, if it has one.
    Every other line of the text that reads as a status line is named in :attr:`HeadingRead.kept`.
    """
    heading = split_recommendation_heading(text)
    if heading is None:
        return HeadingRead(None)
    first, _, rest = heading.text.partition("\n")
    status = read_status_line(first) if first else None
    own_line = split_recommendation_heading(text.partition("\n")[0])
    alone = own_line is not None and not own_line.text
    if status is not None and alone and status_column is None:
        heading, first = Heading(heading.number, heading.kind, rest.strip()), ""
    else:
        status = None
    name = f"{'Recommendation' if heading.kind == 'recommendation' else 'Area for development'} {heading.number}"
    under = f"the plan template writes it on the line under “{name}”, alone"
    why = f"the sheet gives it in its “{status_column}” column" if status_column is not None else under
    kept = tuple(
        f"“{line.strip()}” in the text of {name[0].lower()}{name[1:]} was not read as its status "
        f"({under if index == 0 and first and not alone else why}); it was kept in the text"
        for index, line in enumerate(heading.text.split("\n"))
        if read_status_line(line) is not None
    )
    return HeadingRead(heading, status, kept)
