"""An item's History in sentences: "Owner changed from “LTD” to “FMOR”", grouped by step.

The audit trail stores field names, ids and ISO dates; this module turns them into what a
secretary reads: field names in the users' words, links as action numbers, dates as
15/02/2022 or "Sept 2022", statuses as their labels, progress text shown, and the entries
of one step (an edit, an undo, an import) as one row.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hmics_desktop.domain.classification import Grading
from hmics_desktop.domain.dates import DateError, PlanDate
from hmics_desktop.domain.numbering import action_sort_key
from hmics_desktop.domain.requests import ProposedStatus
from hmics_desktop.domain.status import ActionStatus, RecommendationStatus, Standing
from hmics_desktop.domain.words import listed
from hmics_desktop.storage import confirmations
from hmics_desktop.storage.models import Action, AuditEntry, OwnerAsk, ProgressUpdate, TargetRevision, database

FIELD_NAMES = {
    "title": "Title", "inspectorate": "Inspectorate", "kind": "Type", "published": "Published",
    "owning_group": "Owning group", "challenges_risks": "Challenges and risks", "plan_title": "Plan title",
    "as_at": "As at", "number": "Number", "text": "Text", "owner": "Owner", "initial_target": "Initial target",
    "status": "Status", "status_text": "Status as imported", "position": "Position",
    "impact": "What we did and the impact", "outcomes": "Strategic outcomes",
    "standing_override": "On track / delayed marked by hand", "standing_override_reason": "Reason for the mark",
    "delay_reason": "Delay reason", "target": "Target date", "links": "Links", "links_text": "Links as imported",
    "next_steps": "Next steps", "response": "HMICS response", "response_on": "HMICS response on",
    "response_text": "HMICS's words", "inspection": "Inspection", "theme": "Theme", "grading": "Grading",
    "delay_category": "Delay category",
}  # fmt: skip
_DATES = {"published", "as_at", "initial_target", "target", "response_on", "sent_on"}
_LABELS: dict[str, str] = {
    **{s.value: s.label for s in ActionStatus}, **{s.value: s.label for s in RecommendationStatus},
    **{s.value: s.label for s in Standing}, "area_for_development": "Area for development",
    "recommendation": "Recommendation", "accepted": "closure accepted", "more_requested": "more evidence requested",
    **{g.value: g.label for g in Grading},
}  # fmt: skip
_LONGEST = 300


@dataclass(frozen=True)
class HistoryLine:
    when: str  # 15/02/2022 14:03
    who: str
    what: str  # one or more sentences, one per line


def _quoted(text: str) -> str:
    line = " ".join(text.split())
    return f"“{line if len(line) <= _LONGEST else line[: _LONGEST - 1] + '…'}”"


def _numbers(ids_text: str) -> str:
    try:
        ids = [int(i) for i in ast.literal_eval(ids_text)]
    except (ValueError, SyntaxError, TypeError):
        return ids_text
    if not ids:
        return "none"
    actions = {a.id: a for a in Action.select().where(Action.id.in_(ids))}
    found = [f"{actions[i].recommendation.number}.{actions[i].position}" if i in actions else "a removed action"
             for i in ids]  # fmt: skip
    return ", ".join(found)


def shown_value(name: str | None, value: str | None) -> str:
    """A stored value as the user reads it."""
    if value is None or value == "":
        return "nothing"
    if name == "links":
        return _numbers(value)
    if name in _DATES:
        try:
            return PlanDate.from_iso(value).british()
        except DateError:
            return value
    if name in {"status", "standing_override", "kind", "response", "grading"}:
        return _LABELS.get(value, value)
    return _quoted(value)


def _change_sentence(entry: Any) -> str:
    label = FIELD_NAMES.get(entry.field or "", (entry.field or "").replace("_", " ").capitalize())
    if entry.entity == "progress_update":
        label = "Progress update date" if entry.field == "as_at" else "Progress update text"
    old, new = entry.old_value, entry.new_value
    if old in (None, ""):
        return _ended(f"{label} set to {shown_value(entry.field, new)}")
    if new in (None, ""):
        return f"{label} cleared (it was {shown_value(entry.field, old)})."
    return _ended(f"{label} changed from {shown_value(entry.field, old)} to {shown_value(entry.field, new)}")


def _ended(sentence: str) -> str:
    """A full stop, unless the sentence ends with a quoted sentence that has its own."""
    return sentence if sentence.endswith((".”", "!”", "?”")) else sentence + "."


_SUMMARY = re.compile(r"as at (?P<on>\S+): (?P<text>.*)", re.S)


def _progress_sentence(entry: Any, owners: dict[int, str]) -> str:
    """From the summary the audit keeps ("… as at 2024-03-01: Skills matrix agreed"): the words of the time.

    An update an owner returned in an update request says whose it is: "Progress update from DCI Smith added…".
    """
    found = _SUMMARY.search(entry.new_value or entry.old_value or "")
    said = f" as at {shown_value('as_at', found['on'])}: {_quoted(found['text'])}" if found else ""
    verb = {"delete": "removed", "restore": "restored"}.get(entry.change, "added")
    whose = f" from {owners[entry.entity_id]}" if entry.entity_id in owners else ""
    return _ended(f"Progress update{whose} {verb}{said}")


def _ask_sentence(entry: Any, asks: dict[int, Any], decided_later: set[int]) -> str:
    """What an owner asked in a returned update request, and the secretary's answer."""
    ask = asks.get(entry.entity_id)
    if ask is None:
        return "A change asked for by an owner was withdrawn."
    status = f"“{ProposedStatus(ask.status).label}”" if ask.status else ""
    words = f"a revised target of {ask.target.british()}" if ask.kind == "target" else status
    if entry.field == "decision" and entry.new_value:
        return f"What {ask.owner} asked for ({words}) was {entry.new_value}."
    if entry.change == "delete":
        return f"What {ask.owner} asked for ({words}) was withdrawn."
    reason = f", because {ask.reason}" if ask.kind == "target" and ask.reason else ""
    answered = f"; {ask.decision} in the import" if ask.decision and ask.id not in decided_later else ""
    return f"{ask.owner} asked for {words}{reason}{answered}."


def _revision_sentence(entry: Any, revisions: dict[int, Any]) -> str:
    revision = revisions.get(entry.entity_id)
    said = f" to {revision.target.british()}" if revision else ""
    reason = f", because {revision.reason}" if revision and revision.reason else ""
    return f"Target {'revision withdrawn' if entry.change == 'delete' else 'revised'}{said}{reason}."


def _item_sentence(kind: str, entry: Any, entries: list[Any]) -> str:
    what = kind.replace("_", " ").capitalize()
    said = f"{what} {({'delete': 'deleted', 'restore': 'restored'}).get(entry.change, 'created')}"
    made = next(
        (e for e in entries if e.change == "create" and (e.entity, e.entity_id) == (kind, entry.entity_id)), None
    )
    if entry.change == "delete" and made is not None and _dated_back(entry):
        return (
            f"{said}: it was recorded on {made.at:%d/%m/%Y} and deleted on {entry.at:%d/%m/%Y}, so it was made by "
            "mistake and stands on no paper."
        )
    if entry.change == "restore" and _dated_back(entry):
        since = date.fromisoformat(str(entry.effective_on)[:10])
        return f"{said}: it stands again from {since:%d/%m/%Y}, as if never deleted."
    return said + "."


def _dated_back(entry: Any) -> bool:
    """A deletion or restore that took effect before the day it was made (``domain.effective``: a mistake's).

    (An undo withdraws what its step did from that step's own days: not a change of this kind.)
    """
    undone = (entry.step or "").startswith("Undone:")
    return not undone and bool(entry.effective_on) and str(entry.effective_on) < f"{entry.at:%Y-%m-%d}"


def _links_sentence(entries: list[Any]) -> str:
    """The links a step added and removed, as one sentence: "Links: 1.1 and 1.2 added; 6.1 removed."."""
    added = [e.new_value for e in entries if e.new_value and not e.old_value]
    removed = [e.old_value for e in entries if e.old_value and not e.new_value]
    whole = [e for e in entries if e.old_value and e.new_value]  # older rows: the whole list before and after
    parts = [_change_sentence(e).rstrip(".") for e in whole]
    for numbers, verb in ((added, "added"), (removed, "removed")):
        if numbers:
            ordered = sorted(numbers, key=action_sort_key)
            what = "link to action" if len(numbers) == 1 else "links to actions"
            parts.append(f"{what} {listed(ordered, 10)} {verb}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _entries(kind: str, item_id: int) -> list[Any]:
    own = (AuditEntry.entity == kind) & (AuditEntry.entity_id == item_id)
    condition = own
    if kind in ("action", "recommendation"):
        field = TargetRevision.action if kind == "action" else TargetRevision.recommendation
        revision_ids = [r.id for r in TargetRevision.select(TargetRevision.id).where(field == item_id)]
        condition |= (AuditEntry.entity == "target_revision") & AuditEntry.entity_id.in_(revision_ids or [0])
    if kind == "action":
        update_ids = [u.id for u in ProgressUpdate.select(ProgressUpdate.id).where(ProgressUpdate.action == item_id)]
        condition |= (AuditEntry.entity == "progress_update") & AuditEntry.entity_id.in_(update_ids or [0])
        ask_ids = [a.id for a in OwnerAsk.select(OwnerAsk.id).where(OwnerAsk.action == item_id)]
        condition |= (AuditEntry.entity == "owner_ask") & AuditEntry.entity_id.in_(ask_ids or [0])
    audited = list(AuditEntry.select().where(condition).order_by(AuditEntry.at, AuditEntry.id))
    return sorted([*audited, *_confirmed(kind, item_id)], key=lambda e: (f"{e.at}", e.change == "confirm"))


# The tables whose confirmations (``storage.confirmations``) an item's History shows: an action's links too,
# kept in their own table and audited as the action's ("links").
_CONFIRMED_ON = {"inspection": ("inspection",), "recommendation": ("recommendation",),
                 "action": ("action", "action_link")}  # fmt: skip


@dataclass(frozen=True)
class _Confirmation:
    """A field a file said again as it stood, read as an audit row is (``change`` "confirm")."""

    at: datetime
    user: str
    entity: str
    entity_id: int
    field: str
    effective_on: str  # the file's day
    step: str
    change: str = "confirm"
    old_value: None = None
    new_value: None = None


def _confirmed(kind: str, item_id: int) -> list[_Confirmation]:
    """What the files of the imports that stand said again of the item, a field each, after its step's audit rows."""
    sql = database.sql()
    said = [one for table in _CONFIRMED_ON.get(kind, ()) for one in confirmations.standing(sql, table, [item_id])]
    found = []
    for one in sorted(said, key=lambda one: one.step):  # a step's together, in the order recorded
        at, day, step = datetime.fromisoformat(one.recorded_at), one.known_on.isoformat(), one.step_name or "Import"
        for name in one.fields:
            field = "links" if one.table == "action_link" else name  # audited as the action's
            found.append(_Confirmation(at, one.user or "", kind, item_id, field, day, step))
    return found


# What a record keeps of the file's own wording beside the value read from it: not a thing the user sets.
_FILE_WORDING = {"links_text", "status_text"}


def _confirmed_sentences(entries: list[Any]) -> list[str]:
    """A step's confirmations of the item, a sentence per file's day: "Owner confirmed as it stands by the file (…)"."""
    days: dict[str, list[str]] = {}
    for entry in entries:
        if entry.field in _FILE_WORDING:
            continue  # the file's own words kept beside a value: its Links or Status say it
        label = FIELD_NAMES.get(entry.field, entry.field.replace("_", " ").capitalize())
        if label not in days.setdefault(entry.effective_on, []):
            days[entry.effective_on].append(label)
    return [
        f"{listed(labels, 20)} confirmed as {'it stands' if len(labels) == 1 else 'they stand'} by the file "
        f"(as at {shown_value('as_at', day)})."
        for day, labels in sorted(days.items())
    ]


def _steps(entries: list[Any]) -> list[list[Any]]:
    """The entries cut into steps: same step, second and user; a step never touches a field twice."""
    groups: list[list[Any]] = []
    key: tuple[Any, ...] | None = None
    touched: set[tuple[Any, ...]] = set()
    for entry in entries:
        this_key = (entry.step, f"{entry.at}", entry.user) if entry.step else None
        # Links are one row each: a step adds or removes several.
        values = (entry.old_value, entry.new_value) if entry.field == "links" else (None, None)
        this_field = (entry.entity, entry.entity_id, entry.field, entry.change, *values)
        if this_key is not None and this_key == key and this_field not in touched:
            groups[-1].append(entry)
        else:
            groups.append([entry])
            key, touched = this_key, set()
        touched.add(this_field)
    return groups


def history(kind: str, item_id: int) -> list[HistoryLine]:
    """The item's history, newest first, one line per step (or per entry when no step was recorded).

    What an import's file said again as it stood (``storage.confirmations``) is told with its step, under
    the step's name, while the import stands: "Owner confirmed as it stands by the file (as at 15/02/2022)."
    """
    entries = _entries(kind, item_id)
    revisions = {r.id: r for r in TargetRevision.select().where(TargetRevision.id.in_(
        [e.entity_id for e in entries if e.entity == "target_revision"] or [0]))}  # fmt: skip
    owners = {u.id: u.from_owner for u in ProgressUpdate.select(ProgressUpdate.id, ProgressUpdate.from_owner).where(
        ProgressUpdate.id.in_([e.entity_id for e in entries if e.entity == "progress_update"] or [0])
        & ProgressUpdate.from_owner.is_null(False))}  # fmt: skip
    asks = {a.id: a for a in OwnerAsk.select().where(
        OwnerAsk.id.in_([e.entity_id for e in entries if e.entity == "owner_ask"] or [0]))}  # fmt: skip
    decided_later = {e.entity_id for e in entries if e.entity == "owner_ask" and e.field == "decision"}
    lines: list[HistoryLine] = []
    for group in _steps(entries):
        sentences = []
        links = [e for e in group if e.field == "links" and e.change != "confirm"]
        for entry in group:
            if entry.change == "confirm":
                continue  # said after the step's changes (below)
            if entry.field == "links":
                if entry is links[0]:
                    sentences.append(_links_sentence(links))
            elif entry.entity == "progress_update" and entry.change != "update":
                sentences.append(_progress_sentence(entry, owners))
            elif entry.entity == "owner_ask":
                if entry.change != "update" or entry.field == "decision":
                    sentences.append(_ask_sentence(entry, asks, decided_later))
            elif entry.entity == "target_revision":
                sentences.append(_revision_sentence(entry, revisions))
            elif entry.change == "update":
                sentences.append(_change_sentence(entry))
            else:
                sentences.append(_item_sentence(entry.entity, entry, entries))
        said_again = [e for e in group if e.change == "confirm"]
        sentences.extend(_confirmed_sentences(said_again))
        first = group[0]
        heading = _step_heading(first.step) or (first.step if said_again else "")
        what = "\n".join([heading, *sentences] if heading else sentences)
        lines.append(HistoryLine(f"{first.at:%d/%m/%Y %H:%M}", first.user, what))
    return lines[::-1]


def _step_heading(step: str | None) -> str:
    """A step as a heading ("Undone: edit of action 1.1"); plain saves need none: the sentences say it."""
    if step and step.startswith(("Undone:", "Redone:")):
        return step
    return ""
