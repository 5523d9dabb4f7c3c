"""The HMICS Improvement Update: the committee's counts and the recommendations, across inspections.

Sections, as in the published papers (PAPERS.md §1): the meeting, the report summary,
the status of each inspection (Total · Closed · Ongoing – on track · Ongoing – delayed),
Closures Within Reporting Period (Publication · Date · Remaining · Closed since last
meeting, then Recommendation · What we did and the impact for each inspection), Other
Open Recommendations (Recommendation · Position, each position ending with the initial
target), and Challenges and Risks. Recommendations only: areas for development are
neither counted nor listed.
"""

from __future__ import annotations

from hmics_desktop.documents.model import Cell, Document, Emphasis, Line, Section, Table
from hmics_desktop.domain.status import CommitteeCounts, RecommendationStatus
from hmics_desktop.services.papers.as_at import InspectionAsAt, RecommendationAsAt
from hmics_desktop.services.papers.narrative import context, resolve
from hmics_desktop.services.papers.spec import PaperSpec, long_date, month_year

TITLE = "HMICS Improvement Update"
COUNT_HEADERS = ["Inspection", "Total", "Closed", "Ongoing – on track", "Ongoing – delayed"]
CLOSURE_HEADERS = ["Publication", "Date", "Remaining", "Closed since last meeting"]


def meeting_table(spec: PaperSpec) -> Table:
    """The meeting, its date and place, and the period the paper covers."""
    period = f"{long_date(spec.since)} to {long_date(spec.as_at)}" if spec.since else f"To {long_date(spec.as_at)}"
    rows = [["Meeting", spec.meeting_line()], ["Date", long_date(spec.meeting_on)],
            ["Location", spec.location or "To be confirmed"], ["Reporting period", period]]  # fmt: skip
    return Table([], [[Cell.of(label), Cell.of(value)] for label, value in rows], [0.3, 0.7], labels=True)


def initial_target_sentence(rec: RecommendationAsAt) -> str:
    if rec.initial_target is None:
        return "No initial target for completion was set."
    return f"The initial target for completion was {month_year(rec.initial_target)}."


def build_update(spec: PaperSpec, inspections: list[InspectionAsAt]) -> Document:
    titles = ", ".join(i.title for i in inspections)
    text = resolve("update", spec.narrative, context("update", spec.committee, titles, long_date(spec.as_at, pad=True)))
    section = Section()
    section.heading(f"{TITLE} - {long_date(spec.meeting_on)}", 0)
    section.blocks.append(meeting_table(spec))
    section.heading("Report Summary")
    section.paragraphs(text["summary"])
    _status(section, inspections)
    _closures(section, spec, inspections, text["closures_intro"])
    _open(section, spec, inspections, text["open_intro"])
    _challenges(section, inspections)
    return Document(title=f"{TITLE} - {spec.meeting_line()}", marking=spec.marking, sections=[section])


def _status(section: Section, inspections: list[InspectionAsAt]) -> None:
    section.heading("Status of Recommendations")
    rows, total = [], CommitteeCounts()
    for inspection in inspections:
        counts = inspection.counts()
        total = total + counts
        rows.append(_count_row(inspection.title, counts))
    if len(inspections) > 1:
        rows.append(_count_row("All inspections", total, Emphasis.BOLD))
    section.blocks.append(Table(COUNT_HEADERS, rows, [0.44, 0.1, 0.1, 0.18, 0.18], numeric={1, 2, 3, 4}))
    if any(not r.counted for inspection in inspections for r in inspection.recommendations):
        section.paragraphs("Areas for development are not included in these figures.")


def _count_row(title: str, counts: CommitteeCounts, emphasis: Emphasis = Emphasis.PLAIN) -> list[Cell]:
    values = [title, counts.total, counts.closed, counts.on_track, counts.delayed]
    return [Cell.of(str(value), emphasis) for value in values]


def _closures(section: Section, spec: PaperSpec, inspections: list[InspectionAsAt], intro: str) -> None:
    section.heading("Closures Within Reporting Period")
    closed = {i.id: [r for r in i.counted() if r.closed_between(spec.since, spec.as_at)] for i in inspections}
    with_closures = [i for i in inspections if closed[i.id]]
    if not with_closures:
        section.paragraphs("No recommendations were closed in the reporting period.")
        return
    section.paragraphs(intro)
    rows = []
    for inspection in with_closures:
        remaining = sum(1 for r in inspection.counted() if r.status is not RecommendationStatus.CLOSED)
        published = month_year(inspection.published) if inspection.published else "Not recorded"
        rows.append([Cell.of(inspection.title), Cell.of(published), Cell.of(str(remaining)),
                     Cell.of(str(len(closed[inspection.id])))])  # fmt: skip
    section.blocks.append(Table(CLOSURE_HEADERS, rows, [0.4, 0.2, 0.15, 0.25], numeric={2, 3}))
    for inspection in with_closures:
        section.heading(inspection.title, 2)
        rows = [[Cell.of(f"R{r.number} – {r.text}"), Cell.of(r.impact or "Not recorded.")]
                for r in closed[inspection.id]]  # fmt: skip
        section.blocks.append(Table(["Recommendation", "What we did and the impact"], rows, [0.45, 0.55]))


def _open(section: Section, spec: PaperSpec, inspections: list[InspectionAsAt], intro: str) -> None:
    section.heading("Other Open Recommendations")
    shown = {i.id: [r for r in open_recommendations(i) if r.id not in spec.hidden] for i in inspections}
    if not any(shown.values()):
        section.paragraphs("No other recommendations are open.")
        return
    section.paragraphs(intro)
    for inspection in inspections:
        if not shown[inspection.id]:
            continue
        section.heading(inspection.title, 2)
        rows = []
        for rec in shown[inspection.id]:
            position = Cell.of(rec.position or "No position has been recorded.")
            position.lines.append(Line(initial_target_sentence(rec)))
            rows.append([Cell.of(f"R{rec.number} - {rec.text}"), position])
        section.blocks.append(Table(["Recommendation", "Position"], rows, [0.45, 0.55]))


def open_recommendations(inspection: InspectionAsAt) -> list[RecommendationAsAt]:
    """The recommendations not closed on the paper's date (those the user may leave out)."""
    return [r for r in inspection.counted() if r.status is not RecommendationStatus.CLOSED]


def _challenges(section: Section, inspections: list[InspectionAsAt]) -> None:
    section.heading("Challenges and Risks")
    with_text = [i for i in inspections if i.challenges_risks.strip()]
    if not with_text:
        section.paragraphs("No challenges or risks are recorded for these inspections.")
    for inspection in with_text:
        section.heading(inspection.title, 2)
        section.paragraphs(inspection.challenges_risks)
