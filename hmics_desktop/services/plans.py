"""Plans in and out of the database as plain data: the example plan, ``dump``, writing a plan."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hmics_desktop.domain.plan import Plan
from hmics_desktop.domain.plan_changes import counted
from hmics_desktop.domain.rules import InvalidPlan, plan_problems
from hmics_desktop.paths import db_folder
from hmics_desktop.storage.audit import AuditBatch
from hmics_desktop.storage.models import database
from hmics_desktop.storage.plan_reader import read_plans
from hmics_desktop.storage.plan_writer import PlanWriter, WriteSummary

EXAMPLE_PLAN = "example/crime_audit_2020_plan.json"


def example_plan() -> Plan:
    """The published Crime Audit 2020 plan shipped with the application."""
    data = json.loads((db_folder() / EXAMPLE_PLAN).read_text(encoding="utf-8"))
    return Plan.from_json(data)


def write_plans(plans: list[Plan], progress_date: date | None = None, *, dry_run: bool = False) -> WriteSummary:
    """Create or update the plans in one transaction (rolled back for a dry run).

    Raises :class:`InvalidPlan` before writing anything when a plan breaks a rule.
    """
    problems = [problem for plan in plans for problem in plan_problems(plan)]
    if problems:
        more = f" (and {counted(len(problems) - 1, 'other problem')})" if len(problems) > 1 else ""
        raise InvalidPlan(f"{problems[0].rstrip('.')}{more}; nothing was written.")
    audit = AuditBatch()
    writer = PlanWriter(audit, progress_date)
    with database.atomic() as transaction:
        for plan in plans:
            writer.write(plan)
        if dry_run:
            transaction.rollback()
        else:
            audit.write()
    return writer.summary


def load_example_plan() -> WriteSummary:
    return write_plans([example_plan()])


def dump_plans(titles: list[str] | None = None, as_at: date | None = None) -> dict[str, Any]:
    """Every plan as JSON data in the shape of EXCEL.md: ``{"plans": [...]}``."""
    return {"plans": [plan.to_json() for plan in read_plans(titles, as_at)]}
