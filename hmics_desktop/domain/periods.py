"""The periods of a trend: the ends of each quarter (or month) from a first day to a last.

A quarter ends on 31 March, 30 June, 30 September or 31 December; the last period ends on
the last day itself (the trend "to date"). Each end is labelled as the papers write a month:
"Mar 2024", "Sept 2024"; the last, when it is not a period's end, by its day: "07/12/2026".
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from hmics_desktop.domain.dates import SHORT_MONTHS

QUARTER, MONTH = "quarter", "month"
PERIODS = {QUARTER: "quarter", MONTH: "month"}


@dataclass(frozen=True)
class Period:
    end: date
    label: str  # "Mar 2024", or "07/12/2026" for a period not yet over

    def words(self) -> str:
        """The period's end in a sentence's words: at the end of March 2024, on 07/12/2026."""
        if self.label[:2].isdigit():
            return f"on {self.label}"
        return f"at the end of {calendar.month_name[self.end.month]} {self.end.year}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_ends(first: date, last: date, by: str = QUARTER) -> list[Period]:
    """The end of each period from the one ``first`` is in to ``last`` (the last period ends on ``last``)."""
    step = 3 if by == QUARTER else 1
    year, month = first.year, first.month
    if by == QUARTER:
        month = (month + 2) // 3 * 3  # the quarter's last month
    found: list[Period] = []
    while True:
        end = _month_end(year, month)
        if end >= last:
            label = f"{SHORT_MONTHS[month]} {year}" if end == last else last.strftime("%d/%m/%Y")
            found.append(Period(last, label))
            return found
        found.append(Period(end, f"{SHORT_MONTHS[month]} {year}"))
        month += step
        if month > 12:
            year, month = year + 1, month - 12
