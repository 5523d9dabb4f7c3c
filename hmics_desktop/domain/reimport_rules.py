"""Importing a plan again over what the database records: match what is there, never go backwards.

A file speaks for its "As at" date. What the database records after that date (a closure, a
proposal for closure, HMICS asking for more, a newer progress update) stays as it is, and the
preview says so in a warning. A file with no "As at" date cannot show that anything happened
after what is recorded, so it may move a status forward (open → proposed for closure → closed,
not started → in progress → complete) but never back.

A progress update in the file that is already on the action (the same day and the same words,
whitespace aside, or the words of the update in force on that day) is matched, not added again.
The same day in other words is added beside the recorded one: both are kept and the preview
says so, since neither can be known to be the correction of the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan_changes import shown

# How far along its lifecycle a status is; a file with no "As at" date never moves one back.
RECOMMENDATION_STAGES = {"open": 0, "evidence_submitted": 1, "closed": 2}
ACTION_STAGES = {"not_started": 0, "in_progress": 1, "complete": 2, "transferred": 2, "withdrawn": 2}
_RECORDED_BY = {"closed": "closed", "evidence_submitted": "proposed for closure", "open": "kept open"}


def normalised(text: str) -> str:
    """The words of a text with its whitespace made single spaces (how two texts are compared)."""
    return " ".join(text.split())


def _status_words(status: str | None) -> str:
    return shown(status, "status").lower() if status else "as recorded"


@dataclass(frozen=True)
class StatusOnRecord:
    """A recommendation's recorded status and the day it was recorded, where known.

    ``since``: the closure date of a closed one, the day evidence proposing closure was sent
    for one proposed for closure, the day HMICS asked for more for an open one.
    """

    status: str
    since: PlanDate | None = None


def _recorded(status: str, since: PlanDate | None) -> str:
    """``was closed on 24/11/2026``, ``was kept open on … when HMICS asked for more``, ``is closed``."""
    if since is None:
        return f"is {_status_words(status)}"
    if status == "open":
        return f"was kept open on {shown(since)} when HMICS asked for more"
    return f"was {_RECORDED_BY.get(status, 'set')} on {shown(since)}"


def recommendation_status_kept(
    item: str, recorded: StatusOnRecord, file_status: str | None, file_as_at: PlanDate | None
) -> str | None:
    """Why ``item`` keeps its recorded status rather than the file's, in the users' words; None: the file's applies."""
    if not file_status or file_status == recorded.status:
        return None
    since, stays = recorded.since, _status_words(recorded.status)
    was = f"{item} {_recorded(recorded.status, since)}"
    if file_as_at is not None and since is not None:
        if since.last_day() <= file_as_at.last_day():
            return None  # recorded on or before the file's date: the file is newer
        return f"{was}, after this file's As at date ({shown(file_as_at)}); it stays {stays}."
    if RECOMMENDATION_STAGES.get(file_status, 0) >= RECOMMENDATION_STAGES.get(recorded.status, 0):
        return None  # forward along the lifecycle (or a status recorded with no day): the file's applies
    if file_as_at is None:
        return f"{was}; this file has no As at date to show that changed since, so it stays {stays}."
    return (
        f"{was}, on a day not recorded; this file's As at date ({shown(file_as_at)}) cannot show that changed "
        f"since, so it stays {stays}."
    )


def action_fields_kept(
    item: str,
    recorded: dict[str, str | None],
    from_file: dict[str, str | None],
    newest_progress: PlanDate | None,
    file_as_at: PlanDate | None,
) -> tuple[list[str], str | None]:
    """The action fields (``status``, ``status_text``, ``next_steps``) that stay as recorded, and why.

    A dated file older than the action's newest progress keeps its status and next steps; a file
    with no "As at" date keeps a status further along than the file's.
    """
    differ = [name for name, value in from_file.items() if value is not None and recorded.get(name) != value]
    if not differ:
        return [], None
    status = recorded.get("status")
    if file_as_at is not None:
        if newest_progress is None or newest_progress.last_day() <= file_as_at.last_day():
            return [], None
        parts = []
        if "status" in differ or "status_text" in differ:
            parts.append(f"its status stays {_status_words(status)}")
        if "next_steps" in differ:
            parts.append("its next steps stay as they are")
        why = (
            f"{item} has a progress update as at {shown(newest_progress)}, after this file's As at date "
            f"({shown(file_as_at)}); {' and '.join(parts)}."
        )
        return differ, why
    file_status = from_file.get("status")
    if status is None or file_status is None or file_status == status:
        return [], None
    if ACTION_STAGES.get(file_status, 0) >= ACTION_STAGES.get(status, 0):
        return [], None
    stays = _status_words(status)
    return ["status", "status_text"], (
        f"{item} is {stays}; this file has no As at date to show that changed since, so it stays {stays}."
    )


@dataclass(frozen=True)
class RecordedProgress:
    """A progress update on record: its day, its words (normalised) and whether it is in Deleted items."""

    day: PlanDate
    text: str
    deleted: bool = False


class ProgressMatch(Enum):
    NEW = "new"  # not on record: added
    RECORDED = "recorded"  # already on the action: nothing to do
    DELETED = "deleted"  # on record but in Deleted items: left there
    BESIDE = "beside"  # that day is on record in other words: added beside it, both kept


def match_progress(recorded: list[RecordedProgress], day: PlanDate, text: str) -> ProgressMatch:
    """What to do with a progress update of the file, given the action's updates in (day, entry) order."""
    words = normalised(text)
    same_day = [update for update in recorded if update.day == day]
    if any(update.text == words and not update.deleted for update in same_day):
        return ProgressMatch.RECORDED
    if any(update.text == words for update in same_day):
        return ProgressMatch.DELETED
    in_force = [update for update in recorded if not update.deleted and update.day <= day]
    in_force.sort(key=lambda update: update.day.sort_key())  # stable: the later entry of a day wins
    if in_force and in_force[-1].text == words:
        return ProgressMatch.RECORDED  # the same words carried forward to a later file
    if any(not update.deleted for update in same_day):
        return ProgressMatch.BESIDE
    return ProgressMatch.NEW


def progress_warning(match: ProgressMatch, label: str, day: PlanDate) -> str | None:
    """What the preview says about a progress update of the file that is not simply new or already there."""
    if match is ProgressMatch.BESIDE:
        return (
            f"Action {label} already has a progress update as at {shown(day)} in other words; the file's is added "
            "beside it and both are kept: remove the one that is wrong from the action's progress."
        )
    if match is ProgressMatch.DELETED:
        return f"Action {label}: the file's progress update as at {shown(day)} is in Deleted items; it stays there."
    return None
