"""Write a parsed plan into the database: create what is new, update what exists.

Records are matched through the plan as it stood on the file's date (``storage.plan_matching``:
the inspection's name then, the numbers then), so writing the same plan twice updates rather
than duplicates, and an item renamed, merged or moved since is still the one updated. A
progress update already on the action is matched, not added again; a field changes only when
its value on record took effect on or before the file's date (``storage.record_updates``, the
rule in ``domain.reimport_rules``).
Existing rows (with their links, progress texts and numbers) are read in a few queries per
inspection, never one per row; actions, progress and links are inserted, updated and
removed in batches (new actions with ids taken beforehand, so that their progress and links
can name them). The caller holds the transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
from typing import Any

from hmics_desktop.domain import clock
from hmics_desktop.domain.classification import DELAY_CATEGORY, LIST_WORDS, LISTS, THEME
from hmics_desktop.domain.control_characters import without_control_characters
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.file_dates import after_today_sentence, file_date, stated_as_at
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
    FileDate,
    ProgressMatch,
    RecordedProgress,
    links_kept_sentence,
    match_progress,
    normalised,
    progress_warning,
)
from hmics_desktop.domain.rules import closed_before_publication
from hmics_desktop.storage import lists
from hmics_desktop.storage.confirmations import Confirmed
from hmics_desktop.storage.field_times import links_changed_after
from hmics_desktop.storage.held_rows import HeldRows
from hmics_desktop.storage.models import (
    Action,
    Inspection,
    Recommendation,
    database,
)
from hmics_desktop.storage.new_action_rows import new_action_rows
from hmics_desktop.storage.new_ids import NewIds
from hmics_desktop.storage.plan_links import planned_links
from hmics_desktop.storage.plan_matching import Matches, match_plan
from hmics_desktop.storage.plan_reader import latest_revisions
from hmics_desktop.storage.record_updates import RecordUpdates
from hmics_desktop.storage.records_on_file import recorded_progress


@dataclass
class WriteSummary:
    """What a write created and updated, row by row and field by field, and the warnings it raised."""

    created: dict[str, int] = field(default_factory=lambda: {"inspection": 0, "recommendation": 0, "action": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"inspection": 0, "recommendation": 0, "action": 0})
    progress_added: int = 0
    warnings: list[str] = field(default_factory=list)
    created_rows: list[CreatedRow] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    confirmed: int = 0  # the values the files said again as they stand (``storage.confirmations``)

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

    def confirmed_words(self) -> str:
        """``; 12 values confirmed as they stand`` after a :meth:`line` of nothing changed: the import is still a step.

        Nothing when the files said nothing again, or changed something (the step is named for that).
        """
        changed = any(self.created.values()) or any(self.updated.values()) or self.progress_added
        stand = "as it stands" if self.confirmed == 1 else "as they stand"
        return f"; {counted(self.confirmed, 'value')} confirmed {stand}" if self.confirmed and not changed else ""


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


_RECOMMENDATION_COLUMNS = (
    "id", "inspection_id", "kind", "number", "text", "owner", "status", "status_text", "initial_target", "position",
    "impact", "theme", "grading", "delay_category", "version",
)  # fmt: skip
_ACTION_COLUMNS = (
    "id", "recommendation_id", "position", "text", "owner", "target", "status", "status_text", "links_text",
    "next_steps", "version",
)  # fmt: skip
_ACTION_CHANGED = ("text", "owner", "target", "status", "status_text", "links_text", "next_steps", "deleted_at")
_REVISION_COLUMNS = ("recommendation_id", "target", "reason", "revised_on")


# A plan, and what writing it decides by: the actions whose links changed since its day, its new rows'
# ids, and the records it speaks of.
_Asked = tuple[Plan, Callable[[], dict[int, date | None]], NewIds, Matches]


class PlanWriter:
    """Writes plans; ``progress_date`` dates progress text (and the plan) when a plan states no "as at"."""

    _new_ids: NewIds  # the ids of the new rows of the plan being written
    _asked: _Asked | None = None  # what was read for the plan to be written next (:meth:`ask`)

    def __init__(self, progress_date: date | None = None) -> None:
        self.progress_date = progress_date  # the day chosen for a plan that states no "as at" (None: none chosen)
        self.summary = WriteSummary()
        self._new_actions: set[int] = set()
        self._new_action_rows: list[tuple[Any, ...]] = []
        self._changed_action_rows: list[tuple[Any, ...]] = []
        self._held = HeldRows()  # the recommendations' rows, written together once the plan is walked
        self.confirmed = Confirmed()  # the fields the plans said again as they stand (``storage.confirmations``)
        self._progress: dict[int, list[RecordedProgress]] = {}  # each action's updates on record
        self._revised_on = clock.now()  # when a target revision the file gives was made: its As at date
        self._rule = RecordUpdates(FileDate(clock.today(), False))
        self._matches = Matches()
        self._spelled: dict[str, dict[str, str]] = {}  # each list's names as the file gives them → as listed
        self._as_at: str | None = None  # the As at date the plan being written states (None: none, or after today)

    def _created(self, kind: str, number: object, text: str | None) -> None:
        self.summary.created_rows.append(CreatedRow(kind, str(number), text or ""))

    def ask(self, plan: Plan) -> None:
        """Read what writing ``plan`` decides by (changing nothing), to be written next (``record_step``)."""
        self._asked = self._first_reads(plan)

    def _first_reads(self, plan: Plan) -> _Asked:
        """The links changed since the plan's day and its records, matched; its new rows' ids (asked together)."""
        sql = database.sql()
        speaks_for = file_date(plan, self.progress_date, clock.today())
        links_changed = links_changed_after(sql, speaks_for)  # asked with the plan's matching
        new_ids = NewIds(sql, plan, without_control_characters(plan.inspection))  # … and so are these
        return plan, links_changed, new_ids, match_plan(sql, plan, speaks_for.day)

    def file_day(self, plan: Plan) -> date:
        """The day what ``plan`` brings takes effect (``domain.file_dates``)."""
        return file_date(plan, self.progress_date, clock.today()).day

    def write(self, plan: Plan) -> Inspection | None:
        """Write one plan; None when nothing of it can land (its inspection deleted since the file's date)."""
        today = clock.today()
        speaks_for = file_date(plan, self.progress_date, today)
        self._as_at = stated_as_at(plan, today)
        after_today = after_today_sentence(plan, speaks_for, today)
        if after_today:
            self.summary.warnings.append(after_today)
        self._rule = RecordUpdates(speaks_for, self.summary.changes, self.summary.warnings, self.confirmed)
        self._revised_on = datetime.combine(speaks_for.day, time())
        sql = database.sql()
        asked, self._asked = self._asked, None
        if asked is None or asked[0] is not plan:
            asked = self._first_reads(plan)
        links_changed, self._new_ids, self._matches = asked[1:]
        inspection = self._inspection(plan)
        if inspection is None:
            return None
        for kind in LISTS:  # a theme or delay category the list lacks joins it
            self._spelled[kind], added = lists.spelled(kind, (getattr(r, kind) for r in plan.recommendations))
            for name in added:
                self._created(LIST_WORDS[kind][2], "", name)
        default_day = PlanDate.from_iso(self._as_at) if self._as_at else PlanDate.from_date(speaks_for.day)
        rec_ids = list(self._matches.recommendations.values())
        action_ids = list(self._matches.actions.values())
        self._rule.read_days("recommendation", rec_ids)
        self._rule.read_days("action", action_ids)
        existing_recs = (
            {r.id: r for r in Recommendation.select().where(Recommendation.id.in_(rec_ids))} if rec_ids else {}
        )
        existing_actions = {a.id: a for a in Action.select().where(Action.id.in_(action_ids))} if action_ids else {}
        revisions = latest_revisions(rec_ids)
        self._progress = recorded_progress(action_ids)
        links_after = links_changed()
        written: dict[tuple[str, str], int] = {}
        new_progress: list[tuple[int, str, str, str]] = []
        self._new_action_rows, self._changed_action_rows = [], []
        now = clock.stamp()  # as peewee stores a DateTimeField
        for planned in plan.recommendations:
            found = existing_recs.get(self._matches.recommendations.get((planned.kind, planned.number), 0))
            recommendation, status_kept = self._recommendation(inspection, planned, found, revisions)
            if not status_kept:
                kept = partial(self._rule.keep, "recommendation", recommendation, "closed_on",
                               item_words(planned.kind, planned.number))  # fmt: skip
                _set_closure(recommendation, planned, (default_day, inspection.published), self.summary.warnings, kept,
                             self._held)  # fmt: skip
            for planned_action in planned.actions:
                action = existing_actions.get(self._matches.actions.get((planned.kind, planned_action.number), 0))
                action_id = self._action(recommendation, planned, planned_action, action)
                if action_id is None:
                    continue
                written[(planned.kind, planned_action.number)] = action_id
                label = action_label(planned.kind, planned_action.number)
                for day, text in self._new_progress(planned_action, action_id, label, default_day):
                    new_progress.append((action_id, day.iso(), text, now))
                    self._created("Progress update", label, f"As at {shown(day)}: {text.strip()}")

        def links_kept(action_id: int, item: str) -> bool:
            if action_id in links_after:
                self.summary.warnings.append(links_kept_sentence(item, links_after[action_id], speaks_for))
                return True
            return False

        def links_confirmed(action_id: int) -> None:
            self.confirmed.note("action_link", action_id, ("links",), speaks_for.day)

        links = planned_links(plan, inspection.id, written, self._new_actions, links_kept, self.summary.changes,
                              self.summary.warnings, links_confirmed)  # fmt: skip
        new_rows = new_action_rows(sql, _ACTION_COLUMNS, self._new_action_rows, new_progress, links,
                                   self._new_ids.progress())  # fmt: skip
        self._held.write(sql)  # (a recommendation saved whole after its new revision: as written, not owed one more)
        with sql.versions_once(new_rows.settled):  # a new action is written once, with its version and latest progress
            sql.update_rows("action", _ACTION_CHANGED, self._changed_action_rows, bump_version=True)
            new_rows.write(sql)
            links.write()
        self.summary.progress_added += len(new_progress)
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

    def _inspection(self, plan: Plan) -> Inspection | None:
        """The inspection the plan goes into: created, updated, or the one it was merged into since the file."""
        matches, words = self._matches, self._rule.file_date.words()
        if matches.inspection_id is None:  # a file that names no inspectorate: HMICS's, as most are
            values = {"inspectorate": plan.inspectorate or "HMICS", **self._dated(plan)}
            self.summary.created["inspection"] += 1
            self._created("Inspection", "", plan.inspection)
            sql = database.sql()
            if not sql.postgres:
                return Inspection.create(title=plan.inspection, **values)
            # on a server its id is taken with its new rows' (one round trip), and it is sent without waiting
            made = Inspection(id=self._new_ids.next("inspection"), title=plan.inspection, **values)
            fields = [f for f in Inspection._meta.sorted_fields if made.__data__.get(f.name) is not None]
            sql.insert_rows("inspection", [f.column_name for f in fields],
                            [[f.db_value(made.__data__[f.name]) for f in fields]])  # fmt: skip
            return made
        inspection = Inspection.get_by_id(matches.inspection_id)
        if matches.renamed_from is not None and matches.deleted_after is None:
            self.summary.warnings.append(
                f"“{matches.renamed_from}” is the inspection now called “{inspection.title}”; the file goes into it."
            )
        if matches.deleted_after is not None:
            when = matches.deleted_after.strftime("%d/%m/%Y")
            if matches.into_id is None:
                self.summary.warnings.append(
                    f"“{plan.inspection}” was deleted on {when}, after {words}; nothing of this file was brought "
                    "back (restore the inspection from Deleted items first to import it)."
                )
                return None
            into = Inspection.get_by_id(matches.into_id)
            self.summary.warnings.append(
                f"“{plan.inspection}” was merged into “{into.title}” on {when}, after {words}; what this file says of "
                f"it is taken there."
            )
            return into
        self._rule.read_days("inspection", [inspection.id])
        item = f"Inspection {inspection.title}"
        values = {"inspectorate": plan.inspectorate, **self._dated(plan)}
        if values["as_at"] and inspection.as_at and self._rule.kept("inspection", inspection.id, "as_at"):
            del values["as_at"], values["plan_title"]  # the plan title names its "as at" date
            since = self._rule.since("inspection", inspection.id, "as_at")
            recorded = shown(inspection.as_at)
            said = f" is recorded as at {recorded}"  # … or, a date set back after the file's, when that was done
            day = self._rule.file_date.day
            if since is not None and inspection.as_at.last_day() <= day:
                said = f"'s As at date was changed to {recorded} {since.words(day)}"
            self.summary.warnings.append(f"{inspection.title}{said}, after {words}; it stays as at {recorded}.")
        if self._rule.apply("inspection", inspection, values, item):
            inspection.version += 1
            inspection.save()
            self.summary.updated["inspection"] += 1
        return inspection

    def _dated(self, plan: Plan) -> dict[str, Any]:
        """The plan's As at date and its title (which names that date): none for a file dated after today."""
        if plan.as_at and self._as_at is None:
            return {"plan_title": None, "as_at": None}
        return {"plan_title": plan.plan_title, "as_at": _date(self._as_at)}

    def _recommendation(
        self,
        inspection: Inspection,
        planned: PlanRecommendation,
        recommendation: Recommendation | None,
        revisions: dict[int, PlanDate],
    ) -> tuple[Recommendation, bool]:
        """The recommendation created or updated, and whether its recorded status stays."""
        values = {
            "text": planned.text or None,
            "owner": planned.owner,
            "status": planned.status,
            "status_text": planned.status_text,
            "initial_target": _date(planned.initial_target),
            "position": planned.position,
            "impact": planned.impact,
            "theme": self._spelled[THEME].get(planned.theme or ""),
            "grading": planned.grading,
            "delay_category": self._spelled[DELAY_CATEGORY].get(planned.delay_category or ""),
        }
        item = item_words(planned.kind, planned.number)
        if recommendation is None:
            values["text"] = planned.text
            values["status"] = planned.status or "open"
            new_id = self._new_ids.next("recommendation")
            row = (new_id, inspection.id, planned.kind, planned.number, *[_sql(v) for v in values.values()], 1)
            self._held.insert("recommendation", _RECOMMENDATION_COLUMNS, row)
            recommendation = Recommendation(
                id=new_id, inspection=inspection.id, kind=planned.kind, number=planned.number, **values
            )
            self.summary.created["recommendation"] += 1
            self._created(item_words(planned.kind, "").strip(), planned.number, planned.text)
        else:
            if recommendation.number != planned.number:
                self._rule.moved("recommendation", recommendation.id, item, f"number {recommendation.number}")
            before = recommendation.status
            if self._rule.apply("recommendation", recommendation, values, item):
                recommendation.version += 1
                self._held.save(recommendation)
                self.summary.updated["recommendation"] += 1
            if planned.status and planned.status != recommendation.status and recommendation.status == before:
                return self._revised(recommendation, planned, item, revisions), True
        return self._revised(recommendation, planned, item, revisions), False

    def _revised(
        self, recommendation: Recommendation, planned: PlanRecommendation, item: str, revisions: dict[int, PlanDate]
    ) -> Recommendation:
        revised = _date(planned.revised_target)
        if (
            revised is not None
            and revisions.get(recommendation.id) != revised
            and not self._rule.revision_kept(recommendation.id, item)
        ):
            before = revisions.get(recommendation.id)
            self.summary.changes.append(FieldChange(item, FIELD_WORDS["revised_target"], shown(before), shown(revised)))
            row = (recommendation.id, _sql(revised), "as imported", str(self._revised_on))
            self._held.insert("target_revision", _REVISION_COLUMNS, row)
        return recommendation

    def _action(
        self, recommendation: Recommendation, planned_rec: PlanRecommendation, planned: PlanAction,
        action: Action | None,
    ) -> int | None:  # fmt: skip
        try:
            number = ActionNumber.parse(planned.number)
        except NumberError as error:
            self.summary.warnings.append(f"Action skipped: {error}.")
            return None
        if number.recommendation != planned_rec.number:
            self.summary.warnings.append(
                f"Action {planned.number} is listed under number {planned_rec.number}; it was left out."
            )
            return None
        values = _action_values(planned)
        if action is None:
            action_id = self._new_ids.next("action")
            row = (
                action_id,
                recommendation.id,
                number.position,
                planned.text,
                *[_sql(v) for v in values.values()][1:],
                1,
            )
            self._new_action_rows.append(row)
            self.summary.created["action"] += 1
            self._created("Action", action_label(recommendation.kind, planned.number), planned.text)
            self._new_actions.add(action_id)
            return action_id
        item = f"Action {action_label(planned_rec.kind, planned.number)}"
        now = self._matches.numbers_then.get(action.id)
        current = f"{Recommendation.get_by_id(action.recommendation_id).number}.{action.position}" if (
            action.recommendation_id != recommendation.id or action.position != number.position
        ) else None  # fmt: skip
        if current is not None and now is not None:
            self._rule.moved("action", action.id, item, f"action {current}")
        if self._rule.apply("action", action, values, item):
            row = (*[_sql(getattr(action, name)) for name in values], action.deleted_at, action.id)
            self._changed_action_rows.append(row)
            self.summary.updated["action"] += 1
        return int(action.id)


def _set_closure(
    recommendation: Recommendation, planned: PlanRecommendation, days: tuple[PlanDate, PlanDate | None],
    warnings: list[str], kept: Callable[[], bool], held: HeldRows,
) -> None:  # fmt: skip
    """Set the closure date of a recommendation the file says is closed.

    The date the file gives, else the one already known, else the file's "as at" day (a
    closure list). A date after today is not a closure that has happened, nor one before the
    inspection's publication (``days``: the file's day and the publication): it is not taken,
    and said; the date on record stands instead, else the file's day (the publication's, were
    the file's before it too). Not closed: no closure date. The date on record stays where it
    was set after the file (``kept``, which says so).
    """
    day, published = days
    given = _date(planned.closed_on)
    known = recommendation.closed_on
    refused = _refused_closure(given, published)
    if refused:
        fallback = day if published is None or not closed_before_publication(day, published) else published
        given = known if known is not None and not _refused_closure(known, published) else fallback
    if (
        given is not None
        and given.is_month
        and known is not None
        and (known.year, known.month) == (given.year, given.month)
    ):
        given = known  # the template says the month; the day on record is the same closure
    closed_on = given or known or day if planned.status == "closed" else None
    taken = recommendation.closed_on == closed_on or not kept()
    if recommendation.closed_on != closed_on and taken:
        held.update("recommendation", ("closed_on",), (_sql(closed_on), recommendation.id))
        recommendation.closed_on = closed_on
    if refused and closed_on is not None:
        recorded = f"it is recorded as closed on {shown(closed_on)}" if taken else "it is not taken"
        said = ", the file's date" if taken and closed_on == day and refused == _AFTER_TODAY else ""
        warnings.append(f"{item_words(planned.kind, planned.number)}: the file's date of closure "
                        f"({shown(_date(planned.closed_on))}) {refused}; {recorded}{said}.")  # fmt: skip


_AFTER_TODAY = "is after today"


def _refused_closure(closed_on: PlanDate | None, published: PlanDate | None) -> str:
    """Why a closure date cannot be taken ("is after today"…); "" when it can."""
    if closed_on is None:
        return ""
    if closed_on.first_day() > clock.today():
        return _AFTER_TODAY
    if published is not None and closed_before_publication(closed_on, published):
        return f"is before the inspection was published ({shown(published)})"
    return ""


def _sql(value: Any) -> Any:
    return value.iso() if isinstance(value, PlanDate) else value
