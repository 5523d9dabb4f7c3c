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

from hmics_desktop.domain.plan_changes import FIELD_WORDS, shown
from hmics_desktop.domain.rules import together
from hmics_desktop.domain.words import listed
from hmics_desktop.storage.labels import Labels
from hmics_desktop.storage.models import database
from hmics_desktop.storage.sql import Sql
from hmics_desktop.storage.steps import When, sentence

log = logging.getLogger(__name__)


class ValidationError(Exception):
    """A change that breaks a rule; ``problems`` maps each field to a message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems.values()))


class EditConflict(Exception):
    """Fields the user changed were changed elsewhere too since the item was opened (another window or program).

    ``fields`` maps each to its value now. Nothing was written.
    """

    def __init__(self, what: str, fields: dict[str, Any], with_them: dict[str, Any] | None = None) -> None:
        self.fields = {**fields, **(with_them or {})}  # ``with_them``: the fields that go with those (rules.TOGETHER)
        words = [FIELD_WORDS.get(name, name).lower() for name in fields]
        self.names = listed(words)  # "owner and status"
        self.were = "was" if len(words) == 1 and not words[0].endswith(("steps", "links with")) else "were"
        self.theirs = "; ".join(f"{FIELD_WORDS.get(n, n)} is now “{shown(v, n)}”" for n, v in fields.items())
        joined = [FIELD_WORDS.get(name, name).lower() for name in with_them or {}]
        also = f" (with its {listed(joined)}, which go with it)" if joined else ""
        super().__init__(
            f"{what}: its {self.names} {self.were} changed elsewhere since you opened it ({self.theirs}). Reload "
            f"keeps the other change there{also} and saves the rest of yours; Overwrite saves yours."
        )


class ItemDeleted(Exception):
    """The item being saved was deleted elsewhere since it was opened (it can be restored). Nothing was written."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what} was deleted elsewhere since you opened it: restore it with your changes, or discard your "
            "changes (it stays in Edit ▸ Deleted items)."
        )


class ItemGone(Exception):
    """The item being saved no longer exists at all (its making was undone elsewhere). Nothing was written."""

    def __init__(self, kind: str) -> None:
        super().__init__(
            f"This {kind.replace('_', ' ')} no longer exists: its making was undone elsewhere, so nothing was saved. "
            "What you typed is still in the form: copy it before you close the form."
        )


@dataclass
class Change:
    """A step not yet done: its description ("edit of action 1.1"), what doing it does, and when it takes effect."""

    description: str
    apply: Callable[[], object]
    when: When | None = None  # None: the day it is made
    first_reads: Callable[[Sql], object] | None = None  # the reads it decides by, made first (``record_step``)


def set_fields(model: Any, item_id: int, values: dict[str, Any], opened: dict[str, Any] | None) -> None:
    """Write ``values``, the fields the user changed; ``opened``: each as it was when the user opened the item.

    A field changed elsewhere since it was opened (its value now neither the one opened nor the
    user's) is a conflict (:class:`EditConflict`) and nothing is written, and so are the fields
    that go with it (``rules.TOGETHER``: a status with its closure's date and impact); every
    other field someone else changed meanwhile is left as they left it. ``opened`` None: overwrite.
    """
    record: Any = model.get_by_id(item_id)
    now = {name: getattr(record, name) for name in values}
    if opened is not None:
        clashes = {
            name: now[name] for name in values if name in opened and now[name] not in (opened[name], values[name])
        }
        if clashes:
            joined = together(model._meta.table_name, set(clashes)) - set(clashes)
            with_them = {name: now[name] for name in values if name in joined and name in opened}
            raise EditConflict(describe_record(record), clashes, with_them)
    changed = {name: value for name, value in values.items() if now[name] != value}
    if changed:
        model.update(**changed, version=model.version + 1).where(model.id == item_id).execute()


def describe_record(record: Any) -> str:
    """A record of a peewee model named as people write it: Action 1.1, Recommendation 3, The inspection “…”."""
    row = {f.column_name: record.__data__.get(f.name) for f in record._meta.sorted_fields}
    return sentence(Labels(database.sql()).name(record._meta.table_name, record.id, row))
