"""Merging two inspections: the recommendations of one move into the other, undoably.

A plan imported twice under two names ("Crime Audit" and "Crime Audit 2020") is put right
by merging: the recommendations (with their actions, progress and history) move, and the
emptied inspection is deleted softly (restorable). Numbers that exist in both are refused
with a sentence naming them, before anything is written.
"""

from __future__ import annotations

from typing import Any

from hmics_desktop.domain import clock
from hmics_desktop.domain.words import counted, listed
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.storage.models import Inspection, Recommendation


def _label(rec: Any) -> str:
    return f"{'recommendation' if rec.kind == 'recommendation' else 'area for development'} {rec.number}"


def merge_inspections(source_id: int, target_id: int) -> Change:
    """Move every recommendation of ``source_id`` into ``target_id``; the emptied source is deleted."""
    if source_id == target_id:
        raise ValidationError({"target": "Choose another inspection to merge into."})
    source, target = Inspection.get_by_id(source_id), Inspection.get_by_id(target_id)
    moving = list(Recommendation.select().where(Recommendation.inspection == source_id))
    taken = {(r.kind, r.number) for r in Recommendation.select().where(Recommendation.inspection == target_id)}
    clashes = [_label(r) for r in sorted(moving, key=lambda r: (r.kind != "recommendation", r.number))
               if (r.kind, r.number) in taken]  # fmt: skip
    if clashes:
        raise ValidationError({"target": (
            f"“{target.title}” already has {listed(clashes)} (perhaps deleted: see Deleted items), so "
            f"“{source.title}” cannot be merged into it. Renumber them in one of the two first."
        )})  # fmt: skip
    ids = [r.id for r in moving]

    def apply() -> None:
        Recommendation.update(inspection=target_id, version=Recommendation.version + 1).where(
            Recommendation.id.in_(ids or [0])
        ).execute()
        Inspection.update(deleted_at=clock.now(), version=Inspection.version + 1).where(
            Inspection.id == source_id
        ).execute()

    return Change(
        f"merge of “{source.title}” into “{target.title}” ({counted(len(ids), 'recommendation')} moved)", apply
    )
