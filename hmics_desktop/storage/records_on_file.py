"""The progress updates actions already have, read for an import in a few queries.

The import's rules (``domain.reimport_rules``) compare a file's progress with these (deleted
ones too, so that one the user removed is not brought back).
"""

from __future__ import annotations

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.reimport_rules import RecordedProgress, normalised
from hmics_desktop.storage.models import database


def recorded_progress(action_ids: list[int]) -> dict[int, list[RecordedProgress]]:
    """Each action's progress updates, in (day, entry) order; the deleted ones say so."""
    found: dict[int, list[RecordedProgress]] = {}
    ids = sorted(action_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ", ".join("?" for _ in chunk)
        query = (
            'SELECT action_id, as_at, text, deleted_at FROM "progress_update" '
            f"WHERE action_id IN ({marks}) ORDER BY as_at, id"
        )
        for action_id, as_at, text, deleted_at in database.sql().execute(query, chunk):
            update = RecordedProgress(PlanDate.from_iso(as_at), normalised(text), deleted_at is not None)
            found.setdefault(action_id, []).append(update)
    return found
