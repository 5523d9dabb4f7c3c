"""Plan dates as people write them: a month ("Sept 2022") or a day ("07/02/2022").

A target of "Sept 2022" is not the 1st of September: :class:`PlanDate` keeps the
precision it was given, and compares and prints accordingly.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
SHORT_MONTHS = ["", "Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]

_MONTH_NAME = r"(?P<month>[A-Za-z]+)\.?"
_YEAR = r"(?P<year>\d{4}|\d{2})"
_MONTH_YEAR = re.compile(rf"^{_MONTH_NAME}[\s,\-/]*{_YEAR}$")
_DAY_MONTH_YEAR = re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[\s\-/]+{_MONTH_NAME}[\s,\-/]*{_YEAR}$")
_NUMERIC = re.compile(r"^(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})[/.\-](?P<year>\d{4}|\d{2})$")
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?$")
_NUMERIC_MONTH = re.compile(r"^(?P<month>\d{1,2})[/.\-](?P<year>\d{4})$")


@lru_cache(maxsize=8192)
def _last_day(year: int, month: int, day: int | None) -> date:
    """A date's last day, worked out once (the committee's call asks it of every target on every day counted)."""
    return date(year, month, day if day is not None else calendar.monthrange(year, month)[1])


class DateError(ValueError):
    """A date that cannot be read; the message is in the user's words."""


@dataclass(frozen=True)
class PlanDate:
    """A calendar month, or a day when the day is known."""

    year: int
    month: int
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise DateError(f"{self.month} is not a month")
        if not 1900 <= self.year <= 2200:
            raise DateError(f"{self.year} is not a plausible year")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError(f"{SHORT_MONTHS[self.month]} {self.year} has no day {self.day}")

    @property
    def is_month(self) -> bool:
        return self.day is None

    def first_day(self) -> date:
        return date(self.year, self.month, self.day or 1)

    def last_day(self) -> date:
        """The last day the date covers: the end of the month for a month-only date."""
        return _last_day(self.year, self.month, self.day)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day or 0)

    def __lt__(self, other: PlanDate) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: PlanDate) -> bool:
        return self.sort_key() <= other.sort_key()

    def iso(self) -> str:
        """``YYYY-MM`` for a month, ``YYYY-MM-DD`` for a day (the stored and JSON form)."""
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def british(self) -> str:
        """As the papers print it: ``Sept 2022`` or ``07/02/2022``."""
        if self.day is None:
            return f"{SHORT_MONTHS[self.month]} {self.year}"
        return f"{self.day:02d}/{self.month:02d}/{self.year}"

    def __str__(self) -> str:
        return self.british()

    @classmethod
    def from_iso(cls, text: str) -> PlanDate:
        match = _ISO.match(text)
        if not match:
            raise DateError(f"“{text}” is not a stored date")
        day = match["day"]
        return cls(int(match["year"]), int(match["month"]), int(day) if day else None)

    @classmethod
    def from_date(cls, value: date) -> PlanDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def parse(cls, value: object) -> PlanDate | None:
        """Read a date as found in a spreadsheet cell or typed in a form.

        Returns None for an empty value; raises :class:`DateError` for text that is not
        a date. Numeric dates are day first, as written in Scotland.
        """
        if value is None:
            return None
        if isinstance(value, datetime):
            return cls.from_date(value.date())
        if isinstance(value, date):
            return cls.from_date(value)
        text = " ".join(str(value).split()).strip(" .")
        if not text:
            return None
        for pattern in (_ISO, _NUMERIC, _NUMERIC_MONTH, _DAY_MONTH_YEAR, _MONTH_YEAR):
            match = pattern.match(text)
            if match:
                return cls._from_match(match, text)
        raise DateError(f"“{text}” is not a date (write it like “Sept 2022” or “07/02/2022”)")

    @classmethod
    def _from_match(cls, match: re.Match[str], text: str) -> PlanDate:
        groups = match.groupdict()
        month_text = groups["month"]
        if month_text.isdigit():
            month = int(month_text)
        else:
            month = MONTHS.get(month_text.lower(), 0)
            if not month:
                raise DateError(f"“{text}” is not a date: “{month_text}” is not a month")
        year = int(groups["year"])
        if year < 100:
            year += 2000
        day = groups.get("day")
        try:
            return cls(year, month, int(day) if day else None)
        except DateError as error:
            raise DateError(f"“{text}” is not a date: {error}") from None


def ordinal_day(day: int) -> str:
    """``1st``, ``2nd``, ``15th``: how the "as at" titles write a day."""
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def british_long(value: date) -> str:
    """``15th February 2022``, as in "Progress Update as at 15th February 2022"."""
    return f"{ordinal_day(value.day)} {calendar.month_name[value.month]} {value.year}"


def find_as_at(text: str) -> date | None:
    """The date in a title such as "APPENDIX B-Progress Update as at 15th February 2022"."""
    match = re.search(r"\bas\s+at\s+(.+)$", text, re.IGNORECASE)
    if not match:
        return None
    try:
        found = PlanDate.parse(match.group(1))
    except DateError:
        return None
    return found.last_day() if found else None
