"""Export plans: the Improvement Plan Template or the flat tracker, as at a date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from openpyxl import Workbook

from hmics_desktop import APP_NAME
from hmics_desktop.domain import clock
from hmics_desktop.domain.control_characters import without_control_characters
from hmics_desktop.domain.dates import british_long
from hmics_desktop.domain.plan import Plan
from hmics_desktop.excel.atomic_save import CannotWriteExport, save_atomically
from hmics_desktop.excel.cell_text import NOT_STORABLE, TextProblems, TextTooLong
from hmics_desktop.excel.template_writer import TemplateWriter
from hmics_desktop.excel.tracker_writer import write_tracker
from hmics_desktop.storage.models import database
from hmics_desktop.storage.plan_reader import inspection_titles, read_plans
from hmics_desktop.storage.sqlite_files import is_same_file, open_file

DEFAULT_MARKING = "OFFICIAL"
DEFAULT_TITLE_PREFIX = "APPENDIX B - "


class Layout(StrEnum):
    TEMPLATE = "template"
    TRACKER = "tracker"


class ExportError(Exception):
    """An export that cannot be made; ``str()`` is one sentence for the user."""


@dataclass
class ExportRequest:
    inspections: list[str]
    target: Path
    as_at: date = field(default_factory=clock.today)
    layout: Layout = Layout.TEMPLATE
    title_prefix: str = DEFAULT_TITLE_PREFIX
    marking: str = DEFAULT_MARKING


@dataclass
class ExportResult:
    target: Path
    recommendations: int
    actions: int
    warnings: list[str]


def export_plans(request: ExportRequest) -> ExportResult:
    """Write the chosen inspections' plans to ``request.target``; the old file stays until done."""
    known = inspection_titles()
    unknown = [name for name in request.inspections if name not in known]
    if unknown:
        listed = ", ".join(f"“{t}”" for t in known) or "none yet"
        raise ExportError(f"There is no inspection called “{unknown[0]}” (the inspections are: {listed}).")
    if not request.inspections:
        raise ExportError("Choose at least one inspection to export.")
    if request.target.suffix.lower() != ".xlsx":
        raise ExportError(f"{request.target.name}: the export is an Excel workbook; give it a name ending in .xlsx.")
    plan_file = open_file(database.connection()) if database.dialect == "sqlite" else None
    if plan_file is not None and is_same_file(plan_file, request.target):
        raise ExportError(
            f"{request.target} is the plan database itself: give the workbook another name; nothing was written."
        )
    by_title = read_plans(request.inspections, request.as_at)
    missing = [name for name in request.inspections if name not in by_title]
    if missing:
        raise ExportError(
            f"“{missing[0]}” has no plan recorded as at {request.as_at:%d/%m/%Y}: choose a later date; "
            "nothing was written."
        )
    plans = [by_title[name] for name in request.inspections]
    problems = TextProblems()
    for plan in plans:  # the name goes into sheet names, page headers and the workbook's title: XML must hold it
        kept = NOT_STORABLE.sub("", plan.inspection)
        plan.inspection = problems.clean(plan.inspection, f"The name of the inspection “{kept}”")
    workbook = Workbook()
    workbook.remove(workbook.active)
    _describe(workbook, request, plans)
    try:
        if request.layout is Layout.TRACKER:
            write_tracker(
                workbook, plans, request.as_at, request.title_prefix, request.marking or DEFAULT_MARKING, problems
            )
            save_atomically(workbook, request.target)
        else:
            writer = TemplateWriter(workbook, request.as_at, request.title_prefix, problems)
            for plan in plans:
                writer.add_plan(plan, request.marking or DEFAULT_MARKING)
            writer.save(request.target)
    except (TextTooLong, CannotWriteExport) as error:
        raise ExportError(str(error)) from None
    return ExportResult(
        target=request.target,
        recommendations=sum(len(p.recommendations) for p in plans),
        actions=sum(p.action_count() for p in plans),
        warnings=problems.warnings,
    )


def _describe(workbook: Workbook, request: ExportRequest, plans: list[Plan]) -> None:
    """The workbook's own properties: a title that says what it is (screen readers and file lists show it)."""
    kind = "Improvement Plan Template" if request.layout is Layout.TEMPLATE else "Improvement Plan Tracker"
    names = ", ".join(plan.inspection for plan in plans)
    title = f"{names} – {kind} as at {british_long(request.as_at)}"
    properties = workbook.properties
    properties.title = without_control_characters(title)[:1000]
    properties.subject = kind
    properties.language = "en-GB"
    properties.creator = APP_NAME
    properties.created = properties.modified = clock.now()
