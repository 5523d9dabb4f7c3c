"""A paper described on the command line: kind, dates, inspections by name, the meeting in words."""

from __future__ import annotations

import re
from datetime import date

from hmics_desktop.domain.dates import DateError, PlanDate
from hmics_desktop.services.papers.files import PaperError
from hmics_desktop.services.papers.spec import PaperKind, PaperSpec
from hmics_desktop.services.papers.store import inspection_choices, new_paper


def inspections_named(names: list[str] | None, as_at: date | None = None) -> list[int]:
    """The ids of the inspections named (in any case), or of all when none is; an unknown name is refused.

    ``as_at``: the inspections there were on that day, by their names of then (or of now).
    """
    then = inspection_choices(as_at)
    by_title = {title.lower(): inspection_id for inspection_id, title in then}
    if not names:
        return list(by_title.values())
    standing = set(by_title.values())
    now = {title.lower(): i for i, title in inspection_choices() if i in standing} if as_at is not None else {}
    unknown = [name for name in names if name.lower() not in by_title and name.lower() not in now]
    if unknown:
        raise PaperError(f"No inspection is called “{unknown[0]}”; the inspections are: "
                         f"{', '.join(title for _id, title in then)}.")  # fmt: skip
    return [by_title.get(name.lower()) or now[name.lower()] for name in names]


def paper_from_arguments(
    kind: str, as_at: date, since: date, names: list[str] | None, meeting: str | None
) -> PaperSpec:
    """The paper, starting from the last paper's text of its kind (as the application does)."""
    spec = new_paper(PaperKind(kind), today=as_at)
    spec.as_at, spec.since = as_at, since  # the date given, not the newest update's
    spec.inspection_ids = inspections_named(names, as_at)
    if meeting:
        spec.committee, spec.meeting_on = _meeting(meeting, spec.committee, as_at)
    return spec


_MEETING = re.compile(r"^(?:(?P<name>.+?)\s+[-–]\s+)?(?P<day>[^-–]+)$")


def _meeting(text: str, committee: str, as_at: date) -> tuple[str, date]:
    """“Policing Performance Committee - 19 March 2025”, “19 March 2025” or a committee's name."""
    match = _MEETING.match(text.strip())
    try:
        day = PlanDate.parse(match["day"]) if match else None
    except DateError:
        day = None
    if match is None or day is None or day.is_month:
        return text.strip(), as_at  # a name only: the meeting is on the "as at" day
    return (match["name"] or committee).strip(), day.first_day()
