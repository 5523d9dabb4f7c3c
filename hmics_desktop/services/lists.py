"""Changes to the secretary's lists (themes, delay categories), each a step that can be undone.

A name renamed is renamed on every recommendation that has it; a name taken off the list is
taken off them too (the step says how many). A list keeps at least one name.
"""

from __future__ import annotations

from hmics_desktop.domain.classification import LIST_WORDS, list_name_problem
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.storage import lists
from hmics_desktop.storage.models import ListEntry, Recommendation


def names(kind: str) -> list[str]:
    """The list, in order."""
    return lists.entries(kind)


def uses(kind: str) -> dict[str, int]:
    """How many recommendations and areas for development (not deleted) have each name."""
    column = getattr(Recommendation, kind)
    query = Recommendation.select(column).where(column.is_null(False) & Recommendation.deleted_at.is_null())
    found: dict[str, int] = {}
    for row in query:
        found[getattr(row, kind)] = found.get(getattr(row, kind), 0) + 1
    return found


def _words(kind: str) -> str:
    return LIST_WORDS[kind][0]


def _checked(kind: str, name: str, renaming: str | None = None) -> str:
    problem = list_name_problem(name, lists.entries(kind), kind, renaming)
    if problem:
        raise ValidationError({"name": problem})
    return " ".join(name.split())


def add_entry(kind: str, name: str) -> Change:
    """``name`` at the end of the list."""
    name = _checked(kind, name)

    def apply() -> None:
        rows = lists.stored(kind)
        ListEntry.create(kind=kind, name=name, position=max((r.position for r in rows), default=0) + 1)

    return Change(f"new {_words(kind)} “{name}”", apply)


def rename_entry(kind: str, old: str, new: str) -> Change:
    """``old`` called ``new`` on the list and on every recommendation that has it."""
    new = _checked(kind, new, renaming=old)

    def apply() -> None:
        lists.stored(kind)
        ListEntry.update(name=new).where((ListEntry.kind == kind) & (ListEntry.name == old)).execute()
        column = getattr(Recommendation, kind)
        Recommendation.update({column: new, Recommendation.version: Recommendation.version + 1}).where(
            column == old
        ).execute()

    return Change(f"{_words(kind)} “{old}” renamed “{new}”", apply)


def remove_entry(kind: str, name: str) -> Change:
    """``name`` off the list and off every recommendation that has it."""
    if len(lists.entries(kind)) <= 1:
        raise ValidationError({"name": f"The list keeps at least one {_words(kind)}: add another first."})

    def apply() -> None:
        lists.stored(kind)
        ListEntry.delete().where((ListEntry.kind == kind) & (ListEntry.name == name)).execute()
        column = getattr(Recommendation, kind)
        Recommendation.update({column: None, Recommendation.version: Recommendation.version + 1}).where(
            column == name
        ).execute()

    return Change(f"{_words(kind)} “{name}” taken off the list", apply)


def move_entry(kind: str, name: str, offset: int) -> Change:
    """``name`` moved ``offset`` places (−1: up, 1: down) on the list."""

    def apply() -> None:
        rows = lists.stored(kind)
        order = [row.name for row in rows]
        index = order.index(name)
        target = max(0, min(len(order) - 1, index + offset))
        order.insert(target, order.pop(index))
        for position, row_name in enumerate(order, start=1):
            ListEntry.update(position=position).where(
                (ListEntry.kind == kind) & (ListEntry.name == row_name) & (ListEntry.position != position)
            ).execute()

    return Change(f"order of the {LIST_WORDS[kind][1]}", apply)
