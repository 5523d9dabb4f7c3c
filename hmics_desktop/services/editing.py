"""What an edit is: a :class:`Change` (a description, what doing it does, when it takes effect).

Changes are done as steps (``storage.steps``) through the undo list
(``services.edit_history``). A change that breaks a rule raises :class:`ValidationError`;
saving an item checks its version, so that a second window saving an item that changed
since it was opened is told so (:class:`EditConflict`) instead of silently overwriting it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hmics_desktop.storage.models import BaseModel
from hmics_desktop.storage.steps import When

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
    """A step not yet done: its description ("edit of action 1.1"), what doing it does, and when it takes effect."""

    description: str
    apply: Callable[[], object]
    when: When | None = None  # None: the day it is made


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
