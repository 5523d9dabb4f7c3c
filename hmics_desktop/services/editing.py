"""Edits with undo and redo: every change is one transaction and one audit trail entry set.

An edit is a :class:`Change`: a description, what doing it does and what undoing it does.
:class:`EditHistory` runs them (one transaction each) and keeps the undo and redo stacks
across every form. Saving an item checks its version, so that a second window saving an
item that changed since it was opened is told so (:class:`EditConflict`) instead of
silently overwriting it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hmics_desktop.storage.audit import AuditBatch
from hmics_desktop.storage.models import BaseModel, database

log = logging.getLogger(__name__)


class ValidationError(Exception):
    """A change that breaks a rule; ``problems`` maps each field to a message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems.values()))


class EditConflict(Exception):
    """The item changed (in another window or program) since it was opened."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what} was changed elsewhere since you opened it. Reload to see the other change, "
            "or overwrite it with yours."
        )


@dataclass
class Change:
    description: str
    redo: Callable[[AuditBatch], None]
    undo: Callable[[AuditBatch], None]


@dataclass
class EditHistory:
    """The undo and redo stacks shared by every form of a window."""

    undo_stack: list[Change] = field(default_factory=list)
    redo_stack: list[Change] = field(default_factory=list)
    listeners: list[Callable[[], None]] = field(default_factory=list)

    def do(self, change: Change) -> None:
        self._run(change.redo, change.description)
        self.undo_stack.append(change)
        self.redo_stack.clear()
        self._notify()

    def undo(self) -> str | None:
        if not self.undo_stack:
            return None
        change = self.undo_stack[-1]
        self._run(change.undo, f"Undone: {change.description}")
        self.redo_stack.append(self.undo_stack.pop())
        self._notify()
        return change.description

    def redo(self) -> str | None:
        if not self.redo_stack:
            return None
        change = self.redo_stack[-1]
        self._run(change.redo, f"Redone: {change.description}")
        self.undo_stack.append(self.redo_stack.pop())
        self._notify()
        return change.description

    def clear(self) -> None:
        self.undo_stack.clear()
        self.redo_stack.clear()
        self._notify()

    def _run(self, step: Callable[[AuditBatch], None], description: str) -> None:
        audit = AuditBatch(step=description)
        with database.atomic():
            step(audit)
            audit.write()

    def _notify(self) -> None:
        for listener in self.listeners:
            listener()


def entity_name(model: type[BaseModel]) -> str:
    return str(model._meta.table_name)


def set_fields(
    model: Any, item_id: int, values: dict[str, Any], audit: AuditBatch, expected_version: int | None
) -> dict[str, Any]:
    """Write ``values`` if the item is still at ``expected_version`` (None: overwrite); return the old values."""
    record: Any = model.get_by_id(item_id)
    if expected_version is not None and record.version != expected_version:
        raise EditConflict(describe(model, record))
    old = {name: getattr(record, name) for name in values}
    changed = {name: value for name, value in values.items() if old[name] != value}
    if not changed:
        return {}
    query = model.update(**changed, version=record.version + 1).where(model.id == item_id)
    if expected_version is not None:
        query = query.where(model.version == expected_version)
    if query.execute() != 1:
        raise EditConflict(describe(model, record))
    for name, value in changed.items():
        audit.changed(entity_name(model), item_id, name, old[name], value)
    return {name: old[name] for name in changed}


def describe(model: type[BaseModel], record: Any) -> str:
    name = entity_name(model)
    if name == "action":
        return f"Action {record.recommendation.number}.{record.position}"
    if name == "recommendation":
        return f"{'Recommendation' if record.kind == 'recommendation' else 'Area for development'} {record.number}"
    return f"The inspection “{record.title}”"


def now() -> datetime:
    return datetime.now().replace(microsecond=0)
