"""The dashboard's figures: the committee's counts at every period's end, and the plan on the last day.

Read once (:func:`load_figures`): the plan as it stood at the end of each quarter (or month) since
the first inspection was published, walked through the one history (``storage.history.as_of_days``)
and counted as the papers count (``services.papers.as_at.standings_in``); on the last day (today,
or an "as at" day), the open actions and their targets in force. The filters then choose among
those rows without reading anything again (``services.dashboard_charts``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.periods import QUARTER, Period, period_ends
from hmics_desktop.domain.status import Standing
from hmics_desktop.services.papers.as_at import (
    Calls,
    action_targets_in,
    standings_in,
)
from hmics_desktop.storage import history
from hmics_desktop.storage.models import database
from hmics_desktop.storage.sql import Sql

TABLES = ("inspection", "recommendation", "target_revision")  # and the actions, on the days that need them
COLUMNS = {  # what the figures read of them (``as_of`` adds the ids and what the rows hang off)
    "inspection": ("title", "published"),
    "recommendation": ("kind", "number", "status", "initial_target", "standing_override"),
    "action": ("status", "target", "owner"),
}

# A recommendation as counted at a period's end: its id, its inspection's then, and the committee's call.
Counted = tuple[int, int, Standing]


class OpenAction(NamedTuple):
    """An action not finished on the last day, with the target in force then (tens of thousands are made)."""

    id: int
    recommendation_id: int
    inspection_id: int
    target: PlanDate | None
    owner: str  # as it stood on the last day


@dataclass(frozen=True)
class Classes:
    """What a recommendation is, as it stands now: the filters choose by these."""

    theme: str = ""
    grading: str = ""
    owner: str = ""


@dataclass
class Figures:
    """Everything the dashboard draws, for one reading of the database."""

    by: str  # "quarter" or "month"
    periods: list[Period]
    counted: list[list[Counted]]  # the recommendations counted at each period's end
    titles: dict[int, str]  # each inspection's name on the last day
    published: dict[int, PlanDate | None]  # and its publication
    open_actions: list[OpenAction]
    recommendations: dict[int, Classes] = field(default_factory=dict)  # as they stand now, deleted ones too

    @property
    def day(self) -> date:
        """The last day: today, or the day the figures are as at."""
        return self.periods[-1].end


def first_day(sql: Sql, inspection_ids: Iterable[int] | None = None) -> date | None:
    """When the plans begin: the earliest day one of the inspections (those given, or all) begins.

    An inspection begins on its publication, else on the first day one of its recommendations is on
    record; None when none of them has either.
    """
    wanted = set(inspection_ids) if inspection_ids is not None else None
    days: list[date] = []
    unpublished: list[int] = []
    for inspection_id, value in sql.execute('SELECT id, published FROM "inspection"').fetchall():
        if wanted is None or inspection_id in wanted:
            if value:
                days.append(PlanDate.from_iso(value).first_day())
            else:
                unpublished.append(inspection_id)
    if unpublished:
        marks = ", ".join("?" for _ in unpublished)
        found = sql.execute(
            'SELECT min(h.effective_on) FROM "row_history" h JOIN "recommendation" r ON r.id = h.row_id '
            f"WHERE h.tbl = ? AND r.inspection_id IN ({marks})",
            ("recommendation", *unpublished),
        ).fetchone()
        days += [date.fromisoformat(found[0])] if found and found[0] else []
    return min(days, default=None)


def load_figures(
    by: str = QUARTER, as_at: date | None = None, known_on: date | None = None, *, first_of: Iterable[int] | None = None
) -> Figures:
    """The figures of every period up to ``as_at`` (today when None), read in one snapshot (as known on ``known_on``).

    The periods start with the first publication of the inspections ``first_of`` (of all, when None).

    The actions are walked only for the days that need them: the last (its open actions), and those on which
    a recommendation is judged by its actions' targets (it has no initial target); the papers read them so.
    """
    with database.snapshot():
        sql = database.sql()
        last = as_at or clock.today()
        periods = period_ends(min(first_day(sql, first_of) or last, last), last, by)
        days = [period.end for period in periods]
        states = list(history.as_of_days(sql, days, known_on, tables=TABLES, columns=COLUMNS))
        calls: Calls = {}  # each recommendation judged once while its row stays as it was
        counted = [standings_in(state, calls) for state in states]  # None: the day needs its actions
        wanted = {day for day, found in zip(days, counted, strict=True) if found is None} | {last}
        for walked in history.as_of_days(sql, wanted, known_on, tables=("action",), columns=COLUMNS):
            index = days.index(walked.day or last)
            states[index].rows["action"] = walked.rows["action"]
            if counted[index] is None:
                counted[index] = standings_in(states[index], calls)
        recommendations = _classes(sql)
    whole = [found for found in counted if found is not None]  # every day's, now that each has what it needs
    assert len(whole) == len(states)
    state = states[-1]  # the last day's
    live = {i: row for i, row in state.rows["inspection"].items() if not row["deleted_at"]}
    rec_inspections = {rec["id"]: rec["inspection_id"] for rec in state.live("recommendation")
                       if rec["inspection_id"] in live}  # fmt: skip
    targets = action_targets_in(state, set(rec_inspections), with_no_target=True)
    rows = state.rows["action"]
    open_actions = [OpenAction(i, rec, rec_inspections[rec], target, rows[i]["owner"] or "")
                    for i, (rec, target) in sorted(targets.items())]  # fmt: skip
    titles = {i: row["title"] for i, row in live.items()}
    published = {i: PlanDate.from_iso(row["published"]) if row["published"] else None for i, row in live.items()}
    return Figures(by, periods, whole, titles, published, open_actions, recommendations)


def _classes(sql: Sql) -> dict[int, Classes]:
    """What each recommendation is now (deleted ones too: a recommendation of years ago may be)."""
    return {
        rec_id: Classes(theme or "", grading or "", owner or "")
        for rec_id, theme, grading, owner in sql.execute(
            'SELECT id, theme, grading, owner FROM "recommendation"'
        ).fetchall()
    }
