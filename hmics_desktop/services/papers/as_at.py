"""Recommendations as they stood on a paper's date ("as at"), for the committee's papers.

Nothing that happened after the date leaks in:
- closed: closed on or before the date (``closed_on``; a closure whose date is unknown,
  from before closure dates were kept, counts as closed on any date);
- status, committee call, position, impact, text, the inspection's challenges and risks:
  the value in force on that day, read back from the audit trail (the old value of the
  first change made after the day); a text that was empty then and written later is
  shown as it is now;
- target: the latest revision made on or before the date; the initial target is the
  committee's yardstick for on track / delayed.
Areas for development are kept apart: the committee does not count them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.status import CommitteeCounts, RecommendationStatus, Standing, committee_standing
from hmics_desktop.storage.models import database

_HISTORY_FIELDS = ("status", "standing_override", "position", "impact", "text")
_TEXT_FIELDS = ("position", "impact", "text")


@dataclass
class RecommendationAsAt:
    id: int
    kind: str  # "recommendation" or "area_for_development"
    number: int
    text: str
    status: RecommendationStatus
    standing: Standing
    initial_target: PlanDate | None
    target: PlanDate | None  # the target in force on the date (revised or initial)
    position: str
    impact: str
    closed_on: PlanDate | None  # only when closed on or before the date

    @property
    def counted(self) -> bool:
        return self.kind == "recommendation"

    def closed_between(self, since: date | None, as_at: date) -> bool:
        """Closed after ``since`` and on or before ``as_at`` ("closed since last meeting")."""
        if self.closed_on is None:
            return False
        day = self.closed_on.first_day()
        return (since is None or day > since) and day <= as_at


@dataclass
class InspectionAsAt:
    id: int
    title: str
    published: PlanDate | None
    challenges_risks: str
    recommendations: list[RecommendationAsAt] = field(default_factory=list)

    def counted(self) -> list[RecommendationAsAt]:
        return [r for r in self.recommendations if r.counted]

    def counts(self) -> CommitteeCounts:
        return CommitteeCounts.of([r.standing for r in self.counted()])


def _end_of(day: date) -> str:
    return f"{day.isoformat()} 23:59:59"  # as peewee stores a DateTimeField


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _values_then(entity: str, ids: list[int], names: tuple[str, ...], as_at: date) -> dict[tuple[int, str], str | None]:
    """For each (item, field) changed after the day: the value it had on the day."""
    found: dict[tuple[int, str], str | None] = {}
    fields = ", ".join(f"'{name}'" for name in names)
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        rows = database.sql().execute(
            f"SELECT entity_id, field, old_value FROM audit_entry WHERE entity = ? "
            f"AND entity_id IN ({marks}) AND field IN ({fields}) AND change = 'update' AND at > ? "
            "ORDER BY at DESC, id DESC",
            [entity, *chunk, _end_of(as_at)],
        )
        for rec_id, name, old in rows:
            found[(rec_id, name)] = old  # the earliest change after the day is read last
    return found


def _targets_then(ids: list[int], as_at: date) -> dict[int, PlanDate]:
    found: dict[int, PlanDate] = {}
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        rows = database.sql().execute(
            f"SELECT recommendation_id, target FROM target_revision WHERE recommendation_id IN ({marks}) "
            "AND revised_on <= ? ORDER BY revised_on, id",
            [*chunk, _end_of(as_at)],
        )
        for rec_id, target in rows:
            found[rec_id] = PlanDate.from_iso(target)
    return found


def _closure_then(
    status: str, closed: str | None, status_then: str | None, as_at: date
) -> tuple[RecommendationStatus, PlanDate | None]:
    """The status on the day and, when closed by then with a known date, the closure date."""
    then = RecommendationStatus(status_then or "open")
    closed_on = PlanDate.from_iso(closed) if closed else None
    if status != RecommendationStatus.CLOSED.value or closed_on is None:
        return then, None  # no closure date: the audit trail's status decides
    if closed_on.first_day() <= as_at:
        return RecommendationStatus.CLOSED, closed_on
    return (RecommendationStatus.OPEN if then is RecommendationStatus.CLOSED else then), None


def inspections_as_at(inspection_ids: list[int], as_at: date) -> list[InspectionAsAt]:
    """The inspections (in the order given) with their recommendations as at the day."""
    connection = database.sql()
    inspections: dict[int, InspectionAsAt] = {}
    for chunk in _chunks(inspection_ids):
        marks = ", ".join("?" for _ in chunk)
        for inspection_id, title, published, challenges in connection.execute(
            f"SELECT id, title, published, challenges_risks FROM inspection WHERE id IN ({marks}) "
            "AND deleted_at IS NULL",
            chunk,
        ):
            inspections[inspection_id] = InspectionAsAt(
                inspection_id, title, PlanDate.from_iso(published) if published else None, challenges or ""
            )
    challenges_then = _values_then("inspection", list(inspections), ("challenges_risks",), as_at)
    for (inspection_id, _name), text in challenges_then.items():
        if (text or "").strip():  # empty then and written later: what there is
            inspections[inspection_id].challenges_risks = text or ""
    rows_by_inspection: dict[int, list[tuple]] = defaultdict(list)
    for chunk in _chunks(list(inspections)):
        marks = ", ".join("?" for _ in chunk)
        for row in connection.execute(
            "SELECT id, inspection_id, kind, number, text, initial_target, status, standing_override, position, "
            f"impact, closed_on FROM recommendation WHERE inspection_id IN ({marks}) AND deleted_at IS NULL "
            "ORDER BY kind DESC, number",
            chunk,
        ):
            rows_by_inspection[row[1]].append(row)
    ids = [row[0] for rows in rows_by_inspection.values() for row in rows]
    then = _values_then("recommendation", ids, _HISTORY_FIELDS, as_at)
    targets = _targets_then(ids, as_at)
    for inspection_id, rows in rows_by_inspection.items():
        inspection = inspections[inspection_id]
        for rec_id, _insp, kind, number, text, initial, status, override, position, impact, closed in rows:
            current = {"status": status, "standing_override": override, "position": position, "impact": impact,
                       "text": text}  # fmt: skip
            value = {name: then[(rec_id, name)] if (rec_id, name) in then else current[name]
                     for name in _HISTORY_FIELDS}  # fmt: skip
            for name in _TEXT_FIELDS:
                if not (value[name] or "").strip():
                    value[name] = current[name]  # empty then, written later: what there is
            status_then, closed_on = _closure_then(status, closed, value["status"], as_at)
            initial_target = PlanDate.from_iso(initial) if initial else None
            override_then = Standing(value["standing_override"]) if value["standing_override"] else None
            inspection.recommendations.append(
                RecommendationAsAt(
                    id=rec_id, kind=kind, number=number, text=value["text"] or "", status=status_then,
                    standing=committee_standing(status_then, initial_target, as_at, override_then),
                    initial_target=initial_target, target=targets.get(rec_id, initial_target),
                    position=value["position"] or "", impact=value["impact"] or "", closed_on=closed_on,
                )
            )  # fmt: skip
    return [inspections[i] for i in inspection_ids if i in inspections]
