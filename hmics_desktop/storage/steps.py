"""A step: one write transaction, journalled row by row, written to the history and the audit trail.

Every change to the plan is a step (an edit, an import, an undo, a redo). :func:`record_step`
runs it, collects the rows it changed (``storage.journal``), dates each change
(``domain.effective``: the day an edit is made, a file's As at date, a dated fact's own date)
and writes the history entries and the audit rows in the same transaction.
:func:`undo_step` and :func:`redo_step` put the rows back (``storage.replay``) and record the
withdrawal (or the restatement) of the step's entries, dated as the step's own were: an undo
is a new change that withdraws the old one, so the plan as at any day reads as if the step had
never been made, while what was known before the undo stays on record. An undo's entries name
the step they withdraw (``row_history.undoes``), so that when a value became known is read
without the step (``storage.field_times``); a redo is a step of its own, which counts again.
What an import's files confirmed without changing it (``storage.confirmations``) is recorded
with the step, withdrawn by its undo and recorded again by its redo; an import that changes
nothing but confirms is a step of its own (``Step.made_anything``), named for what it confirmed.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from hmics_desktop.domain import clock
from hmics_desktop.domain.effective import Entry, StepDays
from hmics_desktop.storage import confirmations, journal, replay
from hmics_desktop.storage.audit import newest_entry_later, who, write_audit
from hmics_desktop.storage.confirmations import Confirmed
from hmics_desktop.storage.journal import RowChange
from hmics_desktop.storage.models import database
from hmics_desktop.storage.plan_database import READS_FIRST, SavedUnanswered
from hmics_desktop.storage.sql import Sql


@dataclass
class When:
    """When a step's changes take effect: ``day`` (default today) for an edit or a file's As at date.

    ``from_file``: the step writes a file's plans. ``segments`` (filled while it runs): the
    journal position at which each of several files' plans begins, with that file's day.
    ``confirmed`` (filled while it runs): the fields its files said again as they stood.
    """

    day: date | None = None
    from_file: bool = False
    segments: list[tuple[Callable[[], int], date]] = field(default_factory=list)  # (position, read later; day)
    confirmed: Confirmed = field(default_factory=Confirmed)

    def begin_file(self, day: date) -> None:
        """The changes made from here on take effect on ``day`` (the next plan of a multi-plan import)."""
        self.segments.append((journal.position(database.sql()), day))


Trail = tuple[int, int]
"""The audit trail's newest row just before a step wrote (what others had written by then) and just after it.

Writers take their turns (the write lock), so the rows between are the step's own: a window
that had seen the first number has seen everything but its own step once the step is done.
"""


@dataclass
class Step:
    """A step done: exactly the rows it changed and their dated entries, so undo and redo replay only those.

    ``number``: its number in the history as it stands (a redo's once redone; None: it wrote none).
    """

    description: str
    changes: list[RowChange]
    entries: list[Entry] = field(default_factory=list)
    trail: Trail | None = (0, 0)  # the audit trail before and after the step (see ``Trail``; None: not known)
    number: int | None = None
    confirmed: Confirmed = field(default_factory=Confirmed)

    @property
    def made_anything(self) -> bool:
        """Whether it changed a row or recorded a confirmation: a step to undo (else it made nothing)."""
        return bool(self.changes or self.confirmed)


def record_step(
    description: str,
    apply: Callable[[], object],
    when: When | None = None,
    first_reads: Callable[[Sql], object] | None = None,
) -> Step:
    """Do ``apply`` in one write transaction, journalled, with its history and audit rows.

    ``first_reads``: reads ``apply`` decides by, made first (they change nothing and keep what they
    read for ``apply``); on a server they go with the write lock's request, in one round trip, and are
    made again should another program have held the lock then.
    """
    when = when or When()
    try:
        with _no_cycle_collection(), database.atomic(READS_FIRST if first_reads else None):
            sql = database.sql()
            journal.start(sql)  # on a server, sent with the next read's round trip
            before = newest_entry_later(sql)  # … as this is
            if first_reads is not None:
                first_reads(sql)
                if not database.held_since_begun():  # read while another program wrote: read again, under the lock
                    before = newest_entry_later(sql)
                    first_reads(sql)
            apply()
            published, taken = _asked_with_the_journal(sql)
            changes = journal.collect(sql)
            entries = _dated(sql, changes, when, published)
            confirmed = when.confirmed.without(_fields_set(entries)) if when.confirmed else when.confirmed
            if confirmed and not changes:  # a file that says again what is held: a step all the same, named so
                description = confirmed.only(description)
            number = _write(sql, changes, entries, sentence(description), confirmed, taken=taken)
            after = newest_entry_later(sql)  # on a server, answered with the COMMIT
    except SavedUnanswered as saved:
        # Committed, the answer lost: the step is known all the same (its rows, its number, taken before the
        # COMMIT); the audit trail after it is not (the window reads everything again).
        saved.step = Step(description, changes, entries, None, number, confirmed)
        raise
    return Step(description, changes, entries, (before(), after()), number, confirmed)


def undo_step(step: Step) -> Trail:
    """Put back the rows ``step`` changed and record the withdrawal of its entries (raises ``ReplayConflict``)."""
    with database.atomic():
        sql = database.sql()
        before = newest_entry_later(sql)
        made = replay.revert(sql, step.changes)
        inverse = [entry.inverse() for entry in reversed(step.entries)]
        _write(sql, made, inverse, f"Undone: {step.description}", step.confirmed, undoes=step.number)
        after = newest_entry_later(sql)
    return before(), after()


def redo_step(step: Step) -> Trail:
    """Make ``step``'s changes again, dated as they were first (raises ``ReplayConflict``)."""
    with database.atomic():
        sql = database.sql()
        before = newest_entry_later(sql)
        made = replay.reapply(sql, step.changes)
        step.number = _write(sql, made, step.entries, f"Redone: {step.description}", step.confirmed)
        after = newest_entry_later(sql)
    return before(), after()


def _asked_with_the_journal(sql: Sql) -> tuple[Callable[[], dict[int, str | None]] | None, Callable[[], int] | None]:
    """On a server, what dating and writing a step's entries need, asked with the journal's read (no wait of its own).

    Every inspection's publication day (a few rows), and a number for the step: taken from the history's
    sequence even should the step write nothing (a gap, as after a rollback). On a file: None, None.
    """
    if not sql.postgres:
        return None, None
    from hmics_desktop.storage import history

    rows = sql.fetch_later('SELECT id, published FROM "inspection"')
    return (lambda: {int(row_id): published for row_id, published in rows()}), history.step_number_later(sql)


def _fields_set(entries: list[Entry]) -> set[tuple[str, int, str]]:
    return {(e.table, e.row_id, name) for e in entries for name in e.new or ()}


def _write(
    sql: Sql,
    changes: list[RowChange],
    entries: list[Entry],
    description: str,
    confirmed: Confirmed,
    undoes: int | None = None,
    taken: Callable[[], int] | None = None,
) -> int | None:
    """Write the step's history, confirmations (an undo's: their withdrawal) and audit rows; its number.

    ``taken``: the step's number, taken already (on a server, with the journal's read).
    """
    by_row: dict[tuple[str, int], list[Entry]] = {}
    for entry in entries:
        by_row.setdefault((entry.table, entry.row_id), []).append(entry)

    def day_of(table: str, row_id: int, name: str | None) -> date | None:
        """The day of the row's last entry that sets ``name``, else of its first entry (None: the row has none)."""
        row_entries = by_row.get((table, row_id))
        if not row_entries:
            return None
        if name is not None:
            for entry in reversed(row_entries):
                if name in (entry.new or entry.old or {}):
                    return entry.day
        return row_entries[0].day

    from hmics_desktop.storage import history  # loaded by the first change: the window shows without it

    number = None
    if entries or confirmed:
        number = taken() if taken is not None else history.new_step(sql, writes_entries=bool(entries))
    stamp = clock.stamp()
    if number is not None:
        history.write_history(sql, entries, stamp, number, undoes)
    if number is not None and confirmed:
        if undoes is None:
            confirmations.write(sql, number, stamp, confirmed, description, who(sql))
        else:
            confirmations.withdraw(sql, number, stamp, undoes, confirmed, description, who(sql))
    write_audit(sql, changes, description, day_of, stamp)  # at the time of its history and confirmations
    return number


def _dated(
    sql: Sql, changes: list[RowChange], when: When, publications: Callable[[], dict[int, str | None]] | None = None
) -> list[Entry]:
    """The step's dated history entries; ``publications``: every inspection's publication day, read already."""
    from hmics_desktop.storage import history

    today = clock.today()

    @cache
    def published(inspection_id: int) -> str | None:
        if publications is not None:
            return publications().get(inspection_id)
        row = sql.execute('SELECT published FROM "inspection" WHERE id = ?', (inspection_id,)).fetchone()
        return row[0] if row else None

    def before(table: str, row_id: int, name: str, day: date) -> object:
        return history.value_before(sql, table, row_id, name, day)

    def made(table: str, row_id: int) -> tuple[date, date] | None:
        return history.made_on(sql, table, row_id)

    days = StepDays(when.day or today, when.from_file, published, before, made)
    segments = sorted((position(), day) for position, day in when.segments)
    day_at: dict[tuple[str, int], date] = {}
    for index, change in enumerate(changes):
        while segments and segments[0][0] <= index:
            days.day = segments.pop(0)[1]
        day_at.setdefault((change.table, change.row_id), days.day)
    entries: list[Entry] = []
    add, made_known = entries.extend, Entry.__new__
    for change in history.net_changes(changes):
        day = days.day = day_at[(change.table, change.row_id)]
        stepped = history.change_entries(change, days)
        if when.from_file:  # known on the file's day (made directly: ``_replace`` costs thrice as much)
            add([made_known(Entry, table, row_id, on, kind, old, new, day)
                 for table, row_id, on, kind, old, new, _known in stepped])  # fmt: skip
        else:
            add(stepped)
    return entries


def sentence(description: str) -> str:
    return description[:1].upper() + description[1:]


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector held off while a step runs, and set back as it was after.

    A large step (an import) makes tens of thousands of objects (rows, row changes, audit rows)
    that all outlive it, which the collector would walk again and again for nothing (about a
    tenth of an import's writing). Memory is still freed as usual; any cycle is collected later.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
