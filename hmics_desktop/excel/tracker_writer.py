"""The flat tracker: every field of every recommendation and action, as a filterable table.

One row per action (and one for a recommendation without actions), with the columns a
secretary filters on. It imports back to the same data: its headings are ones the
importer knows.
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.domain.status import ActionStatus, RecommendationStatus, Standing, committee_standing
from hmics_desktop.excel.cell_text import TextProblems, set_text
from hmics_desktop.excel.template_writer import FONT_NAME, title_text

COLUMNS = [
    ("Inspection", 24), ("Type", 14), ("Rec No", 7), ("Recommendation", 50), ("Recommendation owner", 18),
    ("Recommendation status", 16), ("On track / delayed", 16), ("Initial target", 11), ("Revised target", 11),
    ("Position", 40), ("What we did and the impact", 40), ("Action No", 8), ("Action to be taken", 50),
    ("Links", 14), ("Owner", 16), ("Status", 13), ("Target date", 11), ("Latest update date", 12),
    ("Latest progress update", 60), ("Next steps", 45),
]  # fmt: skip
HEADER_ROW = 3


def _date(value: str | None) -> str:
    return PlanDate.from_iso(value).british() if value else ""


def _standing(rec: PlanRecommendation, as_at: date) -> str:
    initial = PlanDate.from_iso(rec.initial_target) if rec.initial_target else None
    override = Standing(rec.standing_override) if rec.standing_override else None
    return committee_standing(RecommendationStatus(rec.status), initial, as_at, override).label


def _row(plan: Plan, rec: PlanRecommendation, action: PlanAction | None, as_at: date) -> list[str | int]:
    kind = "Recommendation" if rec.kind == "recommendation" else "Area for development"
    values: list[str | int] = [
        plan.inspection, kind, rec.number, rec.text, rec.owner or "", RecommendationStatus(rec.status).label,
        _standing(rec, as_at), _date(rec.initial_target), _date(rec.revised_target), rec.position or "",
        rec.impact or "",
    ]  # fmt: skip
    if action is None:
        return [*values, "", "", "", "", "", "", "", "", ""]
    status = ActionStatus(action.status).label if action.status else ""
    return [
        *values, action.number, action.text, ";".join(action.links), action.owner or "", status,
        _date(action.target), _date(action.progress_on), action.progress or "", action.next_steps or "",
    ]  # fmt: skip


def write_tracker(
    workbook: Workbook, plans: list[Plan], as_at: date, title_prefix: str, marking: str, problems: TextProblems
) -> Worksheet:
    sheet = workbook.create_sheet("Tracker")
    set_text(sheet.cell(row=1, column=1), title_text(title_prefix, as_at))
    sheet.cell(row=1, column=1).font = Font(name=FONT_NAME, size=12, bold=True)
    for column, (heading, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=HEADER_ROW, column=column).column_letter].width = width
        set_text(sheet.cell(row=HEADER_ROW, column=column), heading)
    row = HEADER_ROW
    body = Alignment(wrap_text=True, vertical="top")
    for plan in plans:
        for rec in plan.recommendations:
            rows: list[PlanAction | None] = [*rec.actions] or [None]
            for action in rows:
                row += 1
                where = f"{plan.inspection}, row {row}"
                for column, value in enumerate(_row(plan, rec, action, as_at), start=1):
                    cell = sheet.cell(row=row, column=column)
                    set_text(cell, problems.clean(value, where) if isinstance(value, str) else value)
                    cell.alignment = body
    last = sheet.cell(row=max(row, HEADER_ROW + 1), column=len(COLUMNS)).coordinate
    table = Table(displayName="Tracker", ref=f"A{HEADER_ROW}:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    sheet.add_table(table)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=4)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.oddFooter.center.text = marking.replace("&", "&&")
    sheet.oddFooter.right.text = "Page &P of &N"
    return sheet
