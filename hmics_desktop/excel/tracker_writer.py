"""The flat tracker: every field of every recommendation and action, as a filterable table.

One row per action (and one for a recommendation without actions), with the columns a
secretary filters on. It imports back to the same data: its headings are ones the
importer knows. It also prints: A4 landscape, one page wide, the headings repeated on
every page. Its twenty-four columns are as narrow as their words allow (no heading or usual
value breaks inside a word) and the rows as tall as their wrapped text (``row_heights``).
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from hmics_desktop.domain.classification import grading_label
from hmics_desktop.domain.dates import PlanDate, british_long
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.domain.status import ActionStatus, RecommendationStatus, Standing, committee_standing
from hmics_desktop.excel.cell_text import TextProblems, set_text
from hmics_desktop.excel.font_metrics import FONT_NAME, FontStyle, make_arial_the_default
from hmics_desktop.excel.print_setup import MARGINS, set_up_printing
from hmics_desktop.excel.row_heights import cell_height, plain
from hmics_desktop.excel.template_writer import title_text

# Widths in Excel's units: "Recommendation" (the type) needs 16, a date 10.5, "Partnerships" and "Governance"
# 11; the long texts share what is left of a page printed at 60 % or more.
COLUMNS = [
    ("Inspection", 11), ("Type", 16), ("Rec No", 6), ("Recommendation", 17), ("Rec owner", 11),
    ("Rec status", 10), ("Closed on", 10.5), ("On track / delayed", 9), ("Theme", 11), ("Grading", 8.5),
    ("Delay category", 9.5), ("Initial target", 10.5), ("Revised target", 10.5),
    ("Position", 9.5), ("What we did and the impact", 9.5), ("Action No", 7), ("Action to be taken", 14),
    ("Links", 8), ("Owner", 11), ("Status", 10.5), ("Target date", 10.5), ("Latest update date", 10.5),
    ("Latest progress update", 14), ("Next steps", 10.5),
]  # fmt: skip
HEADER_ROW = 3
TRACKER_MARGINS = {**MARGINS, "left": 0.25, "right": 0.25}
_RULE = Side(style="thin", color="BFBFBF")
GRID = Border(left=_RULE, right=_RULE, top=_RULE, bottom=_RULE)  # rows stay apart on paper, whatever prints the table


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
        _date(rec.closed_on), _standing(rec, as_at), rec.theme or "", grading_label(rec.grading) if rec.grading else "",
        rec.delay_category or "", _date(rec.initial_target), _date(rec.revised_target),
        rec.position or "", rec.impact or "",
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
    make_arial_the_default(workbook)
    sheet = workbook.create_sheet("Tracker")
    set_text(sheet.cell(row=1, column=1), problems.clean(title_text(title_prefix, as_at), "The title"))
    sheet.cell(row=1, column=1).font = Font(name=FONT_NAME, size=12, bold=True)
    body = Alignment(wrap_text=True, vertical="top")
    bold = Font(name=FONT_NAME, size=10, bold=True)
    for column, (heading, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column)
        sheet.column_dimensions[cell.column_letter].width = width
        set_text(cell, heading)
        cell.font, cell.alignment, cell.border = bold, body, GRID
    sheet.row_dimensions[HEADER_ROW].height = max(
        cell_height([(heading, FontStyle.BOLD)], width) for heading, width in COLUMNS
    )
    row = HEADER_ROW
    for plan in plans:
        for rec in plan.recommendations:
            rows: list[PlanAction | None] = [*rec.actions] or [None]
            for action in rows:
                row += 1
                where = f"{plan.inspection}, row {row}"
                height = 0.0
                for column, value in enumerate(_row(plan, rec, action, as_at), start=1):
                    cell = sheet.cell(row=row, column=column)
                    set_text(cell, problems.clean(value, where) if isinstance(value, str) else value)
                    cell.alignment, cell.border = body, GRID
                    height = max(height, cell_height(plain(str(value)), COLUMNS[column - 1][1]))
                sheet.row_dimensions[row].height = height
    last = sheet.cell(row=max(row, HEADER_ROW + 1), column=len(COLUMNS)).coordinate
    table = Table(displayName="Tracker", ref=f"A{HEADER_ROW}:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    sheet.add_table(table)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=4)
    names = ", ".join(plan.inspection for plan in plans)
    heading = f"{names} – Improvement Plan Tracker as at {british_long(as_at)}"
    set_up_printing(sheet, TRACKER_MARGINS, f"{HEADER_ROW}:{HEADER_ROW}", heading, marking)
    return sheet
