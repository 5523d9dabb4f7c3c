"""Import legacy Excel plans: read and parse, preview what would change, then write in one go.

A plan whose inspection is not in the database but is close to one that is ("Crime
Audit" beside "Crime Audit 2020") is reported in ``matches``; the user's choice comes
back as ``ImportOptions.renames``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.file_dates import file_date, stated_as_at
from hmics_desktop.domain.inspection_names import close_titles
from hmics_desktop.domain.requests import RECORD_SHEET
from hmics_desktop.domain.rules import progress_dated_by
from hmics_desktop.excel.request_return import copied_request
from hmics_desktop.excel.workbook_parser import ImportOptions, ParsedWorkbook, parse_workbook
from hmics_desktop.excel.workbook_reader import UnreadableWorkbook
from hmics_desktop.services.plans import import_plans, write_plans
from hmics_desktop.storage.models import ImportMapping, database
from hmics_desktop.storage.plan_writer import WriteSummary
from hmics_desktop.storage.steps import Step

__all__ = [
    "ON_RECORD",
    "ImportPreview",
    "UnreadableWorkbook",
    "commit_import",
    "import_file",
    "preview_import",
    "remember_mappings",
]


@dataclass
class ImportPreview:
    """The parsed file and what writing it would create and update (nothing written yet)."""

    parsed: ParsedWorkbook
    summary: WriteSummary
    progress_date: date | None
    matches: dict[str, list[str]] = field(default_factory=dict)  # inspection found → close ones in the database

    @property
    def warnings(self) -> list[str]:
        return self.parsed.warnings + self.summary.warnings

    def undated_progress(self) -> bool:
        """Whether some plan states no "as at" date (or one after today), so its progress needs a date from the user."""
        return any(stated_as_at(plan, clock.today()) is None for plan in self.parsed.plans)

    def undated_day(self) -> date | None:
        """The day the plans with no As at date speak for, none being chosen: the latest date each shows (else today).

        The earliest of them, where several; None when every plan states its As at date.
        """
        today = clock.today()
        days = [file_date(plan, None, today).day for plan in self.parsed.plans if stated_as_at(plan, today) is None]
        return min(days, default=None)


# The layouts' remembered mappings and the inspections' titles: what reading a file needs of the database.
ON_RECORD = (
    'SELECT signature, mapping FROM "import_mapping"',
    'SELECT title FROM "inspection" WHERE deleted_at IS NULL ORDER BY title',
)


def _on_record() -> tuple[dict[str, dict[int, str]], list[str]]:
    """The layouts' remembered mappings and the inspections' titles, asked together (one round trip on a server).

    A command opening a server database asks them ahead, with the schema's version (``open_database``).
    """
    mappings, titles = database.sql().fetch_all(ON_RECORD)
    remembered = {
        signature: {int(column): field for column, field in json.loads(mapping).items()}
        for signature, mapping in mappings
    }
    return remembered, [title for (title,) in titles]


def _parse(
    path: Path, options: ImportOptions | None, progress_date: date | None = None
) -> tuple[ParsedWorkbook, dict[str, list[str]]]:
    """The parsed file, with each plan renamed as the user chose, and the close names found.

    Progress the file dates after today is dated the file's As at (``progress_date`` when it states none), said.
    """
    options = options or ImportOptions()
    options.remembered, titles = _on_record()
    parsed = parse_workbook(path, options)
    if any(report.name == RECORD_SHEET for report in parsed.reports):  # a return, not in .xlsx: never a plan
        raise UnreadableWorkbook(
            f"{path.name} is an owner's returned update request saved in another format: open it in Excel, save "
            "it as an Excel workbook (.xlsx) and import that copy."
        )
    if copied_request(parsed.sheets):
        raise UnreadableWorkbook(
            f"{path.name} holds an owner's update request copied out of the workbook sent, without the record that "
            "matches its rows to the actions; it was not imported (import the workbook the owner was sent, filled "
            "in, or type their updates in by hand)."
        )
    matches = {}
    for plan in parsed.plans:
        close = close_titles(plan.inspection, titles)
        if close:
            matches[plan.inspection] = close
        plan.inspection = options.renames.get(plan.inspection, plan.inspection)
        file_day = file_date(plan, progress_date, clock.today()).day  # the day the import is judged by
        parsed.warnings += progress_dated_by(plan, clock.today(), PlanDate.from_date(file_day))
    return parsed, matches


def preview_import(
    path: Path, options: ImportOptions | None = None, progress_date: date | None = None
) -> ImportPreview:
    """Parse ``path`` and work out the changes inside a transaction that is rolled back."""
    parsed, matches = _parse(path, options, progress_date)
    summary = write_plans(parsed.plans, progress_date, dry_run=True)
    return ImportPreview(parsed, summary, progress_date, matches)


def import_file(path: Path, options: ImportOptions | None = None, progress_date: date | None = None) -> ImportPreview:
    """Parse and write ``path`` at once (the command line's import, no preview).

    ``progress_date`` dates the progress and closures of a file that states no "as at" date.
    """
    parsed, matches = _parse(path, options, progress_date)
    return ImportPreview(parsed, write_plans(parsed.plans, progress_date), progress_date, matches)


def commit_import(preview: ImportPreview, options: ImportOptions | None = None) -> tuple[Step, WriteSummary]:
    """Write the previewed plans in one step (backed up first); the step can be undone.

    With ``options`` — the user changed the inspection's name or a mapping since the preview was made —
    the file is read again with them first (``preview.parsed`` becomes that reading): what the user
    typed last is what is imported.
    """
    if options is not None:
        preview.parsed = _parse(preview.parsed.path, options, preview.progress_date)[0]
    return import_plans(preview.parsed.plans, preview.progress_date)


def remember_mappings(preview: ImportPreview, corrected: dict[str, dict[int, str]]) -> None:
    """Keep the user's corrected mappings, keyed by layout, for the next file of that layout."""
    with database.atomic():
        for report in preview.parsed.reports:
            mapping = corrected.get(report.name)
            if report.header is None or not mapping:
                continue
            signature = report.header.signature()
            data = json.dumps({str(c): f for c, f in mapping.items() if f})
            ImportMapping.insert(signature=signature, mapping=data).on_conflict(
                conflict_target=[ImportMapping.signature], update={ImportMapping.mapping: data}
            ).execute()
