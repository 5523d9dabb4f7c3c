"""The undo and redo lists shared by every form of a window.

Each change is one step (``storage.steps``): an undo puts back exactly the rows its step
changed, and only while they are as the step left them, and records the withdrawal of the
step in the history; a step that can no longer be undone (or redone) is taken off its list
with a sentence (:class:`UndoNotPossible`) and the rest of the list stays usable. The lists
hold at most :data:`KEEP` steps: the oldest are let go (their changes stay, on record).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import peewee

from hmics_desktop.services.backup_policy import daily_backup
from hmics_desktop.services.editing import Change
from hmics_desktop.storage import replay
from hmics_desktop.storage.plan_database import SavedUnanswered
from hmics_desktop.storage.steps import Step, Trail, record_step, redo_step, undo_step

log = logging.getLogger(__name__)

KEEP = 100  # steps on the undo list; each holds the rows it changed (an import: tens of thousands)


class UndoNotPossible(Exception):
    """A step whose rows have changed since; it is taken off the list, ``str()`` says why."""


@dataclass(frozen=True)
class OpChanges:
    """What a change touched, table by table (row ids): each view refreshes only what changed."""

    tables: dict[str, frozenset[int]]
    actions: frozenset[int] = frozenset()  # the actions whose rows or whose progress, links or targets changed
    recommendations: frozenset[int] = frozenset()  # likewise, recommendations (an action's own among them)
    trail: Trail | None = None  # the audit trail before and after the change: anyone else's changes before it?

    @classmethod
    def of(cls, step: Step | None, trail: Trail | None = None) -> OpChanges:
        found: dict[str, set[int]] = {}
        actions: set[int] = set()
        recommendations: set[int] = set()
        for change in step.changes if step is not None else []:
            found.setdefault(change.table, set()).add(change.row_id)
            for row in (change.old, change.new):
                if row is None:
                    continue
                if change.table == "action":
                    actions.add(change.row_id)
                elif row.get("action_id") is not None:
                    actions.add(row["action_id"])
                if change.table == "recommendation":
                    recommendations.add(change.row_id)
                if row.get("recommendation_id") is not None:
                    recommendations.add(row["recommendation_id"])
        trail = trail or (step.trail if step is not None else None)
        tables = {t: frozenset(ids) for t, ids in found.items()}
        return cls(tables, frozenset(actions), frozenset(recommendations), trail)

    def touches(self, *tables: str) -> bool:
        return any(table in self.tables for table in tables)

    def ids(self, table: str) -> frozenset[int]:
        return self.tables.get(table, frozenset())


@dataclass
class EditHistory:
    undo_stack: list[Step] = field(default_factory=list)
    redo_stack: list[Step] = field(default_factory=list)
    listeners: list[Callable[[], None]] = field(default_factory=list)
    last_done: Step | None = None  # what the last ``do`` made (None: it changed and confirmed nothing)
    last_changes: OpChanges = OpChanges({})  # what the last do, record, undo or redo touched

    def do(self, change: Change) -> None:
        daily_backup()
        try:
            step = record_step(change.description, change.apply, change.when)
        except SavedUnanswered as saved:
            self.record_saved(saved)
            raise
        self.last_done = step if step.made_anything else None
        self.last_changes = OpChanges.of(step)
        if self.last_done is not None:
            self._push(self.last_done)
        self._notify()

    def record(self, step: Step) -> None:
        """Put a step done elsewhere (an import off the GUI thread) on the undo list."""
        self.last_changes = OpChanges.of(step)
        if step.made_anything:  # an import that only confirms too: its undo withdraws its confirmations
            self._push(step)
        self._notify()

    def record_saved(self, saved: SavedUnanswered) -> None:
        """A step saved whose answer the server's connection lost: on the undo list all the same (it says so)."""
        if saved.step is not None and not saved.on_undo_list:
            saved.on_undo_list = True
            self.record(saved.step)

    def next_undo(self) -> str | None:
        """What Undo would take back (its description), or None."""
        return self.undo_stack[-1].description if self.undo_stack else None

    def next_redo(self) -> str | None:
        return self.redo_stack[-1].description if self.redo_stack else None

    def _push(self, step: Step) -> None:
        self.undo_stack.append(step)
        del self.undo_stack[:-KEEP]
        self.redo_stack.clear()

    def undo(self) -> str | None:
        return self._replay(self.undo_stack, self.redo_stack, undo_step)

    def redo(self) -> str | None:
        return self._replay(self.redo_stack, self.undo_stack, redo_step)

    def clear(self) -> None:
        self.undo_stack.clear()
        self.redo_stack.clear()
        self._notify()

    def _replay(self, source: list[Step], target: list[Step], how: Callable[[Step], Trail]) -> str | None:
        if not source:
            return None
        step = source[-1]
        try:
            trail = how(step)
        except SavedUnanswered as saved:  # made, its answer lost: on the other list, as after any undo or redo
            target.append(source.pop())
            saved.on_undo_list, saved.taken_back_by = True, "Redo" if target is self.redo_stack else "Undo"
            self.last_changes = OpChanges.of(step)
            self._notify()
            raise
        except (peewee.OperationalError, peewee.InterfaceError):
            raise  # the database could not be reached or was busy: nothing changed, the step stays to try again
        except (replay.ReplayConflict, peewee.DatabaseError) as error:
            # the transaction was rolled back whole (on either engine): nothing of the replay is left
            source.pop()
            self._notify()
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            reason = (
                str(error) if isinstance(error, replay.ReplayConflict) else f"This step no longer fits ({first_line})."
            )
            log.info("step taken off the list: %s", reason)
            raise UndoNotPossible(
                f"{reason} It was taken off the list; the steps before it can still be undone."
            ) from error
        target.append(source.pop())
        self.last_changes = OpChanges.of(step, trail)
        self._notify()
        return step.description

    def _notify(self) -> None:
        for listener in self.listeners:
            listener()
