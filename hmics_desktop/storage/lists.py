"""The lists the secretary keeps: the themes and the delay categories, in their order.

Until a list is first changed it holds the words it starts with (``domain.classification``);
the first change writes them into the table with itself, in one step, so that the history
and an undo keep them together. A list is never left empty. Changed through
``services.lists`` as steps (undoable, in the history); a file that names a theme or a delay
category not on the list adds it, in the import's own step.
"""

from __future__ import annotations

from collections.abc import Iterable

from hmics_desktop.domain.classification import STARTING, matching_entry
from hmics_desktop.storage.models import ListEntry


def starting(kind: str) -> tuple[str, ...]:
    """The words a list starts with."""
    return STARTING[kind]


def _stored(kind: str) -> list[ListEntry]:
    return list(ListEntry.select().where(ListEntry.kind == kind).order_by(ListEntry.position, ListEntry.id))


def entries(kind: str) -> list[str]:
    """The names on the list, in order."""
    return [row.name for row in _stored(kind)] or list(starting(kind))


def stored(kind: str) -> list[ListEntry]:
    """The list's rows, the words it starts with written first when it has none (inside the caller's step)."""
    rows = _stored(kind)
    if not rows:
        for position, name in enumerate(starting(kind), start=1):
            ListEntry.create(kind=kind, name=name, position=position)
        rows = _stored(kind)
    return rows


def spelled(kind: str, names: Iterable[str | None]) -> tuple[dict[str, str], list[str]]:
    """Each name as the list spells it, and those added at its end, not on it before (inside the caller's step)."""
    given = [name for name in names if name]
    known = entries(kind) if given else []  # a file that names none: the list is not asked for
    found: dict[str, str] = {}
    added: list[str] = []
    for name in given:
        if name in found:
            continue
        entry = matching_entry(name, known)
        if entry is None:
            entry = " ".join(name.split())
            position = max((row.position for row in stored(kind)), default=0) + 1
            ListEntry.create(kind=kind, name=entry, position=position)
            known.append(entry)
            added.append(entry)
        found[name] = entry
    return found, added
