"""Papers kept in the database: saved, listed, reopened, and copied to start the next round.

A new paper of a kind starts from the last one's text, its committee and location, and
its period starts at the last meeting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.services.papers.narrative import first_texts
from hmics_desktop.services.papers.spec import DEFAULT_COMMITTEE, PaperKind, PaperSpec, long_date
from hmics_desktop.storage import history
from hmics_desktop.storage.models import (
    Action,
    CommitteePaper,
    ProgressUpdate,
    Recommendation,
    ReportingRound,
    database,
)

FIRST_PERIOD_DAYS = 91  # the first paper's period, when no meeting is on record: a quarter


@dataclass(frozen=True)
class PaperSummary:
    id: int
    kind: PaperKind
    meeting: str
    as_at: date
    inspections: str

    def label(self) -> str:
        return f"{self.kind.label} — {self.meeting} (as at {self.as_at:%d/%m/%Y}): {self.inspections}"


def inspection_choices(as_at: date | None = None) -> list[tuple[int, str]]:
    """(id, title) of every inspection a paper as at ``as_at`` can cover, named as it was then (None: now).

    An inspection merged into another or deleted since the day is still there; one renamed since has its name of then.
    """
    with database.snapshot():
        state = history.as_of(database.sql(), as_at, tables=["inspection"])
    return sorted(((int(row["id"]), str(row["title"])) for row in state.live("inspection")), key=lambda c: c[1])


def _day(value: PlanDate | None) -> date | None:
    return value.first_day() if value is not None else None


def save_paper(spec: PaperSpec) -> int:
    """Keep the paper (a new one, or the one it was reopened from); returns its id."""
    now = clock.now()
    round_values = {
        "committee": spec.committee.strip() or DEFAULT_COMMITTEE,
        "meeting_on": PlanDate.from_date(spec.meeting_on),
        "location": spec.location.strip() or None,
        "since": PlanDate.from_date(spec.since) if spec.since else None,
    }
    paper_values = {
        "kind": spec.kind.value,
        "as_at": PlanDate.from_date(spec.as_at),
        "inspections": json.dumps(spec.inspection_ids),
        "hidden": json.dumps(sorted(spec.hidden)),
        "narrative": json.dumps(spec.narrative, ensure_ascii=False),
        "dashboard": spec.dashboard,
        "updated_at": now,
    }
    with database.atomic():
        paper = CommitteePaper.get_or_none(CommitteePaper.id == spec.id) if spec.id else None
        if paper is None:
            meeting = ReportingRound.create(**round_values)
            paper = CommitteePaper.create(round=meeting, created_at=now, **paper_values)
        else:
            ReportingRound.update(**round_values).where(ReportingRound.id == paper.round_id).execute()
            CommitteePaper.update(**paper_values).where(CommitteePaper.id == paper.id).execute()
    spec.id = int(paper.id)
    return spec.id


def load_paper(paper_id: int) -> PaperSpec:
    paper = CommitteePaper.get_by_id(paper_id)
    meeting = paper.round
    return PaperSpec(
        kind=PaperKind(paper.kind),
        meeting_on=meeting.meeting_on.first_day(),
        as_at=paper.as_at.first_day(),
        since=_day(meeting.since),
        committee=meeting.committee,
        location=meeting.location or "",
        inspection_ids=[int(i) for i in json.loads(paper.inspections)],
        hidden={int(i) for i in json.loads(paper.hidden)},
        narrative=dict(json.loads(paper.narrative)),
        id=int(paper.id),
        dashboard=bool(paper.dashboard),
    )


def list_papers() -> list[PaperSummary]:
    """Every kept paper, the latest meeting first."""
    titles = dict(inspection_choices())
    found = []
    query = (
        CommitteePaper.select(CommitteePaper, ReportingRound)
        .join(ReportingRound)
        .where(CommitteePaper.deleted_at.is_null())
        .order_by(ReportingRound.meeting_on.desc(), CommitteePaper.id.desc())
    )
    for paper in query:
        names = [titles[i] for i in json.loads(paper.inspections) if i in titles]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        meeting = f"{paper.round.committee} - {long_date(paper.round.meeting_on.first_day())}"
        found.append(PaperSummary(int(paper.id), PaperKind(paper.kind), meeting, paper.as_at.first_day(), shown))
    return found


def delete_paper(paper_id: int) -> None:
    """Set aside (kept in the database, as everything deleted is)."""
    CommitteePaper.update(deleted_at=clock.now()).where(CommitteePaper.id == paper_id).execute()


def _latest(kind: PaperKind | None = None) -> CommitteePaper | None:
    query = CommitteePaper.select(CommitteePaper, ReportingRound).join(ReportingRound)
    query = query.where(CommitteePaper.deleted_at.is_null())
    if kind is not None:
        query = query.where(CommitteePaper.kind == kind.value)
    return query.order_by(ReportingRound.meeting_on.desc(), CommitteePaper.id.desc()).first()


def newest_update_on(inspection_ids: list[int], on_or_before: date) -> date | None:
    """The day of the newest progress update of the inspections' actions on or before the day; None: none."""
    if not inspection_ids:
        return None
    query = (
        ProgressUpdate.select(ProgressUpdate.as_at)
        .join(Action)
        .join(Recommendation)
        .where(
            Recommendation.inspection.in_(inspection_ids)
            & ProgressUpdate.deleted_at.is_null()
            & Action.deleted_at.is_null()
            & Recommendation.deleted_at.is_null()
            & (ProgressUpdate.as_at <= PlanDate.from_date(on_or_before).iso())
        )
        .order_by(ProgressUpdate.as_at.desc())
    )
    newest = query.first()
    return newest.as_at.first_day() if newest is not None else None


def progress_as_at(kind: PaperKind, inspection_ids: list[int], today: date) -> date:
    """A paper's "as at" to start from: a progress paper shows the newest progress on record, else today."""
    if kind is PaperKind.PROGRESS:
        return newest_update_on(inspection_ids, today) or today
    return today


def new_paper(kind: PaperKind, today: date | None = None) -> PaperSpec:
    """A new paper: the last paper's text of its kind, the last round's committee; since its meeting."""
    today = today or clock.today()
    spec = PaperSpec(kind=kind, meeting_on=today, as_at=today, narrative=first_texts(kind.value),
                     since=today - timedelta(days=FIRST_PERIOD_DAYS))  # fmt: skip
    spec.inspection_ids = [inspection_id for inspection_id, _title in inspection_choices()]
    last_round = _latest()
    if last_round is not None:
        spec.committee = last_round.round.committee
        spec.location = last_round.round.location or ""
        spec.since = last_round.round.meeting_on.first_day()
    same_kind = _latest(kind)
    if same_kind is not None:
        spec.narrative = {**spec.narrative, **json.loads(same_kind.narrative)}
        kept = {inspection_id for inspection_id, _title in inspection_choices()}
        spec.inspection_ids = [i for i in json.loads(same_kind.inspections) if i in kept]
        spec.dashboard = bool(same_kind.dashboard)
    spec.as_at = progress_as_at(kind, spec.inspection_ids, today)
    return spec


def next_round(paper_id: int, today: date | None = None) -> PaperSpec:
    """A copy of a kept paper to start the next round: same text and inspections, since its meeting."""
    previous = load_paper(paper_id)
    today = today or clock.today()
    as_at = progress_as_at(previous.kind, previous.inspection_ids, today)
    return replace(previous, id=None, since=previous.meeting_on, meeting_on=today, as_at=as_at, hidden=set())
