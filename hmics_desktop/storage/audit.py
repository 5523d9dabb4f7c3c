"""The append-only audit trail: who, when, what, old and new value, and the step it belongs to.

"Who" is the name the user gave (Edit ▸ Preferences, set with :func:`set_user_name`), or
the OS login when none was given.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hmics_desktop.storage.models import AuditEntry, database

_user_name: str | None = None


def set_user_name(name: str | None) -> None:
    """The name written as "who" from now on; empty or None: the OS login."""
    global _user_name
    _user_name = (name or "").strip() or None


def current_user() -> str:
    if _user_name:
        return _user_name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a service account, a container)
        return "unknown"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "iso"):
        return str(value.iso())
    return str(value)


@dataclass
class AuditBatch:
    """Collects audit rows during one transaction and writes them together."""

    user: str = field(default_factory=current_user)
    step: str | None = None  # the description of the step, shown as one line in History
    rows: list[dict[str, Any]] = field(default_factory=list)

    def created(self, entity: str, entity_id: int, summary: str) -> None:
        self._add(entity, entity_id, "create", None, None, summary)

    def changed(self, entity: str, entity_id: int, name: str, old: Any, new: Any) -> None:
        self._add(entity, entity_id, "update", name, _text(old), _text(new))

    def deleted(self, entity: str, entity_id: int, summary: str) -> None:
        self._add(entity, entity_id, "delete", None, summary, None)

    def _add(self, entity: str, entity_id: int, change: str, name: str | None, old: Any, new: Any) -> None:
        self.rows.append(
            {
                "at": str(datetime.now().replace(microsecond=0)),  # as peewee stores a DateTimeField
                "user": self.user,
                "entity": entity,
                "entity_id": entity_id,
                "change": change,
                "field": name,
                "old_value": old,
                "new_value": new,
                "step": self.step,
            }
        )

    def write(self) -> None:
        """Insert the collected rows (call inside the transaction of the change).

        A plain ``executemany``: an import of thousands of actions writes thousands of rows.
        """
        if self.rows:
            columns = list(self.rows[0])
            sql = (
                f'INSERT INTO "{AuditEntry._meta.table_name}" ({", ".join(columns)}) '
                f"VALUES ({', '.join('?' for _ in columns)})"
            )
            database.connection().executemany(sql, [tuple(row[c] for c in columns) for row in self.rows])
        self.rows.clear()
