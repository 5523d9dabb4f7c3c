"""Reading a table's rows and folding their history: the one set of rules :mod:`history` reads the past by.

A row read from its table leaves out the columns the database keeps by itself; a row put
together from the history folds the changes that took effect by a day (and were recorded by a
time), in the order they were recorded: a row made, changed, removed. ``history.as_of`` reads a
day with them; :class:`TableWalk` walks a table through many days with them, each row folded
again only on the days a change of it took effect (``history.as_of_days``).
"""

from __future__ import annotations

import bisect
import json
import operator
from collections.abc import Collection, Iterable
from typing import Any

from hmics_desktop.storage.journal import DERIVED, Row
from hmics_desktop.storage.sql import Sql


def read_rows(sql: Sql, query: str, params: list[Any], into: dict[int, Row]) -> None:
    """A query's rows into ``into`` by id, less the columns the database keeps by itself."""
    cursor = sql.execute(query, params)
    names = [column[0] for column in cursor.description]
    keep = [i for i, name in enumerate(names) if name not in DERIVED and name != "latest"]
    kept = [names[i] for i in keep]
    if sql.postgres:  # a server's booleans as the file keeps them
        for values in cursor.fetchall():
            row = {name: value_as_kept(values[i]) for name, i in zip(kept, keep, strict=True)}
            into[row["id"]] = row
        return
    pick = operator.itemgetter(*keep) if len(keep) > 1 else lambda values: (values[keep[0]],)
    for values in cursor.fetchall():
        row = dict(zip(kept, pick(values), strict=True))
        into[row["id"]] = row


def selected(alias: str, columns: Collection[str] | None) -> str:
    """What a query reads of a table's rows: every column (``alias.*``), or the id and the columns named."""
    if columns is None:
        return f"{alias}.*"
    return ", ".join(f'{alias}."{name}"' for name in ["id", *sorted(set(columns) - {"id"})])


def trimmed(row: Row | None, columns: Collection[str] | None) -> Row | None:
    """A row put together from the history, with only the columns named (and its id) when some are."""
    if row is None or columns is None:
        return row
    return {name: value for name, value in row.items() if name == "id" or name in columns}


def value_as_kept(value: Any) -> Any:
    """A value as a file keeps it."""
    return int(value) if isinstance(value, bool) else value  # a server's boolean as the file keeps it


Change = tuple[str, str, str, Any]  # effective on, recorded at, kind, the new values (read from their JSON)


def changes_by_row(found: Iterable[tuple[int, str, str, str, str | None]]) -> dict[int, list[Change]]:
    """The history's entries (row id, effective on, recorded at, kind, new), each row's in the order recorded."""
    entries = list(found)
    # one JSON array of every entry's values: one decode instead of one per entry
    values = json.loads("[" + ",".join(new if new is not None else "null" for *_rest, new in entries) + "]")
    changes: dict[int, list[Change]] = {}
    for (row_id, on, at, kind, _new), new in zip(entries, values, strict=True):
        changes.setdefault(row_id, []).append((on, str(at), kind, new))
    return changes


def fold(changes: list[Change], effective: str, recorded: str | None) -> Row | None:
    """A row as its changes put it together, or None when it did not stand then.

    The changes that took effect by ``effective`` (and were recorded by ``recorded``), in the order recorded.
    """
    row: Row | None = None
    for on, at, kind, new in changes:
        if on > effective or (recorded and at > recorded):
            continue
        if kind == "create":
            row = {k: value_as_kept(v) for k, v in new.items()}
        elif kind == "update":
            if row is not None:
                row.update(new)
        else:
            row = None
    return row


class TableWalk:
    """One table walked forward through the days: its rows as :func:`as_of` gives them on each.

    ``columns``: only those of each row (and its id); None: all.
    """

    def __init__(
        self, sql: Sql, table: str, days: list[str], recorded: str | None, columns: Collection[str] | None = None
    ) -> None:
        self.days, self.recorded, self.columns = days, recorded, columns
        self.stored: dict[int, Row] = {}
        read_rows(sql, f'SELECT {selected("q", columns)} FROM "{table}" q', [], self.stored)
        cursor = sql.execute(
            'SELECT row_id, effective_on, recorded_at, kind, new FROM "row_history" WHERE tbl = ? ORDER BY id', [table]
        )
        self.changes = changes_by_row(cursor.fetchall())
        # the last day a change of each row took effect; a row changed after it (or recorded later) is folded
        self.last = {row_id: max(c[0] for c in changes) for row_id, changes in self.changes.items()}
        self.always_folded = {
            row_id for row_id, changes in self.changes.items() if recorded and any(c[1] > recorded for c in changes)
        }
        self.moves: dict[int, set[int]] = {}  # day index → the rows a change of which takes effect by then
        for row_id, changes in self.changes.items():
            for on in {c[0] for c in changes}:
                index = bisect.bisect_left(days, on)
                if index < len(days):
                    self.moves.setdefault(index, set()).add(row_id)
        self.rows: dict[int, Row] = {}

    def rows_at(self, index: int) -> dict[int, Row]:
        """The rows on the ``index``-th day (the days are walked in order, each once).

        The same mapping as the day before's when nothing of the table changed in between; a new one otherwise.
        """
        day = self.days[index]
        moved = set(self.stored) | set(self.changes) if index == 0 else self.moves.get(index, set())
        if moved:
            self.rows = dict(self.rows)  # the days before keep theirs
            for row_id in moved:
                row = self._row(row_id, day)
                if row is None:
                    self.rows.pop(row_id, None)
                else:
                    self.rows[row_id] = row
        return self.rows

    def _row(self, row_id: int, day: str) -> Row | None:
        changes = self.changes.get(row_id)
        if changes is None or (row_id not in self.always_folded and self.last[row_id] <= day):
            return self.stored.get(row_id)  # no change after the day: as it stands
        return trimmed(fold(changes, day, self.recorded), self.columns)
