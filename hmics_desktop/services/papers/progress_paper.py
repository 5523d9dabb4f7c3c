"""The improvement plan progress paper for one inspection (PAPERS.md §2, seed 003).

The SPA cover table, PURPOSE, the numbered sections (1. BACKGROUND; 2. FURTHER DETAIL
with the summary of progress and, per recommendation, "Progress as at <month>"; 3–10 the
implications), RECOMMENDATIONS, and Appendix B: the plan as the four-column
Improvement Plan Template table, in a landscape section.
"""

from __future__ import annotations

from hmics_desktop.documents.model import Cell, Document, Emphasis, Line, Paragraph, Section, Table
from hmics_desktop.domain.plan import Plan
from hmics_desktop.excel.template_writer import recommendation_heading
from hmics_desktop.services.papers.as_at import InspectionAsAt
from hmics_desktop.services.papers.narrative import context, resolve
from hmics_desktop.services.papers.spec import PaperSpec, full_month, long_date

APPENDIX_HEADERS = ["Recommendation", "Action to be taken", "Latest progress update", "Next Steps"]
IMPLICATIONS = [
    ("financial", "FINANCIAL IMPLICATIONS"), ("personnel", "PERSONNEL IMPLICATIONS"),
    ("legal", "LEGAL IMPLICATIONS"), ("reputational", "REPUTATIONAL IMPLICATIONS"),
    ("social", "SOCIAL IMPLICATIONS"), ("community", "COMMUNITY IMPACT"),
    ("equalities", "EQUALITIES IMPLICATIONS"), ("environment", "ENVIRONMENT IMPLICATIONS"),
]  # fmt: skip


def build_progress(spec: PaperSpec, inspection: InspectionAsAt, plan: Plan) -> Document:
    """The paper for ``inspection``; ``plan`` is its plan with progress as at the paper's date."""
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
    _recommendations(body, spec, inspection, plan)
    for number, (key, title) in enumerate(IMPLICATIONS, start=3):
        body.heading(f"{number}. {title}")
        body.paragraphs(text[key], numbered=str(number))
    body.heading("RECOMMENDATIONS")
    body.paragraphs(text["recommendations"])
    appendix = Section(landscape=True)
    appendix.heading(f"Appendix B - Improvement Plan Progress Report as at {long_date(spec.as_at, pad=True)}")
    appendix.blocks.append(appendix_table(plan))
    return Document(title=text["title"], marking=spec.marking, sections=[body, appendix])


def _recommendations(body: Section, spec: PaperSpec, inspection: InspectionAsAt, plan: Plan) -> None:
    shown = [r for r in inspection.counted() if r.id not in spec.hidden]
    progress = {r.number: [a.progress for a in r.actions if a.progress] for r in plan.recommendations
                if r.kind == "recommendation"}  # fmt: skip
    count = len(inspection.counted())
    noun = "recommendation" if count == 1 else "recommendations"
    body.paragraphs(f"A high level summary for each of the {count} {noun} contained within the HMICS Report, "
                    "is provided below:-")  # fmt: skip
    for rec in shown:
        body.heading(f"Recommendation {rec.number}", 2)
        body.paragraphs(rec.text)
        body.blocks.append(Paragraph(f"Progress as at {full_month(spec.as_at)}", emphasis=Emphasis.BOLD))
        found = "\n".join(progress.get(rec.number, [])) or rec.position
        body.paragraphs(found or "No progress has been recorded.")
    body.paragraphs("Further detailed information on these improvement actions, updates and next steps is "
                    "attached at Appendix B.")  # fmt: skip


def appendix_table(plan: Plan) -> Table:
    """The Improvement Plan Template: the recommendation merged down over its actions' rows."""
    rows: list[list[Cell | None]] = []
    for rec in plan.recommendations:
        heading = Cell([Line(recommendation_heading(rec), Emphasis.BOLD), *Cell.of(rec.text).lines])
        heading.down = max(len(rec.actions), 1)
        if not rec.actions:
            rows.append([heading, Cell(), Cell(), Cell()])
        for index, action in enumerate(rec.actions):
            cell = Cell.of(f"{action.number} {action.text}")
            if action.links:
                cell.lines.append(Line(f"Links with recommendations {';'.join(action.links)}.", Emphasis.ITALIC))
            rows.append([heading if index == 0 else None, cell, Cell.of(action.progress), Cell.of(action.next_steps)])
    return Table(APPENDIX_HEADERS, rows, [0.22, 0.26, 0.3, 0.22])
