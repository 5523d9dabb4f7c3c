"""The dashboard's figures: the committee's counts at every period's end, and the plan on the last day.

Read once (:func:`load_figures`): the plan as it stood at the end of each quarter (or month) since
the first inspection was published, walked through the one history (``storage.history.as_of_days``)
and counted as the papers count (``services.papers.as_at.inspections_in``); on the last day (today,
or an "as at" day), the open actions and their targets in force. The filters then choose among
those rows without reading anything again (``services.dashboard_charts``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.periods import QUARTER, Period, period_ends
from hmics_desktop.domain.status import Standing
from hmics_desktop.services.papers.as_at import action_targets_in, inspections_in, judged_by_actions
from hmics_desktop.storage import history
from hmics_desktop.storage.models import database
from hmics_desktop.storage.sql import Sql

TABLES = ("inspection", "recommendation", "target_revision")  # and the actions, on the days that need them

# A recommendation as counted at a period's end: its id, its inspection's then, and the committee's call.
Counted = tuple[int, int, Standing]


@dataclass(frozen=True)
class OpenAction:
    """An action not finished on the last day, with the target in force then."""

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
        states = list(history.as_of_days(sql, days, known_on, tables=TABLES))
        judged: dict[int, bool] = {}  # by the recommendations' rows: a day that changed none of them asks no more
        for state in states:
            if id(state.rows["recommendation"]) not in judged:
                judged[id(state.rows["recommendation"])] = bool(judged_by_actions(state.live("recommendation")))
        wanted = {day for day, s in zip(days, states, strict=True) if judged[id(s.rows["recommendation"])]} | {last}
        for walked in history.as_of_days(sql, wanted, known_on, tables=("action",)):
            states[days.index(walked.day or last)].rows["action"] = walked.rows["action"]
        recommendations = _classes(sql)
    counted: list[list[Counted]] = []
    for state in states:
        inspections = inspections_in(state, sorted(state.rows["inspection"]))
        counted.append([(r.id, i.id, r.standing) for i in inspections for r in i.counted()])
    state, live = states[-1], {i.id: i for i in inspections}  # the last day's
    rec_inspections = {r.id: i.id for i in inspections for r in i.recommendations}
    targets = action_targets_in(state, set(rec_inspections), with_no_target=True)
    rows = state.rows["action"]
    open_actions = [OpenAction(i, rec, rec_inspections[rec], target, rows[i]["owner"] or "")
                    for i, (rec, target) in sorted(targets.items())]  # fmt: skip
    titles = {i: inspection.title for i, inspection in live.items()}
    return Figures(by, periods, counted, titles, {i: live[i].published for i in live}, open_actions, recommendations)


def _classes(sql: Sql) -> dict[int, Classes]:
    """What each recommendation is now (deleted ones too: a recommendation of years ago may be)."""
    return {
        rec_id: Classes(theme or "", grading or "", owner or "")
        for rec_id, theme, grading, owner in sql.execute(
            'SELECT id, theme, grading, owner FROM "recommendation"'
        ).fetchall()
    }
