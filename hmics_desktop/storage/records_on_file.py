"""What an inspection already records, read for an import in a few queries: progress and status dates.

The import's rules (``domain.reimport_rules``) compare a file with these: the progress updates
of each action (deleted ones too, so that one the user removed is not brought back), and the
day each recommendation's status was recorded by the evidence and HMICS's answers.
"""

from __future__ import annotations

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.reimport_rules import RecordedProgress, StatusOnRecord, normalised
from hmics_desktop.storage.models import Recommendation, database


def recorded_progress(inspection_id: int) -> dict[int, list[RecordedProgress]]:
    """Each action's progress updates, in (day, entry) order; the deleted ones say so."""
    query = (
        'SELECT p.action_id, p.as_at, p.text, p.deleted_at FROM "progress_update" p '
        'JOIN "action" a ON a.id = p.action_id JOIN "recommendation" r ON r.id = a.recommendation_id '
        "WHERE r.inspection_id = ? ORDER BY p.as_at, p.id"
    )
    found: dict[int, list[RecordedProgress]] = {}
    for action_id, as_at, text, deleted_at in database.sql().execute(query, (inspection_id,)):
        update = RecordedProgress(PlanDate.from_iso(as_at), normalised(text), deleted_at is not None)
        found.setdefault(action_id, []).append(update)
    return found


def newest_progress(updates: list[RecordedProgress]) -> PlanDate | None:
    days = [update.day for update in updates if not update.deleted]
    return max(days, key=PlanDate.sort_key) if days else None


def statuses_on_record(inspection_id: int, recommendations: list[Recommendation]) -> dict[int, StatusOnRecord]:
    """Each recommendation's status and the day it was recorded: closure, evidence sent, HMICS asking for more."""
    proposed: dict[int, PlanDate] = {}
    kept_open: dict[int, PlanDate] = {}
    query = (
        "SELECT e.recommendation_id, e.sent_on, e.proposes_closure, e.response_on, e.response "
        'FROM "evidence_submission" e JOIN "recommendation" r ON r.id = e.recommendation_id '
        "WHERE r.inspection_id = ?"
    )
    for rec_id, sent_on, proposes, response_on, response in database.sql().execute(query, (inspection_id,)):
        if proposes:
            _latest(proposed, rec_id, PlanDate.from_iso(sent_on))
        if response == "more_requested" and response_on:
            _latest(kept_open, rec_id, PlanDate.from_iso(response_on))
    found = {}
    for rec in recommendations:
        since = {"closed": rec.closed_on, "evidence_submitted": proposed.get(rec.id), "open": kept_open.get(rec.id)}
        found[rec.id] = StatusOnRecord(rec.status, since.get(rec.status))
    return found


def _latest(days: dict[int, PlanDate], key: int, day: PlanDate) -> None:
    if key not in days or days[key] < day:
        days[key] = day
