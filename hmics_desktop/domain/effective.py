"""When each change takes effect: the valid time of every row change the history records.

Every change has the day it took effect, beside the time it was recorded:

- an edit made in the window (text, owner, target, a deletion, a merge, a move, a rename)
  takes effect the day it is made;
- what a file brings takes effect on the file's As at date;
- a dated fact takes effect on its own date: a progress update on its As at date, a target
  revision on the day it was revised, evidence on the day it was sent and HMICS's answer on
  the day it came, a closure on its closure date (with its "What we did and the impact", which
  belongs to it: a closure typed in late brings both from its date);
- an item exists from the day it was made, except a recommendation (or area for
  development), which exists from its inspection's publication date when that is known (it
  is HMICS's, made when the report was published), and what a file brings for an
  inspection it creates, which exists from that inspection's publication date too. What
  such an item holds of the plan's progress (status, position, next steps…) takes effect
  on the day it was recorded (the file's As at date), never before.

An item deleted soon after it was recorded (within :data:`MISTAKE_DAYS`) was made by mistake: its
deletion takes effect from the day it exists from, so that it stands on no paper (see
:meth:`StepDays.deleted_by_mistake`). Restored, it stands from that day again.

What a file brings also became known on the file's As at date (an edit: the day it is recorded),
which an older file imported later asks (``domain.reimport_rules``).

A row change becomes one or more :class:`Entry` values (a change whose fields take effect
on different days is split by day). A dated fact whose date is corrected is withdrawn from
its old date and stated again from its new one, so that the plan as at any day between the
two reads as if the new date had been recorded from the start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from hmics_desktop.domain import clock

Row = dict[str, Any]

# The fields of an item that say how far its plan has got (not what the item is): they take
# effect when recorded, even when the item itself exists from an earlier day.
PROGRESS_FIELDS: dict[str, frozenset[str]] = {
    "inspection": frozenset({"as_at", "plan_title", "challenges_risks"}),
    "recommendation": frozenset(
        {
            "status",
            "status_text",
            "closed_on",
            "position",
            "impact",
            "standing_override",
            "standing_override_reason",
            "delay_reason",
            "delay_category",
        }
    ),
    "action": frozenset({"status", "status_text", "next_steps"}),
}
# What a progress field holds before anything was recorded of it.
BEFORE_RECORDED: dict[str, Row] = {"recommendation": {"status": "open"}}
# Rows that are themselves a dated fact: they exist from the date in this column.
DATED_ROWS = {"progress_update": "as_at", "target_revision": "revised_on", "evidence_submission": "sent_on"}
# Fields of a dated row that are a later fact of their own, dated by another column.
LATER_FACTS = {"evidence_submission": ("response_on", frozenset({"response", "response_on", "response_text"}))}
# A closure's fields: they take effect on its closure date, "What we did and the impact" with them.
CLOSURE_FIELDS = frozenset({"status", "status_text", "closed_on", "impact"})
MISTAKE_DAYS = 7  # an item deleted within a week of being recorded was made by mistake


class Entry(NamedTuple):
    """One dated entry of the history: ``kind`` create (``new`` the whole row), update or delete (``old``)."""

    table: str
    row_id: int
    day: date
    kind: str  # "create", "update", "delete"
    old: Row | None
    new: Row | None
    known: date | None = None  # the day it became known: a file's As at date (None: the day it is recorded)

    def inverse(self) -> Entry:
        """The entry that withdraws this one, from the same day (what an undo records)."""
        kind = {"create": "delete", "delete": "create"}.get(self.kind, self.kind)
        return Entry(self.table, self.row_id, self.day, kind, self.new, self.old, self.known)


def day_of(value: Any) -> date | None:
    """The first day a stored date or time speaks for: ``2022-09`` → 1 September 2022."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return _day_of_text(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=4096)  # a step's rows share a few hundred days: each read once
def _day_of_text(text: str) -> date | None:
    try:
        return date(int(text[0:4]), int(text[5:7]), int(text[8:10]) if len(text) >= 10 else 1)
    except ValueError:
        return None


@dataclass
class StepDays:
    """How the changes of one step take effect.

    ``day``: the day an edit is made, or a file's As at date. ``from_file``: the step writes a
    file's plan (its new items exist from their inspection's publication date when the
    inspection is new too). ``published``: looks up an inspection's publication date by id.
    ``before``: the value a field had on the day before a given day (to withdraw a closure
    whose date is corrected to a later one). ``made``: the day a row exists from and the day its
    making was recorded (None: not known).
    """

    day: date
    from_file: bool = False
    published: Callable[[int], Any] = lambda _inspection_id: None
    before: Callable[[str, int, str, date], Any] = lambda _table, _row_id, _name, _day: None
    made: Callable[[str, int], tuple[date, date] | None] = lambda _table, _row_id: None
    _made: dict[tuple[str, int], date] = field(default_factory=dict)  # the creation day of rows made here
    _today: date = field(default_factory=clock.today)  # the step's today (read once: a step is one moment)
    _new_inspections: set[int] = field(default_factory=set)

    def entries(self, table: str, row_id: int, old: Row | None, new: Row | None) -> list[Entry]:
        """The dated entries of one row change (columns the database keeps by itself left out by the caller)."""
        if old is None and new is not None:
            return self._created(table, row_id, new)
        if new is None:
            return [Entry(table, row_id, self.day, "delete", old, None)]
        assert old is not None
        return self._updated(table, row_id, old, new)

    # -- items made --------------------------------------------------------------------------

    def _created(self, table: str, row_id: int, row: Row) -> list[Entry]:
        if table in DATED_ROWS:
            return self._dated_row(table, row_id, row)
        exists_from = self._exists_from(table, row)
        self._made[(table, row_id)] = exists_from
        if table == "inspection":
            self._new_inspections.add(row_id)
        progress = PROGRESS_FIELDS.get(table, frozenset())
        if exists_from >= self.day or not progress:
            return self._closure_split(table, row_id, None, row, exists_from)
        # The item exists from an earlier day; its progress is what was recorded on this step's day.
        blank = {**row, **{name: BEFORE_RECORDED.get(table, {}).get(name) for name in progress}}
        later = {name: row[name] for name in progress if row.get(name) != blank.get(name)}
        entries = [Entry(table, row_id, exists_from, "create", None, blank)]
        if later:
            entries += self._closure_split(table, row_id, {n: blank[n] for n in later}, later, self.day, blank)
        return entries

    def _exists_from(self, table: str, row: Row) -> date:
        if table == "inspection":
            return self._not_after(day_of(row.get("published")) if self.from_file else None)
        if table == "recommendation":
            return self._not_after(day_of(self.published(row["inspection_id"])))
        if table == "action" and self.from_file:
            parent = self._made.get(("recommendation", row["recommendation_id"]))
            return parent if parent is not None and self._in_new_inspection(row) else self.day
        if table == "action_link":
            return self._made.get(("action", row["action_id"]), self.day)
        return self.day

    def _in_new_inspection(self, row: Row) -> bool:
        return bool(self._new_inspections) and ("recommendation", row["recommendation_id"]) in self._made

    def _not_after(self, day: date | None) -> date:
        """``day``, but never after today (a fact dated later takes effect today); None: the step's day."""
        return min(day, max(self.day, self._today)) if day is not None else self.day

    def _dated_row(self, table: str, row_id: int, row: Row) -> list[Entry]:
        on = self._not_after(day_of(row.get(DATED_ROWS[table])))
        later = LATER_FACTS.get(table)
        if later is None or row.get(later[0]) is None:
            return [Entry(table, row_id, on, "create", None, row)]
        column, names = later
        first = {**row, **{name: None for name in names}}
        answer = {name: row[name] for name in names if row.get(name) is not None}
        answered = max(on, self._not_after(day_of(row[column])))
        return [Entry(table, row_id, on, "create", None, first),
                Entry(table, row_id, answered, "update", {n: None for n in answer}, answer)]  # fmt: skip

    # -- items changed -----------------------------------------------------------------------

    def _updated(self, table: str, row_id: int, old: Row, new: Row) -> list[Entry]:
        changed = [name for name in new if name != "id" and old.get(name) != new.get(name)]
        if not changed:
            return []
        if "deleted_at" in changed and old.get("deleted_at") is None and new["deleted_at"] is not None:
            mistake = self.deleted_by_mistake(table, row_id)
            if mistake is not None:
                deleted = Entry(
                    table, row_id, mistake, "update", {"deleted_at": None}, {"deleted_at": new["deleted_at"]}
                )
                return [deleted, *self._updated(table, row_id, old, {**new, "deleted_at": None})]
        if "deleted_at" in changed and old.get("deleted_at") is not None and new["deleted_at"] is None:
            back = self.restored_from(table, row_id)
            if back is not None:
                restored = Entry(table, row_id, back, "update", {"deleted_at": old["deleted_at"]}, {"deleted_at": None})
                return [restored, *self._updated(table, row_id, {**old, "deleted_at": None}, new)]
        if table in DATED_ROWS and DATED_ROWS[table] in changed:
            return self._redated(table, row_id, old, new)
        groups: dict[str, list[str]] = {"step": [], "later": []}
        later = LATER_FACTS.get(table)
        for name in changed:
            groups["later" if later and name in later[1] else "step"].append(name)
        entries = []
        if groups["step"]:
            names = groups["step"]
            entries += self._closure_split(
                table, row_id, {n: old.get(n) for n in names}, {n: new[n] for n in names}, self.day, old
            )
        if groups["later"] and later is not None:
            on = self._not_after(day_of(new.get(later[0]))) if new.get(later[0]) is not None else self.day
            names = groups["later"]
            entries.append(Entry(table, row_id, on, "update", {n: old.get(n) for n in names},
                                 {n: new[n] for n in names}))  # fmt: skip
        return entries

    def deleted_by_mistake(self, table: str, row_id: int) -> date | None:
        """The day a deletion takes effect from when the item was made by mistake; None: it was not.

        An item deleted within :data:`MISTAKE_DAYS` of the day its making was recorded was made by
        mistake (a recommendation typed into the wrong inspection, an action added twice): it never
        stood, so its deletion takes effect from the day it exists from (a recommendation: its
        inspection's publication) and no paper of the days between shows it. A paper made on one of
        those days, made again, says it was "recorded on … and deleted on …"; so does its History.
        """
        made = self.made(table, row_id)
        if made is None or (clock.today() - made[1]).days > MISTAKE_DAYS:
            return None
        return made[0]

    def restored_from(self, table: str, row_id: int) -> date | None:
        """The day a restored item stands again from when its deletion was dated back as a mistake; None: it was not.

        Restoring it says the deletion, not the making, was the mistake: the item stands from the
        day it exists from again, as it would had it never been deleted.
        """
        made = self.made(table, row_id)
        if made is None or self.before(table, row_id, "deleted_at", made[0] + timedelta(days=1)) is None:
            return None
        return made[0]

    def _redated(self, table: str, row_id: int, old: Row, new: Row) -> list[Entry]:
        """A dated fact moved to another date: withdrawn from the old one when later, stated from the new."""
        was = self._not_after(day_of(old.get(DATED_ROWS[table])))
        now = self._not_after(day_of(new.get(DATED_ROWS[table])))
        entries = []
        if now > was:
            entries.append(Entry(table, row_id, was, "delete", old, None))
        entries.append(Entry(table, row_id, min(now, self.day), "create", None, new))
        return entries

    def _closure_split(
        self, table: str, row_id: int, old: Row | None, new: Row, day: date, whole_old: Row | None = None
    ) -> list[Entry]:
        """Entries for ``new`` on ``day``, the closure fields of a closed recommendation on its closure date."""
        base = whole_old or {}
        closed_on = None
        if table == "recommendation" and new.get("status", base.get("status")) == "closed":
            closed_on = day_of(new.get("closed_on", base.get("closed_on")))
        if old is None:
            if closed_on is None or self._not_after(closed_on) <= day:
                return [Entry(table, row_id, day, "create", None, new)]
            # made closed on a day after it exists: open until its closure
            before = {**new, **{n: BEFORE_RECORDED.get(table, {}).get(n) for n in CLOSURE_FIELDS}}
            closure = {n: new.get(n) for n in CLOSURE_FIELDS}
            return [Entry(table, row_id, day, "create", None, before),
                    Entry(table, row_id, self._not_after(closed_on), "update",
                          {n: before[n] for n in closure}, closure)]  # fmt: skip
        if closed_on is None or not CLOSURE_FIELDS & set(new):
            return [Entry(table, row_id, day, "update", old, new)]
        entries = []
        rest = {n: new[n] for n in new if n not in CLOSURE_FIELDS}
        if rest:
            entries.append(Entry(table, row_id, day, "update", {n: old[n] for n in rest}, rest))
        closure_day = self._not_after(closed_on)
        was = {n: old.get(n, base.get(n)) for n in CLOSURE_FIELDS}
        closure = {n: new.get(n, base.get(n)) for n in CLOSURE_FIELDS}
        was_closed_on = day_of(was["closed_on"]) if was["status"] == "closed" else None
        if was_closed_on is not None and self._not_after(was_closed_on) < closure_day:
            # the closure is dated later than it was: from its old date to its new one it was not closed
            old_day = self._not_after(was_closed_on)
            undone = {n: self.before(table, row_id, n, old_day) for n in CLOSURE_FIELDS}
            undone["status"] = undone["status"] or BEFORE_RECORDED[table]["status"]
            entries.append(Entry(table, row_id, old_day, "update", was, undone))
        entries.append(Entry(table, row_id, closure_day, "update", was, closure))
        return entries
