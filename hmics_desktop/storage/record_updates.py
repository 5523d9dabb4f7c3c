"""What a file may change of the records it matches: the import's one rule, applied field by field.

For each record the file matches, the values it carries that differ from the record's are
set, unless the record's value took effect after the file's date (``domain.reimport_rules``);
each field set is listed for the preview (old → new), each kept is said in one sentence per
record. A record deleted (or moved) after the file's date stays so.
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
    field_kept,
    kept_sentence,
    same_value,
)
from hmics_desktop.storage import history
from hmics_desktop.storage.models import database

_STAGES = {"recommendation": RECOMMENDATION_STAGES, "action": ACTION_STAGES}


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class RecordUpdates:
    """The rule for one file: its date, the days each matched record's fields took effect, what it said."""

    file_date: FileDate
    changes: list[FieldChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _days: dict[str, dict[int, dict[str, date]]] = field(default_factory=dict)

    def read_days(self, table: str, ids: list[int]) -> None:
        """Read when each field of these records took effect (once per table and file)."""
        self._days.setdefault(table, {}).update(history.field_days(database.sql(), table, ids))

    def day_of(self, table: str, record_id: int, name: str) -> date | None:
        return self._days.get(table, {}).get(record_id, {}).get(name)

    def apply(self, table: str, record: Any, values: dict[str, Any], item: str) -> list[str]:
        """Set on ``record`` the values the file may change; returns the names set."""
        days = self._days.get(table, {}).get(record.id, {})
        stages = _STAGES.get(table, {})
        kept: dict[str, tuple[object, date | None]] = {}
        changed = []
        for name, new in values.items():
            old = getattr(record, name)
            if new is None or same_value(name, old, new) or self._status_said_again(record, name, old, new, values):
                continue
            if field_kept(name, old, new, days.get(name), self.file_date, stages) or (
                name == "status_text" and "status" in kept
            ):
                kept[name] = (old, days.get(name))
                continue
            changed.append(name)
        if "status" in kept and "status_text" in changed:
            changed.remove("status_text")  # the wording of a status kept stays with it
        if kept:
            self.warnings.append(kept_sentence(item, kept, self.file_date))
        for name in changed:
            old, new = getattr(record, name), values[name]
            if name != "status_text" or "status" not in changed:  # the wording of a changed status adds nothing
                self.changes.append(FieldChange(item, FIELD_WORDS[name], shown(old, name), shown(new, name)))
            setattr(record, name, new)
        return changed

    @staticmethod
    def _status_said_again(record: Any, name: str, old: Any, new: Any, values: dict[str, Any]) -> bool:
        """The file's words for a status are only its name ("Closed", "Complete"), the status unchanged."""
        if name != "status_text" or old or (values.get("status") or record.status) != record.status:
            return False
        status = record.status
        return str(new).strip().lower() == shown(status, "status").lower()

    def restore(self, table: str, record: Any, item: str) -> bool:
        """Whether a deleted record comes back: when it was deleted on or before the file's date (the file is newer)."""
        if not record.deleted_at:
            return False
        deleted = self.day_of(table, record.id, "deleted_at")
        if deleted is not None and deleted > self.file_date.day:
            self.warnings.append(
                f"{item} was deleted on {_day(deleted)}, after {self.file_date.words()}; it stays in Deleted items."
            )
            return False
        self.changes.append(FieldChange(item, FIELD_WORDS["deleted"], "Yes", "No: restored"))
        record.deleted_at = None
        return True

    def moved(self, table: str, record_id: int, item: str, now: str) -> None:
        """Say that a record the file numbers ``item`` is numbered ``now`` since (moved after the file's date)."""
        names = ("position", "recommendation_id", "number", "inspection_id")
        days = [d for name in names if (d := self.day_of(table, record_id, name)) is not None]
        when = f" on {_day(max(days))}" if days else ""
        self.warnings.append(
            f"{item} of this file is {now} since{when}, after {self.file_date.words()}; it stays {now}, "
            "and what the file says of it is taken there."
        )
