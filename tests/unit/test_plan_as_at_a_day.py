"""The plan as at a day reads the history only of the rows that may have stood on the day.

A row made after the day did not stand on it, and is not folded (``storage.history.as_of``
leaves out the history of every row only made later: the updates of the last year, on a day of
it). A row removed outright is folded whenever a later change touched it, even when only a
making was later: its history may put it back on the day in an order the application's own
steps never write (a removal dated before the making it removes, as a history made from an old
audit trail can have it).
"""

from __future__ import annotations

from datetime import date

from hmics_desktop.domain.effective import Entry
from hmics_desktop.storage import history
from hmics_desktop.storage.models import database


def _made_removed_made_again(first: date, removed: date, again: date) -> int:
    """An owner whose history is: made (dated ``first``), removed outright, made again, recorded in that order."""
    sql = database.sql()
    with database.atomic():
        owner = sql.insert('INSERT INTO "owner" (name) VALUES (?)', ("Made again",))
        row = {"id": owner, "name": "Made again", "email": None, "grp": None}
        history.insert_entries(sql, [
            (901, "2024-01-01 10:00:00", [Entry("owner", owner, first, "create", None, {**row, "name": "First"})]),
            (902, "2024-01-02 10:00:00", [Entry("owner", owner, removed, "delete", {**row, "name": "First"}, None)]),
            (903, "2024-01-03 10:00:00", [Entry("owner", owner, again, "create", None, row)]),
        ])  # fmt: skip
    return owner


def test_a_row_removed_outright_stands_as_its_history_puts_it_back(plan_db) -> None:
    owner = _made_removed_made_again(date(2024, 1, 20), date(2024, 1, 10), date(2024, 1, 5))
    with database.snapshot():
        sql = database.sql()
        on = {day: history.as_of(sql, day, tables=("owner",)).rows["owner"].get(owner) for day in
              (date(2024, 1, 4), date(2024, 1, 7), date(2024, 1, 15), date(2024, 1, 25))}  # fmt: skip
    assert on[date(2024, 1, 4)] is None
    assert on[date(2024, 1, 7)] == on[date(2024, 1, 15)] == on[date(2024, 1, 25)]
    assert on[date(2024, 1, 15)] is not None and on[date(2024, 1, 15)]["name"] == "Made again"


def test_a_row_made_after_the_day_stands_nowhere_on_it(plan_db) -> None:
    owner = _made_removed_made_again(date(2024, 3, 1), date(2024, 3, 1), date(2024, 3, 1))
    with database.snapshot():
        sql = database.sql()
        before = history.as_of(sql, date(2024, 2, 28), date(2024, 2, 28), tables=("owner",)).rows["owner"]
        after = history.as_of(sql, date(2024, 3, 1), tables=("owner",)).rows["owner"]
    assert owner not in before
    assert after[owner]["name"] == "Made again"
