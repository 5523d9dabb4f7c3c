"""The board: every recommendation and action of every inspection, filtered and sorted.

Items are read (``services.board_rows``) in one snapshot; the recommendations become plain
rows at once, the actions when first asked for (painted, or in spare moments after the first
screen). Filtering and sorting run in Python over the rows (tens of milliseconds for 50,000
actions), so that the Qt model only paints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
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


Key = tuple[str, int]  # (kind, id) of an item
Record = tuple[Any, ...]  # an action as read: id, recommendation id, position, text, owner, target, status,
# next steps, latest update's day, latest update's text


@dataclass
class Pending:
    """Actions read but not yet made into rows: each is made when first asked for (painted, copied, opened).

    ``records`` are in the board's own order; ``make`` makes a record's row under its
    recommendation's row, with the revised targets (``targets``) and the day it is judged on.
    """

    records: list[Record]
    targets: dict[int, PlanDate]  # each revised action's target in force
    make: Callable[[Record, BoardRow, dict[int, PlanDate], date], BoardRow]


def in_board_order(records: list[Record], recommendations: dict[int, BoardRow]) -> list[Record]:
    """Actions in the board's own order (as :func:`_numbered` orders their rows), without their rows."""
    prefix = {key: (row.inspection.lower(), *row.number_key[:2]) for key, row in recommendations.items()}
    return sorted(records, key=lambda record: (prefix[record[1]], record[2], record[0]))


class Board:
    """All rows, loaded once; ``view()`` filters and sorts them.

    The recommendations are rows from the start; the actions (``pending``) are made into rows
    as they are asked for, so that the first screen makes the few it paints, not 50,000
    (as Anki's browser fetches rows as they are shown). A filter, a search or another order
    makes them all, once. Each order asked for is sorted once and kept, so that typing in the
    search box or changing a filter only filters an already sorted list.
    """

    def __init__(self, rows: list[BoardRow], today: date, pending: Pending | None = None) -> None:
        self.today = today
        self._made = rows  # every row, or (with ``pending``) the recommendations'
        self._pending = pending
        self._all: list[BoardRow] | None = None if pending else rows
        self._ordered: dict[tuple[str, str, bool], list[BoardRow]] = {}
        self._by_key: dict[Key, BoardRow] = {row.key: row for row in rows}
        self._records: dict[int, Record] = {}
        self._next = 0  # the actions made in spare moments so far
        self._keys: dict[tuple[str, str, bool], list[Key]] = {}  # each order's items, as its rows
        self._texts: dict[tuple[str, str, bool], list[str]] = {}  # each order's rows' words searched

    @property
    def rows(self) -> list[BoardRow]:
        """Every row (the actions made into rows now, if they were not yet)."""
        if self._all is None:
            assert self._pending is not None
            self._all = self._made + [self._action(record) for record in self._pending.records]
        return self._all

    def make_more(self, count: int) -> bool:
        """Make the next ``count`` actions into rows (in spare moments, so that no search waits); True if more."""
        if self._all is not None:
            return False
        assert self._pending is not None
        records = self._pending.records
        for record in records[self._next : self._next + count]:
            self._action(record).search_text  # noqa: B018 - made now, rather than at the first key pressed
        self._next += count
        if self._next < len(records):
            return True
        self.rows  # noqa: B018 - every one made: the list of them
        return False

    @property
    def recommendations(self) -> list[BoardRow]:
        return [row for row in self._made if row.kind == "recommendation"]

    def _action(self, record: Record) -> BoardRow:
        row = self._by_key.get(("action", record[0]))
        if row is None:
            assert self._pending is not None
            parent = self._by_key[("recommendation", record[1])]
            row = self._pending.make(record, parent, self._pending.targets, self.today)
            self._by_key[row.key] = row
        return row

    def row(self, key: Key) -> BoardRow | None:
        """The row of an item (a look-up, not a scan; an action's row is made when first asked for)."""
        found = self._by_key.get(key)
        if found is None and key[0] == "action" and self._all is None:
            assert self._pending is not None
            if not self._records:
                self._records = {record[0]: record for record in self._pending.records}
            record = self._records.get(key[1])
            found = None if record is None else self._action(record)
        return found

    def recommendation_of(self, action_id: int) -> int | None:
        """The recommendation of an action on the board."""
        row = self.row(("action", action_id))
        return None if row is None else row.recommendation_id

    def keys_of(self, recommendation_ids: set[int]) -> set[Key]:
        """The items of these recommendations (themselves and their actions)."""
        if self._pending is None:
            return {row.key for row in self._made if row.recommendation_id in recommendation_ids}
        return {("recommendation", key) for key in recommendation_ids} | {
            ("action", record[0]) for record in self._pending.records if record[1] in recommendation_ids
        }

    def replaced(self, recommendation_ids: set[int], board: Board) -> Board:
        """This board with the rows of these recommendations (and their actions) replaced by ``board``'s."""
        kept = [row for row in self._made if row.recommendation_id not in recommendation_ids]
        if self._pending is None or board._pending is None:
            return Board(rows=kept + board.rows, today=self.today)
        recommendations = {row.id: row for row in kept + board._made}
        records = [r for r in self._pending.records if r[1] not in recommendation_ids] + board._pending.records
        gone = {record[0] for record in self._pending.records if record[1] in recommendation_ids}
        targets = {key: value for key, value in self._pending.targets.items() if key not in gone}
        targets |= board._pending.targets
        pending = Pending(in_board_order(records, recommendations), targets, board._pending.make)
        replaced = Board(rows=list(recommendations.values()), today=self.today, pending=pending)
        for key, row in self._by_key.items():  # the rows made already, of the recommendations not read again
            if key[0] == "action" and row.recommendation_id not in recommendation_ids:
                replaced._by_key[key] = row
        return replaced

    def ordered(self, kind: str, sort_column: str, descending: bool) -> list[BoardRow]:
        """The rows of ``kind`` by a column; rows alike there stay in their numbers' order, either way.

        The order depends on the rows alone, never on the order they were read in: a row read
        again after an edit keeps its place among those it ties with.
        """
        key = (kind, sort_column, descending)
        if key not in self._ordered:
            column = COLUMNS[COLUMN_KEYS.index(sort_column)]
            today = self.today
            if kind == "action" and self._pending is not None:  # read in the board's own order
                rows = [self._action(record) for record in self._pending.records]
            else:
                rows = sorted((row for row in self.rows if row.kind == kind), key=_numbered)
            if sort_column != "number" or descending:  # by number, upwards, they are in order already
                rows.sort(key=lambda row: column.sort_key(row, today), reverse=descending)  # stable, reversed or not
            self._ordered[key] = rows
        return self._ordered[key]

    def owners_of(self, kind: str) -> list[str]:
        """The owners of the recommendations, or of the actions, in alphabetical order."""
        if kind == "action" and self._pending is not None:
            return sorted({record[4] for record in self._pending.records if record[4]}, key=name_order)
        return sorted({row.owner for row in self.rows if row.kind == kind and row.owner}, key=name_order)

    def keys(self, board_filter: BoardFilter, sort_column: str = "number", descending: bool = False) -> list[Key]:
        """The items shown, in order; the board's own order of every action needs none made into rows."""
        plain = replace(board_filter, search="") == BoardFilter(kind=board_filter.kind)
        own_order = (board_filter.kind, sort_column, descending) == ("action", "number", False)
        if plain and own_order and self._pending is not None and not board_filter.search.split():
            return [("action", record[0]) for record in self._pending.records]
        order = (board_filter.kind, sort_column, descending)
        rows = self.ordered(*order)
        if order not in self._keys:
            self._keys[order] = [(row.kind, row.id) for row in rows]
        keys = self._keys[order]
        return [keys[place] for place in self._chosen(board_filter, order, plain)]

    def view(self, board_filter: BoardFilter, sort_column: str = "number", descending: bool = False) -> list[BoardRow]:
        order = (board_filter.kind, sort_column, descending)
        rows = self.ordered(*order)
        plain = replace(board_filter, search="") == BoardFilter(kind=board_filter.kind)
        return [rows[place] for place in self._chosen(board_filter, order, plain)]

    def _chosen(self, board_filter: BoardFilter, order: tuple[str, str, bool], plain: bool) -> Iterable[int]:
        """The places, in an order's rows, of those the filter shows (``plain``: it shows every row but searched)."""
        rows = self._ordered[order]
        words = board_filter.search.lower().split()
        places: Iterable[int] = range(len(rows))
        if words:
            if order not in self._texts:
                self._texts[order] = [row.search_text for row in rows]
            texts = self._texts[order]
            if len(words) == 1:  # as the user types the first word: the quickest test
                word = words[0]
                places = [place for place, text in enumerate(texts) if word in text]
            else:
                places = [place for place, text in enumerate(texts) if all(word in text for word in words)]
        return places if plain else [place for place in places if board_filter.matches(rows[place])]

    def counts(self) -> dict[int, CommitteeCounts]:
        """The committee's counts per inspection id (recommendations only, as the committee counts)."""
        standings: dict[int, list[Standing]] = defaultdict(list)
        for row in self._made:
            if row.kind == "recommendation" and not row.number_key[0]:  # areas for development are not counted
                standings[row.inspection_id].append(row.standing)
        return {key: CommitteeCounts.of(value) for key, value in standings.items()}
