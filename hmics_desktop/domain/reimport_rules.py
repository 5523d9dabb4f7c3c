"""Importing a plan again over what the database records: one rule, by the day each value took effect.

A file speaks for its As at date F. A field of a record changes only when the file carries
it and the value on record took effect on or before F and was known by then; a column the
file lacks changes nothing. A value that took effect after F (an owner changed since, a
closure, a status, an item deleted, merged or moved since) or became known after F (a closure
dated before F but typed in since; what a newer file brought or said again, known on its As at
date) stays as it is, and the preview says so in a sentence (:func:`after_file`: the one test,
for every field, a deletion, the links and a revised target alike). A step undone counts for
nothing.
A file with no As at date speaks for the day the secretary chose in the preview, and may move
a status forward (open → proposed for closure → closed, not started → in progress → complete)
but never back: without a date it cannot show that anything happened after what is recorded.

A progress update in the file that is already on the action (the same day and the same words,
whitespace aside, or the words of the update in force on that day) is matched, not added again.
The same day in other words is added beside the recorded one: both are kept and the preview
says so, since neither can be known to be the correction of the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan_changes import FIELD_WORDS, shown
from hmics_desktop.domain.words import listed

_ACTION_NUMBERS = re.compile(r"\d+\.\d+")
# How far along its lifecycle a status is; a file with no "As at" date never moves one back.
RECOMMENDATION_STAGES = {"open": 0, "evidence_submitted": 1, "closed": 2}
ACTION_STAGES = {"not_started": 0, "in_progress": 1, "complete": 2, "transferred": 2, "withdrawn": 2}
_STATUS_DONE = {
    "closed": "was closed", "evidence_submitted": "was proposed for closure", "open": "was recorded as open",
    "not_started": "was marked not started", "in_progress": "was marked in progress",
    "complete": "was marked complete", "transferred": "was marked transferred", "withdrawn": "was marked withdrawn",
}  # fmt: skip


def normalised(text: str) -> str:
    """The words of a text with its whitespace made single spaces (how two texts are compared)."""
    return " ".join(text.split())


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _status_words(status: str | None) -> str:
    return shown(status, "status").lower() if status else "as recorded"


@dataclass(frozen=True)
class FileDate:
    """The day a file speaks for, and whether it said so itself (an As at date) or the secretary chose it."""

    day: date
    stated: bool

    def words(self) -> str:
        return f"this file's As at date ({_day(self.day)})" if self.stated else f"the day chosen ({_day(self.day)})"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def same_value(name: str, recorded: object, from_file: object) -> bool:
    """Whether the file says what is recorded: the same value, or the same links written otherwise."""
    if recorded == from_file or (_blank(recorded) and _blank(from_file)):
        return True  # an empty cell says what nothing on record says
    if name == "links_text" and isinstance(recorded, str) and isinstance(from_file, str):
        return sorted(set(_ACTION_NUMBERS.findall(recorded))) == sorted(set(_ACTION_NUMBERS.findall(from_file)))
    return False


@dataclass(frozen=True)
class Since:
    """When a value on record took effect, and when it became known.

    Known: the As at date of the file that brought it, or the day an edit was recorded.
    """

    took_effect: date
    known: date
    from_file: bool = False  # known from a file (its As at date), else from an edit (the day it was recorded)

    def after(self, day: date) -> bool:
        return self.took_effect > day or self.known > day

    def words(self, day: date) -> str:
        """``on 10/01/2022``, and when that is not after ``day``, when it became known: ``, recorded on 07/12/2026``."""
        when = f"on {_day(self.took_effect)}"
        if self.took_effect > day or self.known <= day:
            return when
        return f"{when}, as a file as at {_day(self.known)} says" if self.from_file else (
            f"{when}, recorded on {_day(self.known)}"
        )  # fmt: skip


def after_file(since: Since | None, file_date: FileDate) -> bool:
    """Whether a value on record stays against the file: it took effect, or became known, after the file's day."""
    return since is not None and since.after(file_date.day)


def field_kept(
    name: str,
    recorded: object,
    from_file: object,
    since: Since | None,
    file_date: FileDate,
    stages: dict[str, int],
) -> bool:
    """Whether a field keeps the value on record rather than the file's (the one rule)."""
    if from_file is None or same_value(name, recorded, from_file):
        return False
    if after_file(since, file_date):
        return True
    if name == "status" and not file_date.stated and recorded is not None:
        return stages.get(str(from_file), 0) < stages.get(str(recorded), 0)  # never back without a date
    return False


def links_kept_sentence(item: str, said_again_on: date | None, file_date: FileDate) -> str:
    """Why ``item``'s links stay: changed after the file's day, or (``said_again_on``) a later file gave them."""
    if said_again_on is None:
        return f"{item}: its links were changed after {file_date.words()}; they stay as they are."
    return (
        f"{item}: its links are as a file as at {_day(said_again_on)} gives them, after {file_date.words()}; "
        "they stay as they are."
    )


def kept_sentence(item: str, kept: dict[str, tuple[object, Since | None]], file_date: FileDate) -> str:
    """Why ``item``'s fields stay as recorded; ``kept``: each field's value on record and when it took effect.

    "Recommendation 2 was closed on 24/11/2026, after this file's As at date (15/02/2022); it stays closed."
    "Action 1.1: its owner and next steps were changed on 07/12/2026, after …; they stay as they are."
    """
    sentences = []
    status = kept.get("status")
    if status is not None:
        value, on = status
        stays = _status_words(str(value) if value is not None else None)
        done = _STATUS_DONE.get(str(value), "was set")
        if after_file(on, file_date):
            assert on is not None
            sentences.append(f"{item} {done} {on.words(file_date.day)}, after {file_date.words()}; it stays {stays}.")
        else:
            was = f"{item} {done} on {_day(on.took_effect)}" if on else f"{item} is {stays}"
            sentences.append(f"{was}; this file has no As at date to show that changed since, so it stays {stays}.")
    by_words: dict[str, list[str]] = {}  # the fields said with the same days, in one sentence each
    for name, (_value, on) in kept.items():
        if name not in ("status", "status_text"):
            by_words.setdefault(f" {on.words(file_date.day)}" if on else "", []).append(name)
    for when, fields in by_words.items():
        names = [FIELD_WORDS.get(name, name).lower() for name in fields]
        one = len(names) == 1 and not names[0].endswith("steps")
        verb, they = ("was", "it stays as it is") if one else ("were", "they stay as they are")
        sentences.append(f"{item}: its {listed(names)} {verb} changed{when}, after {file_date.words()}; {they}.")
    return " ".join(sentences)


def deleted_sentence(item: str, since: Since, file_date: FileDate) -> str:
    """Why a deleted record the file speaks of stays in Deleted items."""
    return f"{item} was deleted {since.words(file_date.day)}, after {file_date.words()}; it stays in Deleted items."


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
    if not recorded:  # an action with no update on record (a new one): nothing to compare the words with
        return ProgressMatch.NEW
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
