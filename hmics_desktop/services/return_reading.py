"""Read owners' returns: recognise each, trust only its signed record, and read what each row was filled with.

A return is matched by its hidden record (``domain.requests``), never by what its visible cells
say: the record names the database, the request and each row's action, and is signed with this
database's key. A file that is not a return, cannot be read, comes from another database, whose
record was changed or that is dated after today (a progress update cannot be) is refused in one
sentence; the others are read row by row. A row whose inspection, recommendation or action
number was changed cannot be matched with certainty and is left out; other protected cells
changed are ignored; a row added below the table is named. The updates are dated the day the
owner wrote at the top of the sheet, or else the day they saved the workbook.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from hmics_desktop.domain import clock, rules
from hmics_desktop.domain.dates import DateError, PlanDate
from hmics_desktop.domain.requests import (
    ProposedStatus,
    RecordDamaged,
    RecordRow,
    RequestRecord,
    cell_text,
    digest,
    is_signed,
)
from hmics_desktop.domain.returns import Ask, OwnerReturn, ReturnedRow
from hmics_desktop.domain.words import listed
from hmics_desktop.excel.request_return import NotAReturn, read_return
from hmics_desktop.excel.request_workbook import COLUMNS, NEXT_STEPS, REASON, SENT, STATUS, TARGET, UPDATE
from hmics_desktop.excel.workbook_reader import UnreadableWorkbook
from hmics_desktop.storage.request_store import request_by_token, signing_key

FILLED = (UPDATE, NEXT_STEPS, STATUS, TARGET, REASON)  # the columns the owner types in (1-based)
IDENTITY = (0, 1, 3)  # the inspection, recommendation and action number: what says which action a row is
CHOICES = listed([status.label for status in ProposedStatus])


def read_returns(paths: list[Path]) -> list[OwnerReturn]:
    """Each file read as a return (refused ones say why)."""
    database_id, secret = signing_key()
    return [_read(path, database_id, secret) for path in paths]


def _read(path: Path, database_id: str, secret: str) -> OwnerReturn:
    found = OwnerReturn(path)
    try:
        workbook = read_return(path)
    except NotAReturn:
        found.refused = f"{path.name} is not a returned update request; import a plan on its own."
        return found
    except UnreadableWorkbook as error:
        found.refused = str(error)
        return found
    changed = f"{path.name}: the hidden record of its update request was changed, so the return cannot be trusted; "
    try:
        record = RequestRecord.from_payload(workbook.payload)
    except RecordDamaged:
        found.refused = changed + "it was not imported."
        return found
    if record.database != database_id:
        found.refused = (
            f"{path.name} answers an update request from another plan database; it was not imported "
            "(import it into the database that sent the request)."
        )
        return found
    if not is_signed(workbook.payload, secret, workbook.signature):
        found.refused = changed + "it was not imported."
        return found
    request = request_by_token(record.request)
    if request is None:
        found.refused = (
            f"{path.name} answers an update request this database has no record of (was a backup restored "
            "since it was sent?); it was not imported."
        )
        return found
    found.owner, found.request_id, found.rows_sent = request.owner, request.id, len(record.rows)
    found.sent_on = date.fromisoformat(request.sent_on)
    sheet = workbook.sheets.get(record.sheet)
    if sheet is None:
        found.refused = (
            f"{path.name}: its sheet “{record.sheet}” is missing, so it cannot be read; it was not imported."
        )
        return found
    workbook.as_typed(record.sheet, [(entry.row - 1, column - 1) for entry in record.rows for column in FILLED])
    _date_it(found, _cell(sheet, record.date_cell), workbook.saved)
    if found.refused:
        return found
    digests = _Digests()
    for entry in record.rows:
        row = _row(found, entry, _values(sheet, entry.row), digests)
        if row is not None:
            found.rows.append(row)
    _rows_added(found, sheet, max((entry.row for entry in record.rows), default=0))
    found.digest = _digest(record.request, found)
    return found


def _values(sheet: list[list[Any]], row: int) -> list[Any]:
    cells = sheet[row - 1] if 0 < row <= len(sheet) else []
    return list(cells[: len(COLUMNS)]) + [None] * (len(COLUMNS) - len(cells))


def _cell(sheet: list[list[Any]], where: str) -> Any:
    column = ord(where[0].upper()) - ord("A")
    row = int(where[1:]) - 1
    return sheet[row][column] if row < len(sheet) and column < len(sheet[row]) else None


def _date_it(found: OwnerReturn, written: Any, saved: Any) -> None:
    """The day the updates are dated: the one written at the top, else the day the workbook was saved."""
    today = clock.today()
    day: PlanDate | None = None
    if cell_text(written):
        try:
            day = PlanDate.parse(written)
            found.day_words = f"written as {day.british()}" if day else ""
        except DateError:
            found.warnings.append(
                f"{found.owner}’s return: the date written at its top (“{cell_text(written)}”) is not a date; "
                "the day it was saved is used."
            )
    if day is None and saved is not None:
        day = PlanDate.from_date(saved.date())
        found.day_words = f"saved on {day.british()}"
        if found.sent_on is not None and saved.date() < found.sent_on:
            found.warnings.append(
                f"{found.owner}’s return says it was saved on {day.british()}, before the request was sent "
                f"({found.sent_on:%d/%m/%Y}); its updates are dated {found.sent_on:%d/%m/%Y}."
            )
            day = PlanDate.from_date(found.sent_on)
    if day is None:
        day = PlanDate.from_date(today)
        found.day_words = f"dated today ({day.british()})"
        found.warnings.append(f"{found.owner}’s return does not say when it was saved; its updates are dated today.")
    if rules.check_progress_date(day, today):
        found.refused = (
            f"{found.path.name}: {found.owner}’s return is dated {day.british()}, after today, and a progress "
            "update cannot be dated after today; it was not imported (correct the date at its top and import it again)."
        )
    found.day = day


class _Digests(dict[Any, str]):
    """Each cell value's digest, worked out once (an inspection, a recommendation, a date come on many rows)."""

    def __missing__(self, value: Any) -> str:
        # keyed by type too: True, 1 and 1.0 are equal keys, yet their cells read differently
        self[value] = found = digest(value[1])
        return found


def _row(found: OwnerReturn, entry: RecordRow, values: list[Any], digests: _Digests) -> ReturnedRow | None:
    """What a row was filled with (None: nothing), named in a warning when its protected cells were changed."""
    changed = [index for index, kept in enumerate(entry.cells) if digests[type(values[index]), values[index]] != kept]
    row = ReturnedRow(entry.row, entry.action_id, entry.number, update=cell_text(values[UPDATE - 1]))
    next_steps = cell_text(values[NEXT_STEPS - 1])
    if digest(next_steps) != entry.next_steps:
        row.next_steps = next_steps
    _status(found, row, values[STATUS - 1])
    _target(found, row, values[TARGET - 1], cell_text(values[REASON - 1]))
    filled = bool(row.update or row.next_steps is not None or row.status or row.asks)
    names = " and ".join(SENT[index][0] for index in changed)
    if any(index in IDENTITY for index in changed):
        found.warnings.append(
            f"{found.where(row)}: its {names.lower()} cells were changed, so the row cannot be matched with certainty; "
            "nothing of it was recorded (type its update in by hand)."
        )
        return None
    if changed:
        found.warnings.append(
            f"{found.where(row)}: the {names} {'cell was' if len(changed) == 1 else 'cells were'} changed; "
            "that is ignored (the plan keeps its own)."
        )
    return row if filled else None


def _status(found: OwnerReturn, row: ReturnedRow, value: Any) -> None:
    try:
        status = ProposedStatus.from_words(value)
    except ValueError:
        found.warnings.append(
            f"{found.where(row)}: “{cell_text(value)}” is not a status it can propose ({CHOICES}); it was not recorded."
        )
        return
    if status is ProposedStatus.IN_PROGRESS:
        row.status = status
    elif status is not None:
        row.asks.append(Ask("status", status=status))


def _target(found: OwnerReturn, row: ReturnedRow, value: Any, reason: str) -> None:
    if not cell_text(value):
        if reason:
            found.warnings.append(
                f"{found.where(row)}: a reason for a revised target was given but no target; nothing was asked."
            )
        return
    try:
        target = PlanDate.parse(value)
    except DateError as error:
        found.warnings.append(f"{found.where(row)}: the revised target asked for is not a date ({error}); "
                              "it was not recorded.")  # fmt: skip
        return
    row.asks.append(Ask("target", target=target, reason=reason))


def _rows_added(found: OwnerReturn, sheet: list[list[Any]], last: int) -> None:
    """Rows written below the request's own: named, never recorded."""
    added = [index + 1 for index in range(last, len(sheet)) if any(cell_text(value) for value in sheet[index])]
    if added:
        rows = listed([str(number) for number in added], 5)
        many = len(added) > 1
        found.warnings.append(
            f"{found.owner}’s return: row{'s' if many else ''} {rows} {'are' if many else 'is'} not among the "
            f"request’s actions; what {'they hold' if many else 'it holds'} was not recorded."
        )


def _digest(token: str, found: OwnerReturn) -> str:
    """What the owner filled, reduced to a digest: the same return imported again is known by it."""
    rows = [[row.row, row.update, row.next_steps, row.status, [[a.kind, a.value(), a.reason] for a in row.asks]]
            for row in found.rows]  # fmt: skip
    data = json.dumps([token, found.day.iso() if found.day else None, rows], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
