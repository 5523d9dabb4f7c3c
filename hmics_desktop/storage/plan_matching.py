"""Which records a file's plan speaks of: matched through the plan as it stood on the file's date.

A file as at F names its inspection, recommendations and actions as they were named and
numbered on F. So they are matched against the plan as it stood on F (``storage.history``):
an inspection renamed since is still found by the name it had, a recommendation merged into
another inspection or an action moved to another number since is still the same record. What
F does not know (an item made after it, or a plan never imported before) is matched by the
name and number it has now; the rest is new.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from hmics_desktop.domain.control_characters import without_control_characters
from hmics_desktop.domain.effective import day_of
from hmics_desktop.domain.numbering import ActionNumber, NumberError
from hmics_desktop.domain.plan import Plan
from hmics_desktop.storage import history
from hmics_desktop.storage.journal import Row
from hmics_desktop.storage.sql import Sql


@dataclass
class Matches:
    """The records a file's plan speaks of, by the file's own names and numbers."""

    inspection_id: int | None = None  # the inspection matched (None: a new one)
    into_id: int | None = None  # where its new items go: the inspection, or the one it was merged into since
    deleted_after: date | None = None  # the matched inspection was deleted (or merged) after the file's date
    renamed_from: str | None = None  # the file's name, when the inspection is called otherwise now
    recommendations: dict[tuple[str, int], int] = field(default_factory=dict)  # (kind, number) → id
    actions: dict[tuple[str, str], int] = field(default_factory=dict)  # (kind, "N.M") → id
    numbers_then: dict[int, str] = field(default_factory=dict)  # action id → its number on the file's date


def match_plan(sql: Sql, plan: Plan, file_day: date) -> Matches:
    """Find the records ``plan`` (as at ``file_day``) speaks of."""
    found = Matches()
    title = without_control_characters(plan.inspection)  # the name as the database keeps it
    inspection_id = _inspection(sql, title, file_day)
    if inspection_id is None:
        return found
    found.inspection_id = found.into_id = inspection_id
    then = history.as_of(sql, file_day, tables=("recommendation", "action"), inspection_ids=[inspection_id])
    current = sql.execute('SELECT title, deleted_at FROM "inspection" WHERE id = ?', (inspection_id,)).fetchone()
    if current[0] != title:
        found.renamed_from = plan.inspection
    if current[1] is not None:
        deleted = history.field_days(sql, "inspection", [inspection_id]).get(inspection_id, {}).get("deleted_at")
        if deleted is not None and deleted > file_day:
            found.deleted_after = deleted
            found.into_id = _merged_into(sql, inspection_id, then)
    _recommendations(sql, plan, found, then)
    _actions(sql, plan, found, then)
    return found


def _inspection(sql: Sql, title: str, file_day: date) -> int | None:
    """The inspection called ``title`` on the file's date, else now, else at any time (deleted ones too).

    Only an inspection that is kept (softly deleted ones included) is found: one made by a step since undone
    is gone, and its name names nothing.
    """
    asked = [  # asked with the reads of the inspections as they stood: one round trip on a server
        sql.fetch_later('SELECT id FROM "inspection"'),
        sql.fetch_later('SELECT id FROM "inspection" WHERE title = ?', (title,)),
        # an inspection an undo took away is in the history, never in the table
        sql.fetch_later(
            "SELECT row_id, new FROM \"row_history\" WHERE tbl = 'inspection' AND kind IN ('create', 'update') "
            'AND row_id IN (SELECT id FROM "inspection") ORDER BY id'
        ),
    ]
    then = history.as_of(sql, file_day, tables=("inspection",))
    kept, named, recorded = (rows() for rows in asked)
    kept_ids = {int(row_id) for (row_id,) in kept}
    for inspection_id, row in sorted(then.rows["inspection"].items()):
        if row["title"] == title and inspection_id in kept_ids:
            return inspection_id
    if named:
        return int(named[0][0])
    for row_id, new in recorded:
        if json.loads(new).get("title") == title:
            return int(row_id)
    return None


def _merged_into(sql: Sql, inspection_id: int, then: history.PlanState) -> int | None:
    """The inspection the recommendations of the file's date now belong to (None: they were deleted with it)."""
    ids = list(then.rows["recommendation"])
    owners: Counter[int] = Counter()
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ", ".join("?" for _ in chunk)
        for (owner,) in sql.execute(
            f'SELECT inspection_id FROM "recommendation" WHERE id IN ({marks}) AND deleted_at IS NULL', chunk
        ):
            owners[int(owner)] += 1
    owners.pop(inspection_id, None)
    return owners.most_common(1)[0][0] if owners else None


def _current_rows(sql: Sql, query: str, params: Sequence[object]) -> list[Row]:
    cursor = sql.execute(query, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _recommendations(sql: Sql, plan: Plan, found: Matches, then: history.PlanState) -> None:
    by_number_then = {(r["kind"], r["number"]): r["id"] for r in then.rows["recommendation"].values()}
    now = _current_rows(
        sql,
        'SELECT id, kind, number FROM "recommendation" WHERE inspection_id IN (?, ?)',
        [found.inspection_id, found.into_id or found.inspection_id],
    )
    by_number_now = {(r["kind"], r["number"]): r["id"] for r in now}
    taken: set[int] = set()
    for planned in plan.recommendations:
        key = (planned.kind, planned.number)
        rec_id = by_number_then.get(key)
        if rec_id is None or rec_id in taken:
            rec_id = by_number_now.get(key)
        if rec_id is not None and rec_id not in taken:
            found.recommendations[key] = rec_id
            taken.add(rec_id)


def _actions(sql: Sql, plan: Plan, found: Matches, then: history.PlanState) -> None:
    rec_ids = sorted(set(found.recommendations.values()))
    then_by_place = {(a["recommendation_id"], a["position"]): a["id"] for a in then.rows["action"].values()}
    rec_numbers_then = {r["id"]: r["number"] for r in then.rows["recommendation"].values()}
    for action in then.rows["action"].values():
        number = rec_numbers_then.get(action["recommendation_id"])
        if number is not None:
            found.numbers_then[action["id"]] = f"{number}.{action['position']}"
    now_by_place: dict[tuple[int, int], int] = {}
    for start in range(0, len(rec_ids), 900):
        chunk = rec_ids[start : start + 900]
        marks = ", ".join("?" for _ in chunk)
        for row in _current_rows(
            sql, f'SELECT id, recommendation_id, position FROM "action" WHERE recommendation_id IN ({marks})', chunk
        ):
            now_by_place[(row["recommendation_id"], row["position"])] = row["id"]
    taken: set[int] = set()
    for planned in plan.recommendations:
        rec_id = found.recommendations.get((planned.kind, planned.number))
        if rec_id is None:
            continue
        for planned_action in planned.actions:
            try:
                position = ActionNumber.parse(planned_action.number).position
            except NumberError:
                continue
            action_id = then_by_place.get((rec_id, position))
            if action_id is None or action_id in taken:
                action_id = now_by_place.get((rec_id, position))
            if action_id is not None and action_id not in taken:
                found.actions[(planned.kind, planned_action.number)] = action_id
                taken.add(action_id)


def deleted_day(days: dict[str, date], row: Row) -> date | None:
    """The day a deleted record was deleted (the day its deletion took effect), where known."""
    return days.get("deleted_at") or day_of(row.get("deleted_at"))
