"""The improvement plan progress paper for one inspection (PAPERS.md §2, seed 003).

The SPA cover table, PURPOSE, the numbered sections (1. BACKGROUND; 2. FURTHER DETAIL
with the summary of progress and, per recommendation, "Progress as at <month>"; 3–10 the
implications), RECOMMENDATIONS, and Appendix B: the plan as the four-column
Improvement Plan Template table, in a landscape section.
"""

from __future__ import annotations

from datetime import date

from hmics_desktop.documents.model import Cell, Document, Emphasis, Line, Picture, Section, Table
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan import Plan, PlanRecommendation
from hmics_desktop.domain.status import RecommendationStatus
from hmics_desktop.excel.status_line import status_line
from hmics_desktop.excel.template_writer import recommendation_heading
from hmics_desktop.services.papers.as_at import InspectionAsAt, RecommendationAsAt
from hmics_desktop.services.papers.narrative import context, resolve
from hmics_desktop.services.papers.spec import PaperSpec, full_month, long_date

APPENDIX_HEADERS = ["Recommendation", "Action to be taken", "Latest progress update", "Next Steps"]
IMPLICATIONS = [
    ("financial", "FINANCIAL IMPLICATIONS"), ("personnel", "PERSONNEL IMPLICATIONS"),
    ("legal", "LEGAL IMPLICATIONS"), ("reputational", "REPUTATIONAL IMPLICATIONS"),
    ("social", "SOCIAL IMPLICATIONS"), ("community", "COMMUNITY IMPACT"),
    ("equalities", "EQUALITIES IMPLICATIONS"), ("environment", "ENVIRONMENT IMPLICATIONS"),
]  # fmt: skip


def build_progress(spec: PaperSpec, inspection: InspectionAsAt, plan: Plan, trend: Picture | None = None) -> Document:
    """The paper for ``inspection``; ``plan`` is its plan with progress as at the paper's date.

    ``trend``: its recommendations at the end of each quarter, shown under the summary of progress.
    """
    names = context("progress", spec.committee, inspection.title, long_date(spec.as_at, pad=True))
    text = resolve("progress", spec.narrative, names)
    body = Section()
    cover = [("Meeting", names["committee"]), ("Date", long_date(spec.meeting_on)),
             ("Location", spec.location or "To be confirmed"), ("Title of Paper", text["title"]),
             ("Presented By", text["presented_by"]), ("Recommendation to Members", text["recommendation_to_members"]),
             ("Appendix Attached", text["appendix"])]  # fmt: skip
    body.blocks.append(Table([], [[Cell.of(k), Cell.of(v)] for k, v in cover], [0.3, 0.7], labels=True))
    body.heading("PURPOSE")
    body.paragraphs(text["purpose"])
    body.heading("1. BACKGROUND")
    body.paragraphs(text["background"], numbered="1")
    body.heading("2. FURTHER DETAIL ON THE REPORT TOPIC")
    body.heading("2.1 Summary of progress", 2)
    body.paragraphs(text["summary"])
    if trend is not None:
        body.blocks.append(trend)
    _recommendations(body, spec, inspection, plan)
    for number, (key, title) in enumerate(IMPLICATIONS, start=3):
        body.heading(f"{number}. {title}")
        body.paragraphs(text[key], numbered=str(number))
    body.heading("RECOMMENDATIONS")
    body.paragraphs(text["recommendations"])
    appendix = Section(landscape=True)
    appendix.heading(f"Appendix B - Improvement Plan Progress Report as at {long_date(spec.as_at, pad=True)}")
    appendix.blocks.append(appendix_table(plan, spec.as_at))
    return Document(title=text["title"], marking=spec.marking, sections=[body, appendix])


def _recommendations(body: Section, spec: PaperSpec, inspection: InspectionAsAt, plan: Plan) -> None:
    shown = [r for r in inspection.counted() if r.id not in spec.hidden]
    planned = {r.number: r for r in plan.recommendations if r.kind == "recommendation"}
    count = len(inspection.counted())
    which = "of the one recommendation" if count == 1 else f"for each of the {count} recommendations"
    comma = "" if count == 1 else ","  # the sentence for several as the paper has always written it
    body.paragraphs(f"A high level summary {which} contained within the HMICS Report{comma} is provided below:-")
    for rec in shown:
        body.heading(f"Recommendation {rec.number}", 2)
        body.paragraphs(rec.text)
        if rec.status is RecommendationStatus.CLOSED:
            _closed(body, rec)
        else:
            _progress(body, rec, planned.get(rec.number))
    body.paragraphs("Further detailed information on these improvement actions, updates and next steps is "
                    "attached at Appendix B.")  # fmt: skip


def _closed(body: Section, rec: RecommendationAsAt) -> None:
    """A recommendation closed by the paper's date: when, and what was done (not its old progress)."""
    body.heading(closed_heading(rec.closed_on), 3)
    body.heading("What we did and the impact", 3)
    body.paragraphs(rec.impact or "Not recorded.")


def closed_heading(closed_on: PlanDate | None) -> str:
    """The closure as the paper says it: on 9 July 2024, in September 2024, or that the day is not known."""
    if closed_on is None:
        return "Closed (the date of closure is not recorded)"
    if closed_on.is_month:
        return f"Closed in {full_month(closed_on.first_day())}"
    return f"Closed on {long_date(closed_on.first_day())}"


def _progress(body: Section, rec: RecommendationAsAt, planned: PlanRecommendation | None) -> None:
    """The actions' latest updates on or before the paper's date, under the month they speak for, newest first."""
    by_month: dict[tuple[int, int], list[str]] = {}
    for action in planned.actions if planned else []:
        if action.progress and action.progress_on:
            day = PlanDate.from_iso(action.progress_on)
            by_month.setdefault((day.year, day.month), []).append(action.progress)
    for year, month in sorted(by_month, reverse=True):
        body.heading(f"Progress as at {full_month(date(year, month, 1))}", 3)
        body.paragraphs("\n".join(by_month[(year, month)]))
    if by_month:
        return
    if rec.position:  # no update, but a position: shown as such, undated
        body.heading("Position", 3)
        body.paragraphs(rec.position)
    else:
        body.paragraphs("No progress update has been recorded.")


def appendix_table(plan: Plan, as_at: date) -> Table:
    """The Improvement Plan Template: the recommendation merged down over its actions' rows.

    As in the exported template, a closed (or proposed) recommendation says so under its number.
    """
    rows: list[list[Cell | None]] = []
    for rec in plan.recommendations:
        status = status_line(rec, as_at)
        said = [Line(status, Emphasis.BOLD)] if status else []
        heading = Cell([Line(recommendation_heading(rec), Emphasis.BOLD), *said, *Cell.of(rec.text).lines])
        heading.down = max(len(rec.actions), 1)
        if not rec.actions:
            rows.append([heading, Cell(), Cell(), Cell()])
        for index, action in enumerate(rec.actions):
            cell = Cell.of(f"{action.number} {action.text}")
            if action.links:
                cell.lines.append(Line(f"Links with recommendations {';'.join(action.links)}.", Emphasis.ITALIC))
            rows.append([heading if index == 0 else None, cell, Cell.of(action.progress), Cell.of(action.next_steps)])
    return Table(APPENDIX_HEADERS, rows, [0.22, 0.26, 0.3, 0.22])
