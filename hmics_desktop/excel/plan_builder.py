"""Gather the rows of a file into one plan without merging what differs.

The numbers a file gives are kept. A recommendation or action without a usable number,
or whose number an earlier row already holds with different content, is numbered only
once every row is read — one past the highest number the file uses — so that a number
the file gives later is never taken first. Each of those rows gets a warning naming its
row and the number it was given; rows that repeat an action add what they have to it
and are named too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from hmics_desktop.domain.numbering import ActionNumber, next_free_action_number
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation

# An action's fields, in the users' words, compared when two rows give the same number.
ACTION_FIELDS = {
    "text": "text",
    "owner": "owner",
    "target": "target date",
    "status_text": "status",
    "progress": "latest progress update",
    "progress_on": "date of the progress update",
    "next_steps": "next steps",
    "links_text": "links",
}
_UPDATE_FIELDS = ("progress", "progress_on", "status_text", "next_steps")  # what changes from one update to the next
KIND_WORDS = {"recommendation": "Recommendation", "area_for_development": "Area for development"}

Reason = str | Callable[[int], str]  # the start of a warning; a callable gets the final recommendation number


def words_list(words: list[str]) -> str:
    """``["a", "b", "c"]`` → ``"a, b and c"``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _same_text(a: str, b: str) -> bool:
    return a == b or " ".join(a.casefold().split()) == " ".join(b.casefold().split())


@dataclass
class _Later:
    """A recommendation or action numbered once every row is read, and its warning's slot."""

    recommendation: PlanRecommendation
    action: PlanAction | None
    slot: int
    where: str
    reason: Reason
    position: int | None = None  # the action's place under its renumbered recommendation


@dataclass
class PlanBuilder:
    """One inspection's plan as its rows are read; ``finish`` numbers what was left unnumbered."""

    plan: Plan
    warnings: list[str]
    recommendations: dict[tuple[str, int], PlanRecommendation] = field(default_factory=dict)
    first_rows: dict[int, int] = field(default_factory=dict)  # id() of a recommendation or action → row
    _later: list[_Later] = field(default_factory=list)
    _unnumbered_by_text: dict[tuple[str, str], PlanRecommendation] = field(default_factory=dict)
    _numbered_actions: dict[tuple[int, str], PlanAction] = field(default_factory=dict)  # (id() of its rec, number)

    def _slot(self, where: str) -> int:
        self.warnings.append(where)  # replaced by the full warning in finish()
        return len(self.warnings) - 1

    def numbered(self, kind: str, number: int, text: str, where: str, row: int) -> PlanRecommendation:
        """The recommendation the file numbers ``number``; another one if that number holds other text."""
        existing = self.recommendations.get((kind, number))
        if existing is None:
            recommendation = PlanRecommendation(number=number, kind=kind, text=text)
            self.recommendations[(kind, number)] = recommendation
            self.plan.recommendations.append(recommendation)
            self.first_rows[id(recommendation)] = row
            return recommendation
        if text and existing.text and not _same_text(text, existing.text):
            first = self.first_rows[id(existing)]
            reason = f"{KIND_WORDS[kind]} {number} is already on row {first} with other text; this one"
            return self.unnumbered(kind, text, where, reason, row)
        existing.text = existing.text or text
        return existing

    def unnumbered(self, kind: str, text: str, where: str, reason: str, row: int) -> PlanRecommendation:
        """A recommendation numbered at the end (the same text again is the same recommendation)."""
        key = (kind, " ".join(text.casefold().split()))
        if text and key in self._unnumbered_by_text:
            return self._unnumbered_by_text[key]
        recommendation = PlanRecommendation(number=0, kind=kind, text=text)
        self.plan.recommendations.append(recommendation)
        self.first_rows[id(recommendation)] = row
        if text:
            self._unnumbered_by_text[key] = recommendation
        self._later.append(_Later(recommendation, None, self._slot(where), where, reason))
        return recommendation

    def add_action(
        self,
        recommendation: PlanRecommendation,
        action: PlanAction,
        numbered: tuple[ActionNumber | None, str],
        claimed: int,
        where: str,
        row: int,
        reason: str,
    ) -> None:
        """Add ``action`` as its number (given with the number as the file writes it), or later with ``reason``.

        ``claimed`` is the recommendation number the file gives the row (0: none).
        """
        number, written = numbered
        if number is None:
            self._add_later(recommendation, action, where, reason)
            return
        if recommendation.number == 0 or number.recommendation != recommendation.number:

            def under(final: int) -> str:
                return f"action {written} is under the recommendation numbered {final}; it"

            keeps_place = number.recommendation == claimed
            self._add_later(recommendation, action, where, under, number.position if keeps_place else None)
            return
        action.number = str(number)
        key = (id(recommendation), action.number)
        existing = self._numbered_actions.get(key)
        if existing is None:
            self._numbered_actions[key] = action
            recommendation.actions.append(action)
            self.first_rows[id(action)] = row
            return
        first = self.first_rows[id(existing)]
        differ = [name for name in ACTION_FIELDS if _conflict(existing, action, name)]
        if "progress" in differ and set(differ) <= set(_UPDATE_FIELDS):
            self._another_update(existing, action, [n for n in differ if n in ("status_text", "next_steps")], where)
            return
        if differ:
            differ = [ACTION_FIELDS[name] for name in differ]
            other = "other text" if differ == ["text"] else f"another {words_list(differ)}"
            self._add_later(recommendation, action, where, f"action {number} is already on row {first} with {other}; "
                            "this row")  # fmt: skip
            return
        for name in (*ACTION_FIELDS, "status"):
            if not getattr(existing, name) and getattr(action, name):
                setattr(existing, name, getattr(action, name))
        existing.links = existing.links or action.links
        self.warnings.append(f"{where}: action {number} again (first on row {first}); read as one action with it.")

    def _another_update(self, existing: PlanAction, action: PlanAction, also: list[str], where: str) -> None:
        """A row that repeats an action with another progress update: a file kept as one row per update.

        Both updates are kept; the later one (by its date, else the later row) is the latest, and
        its status and next steps are the action's.
        """
        number, first = existing.number, self.first_rows[id(existing)]
        later = (action.progress_on or "") >= (existing.progress_on or "")
        if later:
            existing.earlier_progress.append((existing.progress_on, existing.progress or ""))
            for name in _UPDATE_FIELDS:
                setattr(existing, name, getattr(action, name) or getattr(existing, name))
            existing.status = action.status or existing.status
        else:
            existing.earlier_progress.append((action.progress_on, action.progress or ""))
        verb = "was" if len(also) == 1 else "were"
        kept = f"; the {words_list([ACTION_FIELDS[n] for n in also])} of the later update {verb} kept" if also else ""
        self.warnings.append(
            f"{where}: action {number} again (first on row {first}) with another progress update; "
            f"both are kept as its progress updates{kept}."
        )

    def _add_later(
        self,
        recommendation: PlanRecommendation,
        action: PlanAction,
        where: str,
        reason: Reason,
        position: int | None = None,
    ) -> None:
        action.number = ""
        recommendation.actions.append(action)
        self._later.append(_Later(recommendation, action, self._slot(where), where, reason, position))

    def finish(self) -> None:
        """Number what was left unnumbered, one past the highest number used, and word its warning."""
        for later in self._later:
            recommendation = later.recommendation
            if later.action is None:
                taken = [n for (k, n) in self.recommendations if k == recommendation.kind]
                recommendation.number = max(taken, default=0) + 1
                self.recommendations[(recommendation.kind, recommendation.number)] = recommendation
                label = str(recommendation.number)
            else:
                taken_labels = [a.number for a in recommendation.actions if a.number]
                label = str(ActionNumber(recommendation.number, later.position or 0))
                if later.position is None or label in taken_labels:
                    label = next_free_action_number(recommendation.number, taken_labels)
                later.action.number = label
            reason = later.reason(recommendation.number) if callable(later.reason) else later.reason
            self.warnings[later.slot] = f"{later.where}: {reason} was numbered {label}."
        self._later.clear()


def _conflict(first: PlanAction, second: PlanAction, name: str) -> bool:
    a, b = getattr(first, name), getattr(second, name)
    if not a or not b:
        return False
    return not _same_text(a, b) if isinstance(a, str) and isinstance(b, str) else bool(a != b)
