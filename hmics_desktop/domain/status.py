"""Statuses of recommendations and actions, and how the committee counts them.

Per inspection the committee sees Total · Closed · Ongoing – on track · Ongoing –
delayed. A recommendation that is not closed is delayed once its *initial* target has
passed, even when the target was revised later; a user can override that call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from hmics_desktop.domain.dates import PlanDate


class RecommendationStatus(StrEnum):
    OPEN = "open"
    EVIDENCE_SUBMITTED = "evidence_submitted"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"open": "Open", "evidence_submitted": "Proposed for closure", "closed": "Closed"}[self.value]


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    TRANSFERRED = "transferred"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Standing(StrEnum):
    """The committee's column for a recommendation."""

    CLOSED = "closed"
    ON_TRACK = "on_track"
    DELAYED = "delayed"

    @property
    def label(self) -> str:
        return {"closed": "Closed", "on_track": "Ongoing – on track", "delayed": "Ongoing – delayed"}[self.value]


# Word patterns, checked in order; the first that matches the status text decides. Compiled when
# first used (:func:`_match_words`), not when the window starts.
_ACTION_WORDS: tuple[tuple[str, ActionStatus], ...] = (
    (r"transfer", ActionStatus.TRANSFERRED),
    (r"withdraw|removed|no longer required|superseded", ActionStatus.WITHDRAWN),
    (r"not\s+(yet\s+)?started|not\s+commenced|to\s+start", ActionStatus.NOT_STARTED),
    (r"complete|completed|closed|done|achieved|discharged|\bblue\b", ActionStatus.COMPLETE),
    (
        r"progress|ongoing|on\s*track|delayed|open|started|underway|\bred\b|\bamber\b|\bgreen\b",
        ActionStatus.IN_PROGRESS,
    ),
)
_RECOMMENDATION_WORDS: tuple[tuple[str, RecommendationStatus], ...] = (
    (
        r"proposed\s+for\s+closure|evidence\s+submitted|awaiting\s+hmics|submitted",
        RecommendationStatus.EVIDENCE_SUBMITTED,
    ),
    (r"\bclosed\b|complete|discharged|\bblue\b", RecommendationStatus.CLOSED),
    (
        r"open|ongoing|progress|delayed|on\s*track|\bred\b|\bamber\b|\bgreen\b|not\s+started",
        RecommendationStatus.OPEN,
    ),
)


_COMPILED: dict[int, list[tuple[re.Pattern[str], StrEnum]]] = {}  # each table's patterns, by the table's id


def _match_words(text: str, table: tuple[tuple[str, StrEnum], ...]) -> StrEnum | None:
    compiled = _COMPILED.get(id(table))
    if compiled is None:
        compiled = _COMPILED[id(table)] = [(re.compile(pattern), status) for pattern, status in table]
    cleaned = " ".join(text.lower().split())
    for pattern, status in compiled:
        if pattern.search(cleaned):
            return status
    return None


def action_status_from_words(text: str) -> ActionStatus | None:
    """Words to a status: "Action complete." → complete; "Ongoing – delayed" → in progress."""
    found = _match_words(text, _ACTION_WORDS)  # type: ignore[arg-type]
    return ActionStatus(found) if found else None


def recommendation_status_from_words(text: str) -> RecommendationStatus | None:
    found = _match_words(text, _RECOMMENDATION_WORDS)  # type: ignore[arg-type]
    return RecommendationStatus(found) if found else None


_STANDING_WORDS: tuple[tuple[str, Standing], ...] = (
    (r"^(ongoing\s*[-–—:]?\s*)?(delayed|behind)\W*$", Standing.DELAYED),
    (r"^(ongoing\s*[-–—:]?\s*)?on\s*track\W*$", Standing.ON_TRACK),
    (r"^closed\W*$", Standing.CLOSED),
)


def standing_from_words(text: str) -> Standing | None:
    """The committee's call when that is all the words say ("On track", "Ongoing – delayed", "Closed").

    None for anything else (RAG colours, "Delayed – awaiting IT"…).
    """
    found = _match_words(text, _STANDING_WORDS)  # type: ignore[arg-type]
    return Standing(found) if found else None


def committee_standing(
    status: RecommendationStatus,
    initial_target: PlanDate | None,
    today: date,
    override: Standing | None = None,
    action_targets: Iterable[PlanDate] = (),
) -> Standing:
    """Closed, or on track / delayed as the committee counts it.

    Delayed once the initial target has passed; with no initial target, once the target of
    any of its open actions (``action_targets``, the ones in force) has passed.
    """
    standing, due = standing_until(status, initial_target, override, action_targets)
    return Standing.DELAYED if due is not None and due < today else standing


def standing_until(
    status: RecommendationStatus,
    initial_target: PlanDate | None,
    override: Standing | None = None,
    action_targets: Iterable[PlanDate] = (),
) -> tuple[Standing, date | None]:
    """The committee's call on any day, as :func:`committee_standing` makes it: a call and its last day.

    The call holds up to the last day (None: on every day); after it, the recommendation is delayed.
    (What a chart over many days asks once per recommendation rather than once per day.)
    """
    if status is RecommendationStatus.CLOSED:
        return Standing.CLOSED, None
    if override is not None and override is not Standing.CLOSED:
        return override, None
    if initial_target is not None:
        return Standing.ON_TRACK, initial_target.last_day()
    return Standing.ON_TRACK, min((target.last_day() for target in action_targets), default=None)


NO_TARGET = "No target set"
NO_INITIAL_TARGET = "no initial target"


def standing_label(standing: Standing, target: PlanDate | None, overridden: bool = False) -> str:
    """An action's call as shown: "No target set" rather than a green "on track" for one without a target."""
    if standing is Standing.ON_TRACK and target is None and not overridden:
        return NO_TARGET
    return standing.label


def recommendation_standing_label(standing: Standing, initial_target: PlanDate | None, overridden: bool) -> str:
    """A recommendation's call as shown, saying when it has no initial target (so that one is set).

    "Ongoing – delayed (no initial target)": judged by its open actions' targets meanwhile.
    """
    if standing is not Standing.CLOSED and initial_target is None and not overridden:
        return f"{standing.label} ({NO_INITIAL_TARGET})"
    return standing.label


def committee_call(
    status: RecommendationStatus,
    initial_target: PlanDate | None,
    revised_target: PlanDate | None,
    override: Standing | None,
    today: date,
    action_targets: Iterable[PlanDate] = (),
) -> str:
    """The committee's call on a recommendation and why, in a sentence for its form.

    "Ongoing – delayed: the initial target, Sept 2022, has passed (the committee counts from it, though
    the target was revised to June 2027)."
    """
    targets = sorted(action_targets, key=PlanDate.sort_key)
    computed = committee_standing(status, initial_target, today, None, targets)
    if computed is Standing.CLOSED:
        return "Closed."
    if override is not None and override is not Standing.CLOSED:
        if initial_target is None:
            why = "no initial target is set"
        elif override is computed:
            why = "the initial target gives the same"
        else:
            why = f"by its initial target it would be {computed.label}"
        return f"{override.label}, marked by hand ({why})."
    if initial_target is None:
        passed = [t for t in targets if t.last_day() < today]
        if passed:
            return (
                f"{computed.label}: no initial target is set, and the target of an open action ({passed[0]}) has "
                "passed. Give the recommendation its initial target."
            )
        return (
            f"{computed.label}: no initial target is set; until one is, it is judged by its open actions' targets, "
            "none of which has passed."
        )
    revised = (
        f" (the committee counts from it, though the target was revised to {revised_target})"
        if revised_target is not None and revised_target != initial_target
        else ""
    )
    if computed is Standing.DELAYED:
        return f"{computed.label}: the initial target, {initial_target}, has passed{revised}."
    return f"{computed.label}: the initial target, {initial_target}, has not passed yet."


@dataclass(frozen=True)
class CommitteeCounts:
    """Total · Closed · Ongoing – on track · Ongoing – delayed."""

    total: int = 0
    closed: int = 0
    on_track: int = 0
    delayed: int = 0

    @classmethod
    def of(cls, standings: list[Standing]) -> CommitteeCounts:
        return cls(
            total=len(standings),
            closed=standings.count(Standing.CLOSED),
            on_track=standings.count(Standing.ON_TRACK),
            delayed=standings.count(Standing.DELAYED),
        )

    def __add__(self, other: CommitteeCounts) -> CommitteeCounts:
        return CommitteeCounts(
            self.total + other.total,
            self.closed + other.closed,
            self.on_track + other.on_track,
            self.delayed + other.delayed,
        )
