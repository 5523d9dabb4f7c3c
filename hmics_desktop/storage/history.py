"""The plan as it stood on any day: one verb, :func:`as_of`, over the history of row changes.

Every step (an edit, an import, an undo, a redo) writes, beside its audit rows, one dated
entry per row change into ``row_history`` (append-only): the day the change took effect
(valid time, decided by ``domain.effective``) and the time it was recorded (transaction
time). The plan as at a day is every change that took effect by then, in the order the
changes were recorded; "as known on" a day leaves out what was recorded after it.

:func:`as_of` reads the rows that no change after the day touched straight from their tables
(they are as they were), and folds the history of the others that may have stood then (a row
only made after the day did not); a row the history does not know (none should be) is read as
it is. Each field also knows the day its value took effect (:func:`field_days`), which is what
an import of an older file asks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hmics_desktop.domain.effective import Entry, StepDays
from hmics_desktop.storage.field_times import field_times
from hmics_desktop.storage.history_fold import TableWalk, changes_by_row, fold, read_rows, selected, trimmed
from hmics_desktop.storage.journal import DERIVED, TRACKED, Row, RowChange
from hmics_desktop.storage.sql import Sql

# Each table and the column that names its parent, in the order a plan hangs together (None: hangs off
# nothing: an inspection, or a list every inspection shares).
PARENTS = {
    "inspection": None,
    "recommendation": ("inspection_id", "inspection"),
    "action": ("recommendation_id", "recommendation"),
    "action_link": ("action_id", "action"),
    "progress_update": ("action_id", "action"),
    "evidence_submission": ("recommendation_id", "recommendation"),
    "owner_ask": ("action_id", "action"),
    # not part of any inspection's plan: left out of a state read for some inspections ...
    "owner": None,
    "request_return": None,
    # ... but for the lists every inspection's items are classed by (themes, delay categories), read whole
    "list_entry": None,
}
SHARED_BY_EVERY_INSPECTION = frozenset({"list_entry"})
SOFTLY_DELETED = frozenset({"inspection", "recommendation", "action", "progress_update"})  # keep ``deleted_at``
_CHUNK = 900
_SENTINEL_DAY = "9999-12-31"


def _plain(row: Row) -> Row:
    if row.keys().isdisjoint(DERIVED):  # most rows (a progress update, a link) have none: a plain copy
        return row.copy()
    return {k: v for k, v in row.items() if k not in DERIVED}


# One encoder for every entry (``json.dumps`` with options makes one per call).
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=str)


def net_changes(changes: list[RowChange]) -> list[RowChange]:
    """A step's changes with each row's taken together: as the step found it and as it left it.

    (A row made and then changed in the same step is one row made; made and removed, none.)
    """
    first: dict[tuple[str, int], RowChange] = {}
    last: dict[tuple[str, int], Row | None] = {}
    for change in changes:
        key = (change.table, change.row_id)
        first.setdefault(key, change)
        last[key] = change.new
    netted = [RowChange(c.table, c.row_id, c.old, last[key]) for key, c in first.items()]
    return [c for c in netted if c.old is not None or c.new is not None]


def change_entries(change: RowChange, days: StepDays) -> list[Entry]:
    """The dated history entries of one of a step's row changes (the columns the database keeps left out)."""
    table, row_id, old, new = change
    return days.entries(table, row_id, None if old is None else _plain(old), None if new is None else _plain(new))


def write_history(connection: Sql, entries: list[Entry], recorded_at: str, step: int, undoes: int | None) -> None:
    """Insert a step's entries (inside its transaction), in one statement; ``undoes``: the step an undo's withdraw."""
    if entries:
        insert_entries(connection, [(step, recorded_at, entries)], undoes)


def insert_entries(connection: Sql, steps: list[tuple[int, str, list[Entry]]], undoes: int | None = None) -> None:
    """Insert the entries of several steps: (step number, recorded at, entries) each.

    The day each became known is written where any has one (what a file brings): the history
    made from the audit trail (migration 0005, before that column) has none. ``undoes``: the
    step the entries withdraw (an undo's; migration 0013), written only then.
    """
    known = any(e.known for _step, _at, entries in steps for e in entries)
    days = {day for _step, _at, entries in steps for e in entries for day in (e.day, e.known) if day is not None}
    iso: dict[date | None, str] = {day: day.isoformat() for day in days}  # each day as text once (a few hundred)
    encode = _ENCODER.encode
    rows = [
        (step, recorded_at, iso[e.day], e.table, e.row_id, e.kind, None if e.old is None else encode(e.old),
         None if e.new is None else encode(e.new), *([iso.get(e.known)] if known else []),
         *([undoes] if undoes is not None else []))
        for step, recorded_at, entries in steps
        for e in entries
    ]  # fmt: skip
    columns = ("step", "recorded_at", "effective_on", "tbl", "row_id", "kind", "old", "new", *(("known_on",) * known),
               *(("undoes",) * (undoes is not None)))  # fmt: skip
    connection.insert_rows("row_history", columns, rows)


def step_number_later(connection: Sql) -> Callable[[], int]:
    """On a server, a step's number (see :func:`new_step`) taken now, read when called: with the next answer."""
    rows = connection.fetch_later("SELECT nextval(pg_get_serial_sequence('row_history', 'id'))")
    return lambda: int(rows()[0][0])


def new_step(connection: Sql, *, writes_entries: bool = True) -> int:
    """A number for the step being written, never another's: the next entry's id (on a server, taken).

    A step that writes no entry (only confirmations, ``storage.confirmations``) takes the number
    from the history's count all the same, so that no later step is given it.
    """
    if connection.postgres:
        return step_number_later(connection)()
    row = connection.execute("SELECT seq FROM sqlite_sequence WHERE name = 'row_history'").fetchone()
    step = int(row[0] if row else 0) + 1
    if not writes_entries:
        connection.execute("DELETE FROM sqlite_sequence WHERE name = 'row_history'")
        connection.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('row_history', ?)", (step,))
    return step


@dataclass
class PlanState:
    """Every row of the plan's tables as it stood (``rows[table][id]``); deleted ones carry ``deleted_at``."""

    day: date | None
    known_on: date | None
    rows: dict[str, dict[int, Row]] = field(default_factory=dict)
    latest_progress: bool = False  # progress_update holds each action's latest update on or before the day only
    _grouped: dict[tuple[str, str], dict[Any, list[Row]]] = field(default_factory=dict, repr=False)

    def live(self, table: str) -> Iterator[Row]:
        """The rows of ``table`` not deleted (softly) on the day."""
        return (row for row in self.rows.get(table, {}).values() if not row.get("deleted_at"))

    def live_under(self, table: str, column: str, parent: Any) -> list[Row]:
        """The live rows of ``table`` whose ``column`` is ``parent`` (grouped once per state, in id order)."""
        key = (table, column)
        if key not in self._grouped:
            grouped: dict[Any, list[Row]] = {}
            for row in sorted(self.live(table), key=lambda r: r["id"]):
                grouped.setdefault(row.get(column), []).append(row)
            self._grouped[key] = grouped
        return self._grouped[key].get(parent, [])

    def get(self, table: str, row_id: int | None) -> Row | None:
        return self.rows.get(table, {}).get(row_id) if row_id is not None else None


def as_of(
    sql: Sql,
    day: date | None = None,
    known_on: date | None = None,
    *,
    tables: Iterable[str] = TRACKED,
    inspection_ids: Iterable[int] | None = None,
    latest_progress: bool = False,
    columns: Mapping[str, Collection[str]] | None = None,
) -> PlanState:
    """The plan as it stood at the end of ``day`` (None: as it stands), as known at the end of ``known_on``.

    ``inspection_ids``: only those inspections and what hangs off them (as it hung off them on
    the day). ``latest_progress``: of the progress updates, only each action's latest on or before
    the day that was not removed (all the board and the papers show; far fewer rows to read).
    ``columns``: of the tables named, only those columns of each row (and its id; far less to read).
    Read inside one snapshot (the caller's).
    """
    state = PlanState(day, known_on, latest_progress=latest_progress)
    wanted = list(tables)
    effective = day.isoformat() if day is not None else _SENTINEL_DAY
    recorded = f"{known_on.isoformat()} 23:59:59" if known_on is not None else None
    parents_known: dict[str, set[int]] = {}
    scope = set(inspection_ids) if inspection_ids is not None else None
    for table in _ordered(wanted) if scope is not None else [t for t in TRACKED if t in wanted]:
        parent = _parent_ids(table, state, parents_known, scope)
        latest_only = latest_progress and table == "progress_update"
        named = _columns(table, columns, latest_only)
        folded = _folded_rows(sql, table, effective, recorded, named)  # on a server, asked with the next read
        rows = _clean_rows(sql, table, effective, recorded, parent, latest_only, named)
        rows.update(folded())
        if latest_only:
            rows = _latest_per_action(rows, day)
        if parent is not None:
            column = _parent_column(table)
            rows = {i: r for i, r in rows.items() if _belongs(r, column, parent)}
        state.rows[table] = rows
        parents_known[table] = set(rows)
    for table in list(state.rows):
        if table not in wanted:
            del state.rows[table]
    return state


def _ordered(tables: list[str]) -> list[str]:
    """The tables asked for, with the parents they are found through, parents first."""
    needed = set(tables)
    for table in tables:
        link = PARENTS.get(table)
        while link is not None:
            needed.add(link[1])
            link = PARENTS.get(link[1])
    if "target_revision" in needed:
        needed |= {"recommendation", "action", "inspection"}
    if "action_link" in needed:
        needed.add("action")
    return [t for t in TRACKED if t in needed]


def _columns(table: str, columns: Mapping[str, Collection[str]] | None, latest_only: bool) -> set[str] | None:
    """The columns of ``table`` to read (None: all), with those it is found through and kept by."""
    if columns is None or table not in columns:
        return None
    link = _parent_column(table)
    kept = {"deleted_at"} if table in SOFTLY_DELETED else set()
    return {*columns[table], *(link if isinstance(link, tuple) else [link]), *kept,
            *(("action_id", "as_at") if latest_only else ())}  # fmt: skip


def _parent_column(table: str) -> str | tuple[str, str]:
    if table == "target_revision":
        return ("recommendation_id", "action_id")
    link = PARENTS[table]
    return link[0] if link else "id"


def _parent_ids(
    table: str, state: PlanState, known: dict[str, set[int]], scope: set[int] | None
) -> tuple[set[int], ...] | None:
    """The ids a row of ``table`` must hang off to be in scope (None: every row is)."""
    if scope is None:
        return None
    if table == "inspection":
        return (scope,)
    if table == "target_revision":
        return (known.get("recommendation", set()), known.get("action", set()))
    link = PARENTS[table]
    if link is None:
        return None if table in SHARED_BY_EVERY_INSPECTION else (set(),)
    return (known.get(link[1], set()),)


def _belongs(row: Row, column: str | tuple[str, str], parents: tuple[set[int], ...]) -> bool:
    if isinstance(column, tuple):
        return any(row.get(name) in ids for name, ids in zip(column, parents, strict=True))
    return row.get(column) in parents[0]


class _Later:
    """The changes of a table that took effect after the day (or were recorded after the day known on), in SQL.

    A row such a change *touched* is not read as it stands; of those, only the rows it *changed*
    (other than by their making), or that were ever removed outright (an undo of their making),
    may have stood on the day: only their history is folded. A row made after the day did not
    stand on it, however many of them there are (the updates of the last year, on a day of it).
    Both are read from the history's indexes alone (migration 0011).
    """

    def __init__(self, sql: Sql, table: str, effective: str, recorded: str | None) -> None:
        self.sql, self.table = sql, table
        self.clocks = [("effective_on", effective), *([("recorded_at", recorded)] if recorded else [])]

    def _rows(self, kind: str = "") -> tuple[str, list[Any]]:
        """The ids of the rows a later change (of ``kind``, an SQL condition on it: any when empty) touched."""
        parts = [f'SELECT row_id FROM "row_history" WHERE tbl = ? AND {clock} > ?{kind}' for clock, _ in self.clocks]
        return " UNION ALL ".join(parts), [v for _clock, day in self.clocks for v in (self.table, day)]

    def untouched(self, row_id: str) -> tuple[str, list[Any]]:
        """``row_id`` (an SQL expression) was touched by no later change."""
        if self.sql.postgres:  # an anti-join, whatever the number of rows touched (NOT IN would not be one)
            later = " OR ".join(f"h.{clock} > ?" for clock, _ in self.clocks)
            return (
                f'NOT EXISTS (SELECT 1 FROM "row_history" h WHERE h.tbl = ? AND h.row_id = {row_id} AND ({later}))',
                [self.table, *(day for _clock, day in self.clocks)],
            )
        touched, params = self._rows()  # gathered once, from the index alone
        return f"NOT {row_id} IN ({touched})", params

    def refolded(self, row_id: str) -> tuple[str, list[Any]]:
        """``row_id`` was changed later (but by its making), or touched later and ever removed outright."""
        changed, params = self._rows(" AND kind <> 'create'")
        plus = "" if self.sql.postgres else "+"  # SQLite: each removed row's own entries, not a clock's range per row
        later = " OR ".join(f"{plus}h.{clock} > ?" for clock, _ in self.clocks)
        removed = (
            "SELECT d.row_id FROM \"row_history\" d WHERE d.tbl = ? AND d.kind = 'delete' AND EXISTS "
            f'(SELECT 1 FROM "row_history" h WHERE h.tbl = d.tbl AND h.row_id = d.row_id AND ({later}))'
        )
        return f"{row_id} IN ({changed} UNION {removed})", [*params, self.table, *(day for _clock, day in self.clocks)]


def _clean_rows(
    sql: Sql,
    table: str,
    effective: str,
    recorded: str | None,
    parent: tuple[set[int], ...] | None,
    latest_only: bool = False,
    columns: Collection[str] | None = None,
) -> dict[int, Row]:
    """The rows no later change touched, as they stand (those in scope; ``latest_only``: see :func:`as_of`)."""
    conditions: list[str] = []
    params: list[Any] = []
    if effective != _SENTINEL_DAY or recorded:
        untouched, params = _Later(sql, table, effective, recorded).untouched("q.id")
        conditions.append(untouched)
    found: dict[int, Row] = {}
    if parent is not None and sum(len(ids) for ids in parent) > _CHUNK:
        parent = None  # many parents: one read of the whole table (the caller keeps those in scope) beats many
    column = _parent_column(table)
    for name, ids in zip(column if isinstance(column, tuple) else (column,), parent or (None,), strict=False):
        for chunk in _chunks(sorted(ids)) if ids is not None else [None]:
            marks = ", ".join("?" for _ in chunk or [])
            if latest_only and not conditions:  # as it stands: the update each action's pointer names
                query = f'SELECT {selected("q", columns)} FROM "progress_update" q JOIN "action" a '
                query += "ON a.latest_progress_id = q.id"
                query += f" WHERE q.action_id IN ({marks})" if chunk else ""
                read_rows(sql, query, list(chunk or []), found)
            elif latest_only:  # each action's latest untouched since the day, found through its index
                query = (
                    f'SELECT {selected("p", columns)} FROM "action" a JOIN "progress_update" p ON p.id = '
                    "(SELECT q.id FROM "
                    '"progress_update" q WHERE q.action_id = a.id AND q.deleted_at IS NULL AND q.as_at <= ? AND '
                    f"{conditions[0]} ORDER BY q.as_at DESC, q.id DESC LIMIT 1)"
                ) + (f" WHERE a.id IN ({marks})" if chunk else "")
                read_rows(sql, query, [effective, *params, *(chunk or [])], found)
            else:
                where = [*conditions, *([f'q."{name}" IN ({marks})'] if chunk else [])]
                query = f'SELECT {selected("q", columns)} FROM "{table}" q' + (
                    f" WHERE {' AND '.join(where)}" if where else ""
                )
                read_rows(sql, query, [*params, *(chunk or [])], found)
    return found


def _latest_per_action(rows: dict[int, Row], day: date | None) -> dict[int, Row]:
    """Of progress updates, each action's latest on or before ``day`` that was not removed."""
    limit = day.isoformat() if day is not None else _SENTINEL_DAY
    latest: dict[int, Row] = {}
    for row in rows.values():
        if row.get("deleted_at") or row["as_at"] > limit:
            continue
        kept = latest.get(row["action_id"])
        if kept is None or (row["as_at"], row["id"]) > (kept["as_at"], kept["id"]):
            latest[row["action_id"]] = row
    return {row["id"]: row for row in latest.values()}


def _folded_rows(
    sql: Sql, table: str, effective: str, recorded: str | None, columns: Collection[str] | None = None
) -> Callable[[], dict[int, Row]]:
    """The rows a later change touched that may have stood on the day, as the history puts them together for it.

    Asked now, read when called: on a server, answered with the next statement's.
    """
    if effective == _SENTINEL_DAY and not recorded:
        return dict
    refolded, extra = _Later(sql, table, effective, recorded).refolded('"row_history".row_id')
    known = " AND recorded_at <= ?" if recorded else ""
    history_rows = sql.fetch_later(
        'SELECT row_id, effective_on, recorded_at, kind, new FROM "row_history" '
        f"WHERE tbl = ? AND effective_on <= ?{known} AND {refolded} ORDER BY id",
        [table, effective, *([recorded] if recorded else []), *extra],
    )

    def rows() -> dict[int, Row]:
        folded = {
            row_id: trimmed(fold(changes, effective, recorded), columns)
            for row_id, changes in changes_by_row(history_rows()).items()
        }
        return {row_id: row for row_id, row in folded.items() if row is not None}

    return rows


def as_of_days(
    sql: Sql,
    days: Iterable[date],
    known_on: date | None = None,
    *,
    tables: Iterable[str] = TRACKED,
    inspection_ids: Iterable[int] | None = None,
    columns: Mapping[str, Collection[str]] | None = None,
) -> Iterator[PlanState]:
    """The plan as it stood at the end of each of ``days``, earliest first: :func:`as_of` of each day.

    The tables and their history are read once and walked forward, each row put together again
    (by the same fold) only on the days a change of it took effect, so that forty quarters cost
    about one reading. The states share the rows that did not change between them: read them,
    never change them. ``columns``: as :func:`as_of`'s. Read inside one snapshot (the caller's).
    """
    ordered = sorted(set(days))
    if not ordered:
        return
    if len(ordered) == 1:  # one day: the tables as they stand, the history of what changed after (no walk)
        yield as_of(sql, ordered[0], known_on, tables=tables, inspection_ids=inspection_ids, columns=columns)
        return
    recorded = f"{known_on.isoformat()} 23:59:59" if known_on is not None else None
    wanted = list(tables)
    scope = set(inspection_ids) if inspection_ids is not None else None
    names = _ordered(wanted) if scope is not None else [t for t in TRACKED if t in wanted]
    walks = {
        table: TableWalk(sql, table, [d.isoformat() for d in ordered], recorded, _columns(table, columns, False))
        for table in names
    }
    for index, day in enumerate(ordered):
        state = PlanState(day, known_on)
        parents_known: dict[str, set[int]] = {}
        for table in names:
            rows = walks[table].rows_at(index)
            parent = _parent_ids(table, state, parents_known, scope)
            if parent is not None:
                column = _parent_column(table)
                rows = {i: r for i, r in rows.items() if _belongs(r, column, parent)}
            state.rows[table] = rows
            parents_known[table] = set(rows)
        for table in [t for t in state.rows if t not in wanted]:
            del state.rows[table]
        yield state


def recorded_later(sql: Sql, day: date) -> bool:
    """Whether anything that took effect by the end of ``day`` was recorded after it (a late closure, an undo)."""
    after = f"{day.isoformat()} 23:59:59"
    for table in TRACKED:
        if sql.execute(
            'SELECT 1 FROM "row_history" WHERE tbl = ? AND recorded_at > ? AND effective_on <= ? LIMIT 1',
            (table, after, day.isoformat()),
        ).fetchone():
            return True
    return False


def field_days(sql: Sql, table: str, ids: Iterable[int]) -> dict[int, dict[str, date]]:
    """For each row, the day each field's value took effect (the latest recorded change that set it).

    ``storage.field_times`` gives when each became known beside it.
    """
    return {
        row_id: {name: since.took_effect for name, since in times.items()}
        for row_id, times in field_times(sql, table, ids).items()
    }


def made_on(sql: Sql, table: str, row_id: int) -> tuple[date, date] | None:
    """The day a row exists from and the day its making was recorded (None: the history has no making of it)."""
    found = sql.execute(
        """SELECT effective_on, recorded_at FROM "row_history" WHERE tbl = ? AND row_id = ? AND kind = 'create' """
        "ORDER BY id LIMIT 1",
        (table, row_id),
    ).fetchone()
    return (date.fromisoformat(str(found[0])[:10]), date.fromisoformat(str(found[1])[:10])) if found else None


def value_before(sql: Sql, table: str, row_id: int, name: str, day: date) -> Any:
    """The value ``name`` of a row had at the end of the day before ``day`` (None: none, or no row)."""
    cursor = sql.execute(
        'SELECT kind, new FROM "row_history" WHERE tbl = ? AND row_id = ? AND effective_on < ? ORDER BY id',
        [table, row_id, day.isoformat()],
    )
    value = None
    for kind, new in cursor.fetchall():
        if kind == "delete":
            value = None
            continue
        data = json.loads(new)
        if kind == "create" or name in data:
            value = data.get(name)
    return value


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
