"""The append-only audit trail, written from a step's row changes: who, when, what, old and new.

Every step (an edit, an import, an undo or a redo) is journalled row by row
(:mod:`hmics_desktop.storage.journal`); its audit rows are made from that journal, so the
trail records exactly what changed in the data, with the step's description beside each row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from hmics_desktop.domain import clock
from hmics_desktop.storage.journal import RowChange
from hmics_desktop.storage.labels import Labels
from hmics_desktop.storage.models import AuditEntry
from hmics_desktop.storage.sql import Sql
from hmics_desktop.storage.user_name import chosen_name, current_user


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


DayOf = Callable[[str, int, str | None], date | None]


def audit_rows(
    changes: list[RowChange],
    labels: Labels,
    step: str,
    user: str | None = None,
    day_of: DayOf | None = None,
    at: str | None = None,
) -> list[tuple[Any, ...]]:
    """(at, user, entity, entity_id, change, field, old, new, step, effective_on) for each change of each row.

    ``day_of(table, row_id, field)`` is the day the change took effect (the history's); ``at``: default now.
    """
    at, user = at or clock.stamp(), user or current_user()
    labels.remember(changes)
    rows: list[tuple[Any, ...]] = []
    iso: dict[date, str] = {}  # each day made text once (a large step has thousands of rows, a few hundred days)

    def add(source: RowChange, entity: str, entity_id: int, change: str, name: str | None, old: Any, new: Any) -> None:
        day = day_of(source.table, source.row_id, name) if day_of else None
        effective = None if day is None else iso.get(day) or iso.setdefault(day, day.isoformat())
        rows.append((at, user, entity, entity_id, change, name, _text(old), _text(new), step, effective))

    for change in changes:
        row = change.new or change.old or {}
        if change.table == "action_link":
            target = labels.action(row["target_id"])
            old, new = (None, target) if change.old is None else (target, None)
            add(change, "action", row["action_id"], "update", "links", old, new)
        elif change.old is None:
            add(change, change.table, change.row_id, "create", None, None, _summary(change, labels))
        elif change.new is None:
            add(change, change.table, change.row_id, "delete", None, _summary(change, labels), None)
        else:
            names = change.changed_columns()
            if change.table == "action" and {"position", "recommendation_id"} & set(names):
                old_number, new_number = labels.number_of(change.old), labels.number_of(change.new)
                add(change, "action", change.row_id, "update", "number", old_number, new_number)
                names = [n for n in names if n not in ("position", "recommendation_id")]
            for name in names:
                old, new = change.old[name], change.new[name]
                if name == "deleted_at":
                    kind = "delete" if new else "restore"
                    add(change, change.table, change.row_id, kind, None, _summary(change, labels), None)
                else:
                    add(change, change.table, change.row_id, "update", name, old, new)
    return rows


def _summary(change: RowChange, labels: Labels) -> str:
    row = change.new or change.old or {}
    name = labels.describe(change)
    if change.table == "progress_update":
        return f"{name} as at {row.get('as_at')}: {row.get('text')}"
    if change.table in ("recommendation", "action"):
        return f"{name}: {row.get('text') or ''}".rstrip(": ")
    return name


def who(connection: Sql) -> str:
    """Who makes the step: on a server the login (with the name the user gave, if any), else :func:`current_user`."""
    if not connection.postgres:
        return current_user()
    login = str(connection.connection.info.user)  # the session's login, known without asking the server
    name = chosen_name()
    return f"{name} ({login})" if name and name != login else login


def write_audit(
    connection: Sql, changes: list[RowChange], step: str, day_of: DayOf | None = None, at: str | None = None
) -> None:
    """Insert the audit rows of a step (inside its transaction), in one statement; ``at``: its time (default now)."""
    rows = audit_rows(changes, Labels(connection), step, who(connection), day_of, at)
    columns = ("at", "user", "entity", "entity_id", "change", "field", "old_value", "new_value", "step", "effective_on")
    connection.insert_rows(AuditEntry._meta.table_name, columns, rows)


def newest_entry(connection: Sql) -> int:
    """The number of the newest audit row (0 when there is none): it grows with every change anyone makes."""
    return newest_entry_later(connection)()


def newest_entry_later(connection: Sql) -> Callable[[], int]:
    """:func:`newest_entry` as it is now, read when called: inside a step on a server, with the next answer."""
    rows = connection.fetch_later(f'SELECT MAX(id) FROM "{AuditEntry._meta.table_name}"')
    return lambda: int(rows()[0][0] or 0)
