"""The dashboard's figures: the trend is the update paper's counts at each period's end; ageing, hand-counted.

The trend is checked against the committee's counts the update paper gives as at each quarter's
(and month's) end, over the example plan and over plans with years of history made day by day;
the ageing buckets against a plan counted by hand; the filters; and the walk through the history
against ``as_of`` on every day of the years.
"""

import contextlib
from datetime import date, timedelta

import pytest
from dashboard_fixture import TODAY, load_years_of_history, rec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paper_fixture import on_day

from hmics_desktop.domain.classification import NO_THEME
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.periods import MONTH, QUARTER, period_ends
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.domain.status import CommitteeCounts
from hmics_desktop.services.dashboard import load_figures
from hmics_desktop.services.dashboard_charts import DashboardFilter, ageing, inspections, overdue, themes, trend
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.editing import ItemDeleted, ValidationError
from hmics_desktop.services.item_edits import delete_items, restore_items, save_item
from hmics_desktop.services.papers.as_at import inspections_as_at
from hmics_desktop.services.plan_edits import bulk_set, revise_targets
from hmics_desktop.services.plans import load_example_plan, write_plans
from hmics_desktop.storage import history
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import Action, Inspection, Recommendation, database


def _paper_counts(day: date, ids: list[int]) -> CommitteeCounts:
    """The committee's counts the update paper over ``ids`` gives as at ``day``."""
    return sum((i.counts() for i in inspections_as_at(ids, day)), start=CommitteeCounts())


def _assert_trend_is_the_papers(by: str, chosen: list[int] | None = None) -> int:
    figures = load_figures(by)
    ids = chosen or [i.id for i in Inspection.select(Inspection.id)]
    chart = trend(figures, DashboardFilter(inspection_ids=frozenset(chosen) if chosen else None))
    shown = figures.periods[len(figures.periods) - len(chart.bars) :]  # the chosen inspections' own start
    for period in figures.periods[: len(figures.periods) - len(chart.bars)]:
        assert _paper_counts(period.end, ids).total == 0, period  # before it, nothing of theirs stood
    for period, bar in zip(shown, chart.bars, strict=True):
        assert bar.label == period.label
        counts = _paper_counts(period.end, ids)
        assert (bar.total, *bar.values) == (counts.total, counts.closed, counts.on_track, counts.delayed), period
    return len(chart.bars)


def test_the_periods_end_on_quarter_and_month_ends_and_on_the_last_day() -> None:
    ends = period_ends(date(2024, 2, 10), date(2024, 11, 20))
    assert [(p.end.isoformat(), p.label) for p in ends] == [
        ("2024-03-31", "Mar 2024"), ("2024-06-30", "June 2024"), ("2024-09-30", "Sept 2024"),
        ("2024-11-20", "20/11/2024")]  # fmt: skip
    assert period_ends(date(2024, 2, 10), date(2024, 3, 31), MONTH)[-1].label == "Mar 2024"
    assert ends[0].words() == "at the end of March 2024" and ends[-1].words() == "on 20/11/2024"


def test_the_trend_is_the_update_papers_counts_over_the_example_plan(plan_db) -> None:
    with on_day(date(2025, 3, 19)):
        load_example_plan()
        assert _assert_trend_is_the_papers(QUARTER) >= 12
        bars = trend(load_figures(), DashboardFilter()).bars
        assert (bars[-1].label, bars[-1].values) == ("19/03/2025", [1, 0, 5])  # the published "6 · 1 · 0 · 5"


def test_the_trend_is_the_update_papers_counts_over_years_of_history(plan_db) -> None:
    load_years_of_history()
    with on_day(TODAY):
        assert _assert_trend_is_the_papers(QUARTER) == 27  # June 2019 to 20/11/2025
        assert _assert_trend_is_the_papers(MONTH) == 79
        for title in ("Custody 2019", "Hate Crime 2021"):  # one inspection: the paper over it alone
            _assert_trend_is_the_papers(QUARTER, [Inspection.get(Inspection.title == title).id])
        hate_crime = Inspection.get(Inspection.title == "Hate Crime 2021")
        own = trend(load_figures(), DashboardFilter(inspection_ids=frozenset({hate_crime.id}))).bars
        quarter = next(p for p in load_figures().periods if p.end >= hate_crime.published.first_day())
        assert own[0].label == quarter.label  # its own trend starts when it was published, not in 2019
        bars = {bar.label: bar for bar in trend(load_figures(), DashboardFilter()).bars}
        assert bars["June 2019"].values == [0, 0, 0]  # published, not yet recorded
        assert bars["Sept 2019"].values == [0, 5, 0]  # Custody's 5 recorded; R5, with no initial target, is on
        # track until its action's target (Mar 2022) passes; R3's initial target passed (June 2021); Hate Crime's 4
        assert bars["June 2022"].values == [2, 5, 2]
        assert bars["Mar 2025"].values[0] == 7  # Hate Crime's R4 closed on 15 March, recorded in June
        assert bars["Dec 2024"].values[0] == 5  # Domestic Abuse's R2 closed on 1 October, then undone: never was


def test_a_change_that_took_effect_earlier_is_in_the_trend_of_the_days_after(plan_db) -> None:
    load_years_of_history()
    with on_day(TODAY):
        history = EditHistory()
        before = trend(load_figures(), DashboardFilter()).bars
        custody_5 = rec("Custody 2019", 5)
        history.do(save_item("recommendation", custody_5, {"initial_target": PlanDate(2030, 1)}, None))
        after = trend(load_figures(), DashboardFilter()).bars
        assert [b.values for b in after[:-1]] == [b.values for b in before[:-1]]  # an edit takes effect today
        assert after[-1].values[1] == before[-1].values[1] + 1
        assert _assert_trend_is_the_papers(QUARTER) == 27


def test_the_walk_is_as_of_on_every_day_of_the_years(plan_db) -> None:
    load_years_of_history()
    days = [date(2019, 8, 1) + timedelta(days=n) for n in range(0, (TODAY - date(2019, 8, 1)).days + 1)]
    with on_day(TODAY), database.snapshot():
        sql = database.sql()
        tables = ("inspection", "recommendation", "action", "target_revision")
        for known_on, scope in ((None, None), (date(2025, 5, 1), None), (None, [rec("Custody 2019", 1)])):
            ids = None if scope is None else [Inspection.get(Inspection.title == "Custody 2019").id]
            walked = history.as_of_days(sql, days, known_on, tables=tables, inspection_ids=ids)
            for day, state in zip(days, walked, strict=True):
                assert state.rows == history.as_of(sql, day, known_on, tables=tables, inspection_ids=ids).rows, day


AS_AT = date(2025, 6, 30)


def _aged_plan(title: str, published: str | None, targets: list[str | None], closed: int = 0) -> Plan:
    recs = [PlanRecommendation(number=n, text=f"R{n}", initial_target=target) for n, target in enumerate(targets, 1)]
    for closing in recs[:closed]:
        closing.status, closing.closed_on, closing.impact = "closed", "2025-01-10", "Done."
    plan = Plan(inspection=title, as_at="2025-06-01", recommendations=recs)
    plan.recommendations.append(PlanRecommendation(number=1, kind="area_for_development", text="AfD"))
    return plan


def _set_published(values: dict[str, str | None]) -> None:
    for title, published in values.items():
        if published:
            inspection = Inspection.get(Inspection.title == title)
            EditHistory().do(save_item("inspection", inspection.id, {"published": PlanDate.from_iso(published)}, None))


def test_ageing_buckets_as_counted_by_hand(plan_db) -> None:
    with on_day(date(2025, 6, 1)):
        recent = _aged_plan("Recent", None, ["2025-12", "2024-01"])  # published Jan 2025: under 1 year
        recent.recommendations[0].actions = [
            PlanAction("1.1", "past by 30 days", target="2025-05", status="in_progress"),  # 31 May: up to 3 months
            PlanAction("1.2", "past by 166 days", target="2025-01-15", status="not_started"),  # 3–6 months
            PlanAction("1.3", "past by exactly a year", target="2024-06", status="in_progress"),  # 6–12 months
            PlanAction("1.4", "past by over two years", target="2023-01", status=None),  # over 2 years
            PlanAction("1.5", "not yet due", target="2025-09", status="in_progress"),
            PlanAction("1.6", "no target", status="in_progress"),
            PlanAction("1.7", "done", target="2020-01", status="complete"),
            PlanAction("1.8", "revised to a later day", target="2023-05", status="in_progress"),
        ]
        write_plans(
            [
                recent,
                _aged_plan("Older", None, ["2024-12", "2026-01", "2023-03"], closed=1),
                _aged_plan("Oldest", None, ["2022-01", "2022-06"]),
                _aged_plan("Undated", None, ["2027-01"]),
            ]
        )
        _set_published({"Recent": "2025-01", "Older": "2023-12-15", "Oldest": "2021-03"})
        action = Action.get(Action.text == "revised to a later day")
        EditHistory().do(revise_targets("action", [action.id], PlanDate(2025, 4, 20), "partner delay"))  # 71 days
    with on_day(date(2025, 7, 1)):
        figures = load_figures(QUARTER, AS_AT)
    aged = {bar.label: bar.values for bar in ageing(figures, DashboardFilter()).bars}
    # Recent (Jan 2025): R1 on track, R2 delayed; Older (15/12/2023): R1 closed, R2 on track, R3 delayed;
    # Oldest (Mar 2021): both delayed; Undated: on track, its publication not recorded
    assert aged == {"Under 1 year": [1, 1], "1–2 years": [1, 1], "2–3 years": [0, 0], "Over 3 years": [0, 2],
                    "Not recorded": [1, 0]}  # fmt: skip
    late = overdue(figures, DashboardFilter())
    assert {bar.label: bar.values[0] for bar in late.bars} == {
        "Up to 3 months": 2, "3–6 months": 1, "6–12 months": 1, "1–2 years": 0, "Over 2 years": 1}  # fmt: skip
    assert late.note == "5 of the 6 open actions with a target are past it."
    assert late.bars[0].ids[0] == tuple(sorted(late.bars[0].ids[0]))  # the rows a click shows


def test_the_filters_choose_by_theme_grading_owner_and_inspection(plan_db) -> None:
    load_years_of_history()
    with on_day(TODAY):
        EditHistory().do(bulk_set("recommendation", [rec("Custody 2019", 1), rec("Hate Crime 2021", 2)],
                                  {"theme": "Governance", "grading": "high"}))  # fmt: skip
        EditHistory().do(bulk_set("recommendation", [rec("Hate Crime 2021", 1)], {"owner": "DCC"}))
        figures = load_figures()
    governance = DashboardFilter(theme="Governance")
    assert [b.values for b in trend(figures, governance).bars][-1] == [2, 0, 0]
    assert trend(figures, governance).bars[2].values == [0, 1, 0]  # what it is now chooses it, in every period
    by_theme = {bar.label: bar.values for bar in themes(figures, DashboardFilter()).bars}
    assert by_theme["Governance"] == [2, 0, 0] and sum(by_theme[NO_THEME]) == 10
    assert themes(figures, DashboardFilter(grading="high")).bars[0].label == "Governance"
    assert sum(trend(figures, DashboardFilter(owner="DCC")).bars[-1].values) == 1
    custody = Inspection.get(Inspection.title == "Custody 2019").id
    by_inspection = inspections(figures, DashboardFilter(inspection_ids=frozenset({custody})))
    assert [(b.label, b.values) for b in by_inspection.bars] == [("Custody 2019", [3, 0, 2])]
    assert by_inspection.alt_text() == (
        "Recommendations by inspection. Custody 2019: 5 recommendations (3 closed, 0 ongoing – on track, "
        "2 ongoing – delayed).")  # fmt: skip


@pytest.mark.parametrize("by", [QUARTER, MONTH])
def test_a_plan_with_no_recommendations_yet_has_one_empty_bar(plan_db, by: str) -> None:
    figures = load_figures(by, date(2025, 1, 1))
    assert [(bar.label, bar.values) for bar in trend(figures, DashboardFilter()).bars] == [("01/01/2025", [0, 0, 0])]
    assert themes(figures, DashboardFilter()).bars == []


def test_an_inspections_trend_starts_when_its_own_plan_does_when_its_publication_is_not_recorded(plan_db) -> None:
    def plan(title: str, as_at: str) -> Plan:
        return Plan(inspection=title, as_at=as_at, recommendations=[PlanRecommendation(number=1, text="Do it.")])

    with on_day(date(2025, 1, 10)):
        write_plans([plan("Early Review 2020", "2021-02-10"), plan("Later Review 2023", "2024-02-10")])
        later = Inspection.get(Inspection.title == "Later Review 2023").id
        figures = load_figures(QUARTER, date(2024, 12, 31), first_of=[later])
    bars = trend(figures, DashboardFilter(inspection_ids=frozenset({later}))).bars
    assert [bar.label for bar in bars] == ["Mar 2024", "June 2024", "Sept 2024", "Dec 2024"]
    everything = load_figures(QUARTER, date(2024, 12, 31))
    assert everything.periods[0].label == "Mar 2021"


# A plan whose calls change between periods: targets passing, revised, set and cleared, marks by hand
# set and taken off, actions completed and reopened, deleted and restored, closures, undo and redo.
TARGETS = st.one_of(st.none(), st.builds("{}-{:02d}".format, st.integers(2023, 2025), st.integers(1, 12)))
STEPS = st.lists(st.tuples(st.integers(0, 60), st.sampled_from(sorted(
    ["mark", "unmark", "complete", "reopen", "revise action", "revise", "close", "action target", "initial target",
     "delete action", "restore action", "undo", "redo"])), st.integers(0, 20), TARGETS), max_size=10)  # fmt: skip


def _step(edits: EditHistory, step: str, rec_id: int, action_id: int, target: str | None, day: date) -> None:
    plan_date = PlanDate.from_iso(target) if target else None
    make = {
        "mark": lambda: bulk_set("recommendation", [rec_id], {
            "standing_override": "on_track" if action_id % 2 else "delayed", "standing_override_reason": "agreed"}),
        "unmark": lambda: bulk_set("recommendation", [rec_id],
                                   {"standing_override": None, "standing_override_reason": None}),
        "complete": lambda: bulk_set("action", [action_id], {"status": "complete"}),
        "reopen": lambda: bulk_set("action", [action_id], {"status": "in_progress"}),
        "revise action": lambda: revise_targets("action", [action_id], plan_date or PlanDate(2024, 6), "staff"),
        "revise": lambda: revise_targets("recommendation", [rec_id], plan_date or PlanDate(2024, 6), "staff"),
        "close": lambda: save_item("recommendation", rec_id, {
            "status": "closed", "closed_on": PlanDate.from_date(day), "impact": "Done."}, None),
        "action target": lambda: save_item("action", action_id, {"target": plan_date}, None),
        "initial target": lambda: save_item("recommendation", rec_id, {"initial_target": plan_date}, None),
        "delete action": lambda: delete_items("action", [action_id]),
        "restore action": lambda: restore_items("action", [action_id]),
    }  # fmt: skip
    if step == "undo":
        edits.undo() if edits.next_undo() else None
    elif step == "redo":
        edits.redo() if edits.next_redo() else None
    else:
        with contextlib.suppress(ValidationError, ItemDeleted):  # a change refused (a rule, an item deleted): not made
            edits.do(make[step]())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    recs=st.lists(st.tuples(TARGETS, st.lists(TARGETS, min_size=1, max_size=3)), min_size=1, max_size=4), steps=STEPS
)
def test_the_trend_is_the_update_papers_counts_whatever_changes_the_calls(tmp_path_factory, recs, steps) -> None:
    open_database(tmp_path_factory.mktemp("plan") / "plans.sqlite")
    try:
        day = date(2023, 1, 10)
        plan = Plan(inspection="Custody", inspectorate="HMICS", as_at=day.isoformat(), recommendations=[
            PlanRecommendation(number=n, text=f"R{n}", initial_target=target, actions=[
                PlanAction(number=f"{n}.{k}", text="Act", target=t, status="in_progress") for k, t in enumerate(ts, 1)])
            for n, (target, ts) in enumerate(recs, 1)])  # fmt: skip
        with on_day(day):
            write_plans([plan])
        edits = EditHistory()
        for gap, step, which, target in steps:
            day += timedelta(days=gap)
            rec_ids = [r.id for r in Recommendation.select(Recommendation.id).order_by(Recommendation.id)]
            action_ids = [a.id for a in Action.select(Action.id).order_by(Action.id)]
            with on_day(day):
                _step(edits, step, rec_ids[which % len(rec_ids)], action_ids[which % len(action_ids)], target, day)
        with on_day(day + timedelta(days=3)):
            _assert_trend_is_the_papers(QUARTER)
            _assert_trend_is_the_papers(MONTH)
    finally:
        close_database()
