"""The board: every recommendation and action of every inspection, filtered and sorted.

Rows are loaded (``services.board_rows``) into plain objects; filtering and sorting run in
Python over them (tens of milliseconds for 50,000 actions), so that the Qt model only paints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from hmics_desktop.domain.classification import grading_label
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.status import (
    ActionStatus,
    CommitteeCounts,
    Standing,
    standing_label,
)
from hmics_desktop.domain.words import name_order

MORE_REQUESTED = " – HMICS asked for more"
NOT_RECORDED = "not_recorded"  # the Status filter's value for an action without a status
NOT_RECORDED_LABEL = "Not recorded"
ACTION_DONE = {ActionStatus.COMPLETE.value, ActionStatus.TRANSFERRED.value, ActionStatus.WITHDRAWN.value}


@dataclass(slots=True)
class BoardRow:
    kind: str  # "recommendation" or "action"
    id: int
    inspection_id: int
    inspection: str
    number: str
    number_key: tuple[int, int, int]
    text: str
    owner: str
    status: str  # the stored value: "open", "in_progress"…
    status_label: str
    standing: Standing
    initial_target: PlanDate | None
    current_target: PlanDate | None
    latest_on: PlanDate | None
    latest_text: str
    next_steps: str
    awaiting_hmics: bool
    overdue: bool
    recommendation_id: int = 0  # the recommendation's own id, or the id of the action's recommendation
    overridden: bool = False  # the committee's call was made by hand
    theme: str = ""  # a recommendation's (an action's: its recommendation's)
    grading: str = ""  # "high", "medium", "low" or ""
    _search: str | None = None

    def days_since_update(self, today: date) -> int | None:
        return (today - self.latest_on.last_day()).days if self.latest_on else None

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)

    @property
    def search_text(self) -> str:
        """Everything the search box looks in, lower case (made when first searched, then kept)."""
        if self._search is None:
            self._search = "\n".join(
                (self.inspection, self.number, self.text, self.owner, self.latest_text, self.next_steps)
            ).lower()
        return self._search


@lru_cache(maxsize=4096)
def plan_date(text: str | None) -> PlanDate | None:
    """Dates repeat (months, meeting days): each distinct one is read once."""
    return PlanDate.from_iso(text) if text else None


def _standing_label(row: BoardRow) -> str:
    if row.kind == "action" and row.standing is Standing.CLOSED:
        return row.status_label
    return standing_label(row.standing, row.current_target, row.overridden)


GRADING_ORDER = {"high": 0, "medium": 1, "low": 2}


def _grading(value: str) -> str:
    return grading_label(value) if value else ""


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    display: Callable[[BoardRow, date], str]
    sort_key: Callable[[BoardRow, date], Any]


def _date_key(value: PlanDate | None) -> tuple[int, int, int]:
    return value.sort_key() if value else (9999, 99, 99)


COLUMNS: list[Column] = [
    Column("inspection", "Inspection", lambda r, t: r.inspection, lambda r, t: (r.inspection.lower(), r.number_key)),
    Column("number", "No.", lambda r, t: r.number, lambda r, t: (r.inspection.lower(), r.number_key)),
    Column("text", "Recommendation / action", lambda r, t: " ".join(r.text.split()), lambda r, t: r.text.lower()),
    Column("owner", "Owner", lambda r, t: r.owner, lambda r, t: (r.owner == "", r.owner.lower())),
    Column("status", "Status", lambda r, t: r.status_label, lambda r, t: r.status_label),
    Column("standing", "On track / delayed", lambda r, t: _standing_label(r), lambda r, t: _standing_label(r)),
    Column(
        "initial_target",
        "Initial target",
        lambda r, t: str(r.initial_target or ""),
        lambda r, t: _date_key(r.initial_target),
    ),
    Column(
        "current_target",
        "Current target",
        lambda r, t: str(r.current_target or ""),
        lambda r, t: _date_key(r.current_target),
    ),
    Column("latest_on", "Last update", lambda r, t: str(r.latest_on or ""), lambda r, t: _date_key(r.latest_on)),
    Column(
        "latest_text",
        "Latest progress update",
        lambda r, t: " ".join(r.latest_text.split()),
        lambda r, t: r.latest_text.lower(),
    ),
    Column("next_steps", "Next steps", lambda r, t: " ".join(r.next_steps.split()), lambda r, t: r.next_steps.lower()),
    Column(
        "days",
        "Days since update",
        lambda r, t: "" if r.latest_on is None else str(r.days_since_update(t)),
        lambda r, t: r.days_since_update(t) if r.latest_on else 10**9,
    ),
    Column("theme", "Theme", lambda r, t: r.theme, lambda r, t: (r.theme == "", r.theme.lower())),
    Column("grading", "Grading", lambda r, t: _grading(r.grading), lambda r, t: GRADING_ORDER.get(r.grading, 9)),
]
COLUMN_KEYS = [c.key for c in COLUMNS]


@dataclass
class BoardFilter:
    """What the board shows; every part combines with the others."""

    kind: str = "action"  # or "recommendation"
    inspection_id: int | None = None
    status: str | None = None
    owner: str | None = None
    standing: str | None = None  # a Standing value
    overdue: bool = False
    not_updated_since: date | None = None
    awaiting_hmics: bool = False
    search: str = ""
    theme: str | None = None  # a theme, "" for none
    grading: str | None = None  # a grading, "" for none

    def matches(self, row: BoardRow) -> bool:
        if row.kind != self.kind:
            return False
        if self.inspection_id is not None and row.inspection_id != self.inspection_id:
            return False
        if self.status and (row.status or NOT_RECORDED) != self.status:
            return False
        if self.owner and row.owner != self.owner:
            return False
        if self.standing and row.standing.value != self.standing:
            return False
        if self.overdue and not row.overdue:
            return False
        if self.awaiting_hmics and not row.awaiting_hmics:
            return False
        if (self.theme is not None and row.theme != self.theme) or (
            self.grading is not None and row.grading != self.grading
        ):
            return False
        stale_since = self.not_updated_since
        return stale_since is None or row.latest_on is None or row.latest_on.last_day() < stale_since


def _numbered(row: BoardRow) -> tuple[str, tuple[int, int, int], int]:
    """The board's own order: by inspection, then by number (the id parts the rare tie)."""
    return (row.inspection.lower(), row.number_key, row.id)


@dataclass
class Board:
    """All rows, loaded once; ``view()`` filters and sorts them.

    Each order asked for is sorted once and kept, so that typing in the search box or
    changing a filter only filters an already sorted list.
    """

    rows: list[BoardRow]
    today: date
    _ordered: dict[tuple[str, str, bool], list[BoardRow]] = field(default_factory=dict, repr=False)
    _by_key: dict[tuple[str, int], BoardRow] = field(default_factory=dict, repr=False)

    def row(self, key: tuple[str, int]) -> BoardRow | None:
        """The row of an item (a look-up, not a scan)."""
        if not self._by_key:
            self._by_key = {row.key: row for row in self.rows}
        return self._by_key.get(key)

    def replaced(self, recommendation_ids: set[int], rows: list[BoardRow]) -> Board:
        """The board with the rows of these recommendations (and their actions) replaced by ``rows``."""
        kept = [row for row in self.rows if row.recommendation_id not in recommendation_ids]
        return Board(rows=kept + rows, today=self.today)

    def ordered(self, kind: str, sort_column: str, descending: bool) -> list[BoardRow]:
        """The rows of ``kind`` by a column; rows alike there stay in their numbers' order, either way.

        The order depends on the rows alone, never on the order they were read in: a row read
        again after an edit keeps its place among those it ties with.
        """
        key = (kind, sort_column, descending)
        if key not in self._ordered:
            column = COLUMNS[COLUMN_KEYS.index(sort_column)]
            today = self.today
            rows = sorted((row for row in self.rows if row.kind == kind), key=_numbered)
            if sort_column != "number" or descending:  # by number, upwards, they are in order already
                rows.sort(key=lambda row: column.sort_key(row, today), reverse=descending)  # stable, reversed or not
            self._ordered[key] = rows
        return self._ordered[key]

    def owners_of(self, kind: str) -> list[str]:
        """The owners of the recommendations, or of the actions, in alphabetical order."""
        return sorted({row.owner for row in self.rows if row.kind == kind and row.owner}, key=name_order)

    def view(self, board_filter: BoardFilter, sort_column: str = "number", descending: bool = False) -> list[BoardRow]:
        words = board_filter.search.lower().split()
        rows = self.ordered(board_filter.kind, sort_column, descending)
        if words:
            rows = [row for row in rows if all(word in row.search_text for word in words)]
        return [row for row in rows if board_filter.matches(row)]

    def counts(self) -> dict[int, CommitteeCounts]:
        """The committee's counts per inspection id (recommendations only, as the committee counts)."""
        standings: dict[int, list[Standing]] = defaultdict(list)
        for row in self.rows:
            if row.kind == "recommendation" and not row.number_key[0]:  # areas for development are not counted
                standings[row.inspection_id].append(row.standing)
        return {key: CommitteeCounts.of(value) for key, value in standings.items()}
