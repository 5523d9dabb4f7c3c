"""Update requests as plain data: the record a request workbook hides, its signature, the owners' words.

A request goes to one owner as a workbook of their open actions. Its hidden record names the
database it came from, the request (a random token) and, for each row, the action and a digest
of every cell sent, so that a return is matched by the record, never by what its visible cells
say, and a cell changed that should not have been is found. The record is signed with a key
kept in the database (HMAC-SHA256): a record signed with another key comes from another
database, one whose signature no longer fits was changed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from hmics_desktop.domain.control_characters import without_control_characters

KIND = "hmics-desktop update request"
RECORD_SHEET = "hmics_request"  # the workbook's very hidden sheet of the record: Excel's own menus cannot show it
VERSION = 1
# The columns the owner fills, as headed in the workbook (the last three are a request's alone).
OWNERS_COLUMNS = ("New progress update", "Next steps", "Proposed status", "Revised target asked for",
                  "Reason for the revised target")  # fmt: skip


_DENIALS = {"not", "no", "cannot", "cant", "never", "nor"}


class RecordDamaged(ValueError):
    """A hidden record that cannot be read back (changed by hand, cut short)."""


class ProposedStatus(StrEnum):
    """What an owner may propose in the workbook's drop-down."""

    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    PROPOSED_FOR_CLOSURE = "proposed_for_closure"

    @property
    def label(self) -> str:
        return {"in_progress": "In progress", "complete": "Complete",
                "proposed_for_closure": "Proposed for closure"}[self.value]  # fmt: skip

    @classmethod
    def from_words(cls, value: object) -> ProposedStatus | None:
        """The choice in a cell (None: none); raises ValueError for words that are none of the three."""
        words = " ".join(str(value or "").lower().replace("-", " ").replace("’", "'").split()).strip(" .")
        if not words:
            return None
        if any(word in _DENIALS or word.endswith("n't") for word in words.split()):
            raise ValueError(words)  # "can't close yet", "not complete": a status denied is none proposed
        if "closure" in words or "close" in words:
            return cls.PROPOSED_FOR_CLOSURE
        if words in ("complete", "completed", "done"):
            return cls.COMPLETE
        if words in ("in progress", "ongoing", "started", "underway"):
            return cls.IN_PROGRESS
        raise ValueError(words)


def cell_text(value: object) -> str:
    """A cell's value as text to compare: its line ends as one character, its ends trimmed, a number as written.

    A date (Excel makes one of "31/03/2025" typed in any cell) reads as the owner wrote it, the British way,
    and a time ("10:30") as a clock shows it, after the date when there is one; a length of time ("36:00",
    which Excel keeps as a day and a half) in hours and minutes. Seconds show where there are some.
    """
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() != time():
        return f"{value:%d/%m/%Y} {_clock(value.hour, value.minute, value.second)}"
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return _clock(value.hour, value.minute, value.second)
    if isinstance(value, timedelta):
        minutes, seconds = divmod(round(value.total_seconds()), 60)
        return _clock(*divmod(minutes, 60), seconds)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return without_control_characters(text).strip()


def _clock(hours: int, minutes: int, seconds: int) -> str:
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}" if seconds else f"{hours:02d}:{minutes:02d}"


def digest(value: object) -> str:
    """A short digest of a cell's text (what the record keeps of each cell sent).

    A CRC: it tells a cell changed by slip or on purpose; the record itself is guarded by its signature.
    """
    return f"{zlib.crc32(cell_text(value).encode('utf-8')):08x}"


@dataclass(frozen=True)
class RecordRow:
    """A row of the request: the sheet row, the action, its number as sent, digests of the cells sent."""

    row: int
    action_id: int
    number: str
    cells: tuple[str, ...]  # one digest per protected column, left to right
    next_steps: str  # digest of the next steps sent (in a column the owner may change)


@dataclass
class RequestRecord:
    """What a request workbook hides: enough to match its return and to see what was changed."""

    database: str
    request: str  # the request's token
    owner: str
    sent_on: date
    due_on: date
    sheet: str
    date_cell: str  # where the owner may write the date of their updates
    rows: list[RecordRow] = field(default_factory=list)

    def payload(self) -> str:
        """The record as canonical JSON (what is signed)."""
        data: dict[str, Any] = {
            "kind": KIND, "version": VERSION, "database": self.database, "request": self.request,
            "owner": self.owner, "sent_on": self.sent_on.isoformat(), "due_on": self.due_on.isoformat(),
            "sheet": self.sheet, "date_cell": self.date_cell,
            "rows": [[r.row, r.action_id, r.number, list(r.cells), r.next_steps] for r in self.rows],
        }  # fmt: skip
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_payload(cls, text: str) -> RequestRecord:
        try:
            data = json.loads(text)
            if data.get("kind") != KIND:
                raise RecordDamaged("not an update request's record")
            rows = [RecordRow(int(r), int(a), str(n), tuple(str(c) for c in cells), str(s))
                    for r, a, n, cells, s in data["rows"]]  # fmt: skip
            return cls(
                database=str(data["database"]), request=str(data["request"]), owner=str(data["owner"]),
                sent_on=date.fromisoformat(data["sent_on"]), due_on=date.fromisoformat(data["due_on"]),
                sheet=str(data["sheet"]), date_cell=str(data["date_cell"]), rows=rows,
            )  # fmt: skip
        except RecordDamaged:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise RecordDamaged(str(error)) from None


def signature(payload: str, secret: str) -> str:
    """The HMAC-SHA256 of a record with the database's key."""
    return hmac.new(secret.encode("ascii"), payload.encode("utf-8"), hashlib.sha256).hexdigest()


def is_signed(payload: str, secret: str, given: str) -> bool:
    return hmac.compare_digest(signature(payload, secret), given.strip().lower())


_NOT_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def file_stem(owner: str, kind: str, day: date) -> str:
    """``DCI Smith – update request – 14 March 2025``: a name Windows accepts, whatever the owner's name holds."""
    name = " ".join(_NOT_IN_FILE_NAMES.sub(" ", owner).split()).strip(" .") or "Owner"
    if _RESERVED.match(name):
        name = f"{name} (owner)"
    return f"{name[:80].rstrip(' .')} – {kind} – {day.day} {day:%B %Y}"
