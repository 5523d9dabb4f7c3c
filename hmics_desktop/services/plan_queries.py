"""What the windows show: inspections with their counts, a plan's tree, an item's details.

Plain rows (dataclasses) built from the database; the Qt models only adapt them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.status import (
    ActionStatus,
    CommitteeCounts,
    RecommendationStatus,
    Standing,
    committee_standing,
    standing_label,
)
from hmics_desktop.storage.models import (
    Action,
    ActionLink,
    EvidenceSubmission,
    Inspection,
    ProgressUpdate,
    Recommendation,
    TargetRevision,
)


@dataclass(frozen=True)
class InspectionRow:
    id: int
    title: str
    inspectorate: str | None
    counts: CommitteeCounts


@dataclass
class ActionRow:
    id: int
    number: str
    text: str
    owner: str | None
    target: PlanDate | None
    status: str | None
    latest_progress: str
    latest_progress_on: PlanDate | None


@dataclass
class RecommendationRow:
    id: int
    kind: str
    number: int
    text: str
    owner: str | None
    initial_target: PlanDate | None
    current_target: PlanDate | None
    status: RecommendationStatus
    standing: Standing
    actions: list[ActionRow] = field(default_factory=list)
    overridden: bool = False  # the committee's call was made by hand

    @property
    def label(self) -> str:
        return f"R{self.number}" if self.kind == "recommendation" else f"AfD {self.number}"


def _standing(rec: Recommendation, today: date) -> Standing:
    override = Standing(rec.standing_override) if rec.standing_override else None
    return committee_standing(RecommendationStatus(rec.status), rec.initial_target, today, override)


def _live_recommendations():  # type: ignore[no-untyped-def]
    return Recommendation.select().where(Recommendation.deleted_at.is_null())


def inspection_titles() -> list[str]:
    from hmics_desktop.storage import plan_reader  # a plan's reader (and its shapes): loaded when first used

    return plan_reader.inspection_titles()


def inspections(today: date | None = None) -> list[InspectionRow]:
    """Every inspection with the committee's counts of its recommendations."""
    today = today or clock.today()
    standings: dict[int, list[Standing]] = defaultdict(list)
    for rec in _live_recommendations().where(Recommendation.kind == "recommendation"):
        standings[rec.inspection_id].append(_standing(rec, today))
    query = Inspection.select().where(Inspection.deleted_at.is_null()).order_by(Inspection.title)
    return [InspectionRow(i.id, i.title, i.inspectorate, CommitteeCounts.of(standings[i.id])) for i in query]


def plan_tree(inspection_id: int, today: date | None = None) -> list[RecommendationRow]:
    """The inspection's recommendations (then areas for development), each with its actions."""
    today = today or clock.today()
    recs = list(
        _live_recommendations()
        .where(Recommendation.inspection == inspection_id)
        .order_by(Recommendation.kind.desc(), Recommendation.number)
    )
    from hmics_desktop.storage.plan_reader import latest_revisions  # not needed to show the window

    revised = latest_revisions([r.id for r in recs])
    rows = {
        r.id: RecommendationRow(
            id=r.id,
            kind=r.kind,
            number=r.number,
            text=r.text,
            owner=r.owner,
            initial_target=r.initial_target,
            current_target=revised.get(r.id, r.initial_target),
            status=RecommendationStatus(r.status),
            standing=_standing(r, today),
            overridden=bool(r.standing_override),
        )
        for r in recs
    }
    actions = list(
        Action.select()
        .where(Action.recommendation.in_(list(rows)) & Action.deleted_at.is_null())
        .order_by(Action.position)
    )
    progress = _latest_progress([a.id for a in actions])
    for action in actions:
        parent = rows[action.recommendation_id]
        text, on = progress.get(action.id, ("", None))
        parent.actions.append(
            ActionRow(
                id=action.id,
                number=f"{parent.number}.{action.position}",
                text=action.text,
                owner=action.owner,
                target=action.target,
                status=action.status,
                latest_progress=text,
                latest_progress_on=on,
            )
        )
    return list(rows.values())


def _latest_progress(action_ids: list[int]) -> dict[int, tuple[str, PlanDate]]:
    """Each action's latest progress as it stands (the update the database keeps it pointing at)."""
    found: dict[int, tuple[str, PlanDate]] = {}
    for start in range(0, len(action_ids), 900):
        chunk = action_ids[start : start + 900]
        query = ProgressUpdate.select().join(Action, on=(Action.latest_progress_id == ProgressUpdate.id))
        for update in query.where(Action.id.in_(chunk)):
            found[update.action_id] = (update.text, update.as_at)
    return found


@dataclass
class Detail:
    """Everything the detail pane shows of one recommendation or action."""

    heading: str
    fields: list[tuple[str, str]]
    text: str
    progress: list[tuple[PlanDate, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    history: list[str] = field(default_factory=list)


def _show(value: object) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def recommendation_detail(recommendation_id: int, today: date | None = None) -> Detail:
    rec = Recommendation.get_by_id(recommendation_id)
    standing = _standing(rec, today or clock.today())
    kind = "Recommendation" if rec.kind == "recommendation" else "Area for development"
    revisions = list(rec.revisions.order_by(TargetRevision.revised_on, TargetRevision.id))
    history = [f"{r.target} — {r.reason or 'no reason given'} ({r.revised_on:%d/%m/%Y})" for r in revisions]
    evidence = list(rec.evidence.order_by(EvidenceSubmission.sent_on))
    history += [
        f"Evidence submitted {e.sent_on}: {e.description}"
        + (f" — HMICS response {e.response_on}: {e.response_text or e.response}" if e.response else "")
        for e in evidence
    ]
    fields = [
        ("Inspection", rec.inspection.title),
        ("Owner", _show(rec.owner)),
        ("Status", RecommendationStatus(rec.status).label),
        (
            "Committee",
            standing_label(
                standing, revisions[-1].target if revisions else rec.initial_target, bool(rec.standing_override)
            ),
        ),
        ("Initial target", _show(rec.initial_target)),
        ("Revised target", _show(revisions[-1].target if revisions else None)),
        ("Position", _show(rec.position)),
        ("What we did and the impact", _show(rec.impact)),
    ]
    return Detail(heading=f"{kind} {rec.number}", fields=fields, text=rec.text, history=history)


def action_detail(action_id: int) -> Detail:
    action = Action.get_by_id(action_id)
    rec = action.recommendation
    number = f"{rec.number}.{action.position}"
    updates = action.progress_updates.where(ProgressUpdate.deleted_at.is_null()).order_by(
        ProgressUpdate.as_at.desc(), ProgressUpdate.id.desc()
    )
    links = []
    for link in ActionLink.select().where(ActionLink.action == action):
        target = link.target
        links.append((f"{target.recommendation.number}.{target.position}", target.text))
    links.sort(key=lambda pair: tuple(int(p) for p in pair[0].split(".")))
    fields = [
        ("Inspection", rec.inspection.title),
        ("Recommendation", f"{rec.number}"),
        ("Owner", _show(action.owner)),
        ("Target date", _show(action.target)),
        ("Status", ActionStatus(action.status).label if action.status else "—"),
        ("Next steps", _show(action.next_steps)),
    ]
    return Detail(
        heading=f"Action {number}",
        fields=fields,
        text=action.text,
        progress=[(u.as_at, u.text) for u in updates],
        links=links,
    )


def inspection_of(kind: str, item_id: int) -> int:
    """The inspection a recommendation or action belongs to."""
    if kind == "recommendation":
        return int(Recommendation.get_by_id(item_id).inspection_id)
    return int(Action.get_by_id(item_id).recommendation.inspection_id)
