"""Owners' returns as plain data: what each filled row says, what it asks, what an import makes of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.requests import ProposedStatus
from hmics_desktop.domain.words import counted, listed, shortened

AskKey = tuple[str, int, str]  # (the return's file, its sheet row, "target" or "status"): an ask accepted


@dataclass
class Ask:
    """A revised target (with the reason) or a status an owner asked for."""

    kind: str  # "target" or "status"
    target: PlanDate | None = None
    status: ProposedStatus | None = None
    reason: str = ""

    def words(self) -> str:
        if self.kind == "target" and self.target is not None:
            why = f" ({shortened(self.reason, 60)})" if self.reason else ""
            return f"a revised target of {self.target.british()}{why}"
        return ProposedStatus(self.status).label if self.status else ""

    def value(self) -> Any:
        return self.target.iso() if self.kind == "target" and self.target else (self.status or None)


@dataclass
class ReturnedRow:
    """A row the owner filled: their words, and what an import records of it (filled in by weighing it)."""

    row: int  # the sheet's row
    action_id: int
    number: str  # the action's number as sent
    update: str = ""
    next_steps: str | None = None  # None: left as sent
    status: ProposedStatus | None = None
    asks: list[Ask] = field(default_factory=list)
    now: str | None = None  # the action's number now, when it moved since the request
    records: list[str] = field(default_factory=list)  # what the import records, in words
    skipped: str | None = None  # why nothing of it is recorded

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row, "action": self.action_id, "number": self.number, "update": self.update or None,
            "next_steps": self.next_steps, "status": self.status.value if self.status else None,
            "asks": [{"kind": a.kind, "value": a.value(), "reason": a.reason or None} for a in self.asks],
            "recorded": bool(self.records), "records": self.records, "skipped": self.skipped,
        }  # fmt: skip


@dataclass
class OwnerReturn:
    """One returned workbook: whose request it answers, the day its updates are dated, its filled rows."""

    path: Path
    owner: str = ""
    request_id: int | None = None
    sent_on: date | None = None
    day: PlanDate | None = None  # the day the owner saved it, or wrote
    day_words: str = ""  # "saved on 14/03/2025", "written as 12/03/2025"
    digest: str = ""
    rows: list[ReturnedRow] = field(default_factory=list)  # the rows filled
    rows_sent: int = 0
    warnings: list[str] = field(default_factory=list)  # from reading the file
    checks: list[str] = field(default_factory=list)  # from weighing it against the plan (made again on import)
    refused: str | None = None  # one sentence: the whole file is not imported
    skipped: str | None = None  # already imported (before, or twice in this batch)

    @property
    def lands(self) -> bool:
        return self.refused is None and self.skipped is None

    def said(self) -> list[str]:
        """Everything to tell of it: why it is refused, or skipped (after what was found, if nothing was filled)."""
        if self.refused:
            return [self.refused]
        if self.skipped:
            return [*([] if self.rows else self.warnings), self.skipped]
        return self.warnings + self.checks

    def where(self, row: ReturnedRow | int, number: str | None = None) -> str:
        """``DCI Smith’s return, row 7 (action 1.2)``."""
        sheet_row, label = (row.row, row.number) if isinstance(row, ReturnedRow) else (row, number)
        return f"{self.owner}’s return, row {sheet_row}" + (f" (action {label})" if label else "")


@dataclass
class ReturnsSummary:
    """What an import of returns records (or would)."""

    returns: int = 0
    progress: int = 0
    next_steps: int = 0
    statuses: int = 0
    asks: int = 0
    accepted: int = 0
    owners: list[str] = field(default_factory=list)

    def line(self) -> str:
        if not self.returns:
            return "no returns to record"
        parts = [counted(self.progress, "progress update")]
        if self.next_steps:
            parts.append(f"next steps of {counted(self.next_steps, 'action')}")
        if self.statuses:
            parts.append(f"{counted(self.statuses, 'action')} in progress")
        if self.asks:
            accepted = f" ({self.accepted} accepted)" if self.accepted else ""
            parts.append(f"{counted(self.asks, 'change')} asked for by owners{accepted}")
        who = listed(sorted(set(self.owners)), 3)
        return f"{counted(self.returns, 'return')} from {who}: {listed(parts, 5)}"
