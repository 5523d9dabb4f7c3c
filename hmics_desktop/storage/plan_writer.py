"""Write a parsed plan into the database: create what is new, update what exists.

Records are matched by inspection title, recommendation kind and number, and action
number, so writing the same plan twice updates rather than duplicates. A progress text
that differs from the latest one on record becomes a new dated progress update.
The caller runs this inside a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.numbering import ActionNumber, NumberError
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.storage.audit import AuditBatch
from hmics_desktop.storage.models import (
    Action,
    ActionLink,
    Inspection,
    ProgressUpdate,
    Recommendation,
    TargetRevision,
)


@dataclass
class WriteSummary:
    """What a write created and updated, and the warnings it raised."""

    created: dict[str, int] = field(default_factory=lambda: {"inspection": 0, "recommendation": 0, "action": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"inspection": 0, "recommendation": 0, "action": 0})
    progress_added: int = 0
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        c, u = self.created, self.updated
        return (
            f"{c['inspection']} inspection(s) created, {u['inspection']} updated; "
            f"{c['recommendation']} recommendation(s) created, {u['recommendation']} updated; "
            f"{c['action']} action(s) created, {u['action']} updated; "
            f"{self.progress_added} progress update(s) added"
        )


_INSPECTION_FIELDS = ("inspectorate", "plan_title", "as_at")
_RECOMMENDATION_FIELDS = ("text", "owner", "status", "status_text", "initial_target", "position", "impact")
_ACTION_FIELDS = ("text", "owner", "target", "status", "status_text", "links_text", "next_steps")


def _date(value: str | None) -> PlanDate | None:
    return PlanDate.from_iso(value) if value else None


def _apply(record: object, values: dict[str, object], audit: AuditBatch, entity: str) -> bool:
    """Set the values that differ; audit each; return whether anything changed."""
    changed = False
    for name, new in values.items():
        if new is None:
            continue  # a field the file does not have leaves what we know alone
        old = getattr(record, name)
        if old != new:
            audit.changed(entity, record.id, name, old, new)  # type: ignore[attr-defined]
            setattr(record, name, new)
            changed = True
    return changed


class PlanWriter:
    """Writes plans; ``progress_date`` dates progress text when a plan states no "as at"."""

    def __init__(self, audit: AuditBatch, progress_date: date | None = None) -> None:
        self.audit = audit
        self.progress_date = progress_date or date.today()
        self.summary = WriteSummary()

    def write(self, plan: Plan) -> Inspection:
        inspection = self._inspection(plan)
        progress_day = PlanDate.from_iso(plan.as_at) if plan.as_at else PlanDate.from_date(self.progress_date)
        actions: dict[tuple[str, str], Action] = {}
        for planned in plan.recommendations:
            recommendation = self._recommendation(inspection, planned)
            existing = {a.position: a for a in Action.select().where(Action.recommendation == recommendation)}
            for planned_action in planned.actions:
                action = self._action(recommendation, planned_action, existing)
                if action is not None:
                    actions[(planned.kind, planned_action.number)] = action
                    day = PlanDate.from_iso(planned_action.progress_on) if planned_action.progress_on else progress_day
                    self._progress(action, planned_action, day)
        self._links(plan, inspection, actions)
        return inspection

    def _inspection(self, plan: Plan) -> Inspection:
        values = {"inspectorate": plan.inspectorate, "plan_title": plan.plan_title, "as_at": _date(plan.as_at)}
        inspection = Inspection.get_or_none(Inspection.title == plan.inspection)
        if inspection is None:
            inspection = Inspection.create(title=plan.inspection, **values)
            self.audit.created("inspection", inspection.id, plan.inspection)
            self.summary.created["inspection"] += 1
        elif _apply(inspection, values, self.audit, "inspection") or inspection.deleted_at:
            inspection.deleted_at = None
            inspection.version += 1
            inspection.save()
            self.summary.updated["inspection"] += 1
        return inspection

    def _recommendation(self, inspection: Inspection, planned: PlanRecommendation) -> Recommendation:
        values = {
            "text": planned.text or None,
            "owner": planned.owner,
            "status": planned.status,
            "status_text": planned.status_text,
            "initial_target": _date(planned.initial_target),
            "position": planned.position,
            "impact": planned.impact,
        }
        recommendation = Recommendation.get_or_none(
            (Recommendation.inspection == inspection)
            & (Recommendation.kind == planned.kind)
            & (Recommendation.number == planned.number)
        )
        if recommendation is None:
            values["text"] = planned.text
            recommendation = Recommendation.create(
                inspection=inspection, kind=planned.kind, number=planned.number, **values
            )
            self.audit.created("recommendation", recommendation.id, f"{planned.kind} {planned.number}")
            self.summary.created["recommendation"] += 1
        elif _apply(recommendation, values, self.audit, "recommendation") or recommendation.deleted_at:
            recommendation.deleted_at = None
            recommendation.version += 1
            recommendation.save()
            self.summary.updated["recommendation"] += 1
        if planned.revised_target:
            self._revision(recommendation, PlanDate.from_iso(planned.revised_target))
        return recommendation

    def _revision(self, recommendation: Recommendation, target: PlanDate) -> None:
        latest = recommendation.revisions.order_by(TargetRevision.revised_on.desc(), TargetRevision.id.desc()).first()
        if latest is not None and latest.target == target:
            return
        revision = TargetRevision.create(recommendation=recommendation, target=target, reason="as imported")
        self.audit.created("target_revision", revision.id, f"recommendation {recommendation.number} → {target}")

    def _action(
        self, recommendation: Recommendation, planned: PlanAction, existing: dict[int, Action]
    ) -> Action | None:
        try:
            number = ActionNumber.parse(planned.number)
        except NumberError as error:
            self.summary.warnings.append(f"Action skipped: {error}.")
            return None
        if number.recommendation != recommendation.number:
            self.summary.warnings.append(
                f"Action {planned.number} is listed under number {recommendation.number}; it was left out."
            )
            return None
        values = {
            "text": planned.text or None,
            "owner": planned.owner,
            "target": _date(planned.target),
            "status": planned.status,
            "status_text": planned.status_text,
            "links_text": planned.links_text,
            "next_steps": planned.next_steps,
        }
        action = existing.get(number.position)
        if action is None:
            values["text"] = planned.text
            action = Action.create(recommendation=recommendation, position=number.position, **values)
            self.audit.created("action", action.id, planned.number)
            self.summary.created["action"] += 1
        elif _apply(action, values, self.audit, "action") or action.deleted_at:
            action.deleted_at = None
            action.version += 1
            action.save()
            self.summary.updated["action"] += 1
        return action

    def _progress(self, action: Action, planned: PlanAction, day: PlanDate) -> None:
        text = (planned.progress or "").strip()
        if not text:
            return
        latest = (
            ProgressUpdate.select(ProgressUpdate.text)
            .where(ProgressUpdate.action == action)
            .order_by(ProgressUpdate.as_at.desc(), ProgressUpdate.id.desc())
            .first()
        )
        if latest is not None and latest.text.strip() == text:
            return
        update = ProgressUpdate.create(action=action, as_at=day, text=planned.progress)
        self.audit.created("progress_update", update.id, f"{action.id} as at {day.iso()}")
        self.summary.progress_added += 1

    def _links(self, plan: Plan, inspection: Inspection, actions: dict[tuple[str, str], Action]) -> None:
        known = {number: action for (kind, number), action in actions.items() if kind == "recommendation"}
        for planned in plan.recommendations:
            for planned_action in planned.actions:
                source = actions.get((planned.kind, planned_action.number))
                if source is None:
                    continue
                targets = []
                for number in planned_action.links:
                    target = known.get(number) or _find_action(inspection, number)
                    if target is None:
                        self.summary.warnings.append(
                            f"Action {planned_action.number} links to {number}, which is not in the plan; "
                            "that link was left out."
                        )
                        continue
                    known[number] = target
                    targets.append(target)
                _replace_links(source, targets, self.audit)


def _find_action(inspection: Inspection, number: str) -> Action | None:
    try:
        parsed = ActionNumber.parse(number)
    except NumberError:
        return None
    return (
        Action.select()
        .join(Recommendation)
        .where(
            (Recommendation.inspection == inspection)
            & (Recommendation.kind == "recommendation")
            & (Recommendation.number == parsed.recommendation)
            & (Action.position == parsed.position)
        )
        .first()
    )


def _replace_links(source: Action, targets: list[Action], audit: AuditBatch) -> None:
    current = {link.target_id for link in ActionLink.select().where(ActionLink.action == source)}
    wanted = {t.id for t in targets}
    if current == wanted:
        return
    ActionLink.delete().where((ActionLink.action == source) & ActionLink.target.not_in(list(wanted))).execute()
    for target_id in wanted - current:
        ActionLink.create(action=source, target=target_id)
    audit.changed("action", source.id, "links", sorted(current), sorted(wanted))
