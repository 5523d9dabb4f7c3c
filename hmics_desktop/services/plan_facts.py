"""What the window reads of the plan as it starts, and watches after.

Whether the database holds a plan, the number that grows with every change, and the day of the
last committee meeting.

Kept apart from :mod:`plan_queries` (its rows and trees): the first screen needs only these.
"""

from __future__ import annotations

from datetime import date

from peewee import fn

from hmics_desktop.domain import clock
from hmics_desktop.storage.models import AuditEntry, CommitteePaper, Inspection, ReportingRound


def has_plans() -> bool:
    return Inspection.select().where(Inspection.deleted_at.is_null()).exists()


def change_counter() -> int:
    """A number that grows with every change anyone makes (the newest audit row): cheap to poll."""
    return int(AuditEntry.select(fn.MAX(AuditEntry.id)).scalar() or 0)


def last_meeting_on(today: date | None = None) -> date | None:
    """The day of the last committee meeting a kept paper was for, on or before ``today``; None: none yet."""
    today = today or clock.today()
    query = (
        ReportingRound.select(ReportingRound.meeting_on)
        .join(CommitteePaper)
        .where(CommitteePaper.deleted_at.is_null())
        .order_by(ReportingRound.meeting_on.desc())
    )
    return next((day for day in (r.meeting_on.first_day() for r in query) if day <= today), None)
