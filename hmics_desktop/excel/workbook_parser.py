"""A whole workbook into plans: each sheet's header found, mapped, parsed; non-plans skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hmics_desktop.domain.plan import Plan
from hmics_desktop.domain.words import counted, listed
from hmics_desktop.excel.columns import Header, find_header
from hmics_desktop.excel.inspection_naming import GIVEN, SheetNaming, default_name
from hmics_desktop.excel.plan_builder import PlanBuilder
from hmics_desktop.excel.plan_parser import SheetParser
from hmics_desktop.excel.workbook_reader import Sheet, UnreadableWorkbook, read_workbook


class SeveralInspections(UnreadableWorkbook):
    """The user named one inspection for a file that holds several; ``str()`` says so in one sentence."""


@dataclass
class SheetReport:
    """What the importer made of one sheet, for the preview."""

    name: str
    header: Header | None
    skipped: str | None = None  # why the sheet is not a plan
    hidden: str | None = None  # how Excel hides the sheet, in the users' words; None: shown
    worked_out: dict[int, str] | None = None  # no heading row: column → its first cells (the fields were guessed)


@dataclass
class ImportOptions:
    inspection: str | None = None  # names the inspection where the file does not
    mappings: dict[str, dict[int, str]] = field(default_factory=dict)  # corrections, by sheet name
    remembered: dict[str, dict[int, str]] = field(default_factory=dict)  # by layout signature
    renames: dict[str, str] = field(default_factory=dict)  # inspection found → the one chosen to import into


@dataclass
class ParsedWorkbook:
    path: Path
    sheets: list[Sheet]
    reports: list[SheetReport]
    plans: list[Plan]
    warnings: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"plans": [plan.to_json() for plan in self.plans], "warnings": list(self.warnings)}


def parse_workbook(path: Path, options: ImportOptions | None = None) -> ParsedWorkbook:
    """Read and parse ``path``; raises :class:`UnreadableWorkbook` when no plan is in it."""
    sheets = read_workbook(path)
    return parse_sheets(path, sheets, options or ImportOptions())


def parse_sheets(path: Path, sheets: list[Sheet], options: ImportOptions) -> ParsedWorkbook:
    if not sheets or not any(any(str(v).strip() for v in row) for s in sheets for row in s.rows):
        raise UnreadableWorkbook(f"{path.name} is empty: no sheet holds anything.")
    plans: dict[str, PlanBuilder] = {}
    warnings: list[str] = []
    reports = []
    for sheet in sheets:
        named = f"Sheet “{sheet.name}” ({sheet.hidden})" if sheet.hidden else f"Sheet “{sheet.name}”"
        if sheet.skipped:
            reports.append(SheetReport(sheet.name, None, sheet.skipped, sheet.hidden))
            warnings.append(f"{named} was skipped: it is {sheet.skipped}.")
            continue
        header = _header(sheet, options)
        if header is None:
            reason = "not a plan: no row heads Recommendation or Action columns"
            reports.append(SheetReport(sheet.name, None, reason, sheet.hidden))
            if sheet.uncalculated or any(any(str(v).strip() for v in row) for row in sheet.rows):
                warnings.append(f"{named} was skipped: it is {reason}{_formula_note(sheet)}.")
            continue
        default, source = default_name(sheet, path, options.inspection)
        naming = SheetNaming(sheet, default, source, given=bool(options.inspection))
        parser = SheetParser(sheet, header, naming, plans, warnings)
        parser.parse()
        found = parser.rows_read > 0
        skipped = None if found else "no recommendations under its header"
        reports.append(SheetReport(sheet.name, header, skipped, sheet.hidden, sheet.worked_out))
        if not found:
            warnings.append(f"{named} was skipped: it has a header row but no recommendations.")
        elif sheet.hidden:
            rows = "its row was" if parser.rows_read == 1 else f"its {parser.rows_read} rows were"
            warnings.append(f"The sheet “{sheet.name}” is {sheet.hidden}; {rows} read too.")
    for builder in plans.values():
        builder.finish()
    found_plans = [b.plan for b in plans.values() if b.plan.recommendations]
    if not found_plans:
        raise UnreadableWorkbook(
            f"No plan was found in {path.name}: no sheet has a header row with Recommendation or Action columns."
        )
    if not any(_has_text(plan) for plan in found_plans):
        raise UnreadableWorkbook(f"No plan was found in {path.name}: its rows hold no recommendation or action text.")
    for plan in found_plans:
        plan.recommendations.sort(key=lambda r: (r.kind != "recommendation", r.number))
    if options.inspection:
        _give_name(path, found_plans, options.inspection)
    return ParsedWorkbook(path, sheets, reports, found_plans, warnings)


def _give_name(path: Path, plans: list[Plan], name: str) -> None:
    """The name the user gave, for the file's one inspection; refused when its Inspection column names several."""
    if len(plans) > 1:
        names = listed([f"“{plan.inspection}”" for plan in plans])
        raise SeveralInspections(
            f"“{name}” names one inspection, but {path.name} holds {counted(len(plans), 'inspection')} ({names}, "
            "in its Inspection column): import it without a name, and each goes into its own inspection."
        )
    plans[0].inspection, plans[0].named_from = name, GIVEN


def _formula_note(sheet: Sheet) -> str:
    """What a skipped sheet's formulas without a saved value may have hidden (its header, perhaps)."""
    count = len(sheet.uncalculated)
    if not count:
        return ""
    cells = "one of its cells holds a formula" if count == 1 else f"{count} of its cells hold formulas"
    return f"; {cells} Excel has not calculated (open the file in Excel, save it, and import again)"


def _has_text(plan: Plan) -> bool:
    return any(rec.text.strip() or any(action.text.strip() for action in rec.actions) for rec in plan.recommendations)


def _header(sheet: Sheet, options: ImportOptions) -> Header | None:
    found = find_header(sheet.rows)
    chosen = options.mappings.get(sheet.name)
    if chosen is None and found is not None:
        chosen = options.remembered.get(found.signature())
    if chosen is None:
        return found
    row = found.row if found is not None else 0
    headings = found.headings if found is not None else {}
    return Header(row=row, mapping={c: f for c, f in chosen.items() if f}, headings=headings)
