"""Plans in and out of the database as plain data: the example plan, ``dump``, writing a plan."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hmics_desktop.domain.plan import Plan
from hmics_desktop.domain.plan_changes import counted
from hmics_desktop.domain.rules import InvalidPlan, plan_problems
from hmics_desktop.paths import db_folder
from hmics_desktop.services.backup_policy import backup_now
from hmics_desktop.services.editing import Change
from hmics_desktop.storage import journal
from hmics_desktop.storage.models import database
from hmics_desktop.storage.plan_reader import read_plans
from hmics_desktop.storage.plan_writer import PlanWriter, WriteSummary
from hmics_desktop.storage.steps import Step, When, record_step

EXAMPLE_PLAN = "example/crime_audit_2020_plan.json"


def example_plan() -> Plan:
    """The published Crime Audit 2020 plan shipped with the application."""
    data = json.loads((db_folder() / EXAMPLE_PLAN).read_text(encoding="utf-8"))
    return Plan.from_json(data)


def plans_writer(plans: list[Plan], progress_date: date | None = None) -> tuple[Change, WriteSummary]:
    """The step that creates or updates the plans, and the summary it fills in when done.

    Raises :class:`InvalidPlan` before anything is written when a plan breaks a rule.
    """
    problems = [problem for plan in plans for problem in plan_problems(plan)]
    if problems:
        more = f" (and {counted(len(problems) - 1, 'other problem')})" if len(problems) > 1 else ""
        raise InvalidPlan(f"{problems[0].rstrip('.')}{more}; nothing was written.")
    writer = PlanWriter(progress_date)
    titles = ", ".join(plan.inspection for plan in plans)
    when = When(from_file=True, confirmed=writer.confirmed)

    def apply() -> None:
        for plan in plans:
            when.begin_file(writer.file_day(plan))  # what a file brings takes effect on its As at date
            writer.write(plan)

    def first_reads(_sql: object) -> None:  # the first plan's: asked with the write lock
        writer.ask(plans[0])

    return Change(f"import of {titles}", apply, when, first_reads if plans else None), writer.summary


def import_plans(plans: list[Plan], progress_date: date | None = None) -> tuple[Step, WriteSummary]:
    """Back up, then create or update the plans in one journalled step that can be undone."""
    change, summary = plans_writer(plans, progress_date)
    backup_now("before-import")
    step = record_step(change.description, change.apply, change.when, change.first_reads)
    summary.confirmed = step.confirmed.values()
    return step, summary


def write_plans(plans: list[Plan], progress_date: date | None = None, *, dry_run: bool = False) -> WriteSummary:
    """Create or update the plans (nothing is kept for a dry run: its transaction is rolled back)."""
    if not dry_run:
        return import_plans(plans, progress_date)[1]
    change, summary = plans_writer(plans, progress_date)
    with database.atomic() as transaction:
        journal.start(database.sql())
        change.apply()
        transaction.rollback()
    summary.confirmed = change.when.confirmed.values() if change.when is not None else 0
    return summary


def load_example_plan() -> WriteSummary:
    return write_plans([example_plan()])


def dump_plans(titles: list[str] | None = None, as_at: date | None = None) -> dict[str, Any]:
    """Every plan as JSON data in the shape of EXCEL.md: ``{"plans": [...]}``."""
    return {"plans": [plan.to_json() for plan in read_plans(titles, as_at).values()]}
