"""The dashboard's figures: the committee's counts at every period's end, and the plan on the last day.

Read once (:func:`load_figures`): the plan as it stood at the end of each quarter (or month) since
the first inspection was published, walked through the one history (``storage.history.as_of_days``)
and counted as the papers count (``services.papers.as_at.inspections_in``); on the last day (today,
or an "as at" day), the open actions and their targets in force. The filters then choose among
those rows without reading anything again (``services.dashboard_charts``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.periods import QUARTER, Period, period_ends
from hmics_desktop.domain.status import Standing
from hmics_desktop.services.papers.as_at import action_targets_in, inspections_in
from hmics_desktop.storage import history
from hmics_desktop.storage.models import database
from hmics_desktop.storage.sql import Sql

TABLES = ("inspection", "recommendation", "action", "target_revision")

# A recommendation as counted at a period's end: its id, its inspection's then, and the committee's call.
Counted = tuple[int, int, Standing]


@dataclass(frozen=True)
class OpenAction:
    """An action not finished on the last day, with the target in force then."""

    id: int
    recommendation_id: int
    inspection_id: int
    target: PlanDate | None


@dataclass(frozen=True)
class Classes:
    """What a recommendation or an action is, as it stands now: the filters choose by these."""

    theme: str = ""
    grading: str = ""
    owner: str = ""
    recommendation_id: int = 0  # an action's


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
    actions: dict[int, Classes] = field(default_factory=dict)

    @property
    def day(self) -> date:
        """The last day: today, or the day the figures are as at."""
        return self.periods[-1].end


def first_day(sql: Sql) -> date | None:
    """When the plans begin: the first inspection's publication, else the first recommendation's day on record."""
    published = [
        PlanDate.from_iso(value).first_day()
        for (value,) in sql.execute('SELECT published FROM "inspection" WHERE published IS NOT NULL').fetchall()
        if value
    ]
    if published:
        return min(published)
    found = sql.execute('SELECT min(effective_on) FROM "row_history" WHERE tbl = ?', ("recommendation",)).fetchone()
    return date.fromisoformat(found[0]) if found and found[0] else None


def load_figures(by: str = QUARTER, as_at: date | None = None) -> Figures:
    """The figures of every period up to ``as_at`` (today when None), read in one snapshot."""
    with database.snapshot():
        sql = database.sql()
        last = as_at or clock.today()
        periods = period_ends(min(first_day(sql) or last, last), last, by)
        counted: list[list[Counted]] = []
        states = history.as_of_days(sql, [period.end for period in periods], tables=TABLES)
        for state in states:
            inspections = inspections_in(state, sorted(state.rows["inspection"]))
            counted.append([(r.id, i.id, r.standing) for i in inspections for r in i.counted()])
        recommendations, actions = _classes(sql)
    # the last day's plan: the state walked last
    live = {i.id: i for i in inspections}
    rec_inspections = {r.id: i.id for i in inspections for r in i.recommendations}
    open_actions = [
        OpenAction(action_id, rec_id, rec_inspections[rec_id], target)
        for action_id, (rec_id, target) in action_targets_in(state, set(rec_inspections), with_no_target=True).items()
    ]
    return Figures(
        by, periods, counted, {i: live[i].title for i in live}, {i: live[i].published for i in live},
        sorted(open_actions, key=lambda a: a.id), recommendations, actions,
    )  # fmt: skip


def _classes(sql: Sql) -> tuple[dict[int, Classes], dict[int, Classes]]:
    recommendations = {
        rec_id: Classes(theme or "", grading or "", owner or "")
        for rec_id, theme, grading, owner in sql.execute(
            'SELECT id, theme, grading, owner FROM "recommendation"'
        ).fetchall()
    }
    actions = {
        action_id: Classes(owner=owner or "", recommendation_id=rec_id)
        for action_id, rec_id, owner in sql.execute('SELECT id, recommendation_id, owner FROM "action"').fetchall()
    }
    return recommendations, actions
