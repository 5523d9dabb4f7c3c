"""Owners' returns in: weighed against the plan as it stands and its history, previewed, recorded as one step.

Each filled row is weighed against its action as it stands now: an action deleted since the
request is named and never brought back; one moved is recorded where it is now, and named;
one closed since gets its update but not the status or target asked for. A progress update is
dated the day of its return (``When``: each return's changes take effect on its own day); one
older than an update already recorded is kept with its date, and the newer stays the latest.
Next steps changed after a return's day stay as they are (the re-import rule). An action
filled in two returns keeps both, named. A return imported before (the same rows filled) is
not imported again. What an owner asks (a revised target, Complete, Proposed for closure) is
recorded as asked; the secretary may accept it in the preview, or later on the action's form.
The returns are weighed again inside the write when someone changed the plan since the preview
(the audit trail grew: every change anyone makes adds to it), or the asks accepted are others;
else the preview's weighing stands. The whole batch is one step: one Undo takes it all back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hmics_desktop.domain import clock
from hmics_desktop.domain.reimport_rules import (
    ProgressMatch,
    RecordedProgress,
    match_progress,
    normalised,
    progress_warning,
)
from hmics_desktop.domain.requests import ProposedStatus
from hmics_desktop.domain.returns import Ask, AskKey, OwnerReturn, ReturnedRow, ReturnsSummary
from hmics_desktop.domain.words import listed
from hmics_desktop.services.backup_policy import backup_now
from hmics_desktop.services.owner_asks import apply_accepted, target_problem
from hmics_desktop.services.return_reading import read_returns
from hmics_desktop.storage.audit import newest_entry
from hmics_desktop.storage.models import database
from hmics_desktop.storage.records_on_file import recorded_progress
from hmics_desktop.storage.request_store import ActionNow, actions_now, returned_actions, returns_of
from hmics_desktop.storage.steps import Step, When, record_step


@dataclass
class ReturnsPreview:
    """The returns read and weighed (nothing written yet)."""

    returns: list[OwnerReturn]
    summary: ReturnsSummary
    weighed: _Weighed | None = None  # what the weighing found, for the commit to use while the plan is unchanged

    @property
    def warnings(self) -> list[str]:
        return [sentence for found in self.returns for sentence in found.said()]

    def to_json(self) -> dict[str, Any]:
        return {
            "returns": [
                {"file": r.path.name, "owner": r.owner or None, "dated": r.day.iso() if r.day else None,
                 "rows": [row.to_json() for row in r.rows] if r.lands else [], "imported": r.lands}
                for r in self.returns
            ],
            "summary": self.summary.line(),
            "warnings": self.warnings,
        }  # fmt: skip


@dataclass
class _Writes:
    """What one return writes."""

    progress: list[tuple[Any, ...]] = field(default_factory=list)  # (action, day, text, owner)
    next_steps: list[tuple[str | None, int]] = field(default_factory=list)
    statuses: list[tuple[str, int]] = field(default_factory=list)
    asks: list[tuple[int, Ask, bool]] = field(default_factory=list)  # (action, ask, accepted)


@dataclass(frozen=True)
class _Weighed:
    """What each return would record, weighed against the plan as it stood when the audit trail ended at ``trail``."""

    writes: dict[int, _Writes]
    accepted: frozenset[AskKey]
    trail: int

    def stands(self, accepted: set[AskKey]) -> bool:
        """Whether this weighing holds still (inside the write): the same asks accepted, and no change since."""
        return self.accepted == accepted and self.trail == newest_entry(database.sql())


def _weighed(returns: list[OwnerReturn], accepted: set[AskKey]) -> _Weighed:
    """The returns weighed (inside a snapshot or the write), with the audit trail's end they were weighed at."""
    trail = newest_entry(database.sql())
    return _Weighed(weigh(returns, accepted), frozenset(accepted), trail)


def preview_returns(paths: list[Path], accepted: set[AskKey] | None = None) -> ReturnsPreview:
    """Read and weigh the returns (in one snapshot of the plan); nothing is written."""
    with database.snapshot():
        returns = read_returns(paths)
        weighed = _weighed(returns, accepted or set())
    return ReturnsPreview(returns, _summary(returns, weighed.writes), weighed)


def reweigh(preview: ReturnsPreview, accepted: set[AskKey]) -> None:
    """Weigh the returns read again (the asks accepted changed, or the plan)."""
    with database.snapshot():
        preview.weighed = _weighed(preview.returns, accepted)
        preview.summary = _summary(preview.returns, preview.weighed.writes)


def _summary(returns: list[OwnerReturn], writes: dict[int, _Writes]) -> ReturnsSummary:
    summary = ReturnsSummary()
    for found in returns:
        done = writes.get(id(found))
        if done is None or not found.lands:
            continue
        summary.returns += 1
        summary.owners.append(found.owner)
        summary.progress += len(done.progress)
        summary.next_steps += len(done.next_steps)
        summary.statuses += len(done.statuses)
        summary.asks += len(done.asks)
        summary.accepted += sum(accept for _action, _ask, accept in done.asks)
    return summary


def _newest_first(returns: list[OwnerReturn]) -> list[OwnerReturn]:
    return sorted((r for r in returns if r.refused is None), key=lambda r: r.day.sort_key() if r.day else (0, 0, 0),
                  reverse=True)  # fmt: skip


def weigh(returns: list[OwnerReturn], accepted: set[AskKey]) -> dict[int, _Writes]:
    """What each return would record (keyed by the return's ``id()``), weighed against the plan as it stands."""
    landing = _newest_first(returns)
    for found in landing:
        found.checks, found.skipped = [], None
        for row in found.rows:
            row.now, row.records, row.skipped = None, [], None
    earlier = returns_of([r.request_id for r in landing if r.request_id is not None])
    _skip_repeats(landing, earlier)
    landing = [r for r in landing if r.lands]
    ids = [row.action_id for found in landing for row in found.rows]
    now = actions_now(ids)
    since = min((r.day for r in landing if r.day is not None), key=lambda day: day.sort_key(), default=None)
    recorded = recorded_progress(ids, f"{since.year:04d}-{since.month:02d}" if since else None)
    writes = {id(found): _weigh_return(found, now, recorded, accepted) for found in landing}
    _two_returns(landing, earlier)
    return writes


def _skip_repeats(landing: list[OwnerReturn], earlier: dict[int, list[Any]]) -> None:
    seen: dict[tuple[int | None, str], OwnerReturn] = {}
    for found in landing:
        if not found.rows:
            found.skipped = f"{found.path.name}: nothing is filled in; it was not recorded as {found.owner}’s return."
            continue
        before = next((e for e in earlier.get(found.request_id or 0, []) if e.digest == found.digest), None)
        twin = seen.get((found.request_id, found.digest))
        if before is not None:
            found.skipped = (f"{found.path.name} was imported before (on {before.imported_at:%d/%m/%Y}); nothing of "
                             "it is imported again.")  # fmt: skip
        elif twin is not None:
            found.skipped = f"{found.path.name} is the same return as {twin.path.name}; it is imported once."
        else:
            seen[(found.request_id, found.digest)] = found


def _weigh_return(
    found: OwnerReturn,
    now: dict[int, ActionNow],
    recorded: dict[int, list[RecordedProgress]],
    accepted: set[AskKey],
) -> _Writes:
    assert found.sent_on is not None
    writes = _Writes()
    for row in found.rows:
        action = now.get(row.action_id)
        if action is None or action.deleted:
            when = f" on {action.deleted_on:%d/%m/%Y}" if action is not None and action.deleted_on else ""
            row.skipped = "deleted since the request"
            found.checks.append(
                f"{found.where(row)}: the action was deleted{when}, after the request; nothing of the row was "
                "recorded (restore the action from Deleted items first to record it)."
            )
            continue
        if action.number != row.number and action.moved_on is not None and action.moved_on >= found.sent_on:
            row.now = action.number
            found.checks.append(f"{found.where(row)}: the action is now action {action.number} (moved on "
                                f"{action.moved_on:%d/%m/%Y}); the row was recorded there.")  # fmt: skip
        if row.update:
            _progress(found, row, action, recorded.setdefault(action.id, []), writes)
        if row.next_steps is not None:
            _next_steps(found, row, action, writes)
        if action.closed_on is not None or action.status in ("complete", "transferred", "withdrawn"):
            if row.status or row.asks:
                closed = "its recommendation was closed" if action.recommendation_status == "closed" else (
                    f"the action was marked {str(action.status).replace('_', ' ')}")  # fmt: skip
                when = f" on {action.closed_on:%d/%m/%Y}" if action.closed_on else ""
                found.checks.append(f"{found.where(row)}: {closed}{when}, after the request; the status and target "
                                    "asked for were not recorded.")  # fmt: skip
            continue
        if row.status is ProposedStatus.IN_PROGRESS and action.status in (None, "not_started"):
            writes.statuses.append(("in_progress", action.id))
            action.status = "in_progress"
            row.records.append("in progress")
        for ask in row.asks:
            _ask(found, row, action, ask, (str(found.path), row.row, ask.kind) in accepted, writes)
    return writes


def _progress(
    found: OwnerReturn,
    row: ReturnedRow,
    action: ActionNow,
    recorded: list[RecordedProgress],
    writes: _Writes,
) -> None:
    assert found.day is not None
    day = found.day
    match = match_progress(recorded, day, row.update)
    warning = progress_warning(match, row.now or row.number, day)
    if warning:
        found.checks.append(f"{found.owner}’s return: {warning[0].lower()}{warning[1:]}")
    if match not in (ProgressMatch.NEW, ProgressMatch.BESIDE):
        return
    if action.latest_update is not None and day < action.latest_update:
        found.checks.append(
            f"{found.where(row)}: this update ({day.british()}) is older than the update as at "
            f"{action.latest_update.british()} on record; it is kept with its date and the newer stays the latest."
        )
    writes.progress.append((action.id, day.iso(), row.update, found.owner))
    recorded.append(RecordedProgress(day, normalised(row.update)))
    row.records.append(f"progress update as at {day.british()}")


def _next_steps(found: OwnerReturn, row: ReturnedRow, action: ActionNow, writes: _Writes) -> None:
    assert found.day is not None
    new = row.next_steps or None
    if normalised(new or "") == normalised(action.next_steps or ""):
        return
    if action.next_steps_on is not None and action.next_steps_on > found.day.first_day():
        found.checks.append(
            f"{found.where(row)}: its next steps were changed on {action.next_steps_on:%d/%m/%Y}, after this return "
            f"({found.day.british()}); they stay as they are."
        )
        return
    writes.next_steps.append((new, action.id))
    action.next_steps, action.next_steps_on = new, found.day.first_day()
    row.records.append("next steps")


def _ask(found: OwnerReturn, row: ReturnedRow, action: ActionNow, ask: Ask, accept: bool, writes: _Writes) -> None:
    if (ask.kind, ask.value()) in action.asks:
        return  # asked before and still waiting: not asked twice
    if accept and ask.kind == "target" and ask.target is not None:
        problem = target_problem(action.id, ask.target)
        if problem:
            found.checks.append(f"{found.where(row)}: {problem} It was recorded as asked, not accepted.")
            accept = False
    writes.asks.append((action.id, ask, accept))
    action.asks.append((ask.kind, ask.value()))
    row.records.append(f"asks for {ask.words()}" + (" (accepted)" if accept else ""))


def _two_returns(landing: list[OwnerReturn], earlier: dict[int, list[Any]]) -> None:
    """An action filled in two returns (a forwarded copy, a second return): both kept, and said once."""
    sources: dict[int, list[str]] = {}
    for found in landing:
        for before in earlier.get(found.request_id or 0, []):
            for action_id in returned_actions(before):
                sources.setdefault(action_id, []).append(
                    f"{Path(before.path).name} (imported {before.imported_at:%d/%m/%Y})"
                )
    told: set[int] = set()
    for found in landing:
        for row in found.rows:
            if row.records:
                sources.setdefault(row.action_id, []).append(f"{found.path.name} ({found.day_words})")
    for found in landing:
        for row in found.rows:
            names = sorted(set(sources.get(row.action_id, [])))
            if len(names) > 1 and row.action_id not in told and row.records:
                told.add(row.action_id)
                found.checks.append(f"Action {row.now or row.number} is filled in more than one return "
                                    f"({listed(names)}); {_all_kept(len(names))}.")  # fmt: skip


def _all_kept(returns: int) -> str:
    """``both are kept``, ``all three are kept``, ``all 12 are kept``."""
    if returns == 2:
        return "both are kept"
    words = {3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
    return f"all {words.get(returns, str(returns))} are kept"


def commit_returns(preview: ReturnsPreview, accepted: set[AskKey] | None = None) -> tuple[Step, ReturnsSummary]:
    """Record the returns (weighed again inside the write, if the plan changed) as one step, backed up first."""
    chosen = accepted or set()
    returns = [r for r in preview.returns if r.refused is None]
    owners = sorted({r.owner for r in returns if r.lands})
    backup_now("before-import")
    when = When(day=clock.today())
    written: dict[int, _Writes] = {}
    weighed, preview.weighed = preview.weighed, None  # a weighing serves one commit (a failed one may change it)

    def apply() -> None:
        writes = weighed.writes if weighed is not None and weighed.stands(chosen) else weigh(returns, chosen)
        day, updates = None, _Updates()
        for found in _newest_first(returns):
            if not found.lands or found.day is None:
                continue
            if found.day.first_day() != day:  # each return's changes take effect on its day
                updates.write()
                day = found.day.first_day()
                when.begin_file(min(day, clock.today()))
            return_id = _return_recorded(found)
            if return_id is not None:
                _write(found, return_id, writes[id(found)], updates)
                written[id(found)] = writes[id(found)]
        updates.write()

    step = record_step(f"returns of update requests from {listed(owners, 3)}", apply, when)
    return step, _summary(returns, written)


def import_returns(paths: list[Path]) -> tuple[ReturnsPreview, Step | None]:
    """Read, weigh and record the returns at once (the command line's import, no preview)."""
    preview = preview_returns(paths)
    if not any(r.lands for r in preview.returns):
        return preview, None
    step, preview.summary = commit_returns(preview)
    return preview, step


def _return_recorded(found: OwnerReturn) -> int | None:
    """Record the return; None when it is on record already (a safeguard: writers take their turns, see weigh)."""
    assert found.day is not None
    made = database.sql().execute(
        'INSERT INTO "request_return" (request_id, digest, saved_on, path, rows_filled, rows, imported_at) '
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id, digest) DO NOTHING RETURNING id",
        (found.request_id, found.digest, found.day.iso(), str(found.path), len(found.rows),
         json.dumps([row.to_json() for row in found.rows], ensure_ascii=False), clock.stamp()),
    ).fetchone()  # fmt: skip
    if made is None:
        found.skipped = f"{found.path.name} was imported meanwhile (in another window or program); it is imported once."
        return None
    return int(made[0])


@dataclass
class _Updates:
    """The progress updates and next steps of one day's returns, written together, action by action.

    An owner's actions lie all over the plan: written return by return, every row touches other
    pages of the file; in the order of the actions, the rows they touch lie together. (The sort
    is stable: what two returns of the day write to one action is written in their order.)
    """

    progress: list[tuple[Any, ...]] = field(default_factory=list)
    next_steps: list[tuple[str | None, int]] = field(default_factory=list)

    def write(self) -> None:
        sql, stamp = database.sql(), clock.stamp()
        if self.progress:
            sql.executemany(
                'INSERT INTO "progress_update" (action_id, as_at, text, created_at, from_owner) VALUES (?, ?, ?, ?, ?)',
                [(action_id, day, text, stamp, owner) for action_id, day, text, owner in
                 sorted(self.progress, key=lambda row: row[0])],
            )  # fmt: skip
        if self.next_steps:
            sql.executemany('UPDATE "action" SET next_steps = ?, version = version + 1 WHERE id = ?',
                            sorted(self.next_steps, key=lambda row: row[1]))  # fmt: skip
        self.progress, self.next_steps = [], []


def _write(found: OwnerReturn, return_id: int, writes: _Writes, updates: _Updates) -> None:
    """Record a return: its statuses and asks now, its updates and next steps with the day's (``updates``)."""
    sql = database.sql()
    updates.progress += writes.progress
    updates.next_steps += writes.next_steps
    sql.executemany('UPDATE "action" SET status = ?, version = version + 1 WHERE id = ?', writes.statuses)
    assert found.day is not None
    asked_on = min(found.day.first_day(), clock.today())
    rows = []
    for action_id, ask, accept in writes.asks:
        decided = ("accepted", clock.today().isoformat()) if accept else (None, None)
        rows.append((action_id, return_id, found.owner, asked_on.isoformat(), ask.kind,
                     ask.target.iso() if ask.target else None, ask.status.value if ask.status else None,
                     ask.reason or None, *decided))  # fmt: skip
        if accept:
            apply_accepted(action_id, ask.kind, ask.target, ask.status, ask.reason, found.owner, asked_on)
    sql.executemany(
        'INSERT INTO "owner_ask" (action_id, return_id, owner, asked_on, kind, target, status, reason, decision, '
        "decided_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
