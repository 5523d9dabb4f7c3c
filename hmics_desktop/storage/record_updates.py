"""What a file may change of the records it matches: the import's one rule, applied field by field.

For each record the file matches, the values it carries that differ from the record's are
set, unless the record's value took effect or became known after the file's date
(``domain.reimport_rules``); each field set is listed for the preview (old → new), each kept is
said in one sentence per record. A record deleted (or moved) after the file's date stays so; one
deleted before it comes back, the file being the later word. A revised target too. The fields
the file says again as they stand are noted as confirmed (``storage.confirmations``): known on
the file's date too, though nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hmics_desktop.domain.plan_changes import FIELD_WORDS, FieldChange, shown
from hmics_desktop.domain.reimport_rules import (
    ACTION_STAGES,
    RECOMMENDATION_STAGES,
    FileDate,
    Since,
    after_file,
    deleted_sentence,
    field_kept,
    kept_sentence,
    same_value,
)
from hmics_desktop.storage.confirmations import Confirmed
from hmics_desktop.storage.field_times import field_times, latest_revision
from hmics_desktop.storage.models import database

_STAGES = {"recommendation": RECOMMENDATION_STAGES, "action": ACTION_STAGES}


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class RecordUpdates:
    """The rule for one file: its date, when each matched record's fields took effect and became known, what it said."""

    file_date: FileDate
    changes: list[FieldChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    confirmed: Confirmed = field(default_factory=Confirmed)  # the fields the file said again as they stand
    _times: dict[str, dict[int, dict[str, Since]]] = field(default_factory=dict)

    def read_days(self, table: str, ids: list[int]) -> None:
        """Read when each field of these records took effect and became known (once per table and file)."""
        self._times.setdefault(table, {}).update(field_times(database.sql(), table, ids))

    def since(self, table: str, record_id: int, name: str) -> Since | None:
        return self._times.get(table, {}).get(record_id, {}).get(name)

    def day_of(self, table: str, record_id: int, name: str) -> date | None:
        since = self.since(table, record_id, name)
        return since.took_effect if since else None

    def kept(self, table: str, record_id: int, name: str) -> bool:
        """Whether the value on record stays whatever the file says (took effect or became known after it)."""
        return after_file(self.since(table, record_id, name), self.file_date)

    def keep(self, table: str, record: Any, name: str, item: str) -> bool:
        """Whether one field the file would change keeps its value on record (and the preview says why)."""
        since = self.since(table, record.id, name)
        if not after_file(since, self.file_date):
            return False
        self.warnings.append(kept_sentence(item, {name: (getattr(record, name), since)}, self.file_date))
        return True

    def apply(self, table: str, record: Any, values: dict[str, Any], item: str) -> list[str]:
        """Set on ``record`` the values the file may change; returns the names set.

        A deleted record comes back from Deleted items where the file is the later word ("deleted_at" set).
        """
        times = self._times.get(table, {}).get(record.id, {})
        stages = _STAGES.get(table, {})
        kept: dict[str, tuple[object, Since | None]] = {}
        changed, confirmed = [], []
        for name, new in values.items():
            old = getattr(record, name)
            if new is None:
                continue
            if same_value(name, old, new) or self._status_said_again(record, name, old, new, values):
                confirmed.append(name)
                continue
            if field_kept(name, old, new, times.get(name), self.file_date, stages) or (
                name == "status_text" and "status" in kept
            ):
                kept[name] = (old, times.get(name))
                continue
            changed.append(name)
        self.confirmed.note(table, record.id, confirmed, self.file_date.day)
        if "status" in kept and "status_text" in changed:
            changed.remove("status_text")  # the wording of a status kept stays with it
        if kept:
            self.warnings.append(kept_sentence(item, kept, self.file_date))
        for name in changed:
            old, new = getattr(record, name), values[name]
            if name != "status_text" or "status" not in changed:  # the wording of a changed status adds nothing
                self.changes.append(FieldChange(item, FIELD_WORDS[name], shown(old, name), shown(new, name)))
            setattr(record, name, new)
        if record.deleted_at and self._restored(table, record, item):
            changed.append("deleted_at")
        return changed

    def _restored(self, table: str, record: Any, item: str) -> bool:
        """Whether a deleted record the file speaks of comes back: unless deleted (or known so) after the file."""
        deleted = self.since(table, record.id, "deleted_at")
        if deleted is not None and after_file(deleted, self.file_date):
            self.warnings.append(deleted_sentence(item, deleted, self.file_date))
            return False
        self.changes.append(FieldChange(item, FIELD_WORDS["deleted"], "Yes", "No: restored"))
        record.deleted_at = None
        return True

    def revision_kept(self, recommendation_id: int, item: str) -> bool:
        """Whether the revised target in force stays whatever the file says (revised or known after the file)."""
        revision_id = latest_revision(database.sql(), recommendation_id)
        if revision_id is None:
            return False
        self.read_days("target_revision", [revision_id])
        since = self.since("target_revision", revision_id, "id")
        if not after_file(since, self.file_date):
            return False
        assert since is not None
        self.warnings.append(kept_sentence(item, {"revised_target": (None, since)}, self.file_date))
        return True

    @staticmethod
    def _status_said_again(record: Any, name: str, old: Any, new: Any, values: dict[str, Any]) -> bool:
        """The file's words for a status are only its name ("Closed", "Complete"), the status unchanged."""
        if name != "status_text" or old or (values.get("status") or record.status) != record.status:
            return False
        status = record.status
        return str(new).strip().lower() == shown(status, "status").lower()

    def moved(self, table: str, record_id: int, item: str, now: str) -> None:
        """Say that a record the file numbers ``item`` is numbered ``now`` since (moved after the file's date)."""
        names = ("position", "recommendation_id", "number", "inspection_id")
        days = [d for name in names if (d := self.day_of(table, record_id, name)) is not None]
        when = f" on {_day(max(days))}" if days else ""
        self.warnings.append(
            f"{item} of this file is {now} since{when}, after {self.file_date.words()}; it stays {now}, "
            "and what the file says of it is taken there."
        )
