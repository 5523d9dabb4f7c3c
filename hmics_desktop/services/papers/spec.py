"""What a committee paper is: its kind, meeting, period, inspections and the secretary's text."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from hmics_desktop.domain.dates import SHORT_MONTHS, PlanDate


class PaperKind(StrEnum):
    UPDATE = "update"  # the HMICS Improvement Update, across inspections
    PROGRESS = "progress"  # the improvement plan progress paper, one inspection

    @property
    def label(self) -> str:
        return {"update": "HMICS Improvement Update", "progress": "Improvement plan progress update"}[self.value]


DEFAULT_COMMITTEE = "Policing Performance Committee"


@dataclass
class PaperSpec:
    """A paper: "closed since last meeting" means closed in (``since``, ``as_at``]."""

    kind: PaperKind
    meeting_on: date
    as_at: date
    since: date | None = None
    committee: str = DEFAULT_COMMITTEE
    location: str = ""
    inspection_ids: list[int] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)  # open recommendations left out of the paper
    narrative: dict[str, str] = field(default_factory=dict)
    marking: str = "OFFICIAL"
    id: int | None = None
    dashboard: bool = False  # with the dashboard's pictures (the update paper's page, the progress paper's trend)

    def meeting_line(self) -> str:
        return f"{self.committee} - {long_date(self.meeting_on)}"


def long_date(day: date, pad: bool = False) -> str:
    """``19 March 2025`` (``07 February 2022`` with ``pad``), as the papers write a meeting day."""
    return (
        f"{day.day:02d} {calendar.month_name[day.month]} {day.year}"
        if pad
        else (f"{day.day} {calendar.month_name[day.month]} {day.year}")
    )


def month_year(value: PlanDate | date) -> str:
    """``May 2023``, ``Sept 2024``: the month as the papers write a target or a publication."""
    return f"{SHORT_MONTHS[value.month]} {value.year}"


def full_month(day: date) -> str:
    """``February 2022``, as in "Progress as at February 2022"."""
    return f"{calendar.month_name[day.month]} {day.year}"
