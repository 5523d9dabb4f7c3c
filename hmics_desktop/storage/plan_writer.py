"""Write a parsed plan into the database: create what is new, update what exists.

Records are matched by inspection title, recommendation kind and number, and action
number, so writing the same plan twice updates rather than duplicates. A progress update
already on the action is matched, not added again; a file older than what is recorded does
not take the plan backwards (the rules, and the warnings they give, are in
``domain.reimport_rules``).
Existing rows (with their links, progress texts and numbers) are read in a few queries per
inspection, never one per row; actions, progress and links are inserted, updated and
removed in batches (new actions with ids taken beforehand, so that their progress and links
can name them). The caller holds the transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.numbering import ActionNumber, NumberError
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.domain.plan_changes import (
    FIELD_WORDS,
    CreatedRow,
    FieldChange,
    action_label,
    counted,
    item_words,
    shown,
)
from hmics_desktop.domain.reimport_rules import (
    ProgressMatch,
    RecordedProgress,
    StatusOnRecord,
    action_fields_kept,
    match_progress,
    normalised,
    progress_warning,
    recommendation_status_kept,
)
from hmics_desktop.storage.models import (
    Action,
    Inspection,
    Recommendation,
    TargetRevision,
    database,
)
from hmics_desktop.storage.plan_reader import latest_revisions
from hmics_desktop.storage.records_on_file import newest_progress, recorded_progress, statuses_on_record


@dataclass
class WriteSummary:
    """What a write created and updated, row by row and field by field, and the warnings it raised."""

    created: dict[str, int] = field(default_factory=lambda: {"inspection": 0, "recommendation": 0, "action": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"inspection": 0, "recommendation": 0, "action": 0})
    progress_added: int = 0
    warnings: list[str] = field(default_factory=list)
    created_rows: list[CreatedRow] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)

    def line(self) -> str:
        """``1 inspection, 6 recommendations and 21 actions created; 2 actions updated; …``."""
        parts = []
        for verb, counts in (("created", self.created), ("updated", self.updated)):
            nouns = [counted(n, kind) for kind, n in counts.items() if n]
            if nouns:
                listed = nouns[0] if len(nouns) == 1 else ", ".join(nouns[:-1]) + " and " + nouns[-1]
                parts.append(f"{listed} {verb}")
        if self.progress_added:
            parts.append(f"{counted(self.progress_added, 'progress update')} added")
        return "; ".join(parts) or "nothing to create or change"


def _date(value: str | None) -> PlanDate | None:
    return PlanDate.from_iso(value) if value else None


def _action_values(planned: PlanAction) -> dict[str, Any]:
    return {
        "text": planned.text or None,
        "owner": planned.owner,
        "target": _date(planned.target),
        "status": planned.status,
        "status_text": planned.status_text,
        "links_text": planned.links_text,
        "next_steps": planned.next_steps,
    }


_RECOMMENDATION_INSERT = (
    'INSERT INTO "recommendation" (inspection_id, kind, number, text, owner, status, status_text, initial_target, '
    "position, impact, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
)
_ACTION_INSERT = (
    'INSERT INTO "action" (id, recommendation_id, position, text, owner, target, status, status_text, links_text, '
    "next_steps, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
)
_ACTION_UPDATE = (
    'UPDATE "action" SET text = ?, owner = ?, target = ?, status = ?, status_text = ?, links_text = ?, '
    "next_steps = ?, deleted_at = NULL, version = version + 1 WHERE id = ?"
)


class PlanWriter:
    """Writes plans; ``progress_date`` dates progress text when a plan states no "as at"."""

    def __init__(self, progress_date: date | None = None) -> None:
        self.progress_date = progress_date or clock.today()
        self.summary = WriteSummary()
        self._new_actions: set[int] = set()
        self._new_action_rows: list[tuple[Any, ...]] = []
        self._changed_action_rows: list[tuple[Any, ...]] = []
        self._free_ids: Iterator[int] | None = None  # ids for the plan's new actions, taken at the first
        self._planned_actions = 0
        self._file_day: PlanDate | None = None  # the file's "as at" date; None when it states none
        self._progress: dict[int, list[RecordedProgress]] = {}  # each action's updates on record
        self._statuses: dict[int, StatusOnRecord] = {}

    def _apply(self, record: Any, values: dict[str, Any], item: str) -> bool:
        """Set the values that differ (a field the file lacks is left alone) and list each; return whether any did."""
        changed = [name for name, new in values.items() if new is not None and getattr(record, name) != new]
        for name in changed:
            old, new = getattr(record, name), values[name]
            if name != "status_text" or "status" not in changed:  # the wording of a changed status adds nothing
                self.summary.changes.append(FieldChange(item, FIELD_WORDS[name], shown(old, name), shown(new, name)))
            setattr(record, name, new)
        if record.deleted_at:
            self.summary.changes.append(FieldChange(item, FIELD_WORDS["deleted"], "Yes", "No: restored"))
        return bool(changed)

    def _created(self, kind: str, number: object, text: str | None) -> None:
        self.summary.created_rows.append(CreatedRow(kind, str(number), text or ""))

    def write(self, plan: Plan) -> Inspection:
        self._file_day = PlanDate.from_iso(plan.as_at) if plan.as_at else None
        inspection = self._inspection(plan)
        default_day = self._file_day or PlanDate.from_date(self.progress_date)
        existing_recs = {
            (r.kind, r.number): r for r in Recommendation.select().where(Recommendation.inspection == inspection)
        }
        revisions = latest_revisions([r.id for r in existing_recs.values()])
        existing_actions = {
            (a.recommendation_id, a.position): a
            for a in Action.select().join(Recommendation).where(Recommendation.inspection == inspection)
        }
        self._progress = recorded_progress(inspection.id)
        self._statuses = statuses_on_record(inspection.id, list(existing_recs.values()))
        written: dict[tuple[str, str], int] = {}
        new_progress: list[tuple[int, str, str, str]] = []
        self._new_action_rows, self._changed_action_rows, self._free_ids = [], [], None
        self._planned_actions = sum(len(planned.actions) for planned in plan.recommendations)
        now = clock.stamp()  # as peewee stores a DateTimeField
        for planned in plan.recommendations:
            recommendation, status_kept = self._recommendation(inspection, planned, existing_recs, revisions)
            if not status_kept:
                _set_closure(recommendation, planned, default_day)
            for planned_action in planned.actions:
                action_id = self._action(recommendation, planned_action, existing_actions)
                if action_id is None:
                    continue
                written[(planned.kind, planned_action.number)] = action_id
                label = action_label(planned.kind, planned_action.number)
                for day, text in self._new_progress(planned_action, action_id, label, default_day):
                    new_progress.append((action_id, day.iso(), text, now))
                    self._created("Progress update", label, f"As at {shown(day)}: {text.strip()}")
        database.sql().executemany(_ACTION_UPDATE, self._changed_action_rows)
        database.sql().executemany(_ACTION_INSERT, self._new_action_rows)
        self._insert_progress(new_progress)
        self._links(plan, inspection, written)
        return inspection

    def _new_progress(
        self, planned: PlanAction, action_id: int, label: str, default_day: PlanDate
    ) -> list[tuple[PlanDate, str]]:
        """The progress updates to add: the file's earlier ones, then its latest, each unless already on record."""
        given = sorted(planned.earlier_progress, key=lambda update: update[0] or "")
        given.append((planned.progress_on, planned.progress or ""))
        recorded = self._progress.setdefault(action_id, [])
        days_before = {update.day for update in recorded if not update.deleted}
        added = []
        for day_text, text in given:
            if not text.strip():
                continue
            day = PlanDate.from_iso(day_text) if day_text else default_day
            match = match_progress(recorded, day, text)
            if match is ProgressMatch.BESIDE and day not in days_before:
                match = ProgressMatch.NEW  # beside another update of this same file: nothing recorded to warn of
            warning = progress_warning(match, label, day)
            if warning:
                self.summary.warnings.append(warning)
            if match in (ProgressMatch.NEW, ProgressMatch.BESIDE):
                added.append((day, text.strip()))
                recorded.append(RecordedProgress(day, normalised(text)))
        return added

    def _inspection(self, plan: Plan) -> Inspection:
        values = {"inspectorate": plan.inspectorate, "plan_title": plan.plan_title, "as_at": _date(plan.as_at)}
        inspection = Inspection.get_or_none(Inspection.title == plan.inspection)
        recorded_day = inspection.as_at if inspection is not None else None
        if self._file_day and recorded_day and self._file_day.last_day() < recorded_day.first_day():
            del values["as_at"], values["plan_title"]  # the plan title names its "as at" date
            self.summary.warnings.append(
                f"{plan.inspection} is recorded as at {shown(recorded_day)}, after this file's As at date "
                f"({shown(self._file_day)}); it stays as at {shown(recorded_day)}."
            )
        if inspection is None:
            inspection = Inspection.create(title=plan.inspection, **values)
            self.summary.created["inspection"] += 1
            self._created("Inspection", "", plan.inspection)
        elif self._apply(inspection, values, f"Inspection {plan.inspection}") or inspection.deleted_at:
            inspection.deleted_at = None
            inspection.version += 1
            inspection.save()
            self.summary.updated["inspection"] += 1
        return inspection

    def _recommendation(
        self,
        inspection: Inspection,
        planned: PlanRecommendation,
        existing: dict[tuple[str, int], Recommendation],
        revisions: dict[int, PlanDate],
    ) -> tuple[Recommendation, bool]:
        """The recommendation created or updated, and whether its recorded status stays (the file being older)."""
        values = {
            "text": planned.text or None,
            "owner": planned.owner,
            "status": planned.status,
            "status_text": planned.status_text,
            "initial_target": _date(planned.initial_target),
            "position": planned.position,
            "impact": planned.impact,
        }
        recommendation = existing.get((planned.kind, planned.number))
        item = item_words(planned.kind, planned.number)
        kept = None
        if recommendation is not None:
            on_record = self._statuses.get(recommendation.id, StatusOnRecord(recommendation.status))
            kept = recommendation_status_kept(item, on_record, planned.status, self._file_day)
        if kept:
            del values["status"], values["status_text"]
            self.summary.warnings.append(kept)
        if recommendation is None:
            values["text"] = planned.text
            values["status"] = planned.status or "open"
            row = (inspection.id, planned.kind, planned.number, *[_sql(v) for v in values.values()])
            new_id = database.sql().insert(_RECOMMENDATION_INSERT, row)
            recommendation = Recommendation(
                id=new_id, inspection=inspection.id, kind=planned.kind, number=planned.number, **values
            )
            self.summary.created["recommendation"] += 1
            self._created(item_words(planned.kind, "").strip(), planned.number, planned.text)
        elif self._apply(recommendation, values, item) or recommendation.deleted_at:
            recommendation.deleted_at = None
            recommendation.version += 1
            recommendation.save()
            self.summary.updated["recommendation"] += 1
        revised = _date(planned.revised_target)
        if revised is not None and revisions.get(recommendation.id) != revised:
            before = revisions.get(recommendation.id)
            self.summary.changes.append(FieldChange(item, FIELD_WORDS["revised_target"], shown(before), shown(revised)))
            TargetRevision.create(recommendation=recommendation, target=revised, reason="as imported")
        return recommendation, kept is not None

    def _action(
        self, recommendation: Recommendation, planned: PlanAction, existing: dict[tuple[int, int], Action]
    ) -> int | None:
        try:
            number = ActionNumber.parse(planned.number)
        except NumberError as error:
            self.summary.warnings.append(f"Action skipped: {error}.")
            return None
        if number.recommendation != recommendation.number:
            self.summary.warnings.append(
                f"Action {planned.number} is listed under number {recommendation.number}; it was left out."
            )
            return None
        values = _action_values(planned)
        action = existing.get((recommendation.id, number.position))
        if action is None:
            action_id = self._new_action_id()
            row = (action_id, recommendation.id, number.position, planned.text, *[_sql(v) for v in values.values()][1:])
            self._new_action_rows.append(row)
            self.summary.created["action"] += 1
            self._created("Action", action_label(recommendation.kind, planned.number), planned.text)
            self._new_actions.add(action_id)
            return action_id
        item = f"Action {action_label(recommendation.kind, planned.number)}"
        self._keep_newer(item, action, values)
        if self._apply(action, values, item) or action.deleted_at:
            self._changed_action_rows.append((*[_sql(getattr(action, name)) for name in values], action.id))
            self.summary.updated["action"] += 1
        return int(action.id)

    def _keep_newer(self, item: str, action: Action, values: dict[str, Any]) -> None:
        """Leave out of ``values`` the status and next steps the file would take backwards, saying so."""
        fields = ("status", "status_text", "next_steps")
        recorded = {name: getattr(action, name) for name in fields}
        newest = newest_progress(self._progress.get(action.id, []))
        kept, why = action_fields_kept(item, recorded, {n: values[n] for n in fields}, newest, self._file_day)
        for name in kept:
            values[name] = None  # a field left None is left alone
        if why:
            self.summary.warnings.append(why)

    def _new_action_id(self) -> int:
        """The id the next new action will have (inserted with the others once the plan is walked)."""
        if self._free_ids is None:
            self._free_ids = iter(database.sql().new_ids("action", self._planned_actions))
        return next(self._free_ids)

    def _insert_progress(self, rows: list[tuple[int, str, str, str]]) -> None:
        if not rows:
            return
        database.sql().executemany(
            'INSERT INTO "progress_update" (action_id, as_at, text, created_at) VALUES (?, ?, ?, ?)', rows
        )
        self.summary.progress_added += len(rows)

    def _links(self, plan: Plan, inspection: Inspection, written: dict[tuple[str, str], int]) -> None:
        by_number = {number: action_id for (kind, number), action_id in written.items() if kind == "recommendation"}
        current = _current_links(inspection)
        on_record = _InspectionActions(inspection)
        additions: list[tuple[int, int]] = []
        removals: list[tuple[int, int]] = []
        for planned in plan.recommendations:
            for planned_action in planned.actions:
                source = written.get((planned.kind, planned_action.number))
                if source is None:
                    continue
                wanted = set()
                for number in planned_action.links:
                    target = by_number.get(number) or on_record.find(number)
                    if target is None:
                        self.summary.warnings.append(
                            f"Action {planned_action.number} links to {number}, which is not in the plan; "
                            "that link was left out."
                        )
                        continue
                    by_number[number] = target
                    wanted.add(target)
                before = current.get(source, set())
                if wanted != before:
                    additions += [(source, t) for t in wanted - before]
                    removals += [(source, t) for t in before - wanted]
                    if source not in self._new_actions:  # a new action's links are part of what is created
                        old, new = on_record.numbers(before), on_record.numbers(wanted)
                        item = f"Action {action_label(planned.kind, planned_action.number)}"
                        self.summary.changes.append(FieldChange(item, FIELD_WORDS["links"], shown(old), shown(new)))
        database.sql().executemany('INSERT INTO "action_link" (action_id, target_id) VALUES (?, ?)', additions)
        database.sql().executemany('DELETE FROM "action_link" WHERE action_id = ? AND target_id = ?', removals)


def _set_closure(recommendation: Recommendation, planned: PlanRecommendation, day: PlanDate) -> None:
    """Set the closure date of a recommendation the file says is closed.

    The date the file gives, else the one already known, else the file's "as at" day (a
    closure list). Not closed: no closure date.
    """
    closed_on = _date(planned.closed_on) or recommendation.closed_on or day if planned.status == "closed" else None
    if recommendation.closed_on != closed_on:
        Recommendation.update(closed_on=closed_on).where(Recommendation.id == recommendation.id).execute()
        recommendation.closed_on = closed_on


def _sql(value: Any) -> Any:
    return value.iso() if isinstance(value, PlanDate) else value


def _current_links(inspection: Inspection) -> dict[int, set[int]]:
    """The links of the inspection's actions as they stand: action id → the ids it links to."""
    query = (
        'SELECT l.action_id, l.target_id FROM "action_link" l JOIN "action" a ON a.id = l.action_id '
        'JOIN "recommendation" r ON r.id = a.recommendation_id WHERE r.inspection_id = ?'
    )
    found: dict[int, set[int]] = {}
    for source, target in database.sql().execute(query, (inspection.id,)):
        found.setdefault(source, set()).add(target)
    return found


class _InspectionActions:
    """The inspection's actions as they stand, read in one query when first asked about."""

    def __init__(self, inspection: Inspection) -> None:
        self.inspection = inspection

    @functools.cached_property
    def _rows(self) -> list[tuple[int, str, ActionNumber]]:
        query = (
            'SELECT a.id, r.kind, r.number, a.position FROM "action" a '
            'JOIN "recommendation" r ON r.id = a.recommendation_id WHERE r.inspection_id = ?'
        )
        found = database.sql().execute(query, (self.inspection.id,))
        return [(action_id, kind, ActionNumber(rec, position)) for action_id, kind, rec, position in found]

    @functools.cached_property
    def _numbers(self) -> dict[int, ActionNumber]:
        return {action_id: number for action_id, _kind, number in self._rows}

    @functools.cached_property
    def _by_number(self) -> dict[ActionNumber, int]:
        return {number: action_id for action_id, kind, number in self._rows if kind == "recommendation"}

    def find(self, number: str) -> int | None:
        """The action numbered ``number`` under a recommendation (a link to one this plan does not list)."""
        try:
            return self._by_number.get(ActionNumber.parse(number))
        except NumberError:
            return None

    def numbers(self, action_ids: set[int]) -> list[str]:
        """The numbers of ``action_ids``, in number order (those of other inspections asked for)."""
        missing = sorted(i for i in action_ids if i not in self._numbers)
        if missing:
            query = Action.select(Action, Recommendation.number).join(Recommendation).where(Action.id.in_(missing))
            self._numbers.update({a.id: ActionNumber(a.recommendation.number, a.position) for a in query})
        return [str(n) for n in sorted(self._numbers[i] for i in action_ids if i in self._numbers)]
