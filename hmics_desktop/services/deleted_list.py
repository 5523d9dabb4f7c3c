"""Edit ▸ Deleted items: what was deleted, each with its text, and restoring it as one change.

Inspections, recommendations and actions deleted, and progress updates removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from hmics_desktop.domain.words import counted
from hmics_desktop.services import form_data
from hmics_desktop.services.editing import Change
from hmics_desktop.services.item_edits import deleted_items, restore_items
from hmics_desktop.services.plan_edits import combine
from hmics_desktop.services.progress_edits import describe_update, restore_progress
from hmics_desktop.storage.models import ProgressUpdate


@dataclass(frozen=True)
class DeletedEntry:
    kind: str  # inspection, recommendation, action, progress_update
    id: int
    what: str  # "Action 1.1", "Progress update of 15/02/2022 on action 1.1"
    text: str
    when: str  # 15/02/2022 14:03


def deleted_entries() -> list[DeletedEntry]:
    """Newest deletion first."""
    found = []
    for kind, item_id, what, when in deleted_items():
        record = form_data.record(kind, item_id)
        found.append(DeletedEntry(kind, item_id, what, record.title if kind == "inspection" else record.text, when))
    removed = ProgressUpdate.select().where(ProgressUpdate.deleted_at.is_null(False))
    for update in removed.order_by(ProgressUpdate.deleted_at.desc()):
        what = describe_update(update).replace("the update", "Progress update", 1)
        found.append(
            DeletedEntry("progress_update", update.id, what, update.text, f"{update.deleted_at:%d/%m/%Y %H:%M}")
        )
    found.sort(key=lambda e: (e.when[6:10], e.when[3:5], e.when[0:2], e.when[11:]), reverse=True)
    return found


def restore(entries: list[DeletedEntry]) -> Change:
    """Bring the entries back (with their history) as one change."""
    changes = []
    for kind in ("inspection", "recommendation", "action"):
        ids = [e.id for e in entries if e.kind == kind]
        if ids:
            changes.append(restore_items(kind, ids))
    updates = [e.id for e in entries if e.kind == "progress_update"]
    if updates:
        changes.append(restore_progress(updates))
    if len(changes) == 1:
        return changes[0]
    return combine(f"restoring {counted(len(entries), 'item')}", changes)
