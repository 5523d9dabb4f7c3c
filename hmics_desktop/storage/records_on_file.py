"""The progress updates actions already have, read for an import in a few queries.

The import's rules (``domain.reimport_rules``) compare a file's progress with these (deleted
ones too, so that one the user removed is not brought back).
"""

from __future__ import annotations

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.reimport_rules import RecordedProgress, normalised
from hmics_desktop.storage.models import database


def recorded_progress(action_ids: list[int], since: str | None = None) -> dict[int, list[RecordedProgress]]:
    """Each action's progress updates, in (day, entry) order; the deleted ones say so.

    ``since`` ("2025-03"): only the updates on or after that month, and each action's latest one
    before it (what is in force then) — all that matching updates of that month or later asks.
    """
    found: dict[int, list[RecordedProgress]] = {}
    days: dict[str, PlanDate] = {}  # a plan's updates share a few hundred days: each read once
    for chunk in database.sql().id_chunks(action_ids):
        marks = ", ".join("?" for _ in chunk)
        query = (
            'SELECT action_id, as_at, text, deleted_at FROM "progress_update" '
            f"WHERE action_id IN ({marks}) ORDER BY as_at, id"
        )
        params: list[object] = list(chunk)
        if since is not None:
            query = (
                'SELECT action_id, as_at, text, deleted_at FROM "progress_update" p '
                f'WHERE action_id IN ({marks}) AND (as_at >= ? OR id = (SELECT q.id FROM "progress_update" q '
                "WHERE q.action_id = p.action_id AND q.as_at < ? AND q.deleted_at IS NULL "
                "ORDER BY q.as_at DESC, q.id DESC LIMIT 1)) ORDER BY as_at, id"
            )
            params += [since, since]
        for action_id, as_at, text, deleted_at in database.sql().execute(query, params):
            day = days.get(as_at) or days.setdefault(as_at, PlanDate.from_iso(as_at))
            update = RecordedProgress(day, normalised(text), deleted_at is not None)
            found.setdefault(action_id, []).append(update)
    return found
