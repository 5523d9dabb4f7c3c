"""The dashboard's charts from its figures (``services.dashboard``), as the filters choose.

- the trend: at each period's end, the committee's counts (Closed, Ongoing – on track, Ongoing –
  delayed; the bar's height is the Total), as the update paper as at that day counts them;
- ageing: the open recommendations by time since their inspection was published;
- overdue: the open actions past their target, by how long;
- by theme and by inspection: closed, on track and delayed (the delayed part striped).

The filters choose an inspection as the plan stood at each period's end (as a paper over it
counts), and a theme, grading or owner as the item stands now: what an item is, set today for an
item of years ago, still says which it is. Recommendations only, as the committee counts; areas
for development are left out of every chart but the actions'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from hmics_desktop.domain.charts import Bar, Chart, Series
from hmics_desktop.domain.classification import NO_THEME, THEME
from hmics_desktop.domain.status import Standing
from hmics_desktop.services import lists
from hmics_desktop.services.dashboard import Classes, Counted, Figures

STANDINGS = [Standing.CLOSED, Standing.ON_TRACK, Standing.DELAYED]
COMMITTEE = [Series(s.value, s.label, s is Standing.DELAYED) for s in STANDINGS]
OPEN = COMMITTEE[1:]
NOT_COUNTED = "Recommendations only: areas for development are not counted."
AGES = ["Under 1 year", "1–2 years", "2–3 years", "Over 3 years"]
NOT_PUBLISHED = "Not recorded"  # the publication date
OVERDUE = [(91, "Up to 3 months"), (182, "3–6 months"), (365, "6–12 months"), (730, "1–2 years"),
           (None, "Over 2 years")]  # fmt: skip
KINDS = {"trend": "The trend", "ageing": "Ageing", "themes": "By theme", "inspections": "By inspection"}


@dataclass(frozen=True)
class DashboardFilter:
    """What the dashboard shows; None: any. A theme or grading of "" is none."""

    inspection_ids: frozenset[int] | None = None
    theme: str | None = None
    grading: str | None = None
    owner: str | None = None

    def takes(self, inspection_id: int) -> bool:
        """Whether the inspection is one chosen."""
        return self.inspection_ids is None or inspection_id in self.inspection_ids

    def chooses(self, classes: Classes) -> bool:
        return (
            (self.theme is None or classes.theme == self.theme)
            and (self.grading is None or classes.grading == self.grading)
            and (self.owner is None or classes.owner == self.owner)
        )


def _recommendations(figures: Figures, chosen: DashboardFilter) -> set[int]:
    """The recommendations the theme, grading and owner choose (all of them when none is chosen)."""
    return {rec_id for rec_id, classes in figures.recommendations.items() if chosen.chooses(classes)}


def _chosen(counted: list[Counted], allowed: set[int] | None, chosen: DashboardFilter) -> list[Counted]:
    """Those of the recommendations counted that the filter chooses (``allowed``: by their classes; None: all)."""
    chosen_ids = chosen.inspection_ids
    if chosen_ids is None:
        return counted if allowed is None else [c for c in counted if c[0] in allowed]
    if allowed is None:
        return [c for c in counted if c[1] in chosen_ids]
    return [c for c in counted if c[0] in allowed and c[1] in chosen_ids]


def _allowed(figures: Figures, chosen: DashboardFilter) -> set[int] | None:
    """The recommendations the theme, grading and owner choose; None when none is chosen (all of them)."""
    if chosen.theme is None and chosen.grading is None and chosen.owner is None:
        return None
    return _recommendations(figures, chosen)


def _counted(figures: Figures, chosen: DashboardFilter, index: int) -> list[Counted]:
    return _chosen(figures.counted[index], _allowed(figures, chosen), chosen)


def _bar(label: str, words: str, groups: list[list[int]]) -> Bar:
    return Bar(label, [len(ids) for ids in groups], [tuple(ids) for ids in groups], words)


def _by_standing(counted: Iterable[Counted], standings: list[Standing] = STANDINGS) -> list[list[int]]:
    groups: dict[Standing, list[int]] = {standing: [] for standing in standings}
    for rec_id, _inspection, standing in counted:
        if standing in groups:
            groups[standing].append(rec_id)
    return list(groups.values())


def trend(figures: Figures, chosen: DashboardFilter) -> Chart:
    allowed = _allowed(figures, chosen)
    chart = Chart("trend", f"Recommendations at the end of each {figures.by}", "recommendation", COMMITTEE,
                  note=f"{NOT_COUNTED} Each bar is the plan as it stood then.")  # fmt: skip
    start = _first_published(figures, chosen)
    for period, counted in zip(figures.periods, figures.counted, strict=True):
        if start is None or period.end >= start:  # the inspections chosen start their own trend
            chart.bars.append(_bar(period.label, period.words(), _by_standing(_chosen(counted, allowed, chosen))))
    return chart


def _first_published(figures: Figures, chosen: DashboardFilter) -> date | None:
    """The first day of the quarter (or month) the inspections chosen start in; None: all, or one not published."""
    if chosen.inspection_ids is None:
        return None
    days = [figures.published.get(inspection_id) for inspection_id in chosen.inspection_ids]
    if not days or any(day is None for day in days):
        return None
    return min(day.first_day() for day in days if day is not None)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def ageing(figures: Figures, chosen: DashboardFilter) -> Chart:
    day = figures.day
    groups: dict[str, list[Counted]] = {label: [] for label in [*AGES, NOT_PUBLISHED]}
    for counted in _counted(figures, chosen, -1):
        if counted[2] is Standing.CLOSED:
            continue
        published = figures.published.get(counted[1])
        if published is None:
            groups[NOT_PUBLISHED].append(counted)
            continue
        years = next((n for n in range(1, 4) if published.first_day() > _years_before(day, n)), 4)
        groups[AGES[years - 1]].append(counted)
    chart = Chart("ageing", "Open recommendations by time since publication", "recommendation", OPEN,
                  note=NOT_COUNTED)  # fmt: skip
    for label, recs in groups.items():
        if label != NOT_PUBLISHED or recs:
            words = f"published {label.lower()} ago" if label in AGES else "whose publication is not recorded"
            chart.bars.append(_bar(label, words, _by_standing(recs, [Standing.ON_TRACK, Standing.DELAYED])))
    return chart


def overdue(figures: Figures, chosen: DashboardFilter) -> Chart:
    day = figures.day
    allowed = _allowed(figures, DashboardFilter(theme=chosen.theme, grading=chosen.grading))
    groups: dict[str, list[int]] = {label: [] for _days, label in OVERDUE}
    with_target = 0
    for action in figures.open_actions:
        if (allowed is not None and action.recommendation_id not in allowed) or not chosen.takes(action.inspection_id):
            continue
        if (chosen.owner is not None and action.owner != chosen.owner) or action.target is None:
            continue
        with_target += 1
        late = (day - action.target.last_day()).days
        if late > 0:
            groups[next(label for most, label in OVERDUE if most is None or late <= most)].append(action.id)
    past = sum(len(ids) for ids in groups.values())
    chart = Chart("overdue", "Open actions past their target", "action",
                  [Series("past", "Past the target", highlighted=True)],
                  note=f"{past:,} of the {with_target:,} open actions with a target are past it.")  # fmt: skip
    for label, ids in groups.items():
        chart.bars.append(_bar(label, f"past their target by {label.lower()}", [ids]))
    return chart


def _grouped(
    figures: Figures, chosen: DashboardFilter, key: Callable[[Counted], str], order: list[str]
) -> dict[str, list[Counted]]:
    groups: dict[str, list[Counted]] = {}
    for counted in _counted(figures, chosen, -1):
        groups.setdefault(key(counted), []).append(counted)
    return {name: groups[name] for name in [*order, *sorted(set(groups) - set(order), key=str.lower)] if name in groups}


def themes(figures: Figures, chosen: DashboardFilter) -> Chart:
    names = lists.names(THEME)
    theme = {rec_id: classes.theme or NO_THEME for rec_id, classes in figures.recommendations.items()}
    chart = Chart("themes", "Recommendations by theme", "recommendation", COMMITTEE, note=NOT_COUNTED)
    for name, counted in _grouped(figures, chosen, lambda c: theme[c[0]], [*names, NO_THEME]).items():
        words = "with no theme" if name == NO_THEME else f"with the theme {name}"
        chart.bars.append(_bar(name, words, _by_standing(counted)))
    return chart


def inspections(figures: Figures, chosen: DashboardFilter) -> Chart:
    order = sorted(figures.titles.values(), key=str.lower)
    chart = Chart("inspections", "Recommendations by inspection", "recommendation", COMMITTEE, note=NOT_COUNTED)
    for title, counted in _grouped(figures, chosen, lambda c: figures.titles[c[1]], order).items():
        chart.bars.append(_bar(title, f"in {title}", _by_standing(counted)))
    return chart


def charts_of(kind: str, figures: Figures, chosen: DashboardFilter) -> list[Chart]:
    """The charts of a picture: the trend; ageing (recommendations, then actions); by theme; by inspection."""
    if kind == "ageing":
        return [ageing(figures, chosen), overdue(figures, chosen)]
    return [{"trend": trend, "themes": themes, "inspections": inspections}[kind](figures, chosen)]
