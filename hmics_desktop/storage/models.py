"""peewee models for the whole domain of DOMAIN.md.

The tables themselves are made by the numbered migrations in ``db/migrations``; these
models map them. ``database`` is a proxy: :func:`storage.database.open_database` points it
at an SQLite file or a PostgreSQL server, chosen by the location the caller gives.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from peewee import (
    AutoField,
    BooleanField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from hmics_desktop.domain import clock
from hmics_desktop.domain.control_characters import without_control_characters
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.storage.plan_database import PlanDatabaseProxy

database = PlanDatabaseProxy()


def _now() -> datetime:
    return clock.now()


class PlainTextField(TextField):
    """Text as kept in the plan: control characters (a bell, a form feed) never reach the database."""

    def db_value(self, value: Any) -> Any:
        return without_control_characters(value) if isinstance(value, str) else super().db_value(value)


class PlanDateField(TextField):
    """A month ("2022-09") or a day ("2022-09-14"), kept with its precision."""

    def db_value(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, PlanDate):
            return value.iso()
        return PlanDate.from_iso(str(value)).iso()

    def python_value(self, value: Any) -> PlanDate | None:
        return None if value is None else PlanDate.from_iso(value)


class BaseModel(Model):
    id = AutoField()

    class Meta:
        database = database
        legacy_table_names = False


class Inspection(BaseModel):
    title = PlainTextField(unique=True)
    inspectorate = PlainTextField(null=True)
    kind = PlainTextField(null=True)  # thematic, custody, local policing, audit
    published = PlanDateField(null=True)
    owning_group = PlainTextField(null=True)
    challenges_risks = PlainTextField(null=True)
    plan_title = PlainTextField(null=True)
    as_at = PlanDateField(null=True)
    version = IntegerField(default=1)
    created_at = DateTimeField(default=_now)
    deleted_at = DateTimeField(null=True)


class Recommendation(BaseModel):
    inspection_id: int
    revisions: Any  # backrefs, filled in by peewee
    evidence: Any
    actions: Any
    inspection = ForeignKeyField(Inspection, backref="recommendations", on_delete="CASCADE")
    kind = PlainTextField(default="recommendation")  # or "area_for_development"
    number = IntegerField()
    text = PlainTextField(default="")
    owner = PlainTextField(null=True)
    initial_target = PlanDateField(null=True)
    status = PlainTextField(default="open")
    status_text = PlainTextField(null=True)  # the words of an imported status, kept as written
    position = PlainTextField(null=True)
    impact = PlainTextField(null=True)
    outcomes = PlainTextField(null=True)
    standing_override = PlainTextField(null=True)  # "on_track" / "delayed", chosen by the user
    standing_override_reason = PlainTextField(null=True)
    delay_reason = PlainTextField(null=True)
    closed_on = PlanDateField(null=True)  # when HMICS accepted closure (migration of issue 11)
    theme = PlainTextField(null=True)  # from the themes' list (issue 26)
    grading = PlainTextField(null=True)  # "high", "medium", "low"
    delay_category = PlainTextField(null=True)  # from the delay categories' list
    version = IntegerField(default=1)
    deleted_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("inspection", "kind", "number"), True),)


class Action(BaseModel):
    recommendation_id: int
    progress_updates: Any
    revisions: Any
    recommendation = ForeignKeyField(Recommendation, backref="actions", on_delete="CASCADE")
    position = IntegerField()  # the M of N.M
    text = PlainTextField(default="")
    owner = PlainTextField(null=True)
    target = PlanDateField(null=True)
    status = PlainTextField(null=True)
    status_text = PlainTextField(null=True)
    links_text = PlainTextField(null=True)  # the links as the imported file wrote them
    next_steps = PlainTextField(null=True)
    version = IntegerField(default=1)
    deleted_at = DateTimeField(null=True)
    latest_progress_id = IntegerField(null=True)  # kept by triggers (migration 0002)

    class Meta:
        indexes = ((("recommendation", "position"), True),)


class ActionLink(BaseModel):
    action_id: int
    target_id: int
    action = ForeignKeyField(Action, backref="links", on_delete="CASCADE")
    target = ForeignKeyField(Action, backref="linked_from", on_delete="CASCADE")

    class Meta:
        indexes = ((("action", "target"), True),)


class ListEntry(BaseModel):
    """A theme or a delay category the secretary offers (``kind``: "theme" or "delay_category"), in order."""

    kind = PlainTextField()
    name = PlainTextField()
    position = IntegerField()

    class Meta:
        indexes = ((("kind", "name"), True),)


class ProgressUpdate(BaseModel):
    action_id: int
    action = ForeignKeyField(Action, backref="progress_updates", on_delete="CASCADE")
    as_at = PlanDateField()  # the day the update speaks for
    text = PlainTextField()
    created_at = DateTimeField(default=_now)
    deleted_at = DateTimeField(null=True)  # removed by the user; kept to be restored
    from_owner = PlainTextField(null=True)  # the owner whose returned update request it came from


class TargetRevision(BaseModel):
    """A revised target date with its reason; the initial target stays on its item."""

    recommendation_id: int | None

    recommendation = ForeignKeyField(Recommendation, null=True, backref="revisions", on_delete="CASCADE")
    action = ForeignKeyField(Action, null=True, backref="revisions", on_delete="CASCADE")
    target = PlanDateField()
    reason = PlainTextField(null=True)
    revised_on = DateTimeField(default=_now)


class EvidenceSubmission(BaseModel):
    recommendation_id: int
    recommendation = ForeignKeyField(Recommendation, backref="evidence", on_delete="CASCADE")
    sent_on = PlanDateField()
    description = PlainTextField()
    proposes_closure = BooleanField(default=True)
    response_on = PlanDateField(null=True)
    response = PlainTextField(null=True)  # "accepted" or "more_requested"
    response_text = PlainTextField(null=True)


class AuditEntry(BaseModel):
    """Append-only: who changed what, when, from what to what."""

    at = DateTimeField(default=_now)
    user = PlainTextField()
    entity = PlainTextField()
    entity_id = IntegerField()
    change = PlainTextField()  # "create", "update", "delete", "restore"
    field = PlainTextField(null=True)
    old_value = PlainTextField(null=True)
    new_value = PlainTextField(null=True)
    step = PlainTextField(null=True)  # the step that made the row: "Edit of action 1.1", "Undone: …"
    effective_on = PlainTextField(null=True)  # the day the change took effect (migration 0005)


class RowHistory(BaseModel):
    """Append-only: every row change with the day it took effect and when it was recorded (storage.history)."""

    step = IntegerField()
    recorded_at = DateTimeField()
    effective_on = PlainTextField()  # YYYY-MM-DD
    tbl = PlainTextField()
    row_id = IntegerField()
    kind = PlainTextField()  # "create", "update", "delete"
    old = PlainTextField(null=True)  # JSON
    new = PlainTextField(null=True)  # JSON
    known_on = PlainTextField(null=True)  # YYYY-MM-DD: a file's As at date (None: known when recorded)
    undoes = IntegerField(null=True)  # an undo's entries: the step they withdraw (migration 0013)


class RowConfirmation(BaseModel):
    """Append-only: the records (and fields) an import's file said again as they stood (storage.confirmations)."""

    step = IntegerField()
    recorded_at = DateTimeField()
    known_on = PlainTextField(null=True)  # YYYY-MM-DD: the file's As at date
    tbl = PlainTextField()
    fields = PlainTextField()  # JSON: the fields' names
    row_ids = PlainTextField()  # JSON: the records' ids
    undoes = IntegerField(null=True)  # an undo's row: the step whose confirmations it withdraws
    step_name = PlainTextField(null=True)  # the step as the audit trail names it (migration 0014)
    user = PlainTextField(null=True)  # who made the step, as the audit trail names them


class ReportingRound(BaseModel):
    """A committee meeting and the period since the last one (``since``)."""

    committee = PlainTextField()
    meeting_on = PlanDateField()
    location = PlainTextField(null=True)
    since = PlanDateField(null=True)
    created_at = DateTimeField(default=_now)


class CommitteePaper(BaseModel):
    """A paper for a round: kind, "as at" date, inspections, left-out items, the secretary's text."""

    round_id: int
    round = ForeignKeyField(ReportingRound, backref="papers", on_delete="CASCADE")
    kind = PlainTextField()  # "update" or "progress"
    as_at = PlanDateField()
    inspections = PlainTextField(default="[]")  # JSON list of inspection ids
    hidden = PlainTextField(default="[]")  # JSON list of recommendation ids not shown
    narrative = PlainTextField(default="{}")  # JSON: section key → text
    dashboard = BooleanField(default=False)  # with the dashboard's pictures (issue 26)
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)
    deleted_at = DateTimeField(null=True)


class ImportMapping(BaseModel):
    """The column mapping a user chose for a layout, keyed by its header signature."""

    signature = PlainTextField(unique=True)
    mapping = PlainTextField()  # JSON
    used_at = DateTimeField(default=_now)


# Update requests (issue 23) ------------------------------------------------------------------


class Owner(BaseModel):
    """An owner in the directory: the name the plan writes, an address for the email drafts, a group."""

    name = PlainTextField(unique=True)
    email = PlainTextField(null=True)
    grp = PlainTextField(null=True)
    version = IntegerField(default=1)


class RequestKey(BaseModel):
    """This database's identity and the key that signs its requests' hidden records (one row, made once)."""

    database_id = TextField()
    secret = TextField()


class UpdateRequest(BaseModel):
    """An update request sent to an owner: the workbook written and its record (JSON), kept as sent."""

    token = TextField(unique=True)
    owner = PlainTextField()
    email = PlainTextField(null=True)
    sent_on = TextField()  # YYYY-MM-DD
    due_on = TextField()
    as_at = TextField()
    inspections = TextField(default="[]")  # JSON list of titles
    path = TextField()
    record = TextField()  # JSON
    rows = IntegerField()
    created_at = DateTimeField(default=_now)


class RequestReturn(BaseModel):
    """An owner's return imported: when they saved it, what it said row by row (JSON), a digest of it."""

    request_id: int
    request = ForeignKeyField(UpdateRequest, backref="returns", on_delete="CASCADE")
    digest = TextField()
    saved_on = TextField()
    path = TextField()
    rows_filled = IntegerField()
    rows = TextField(default="[]")
    imported_at = DateTimeField(default=_now)


class OwnerAsk(BaseModel):
    """A revised target or a status an owner asked for, waiting for the secretary (or decided)."""

    action_id: int
    action = ForeignKeyField(Action, backref="asks", on_delete="CASCADE")
    return_ = ForeignKeyField(RequestReturn, null=True, column_name="return_id", on_delete="CASCADE")
    owner = PlainTextField()
    asked_on = TextField()
    kind = TextField()  # "target" or "status"
    target = PlanDateField(null=True)
    status = TextField(null=True)  # "complete" or "proposed_for_closure"
    reason = PlainTextField(null=True)
    decision = TextField(null=True)  # None (waiting), "accepted", "declined"
    decided_on = TextField(null=True)
