from datetime import date

from plan_fixture import assert_matches_fixture, without_later_facts

from hmics_desktop.domain.plan import PlanAction
from hmics_desktop.domain.status import CommitteeCounts
from hmics_desktop.services.papers.as_at import inspections_as_at
from hmics_desktop.services.plans import dump_plans, example_plan, load_example_plan, write_plans
from hmics_desktop.storage.models import AuditEntry, Inspection, ProgressUpdate


def test_dump_of_the_example_plan_equals_the_fixture(plan_db, fixture_plan) -> None:
    """The February 2022 appendix as it is, with what the later papers add (and nothing they do not say)."""
    load_example_plan()
    dumped = dump_plans()
    assert len(dumped["plans"]) == 1
    assert_matches_fixture(without_later_facts(dumped["plans"][0]), fixture_plan)


def test_the_committee_counts_of_the_example_are_the_published_ones(plan_db) -> None:
    """Seed 000: Crime Audit 6 · 1 · 0 · 5 at the meeting of 18 September 2024; seed 003: all open in 2022."""
    load_example_plan()
    inspection_id = Inspection.get(Inspection.title == "Crime Audit 2020").id
    [september_2024] = inspections_as_at([inspection_id], date(2024, 9, 18))
    assert september_2024.counts() == CommitteeCounts(total=6, closed=1, on_track=0, delayed=5)
    assert [r.number for r in september_2024.counted() if r.closed_on is None] == [2, 3, 4, 5, 6]
    [march_2022] = inspections_as_at([inspection_id], date(2022, 3, 17))
    assert march_2022.counts() == CommitteeCounts(total=6, closed=0, on_track=6, delayed=0)
    [march_2025] = inspections_as_at([inspection_id], date(2025, 3, 19))  # seed 002: R2 to R6 open
    assert march_2025.counts() == CommitteeCounts(total=6, closed=1, on_track=0, delayed=5)


def test_example_plan_twice_does_not_duplicate(plan_db) -> None:
    load_example_plan()
    summary = load_example_plan()
    assert summary.created == {"inspection": 0, "recommendation": 0, "action": 0}
    assert summary.progress_added == 0
    assert ProgressUpdate.select().count() == 15


def test_progress_is_dated_at_the_plans_as_at(plan_db) -> None:
    load_example_plan()
    assert {u.as_at.iso() for u in ProgressUpdate.select()} == {"2022-02-15"}


def test_every_record_created_is_audited(plan_db) -> None:
    load_example_plan()
    created = {entry.entity for entry in AuditEntry.select().where(AuditEntry.change == "create")}
    assert created == {"inspection", "recommendation", "action", "progress_update", "target_revision"}
    assert {entry.user for entry in AuditEntry.select()} != {""}


def test_a_link_to_an_action_the_file_does_not_list_reaches_the_one_on_record(plan_db) -> None:
    load_example_plan()
    plan = example_plan()
    plan.recommendations = plan.recommendations[-1:]  # a file holding only the last recommendation
    action = plan.recommendations[0].actions[0]
    action.links = ["1.1", "99.1"]
    summary = write_plans([plan])
    assert summary.warnings == [
        f"Action {action.number} links to 99.1, which is not in the plan; that link was left out."
    ]
    assert [change.new for change in summary.changes if change.item == f"Action {action.number}"] == ["1.1"]
    assert dump_plans()["plans"][0]["recommendations"][-1]["actions"][0]["links"] == ["1.1"]


def test_a_link_to_an_action_the_same_file_adds_is_named_in_the_change(plan_db) -> None:
    """The links are worked out before the file's new actions are written; a new one is still named by its number."""
    load_example_plan()
    plan = example_plan()
    last = plan.recommendations[-1]
    added = PlanAction(number=f"{last.number}.9", text="A new action", progress="Begun", links=["1.1"])
    last.actions.append(added)
    first = plan.recommendations[0].actions[0]
    first.links = [*first.links, added.number]
    summary = write_plans([plan])
    [change] = [change for change in summary.changes if change.item == f"Action {first.number}"]
    assert added.number in change.new.split(", ")
    links = {a["number"]: a["links"] for rec in dump_plans()["plans"][0]["recommendations"] for a in rec["actions"]}
    assert added.number in links[first.number] and links[added.number] == ["1.1"]
