"""The owners' directory: a name as the plan writes it, an address for the requests' drafts, a group.

Owners met in the plan (an import, a form) and not yet in the directory are offered beside it,
to be given an address. Renaming an owner carries through: every action and recommendation
owned under the old name takes the new one, in the same step (one Undo puts it all back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hmics_desktop.domain.words import name_order
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.storage.models import Action, Owner, Recommendation, database

_ADDRESS = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")


@dataclass(frozen=True)
class OwnerEntry:
    """An owner as the directory window lists them."""

    name: str
    email: str | None
    group: str | None
    open_actions: int
    id: int | None  # None: met in the plan, not in the directory yet


def owners() -> list[OwnerEntry]:
    """The directory and the owners met in the plan, by name (without case)."""
    counts = _open_actions()
    listed: dict[str, OwnerEntry] = {}
    for row in Owner.select():
        listed[row.name.casefold()] = OwnerEntry(row.name, row.email, row.grp, counts.pop(row.name, 0), row.id)
    for name in _names_in_plan():
        if name.casefold() not in listed:
            listed[name.casefold()] = OwnerEntry(name, None, None, counts.get(name, 0), None)
    return sorted(listed.values(), key=lambda entry: name_order(entry.name))


def _names_in_plan() -> set[str]:
    sql = database.sql()
    found = set()
    for table in ("action", "recommendation"):
        query = f'SELECT DISTINCT owner FROM "{table}" WHERE owner IS NOT NULL AND deleted_at IS NULL'
        found |= {str(row[0]).strip() for row in sql.execute(query).fetchall() if str(row[0]).strip()}
    return found


def _open_actions() -> dict[str, int]:
    query = (
        'SELECT a.owner, count(*) FROM "action" a JOIN "recommendation" r ON r.id = a.recommendation_id '
        "WHERE a.owner IS NOT NULL AND a.deleted_at IS NULL AND r.deleted_at IS NULL AND r.status <> 'closed' "
        "AND (a.status IS NULL OR a.status NOT IN ('complete', 'transferred', 'withdrawn')) GROUP BY a.owner"
    )
    return {str(owner): int(count) for owner, count in database.sql().execute(query).fetchall()}


def _checked(name: str, email: str | None, keep_id: int | None) -> dict[str, Any]:
    name = " ".join(name.split())
    problems = {}
    if not name:
        problems["name"] = "Give the owner's name, as the plan writes it."
    taken = next((row for row in Owner.select() if row.name.casefold() == name.casefold() and row.id != keep_id), None)
    if name and taken is not None:
        problems["name"] = f"{taken.name} is in the directory already."
    address = (email or "").strip() or None
    if address is not None and not _ADDRESS.match(address):
        problems["email"] = f"“{address}” is not an email address (write it like jane.smith@scotland.police.uk)."
    if problems:
        raise ValidationError(problems)
    return {"name": name, "email": address}


def save_owner(owner_id: int | None, name: str, email: str | None, group: str | None, was: str | None = None) -> Change:
    """Add an owner to the directory, or change one; ``was``: the name they had (in the plan), to carry a rename."""
    values = _checked(name, email, owner_id)
    values["grp"] = (group or "").strip() or None
    old = Owner.get_by_id(owner_id).name if owner_id is not None else was
    new = values["name"]
    if old and old.casefold() != new.casefold():
        other = next((name for name in _names_in_plan() if name.casefold() == new.casefold()), None)
        if other is not None:  # a rename would merge two owners' actions, with no word of it
            raise ValidationError({"name": f"{other} already owns actions in the plan; to give them {old}’s actions, "
                                           "choose those on the board and change their owner."})  # fmt: skip

    def apply() -> None:
        if owner_id is None:
            Owner.create(**values)
        else:
            Owner.update(**values, version=Owner.version + 1).where(Owner.id == owner_id).execute()
        if old and old != new:
            for model in (Action, Recommendation):
                model.update(owner=new, version=model.version + 1).where(model.owner == old).execute()

    if old and old != new:
        return Change(f"renaming of the owner {old} to {new}", apply)
    return Change(f"{'addition' if owner_id is None and not was else 'change'} of the owner {new}", apply)


def remove_owner(owner_id: int) -> Change:
    """Take an owner out of the directory (the plan keeps their name on what they own)."""
    owner = Owner.get_by_id(owner_id)
    return Change(f"removal of the owner {owner.name} from the directory",
                  lambda: Owner.delete().where(Owner.id == owner_id).execute())  # fmt: skip


def names() -> list[str]:
    """Every owner's name: the directory's and those met in the plan (what a form's owner field offers)."""
    return [entry.name for entry in owners()]
