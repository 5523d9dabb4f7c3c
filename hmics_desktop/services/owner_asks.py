"""What owners asked for in their returns — a revised target, Complete, Proposed for closure — and the answer.

Nothing an owner asks is applied by itself: it waits on the action until the secretary accepts
it (on the action's form, or in the import's preview) or declines it. Accepting a revised
target records a revision with the owner's reason; Complete marks the action complete;
Proposed for closure marks it complete and proposes its recommendation for closure (when it is
open). Each is dated the day the owner asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hmics_desktop.domain import clock, rules
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.requests import ProposedStatus
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.storage.models import Action, OwnerAsk, database
from hmics_desktop.storage.steps import When


@dataclass(frozen=True)
class WaitingAsk:
    """An owner's ask on record, in words."""

    id: int
    owner: str
    asked_on: date
    words: str  # "a revised target of June 2025 (staff moved to the new unit)", "Complete"

    def sentence(self) -> str:
        return f"{self.owner} asked on {self.asked_on:%d/%m/%Y} for {self.words}."


def _words(ask: OwnerAsk) -> str:
    if ask.kind == "target":
        why = f" ({ask.reason})" if ask.reason else ""
        return f"a revised target of {ask.target.british()}{why}"
    if ask.status == ProposedStatus.COMPLETE:
        return "“Complete”"
    return "“Proposed for closure” (the action complete, its recommendation proposed for closure)"


def waiting_asks(action_id: int) -> list[WaitingAsk]:
    """The action's asks that wait for the secretary, oldest first."""
    query = OwnerAsk.select().where((OwnerAsk.action == action_id) & OwnerAsk.decision.is_null())
    return [WaitingAsk(a.id, a.owner, date.fromisoformat(a.asked_on), _words(a)) for a in query.order_by(OwnerAsk.id)]


def target_problem(action_id: int, target: PlanDate) -> str | None:
    """Why the revised target cannot be accepted (None: it can)."""
    initial = Action.get_by_id(action_id).target
    problems = rules.check_revised_target(initial, target)
    return next(iter(problems.values()), None)


def apply_accepted(
    action_id: int, kind: str, target: PlanDate | None, status: str | None, reason: str, owner: str, asked_on: date
) -> None:
    """Make what the owner asked (inside the caller's step): the revision, or the status."""
    sql = database.sql()
    if kind == "target" and target is not None:
        because = f"{owner} asked for it on {asked_on:%d/%m/%Y}" + (f": {reason}" if reason else "")
        sql.execute(
            'INSERT INTO "target_revision" (action_id, target, reason, revised_on) VALUES (?, ?, ?, ?)',
            (action_id, target.iso(), because, f"{asked_on.isoformat()} 00:00:00"),
        )
        return
    sql.execute('UPDATE "action" SET status = ?, version = version + 1 WHERE id = ?', ("complete", action_id))
    if status == ProposedStatus.PROPOSED_FOR_CLOSURE:
        sql.execute(
            'UPDATE "recommendation" SET status = ?, version = version + 1 WHERE status = ? AND id = '
            '(SELECT recommendation_id FROM "action" WHERE id = ?)',
            ("evidence_submitted", "open", action_id),
        )


def answer(ask_id: int, accept: bool) -> Change:
    """The change that accepts (or declines) an owner's ask, dated the day they asked."""
    ask = OwnerAsk.get_by_id(ask_id)
    if ask.decision is not None:
        raise ValidationError({"ask": f"This was already {ask.decision}."})
    asked_on = date.fromisoformat(ask.asked_on)
    if accept and ask.kind == "target":
        problem = target_problem(ask.action_id, ask.target)
        if problem:
            raise ValidationError({"ask": problem})

    def apply() -> None:
        if accept:
            apply_accepted(ask.action_id, ask.kind, ask.target, ask.status, ask.reason or "", ask.owner, asked_on)
        decision = "accepted" if accept else "declined"
        OwnerAsk.update(decision=decision, decided_on=clock.today().isoformat()).where(OwnerAsk.id == ask_id).execute()

    verb = "accepting" if accept else "declining"
    return Change(f"{verb} what {ask.owner} asked", apply, When(day=min(asked_on, clock.today())) if accept else None)
