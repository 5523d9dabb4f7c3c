"""An import's new actions, written on a server with the version and latest progress their rows give them.

An import inserts its new actions, then their progress updates, then their links. A version goes
up once for each row under the item, and an action's latest progress is its newest update not
removed: on a server the triggers would write every new action a second time to say so (migration
0012 lets that be owed and settled once, ``Sql.versions_once``). The writer knows it before: a new
action's version is 1 and one more for each progress update and each link the import gives it,
and its latest progress its newest update (none is removed yet: the latest As at date, then the
last made). So on a server its progress updates take their ids first, each new action is
inserted with both (the key to its latest update checked once the updates are in), and the
triggers' count for it is left out when the versions are settled. On a file nothing changes:
its row triggers keep both row by row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hmics_desktop.storage.plan_links import LinkRows
from hmics_desktop.storage.sql import Sql

Row = tuple[Any, ...]
PROGRESS_COLUMNS = ("action_id", "as_at", "text", "created_at")
LATEST_KEY = '"action_latest_progress_id_fkey"'


@dataclass
class NewActionRows:
    """The rows to insert: the new actions (their ``version`` last), then the progress updates."""

    action_columns: Sequence[str]
    actions: list[Row]
    progress_columns: Sequence[str] = PROGRESS_COLUMNS
    progress: list[Row] = field(default_factory=list)
    settled: list[int] = field(default_factory=list)  # the new actions whose version and latest progress are given

    def write(self, sql: Sql) -> None:
        """Insert the actions, then the progress updates (the latest progress keys checked after both)."""
        if self.settled:
            sql.send(f"SET CONSTRAINTS {LATEST_KEY} DEFERRED")
        sql.insert_rows("action", self.action_columns, self.actions)
        sql.insert_rows("progress_update", self.progress_columns, self.progress)
        if self.settled:
            sql.send(f"SET CONSTRAINTS {LATEST_KEY} IMMEDIATE")


def new_action_rows(sql: Sql, columns: Sequence[str], actions: list[Row], progress: list[Row],
                    links: LinkRows, free_ids: Sequence[int] | None = None) -> NewActionRows:  # fmt: skip
    """The new actions (``columns``, id first, version last) and the progress updates (``PROGRESS_COLUMNS``).

    ``free_ids``: ids taken already for the progress updates (at least as many; else they are taken here).
    """
    if not sql.postgres or not actions:
        return NewActionRows(columns, actions, PROGRESS_COLUMNS, progress)
    new = {row[0] for row in actions}
    if free_ids is None or len(free_ids) < len(progress):
        free_ids = sql.new_ids("progress_update", len(progress))
    ids = free_ids[: len(progress)]
    given = [(made, *row) for made, row in zip(ids, progress, strict=True)]
    rows_under = Counter(row[1] for row in given if row[1] in new)
    rows_under.update(source for source, _target in links.additions if source in new)
    latest: dict[int, tuple[str, int]] = {}
    for made, action, as_at, *_rest in given:
        if action in new and (as_at, made) > latest.get(action, ("", 0)):
            latest[action] = (as_at, made)
    written = [(*row[:-1], row[-1] + rows_under[row[0]], latest.get(row[0], (None, None))[1]) for row in actions]
    return NewActionRows((*columns, "latest_progress_id"), written, ("id", *PROGRESS_COLUMNS), given, sorted(new))
