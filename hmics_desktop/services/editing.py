"""Edits with undo and redo: every change is one transaction and one audit trail entry set.

An edit is a :class:`Change`: a description and what doing it does. :class:`EditHistory`
runs it in one transaction that records every row it changes (the journal); undo and redo
replay those rows and nothing else. The stacks are shared across every form. Saving an
item checks its version, so that a second window saving an item that changed since it was
opened is told so (:class:`EditConflict`) instead of silently overwriting it.
"""

from __future__ import annotations

import gc
import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee

from hmics_desktop.storage import backups, journal, replay
from hmics_desktop.storage.audit import write_audit
from hmics_desktop.storage.journal import RowChange
from hmics_desktop.storage.models import BaseModel, database
from hmics_desktop.storage.sql import Sql

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
    """A step not yet done: its description ("edit of action 1.1") and what doing it does."""

    description: str
    apply: Callable[[], object]


@dataclass
class Step:
    """A step done: exactly the rows it changed, so that undo and redo replay only those."""

    description: str
    changes: list[RowChange]


class UndoNotPossible(Exception):
    """A step whose rows have changed since; it is taken off the list, ``str()`` says why."""


def run_step(description: str, apply: Callable[[], object]) -> list[RowChange]:
    """Do ``apply`` in one write transaction, journalled, with its audit rows; return its row changes."""
    with _no_cycle_collection(), database.atomic():
        connection = database.sql()
        journal.start(connection)
        apply()
        changes = journal.collect(connection)
        write_audit(connection, changes, _sentence(description))
    return changes


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector held off while a step runs, and set back as it was after.

    A large step (an import) makes tens of thousands of objects (rows, row changes, audit rows)
    that all outlive it, which the collector would walk again and again for nothing (about a
    tenth of an import's writing). Memory is still freed as usual; any cycle is collected later.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class EditHistory:
    """The undo and redo stacks shared by every form of a window.

    An undo puts back exactly the rows its step changed, and only while they are as the
    step left them; a step that can no longer be undone (or redone) is taken off its list
    with a sentence (:class:`UndoNotPossible`) and the rest of the list stays usable.
    """

    undo_stack: list[Step] = field(default_factory=list)
    redo_stack: list[Step] = field(default_factory=list)
    listeners: list[Callable[[], None]] = field(default_factory=list)
    last_done: Step | None = None  # what the last ``do`` changed (None: it changed nothing)

    def do(self, change: Change) -> None:
        _daily_backup()
        changes = run_step(change.description, change.apply)
        self.last_done = Step(change.description, changes) if changes else None
        if self.last_done is not None:
            self.undo_stack.append(self.last_done)
            self.redo_stack.clear()
        self._notify()

    def record(self, step: Step) -> None:
        """Put a step done elsewhere (an import off the GUI thread) on the undo list."""
        if step.changes:
            self.undo_stack.append(step)
            self.redo_stack.clear()
        self._notify()

    def undo(self) -> str | None:
        return self._replay(self.undo_stack, self.redo_stack, replay.revert, "Undone")

    def redo(self) -> str | None:
        return self._replay(self.redo_stack, self.undo_stack, replay.reapply, "Redone")

    def clear(self) -> None:
        self.undo_stack.clear()
        self.redo_stack.clear()
        self._notify()

    def _replay(
        self,
        source: list[Step],
        target: list[Step],
        how: Callable[[Sql, list[RowChange]], list[RowChange]],
        word: str,
    ) -> str | None:
        if not source:
            return None
        step = source[-1]
        try:
            with database.atomic():
                connection = database.sql()
                made = how(connection, step.changes)
                write_audit(connection, made, f"{word}: {step.description}")
        except (replay.ReplayConflict, sqlite3.IntegrityError, peewee.IntegrityError) as error:
            source.pop()
            self._notify()
            reason = str(error) if isinstance(error, replay.ReplayConflict) else f"This step no longer fits ({error})."
            raise UndoNotPossible(
                f"{reason} It was taken off the list; the steps before it can still be undone."
            ) from error
        target.append(source.pop())
        self._notify()
        return step.description

    def _notify(self) -> None:
        for listener in self.listeners:
            listener()


def _sentence(description: str) -> str:
    return description[:1].upper() + description[1:]


def _daily_backup() -> None:
    """At most one backup a day while editing (in the user-data folder; see ``storage.backups``)."""
    path = database.database
    if database.dialect == "sqlite" and path != ":memory:" and not database.read_only:
        backups.backup_if_due(database.connection(), Path(path))


def backup_now(reason: str) -> None:
    """A backup of the open database file (before an import); none for an empty, in-memory or server one."""
    path = database.database
    if database.dialect == "sqlite" and path != ":memory:" and not database.read_only:
        connection = database.connection()
        if connection.execute("SELECT EXISTS (SELECT 1 FROM inspection)").fetchone()[0]:
            backups.make_backup(connection, Path(path), reason)


def entity_name(model: type[BaseModel]) -> str:
    return str(model._meta.table_name)


def set_fields(model: Any, item_id: int, values: dict[str, Any], expected_version: int | None) -> dict[str, Any]:
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
    return {name: old[name] for name in changed}


def describe(model: type[BaseModel], record: Any) -> str:
    name = entity_name(model)
    if name == "action":
        return f"Action {record.recommendation.number}.{record.position}"
    if name == "recommendation":
        return f"{'Recommendation' if record.kind == 'recommendation' else 'Area for development'} {record.number}"
    return f"The inspection “{record.title}”"
