"""The ids of a plan's new rows, known before they are written, so that each table's rows go in one statement.

Taken for as many new inspections (one, on a server), recommendations, actions and (on a server)
progress updates as the plan has, at the first one needed; those left unused are a gap, as after
a rollback. On a server they come from the tables' sequences in one round trip, and for a plan
whose inspection's name no inspection has now (a plan imported for the first time) they are asked
with the plan's matching, before it is known that they will be needed: no round trip of their own.
The server takes them only then, so that a plan imported again takes none it does not use.
On a file they follow the largest id each table gave (``Sql.new_ids``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from hmics_desktop.domain.plan import Plan
from hmics_desktop.storage.sql import Sql

# One id per row of (table, count), each table's from its own sequence, should no inspection be called ?.
_IF_NEW = (
    "SELECT t.name, nextval(pg_get_serial_sequence(quote_ident(t.name), 'id')) FROM "
    "(VALUES ('inspection', ?::integer), ('recommendation', ?::integer), ('action', ?::integer), "
    "('progress_update', ?::integer)) AS t(name, count), generate_series(1, t.count) "
    'WHERE NOT EXISTS (SELECT 1 FROM "inspection" WHERE title = ?)'
)


class NewIds:
    """The ids for the new rows of ``plan``, whose inspection is called ``title`` in the database's words."""

    def __init__(self, sql: Sql, plan: Plan, title: str) -> None:
        self.sql = sql
        self.counts = {
            "inspection": 1 if sql.postgres else 0,
            "recommendation": len(plan.recommendations),
            "action": sum(len(r.actions) for r in plan.recommendations),
            "progress_update": (
                sum(len(a.earlier_progress) + 1 for r in plan.recommendations for a in r.actions) if sql.postgres else 0
            ),
        }
        self._asked: Callable[[], list[tuple[str, int]]] | None = None
        if sql.postgres:
            self._asked = sql.fetch_later(_IF_NEW, (*self.counts.values(), title))
        self._ids: dict[str, list[int]] | None = None
        self._free: dict[str, Iterator[int]] = {}

    def next(self, table: str) -> int:
        """The id of the next new row of ``table``."""
        self._take()
        return next(self._free[table])

    def progress(self) -> list[int] | None:
        """The ids for the new progress updates, taken already (None: none taken, or on a file)."""
        return self._ids.get("progress_update") if self._ids else None

    def _take(self) -> None:
        if self._ids is not None:
            return
        ids: dict[str, list[int]] = {table: [] for table in self.counts}
        for table, made in self._asked() if self._asked is not None else []:
            ids[table].append(int(made))
        if not any(ids.values()):  # an inspection of that name is held: taken now
            ids = self.sql.new_ids_of(self.counts)
        self._ids = {table: sorted(made) for table, made in ids.items()}
        self._free = {table: iter(made) for table, made in self._ids.items()}
