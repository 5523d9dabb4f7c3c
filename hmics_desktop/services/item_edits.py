"""Edits of inspections, recommendations and actions: save, create, delete, restore, move, link."""

from __future__ import annotations

from typing import Any

from hmics_desktop.domain import clock, rules
from hmics_desktop.domain.words import counted
from hmics_desktop.services.editing import (
    Change,
    ItemDeleted,
    ItemGone,
    ValidationError,
    describe_record,
    set_fields,
)
from hmics_desktop.storage.models import Action, ActionLink, BaseModel, Inspection, Recommendation

_TOUCHING = {
    "text": {"text"},
    "impact": {"status", "impact"},
    "standing_override_reason": {"standing_override", "standing_override_reason"},
}
MODELS: dict[str, type[BaseModel]] = {"inspection": Inspection, "recommendation": Recommendation, "action": Action}


def _validate(kind: str, item_id: int | None, values: dict[str, Any], parent_id: int | None = None) -> None:
    """The rules the item must keep once ``values`` are saved; a save that changes nothing breaks none."""
    if item_id and not values:
        return
    record: Any = MODELS[kind].get_by_id(item_id) if item_id else None

    def value(name: str) -> Any:
        return values[name] if name in values else getattr(record, name, None)

    if kind == "inspection":
        title = (value("title") or "").strip()
        problems = {} if title else {"title": "The inspection needs a title, such as “Hate Crime 2021”."}
        clash = Inspection.get_or_none((Inspection.title == title) & (Inspection.id != (item_id or 0)))
        if title and clash is not None:
            problems["title"] = f"There is already an inspection called “{title}”."
    elif kind == "recommendation":
        problems = rules.check_recommendation(
            value("text"), value("status"), value("impact"), value("standing_override"),
            value("standing_override_reason"),
        )  # fmt: skip
        if record is not None:  # an edit answers for the rules its own fields touch, not for what it left alone
            problems = {name: said for name, said in problems.items() if _TOUCHING[name] & set(values)}
        inspection = parent_id or record.inspection_id
        if "closed_on" in values:
            published = Inspection.get_by_id(inspection).published
            problems |= rules.check_closure_date(values["closed_on"], clock.today(), published=published)
        kind_value = value("kind") or "recommendation"
        taken = {
            str(r.number)
            for r in Recommendation.select().where(
                (Recommendation.inspection == inspection) & (Recommendation.kind == kind_value)
                & (Recommendation.id != (item_id or 0))
            )
        }  # fmt: skip
        label = "Recommendation" if kind_value == "recommendation" else "Area for development"
        problems |= rules.check_number_free(str(value("number")), taken, label)
    else:
        problems = rules.check_text(value("text"), "action")
        rec_id = parent_id or record.recommendation_id
        taken = {
            str(a.position)
            for a in Action.select().where((Action.recommendation == rec_id) & (Action.id != (item_id or 0)))
        }
        if str(value("position")) in taken:
            number = f"{Recommendation.get_by_id(rec_id).number}.{value('position')}"
            problems["number"] = (
                f"Action {number} already exists (perhaps deleted: see Deleted items); choose another number."
            )
    if problems:
        raise ValidationError(problems)


def save_item(
    kind: str, item_id: int, values: dict[str, Any], opened: dict[str, Any] | None, *, restore: bool = False
) -> Change:
    """Save the fields the user changed (``values``), each unless it was changed elsewhere since it was ``opened``.

    ``opened``: the fields as the user's form showed them when opened (None: overwrite). An item
    deleted meanwhile is not written to (:class:`ItemDeleted`) unless ``restore``: then it is
    restored in the same step.
    """
    model: Any = MODELS[kind]
    record = model.get_or_none(model.id == item_id)
    if record is None:
        raise ItemGone(kind)
    _validate(kind, item_id, values)
    description = f"edit of {describe_record(record).lower()}"

    def apply() -> None:
        record = model.get_or_none(model.id == item_id)
        if record is None:
            raise ItemGone(kind)
        if record.deleted_at is not None:
            if not restore:
                raise ItemDeleted(describe_record(record))
            _mark_deleted(kind, [item_id], False)
        set_fields(model, item_id, values, opened)

    return Change(f"restoring and {description}" if restore else description, apply)


def create_item(kind: str, values: dict[str, Any], parent_id: int | None = None) -> tuple[Change, dict[str, int]]:
    """A new inspection, recommendation (parent: inspection) or action (parent: recommendation).

    Returns the change and a mapping that holds the new item's ``id`` once it is done.
    """
    _validate(kind, None, values, parent_id)
    model = MODELS[kind]
    parent_field = {"recommendation": "inspection", "action": "recommendation"}.get(kind)
    row = dict(values, **({parent_field: parent_id} if parent_field else {}))
    created: dict[str, int] = {}

    def apply() -> None:
        created["id"] = model.create(**row).id

    return Change(f"new {kind.replace('_', ' ')}", apply), created


def _mark_deleted(kind: str, ids: list[int], deleted: bool) -> None:
    model: Any = MODELS[kind]
    stamp = clock.now() if deleted else None
    model.update(deleted_at=stamp, version=model.version + 1).where(model.id.in_(ids)).execute()


def delete_items(kind: str, ids: list[int]) -> Change:
    """Delete reversibly: the items (and what hangs off them) are kept and can be restored."""
    return Change(f"deletion of {counted(len(ids), kind)}", lambda: _mark_deleted(kind, ids, True))


def restore_items(kind: str, ids: list[int]) -> Change:
    return Change(f"restoring {counted(len(ids), kind)}", lambda: _mark_deleted(kind, ids, False))


def deleted_items() -> list[tuple[str, int, str, str]]:
    """Deleted items that can be restored: (kind, id, what, when deleted)."""
    found = []
    for kind in ("inspection", "recommendation", "action"):
        model: Any = MODELS[kind]
        for record in model.select().where(model.deleted_at.is_null(False)).order_by(model.deleted_at.desc()):
            found.append((kind, record.id, describe_record(record), f"{record.deleted_at:%d/%m/%Y %H:%M}"))
    return found


def move_action(action_id: int, recommendation_id: int) -> Change:
    """Move an action under another recommendation: it takes the next free number there."""

    def apply() -> None:
        used = [a.position for a in Action.select().where(Action.recommendation == recommendation_id)]
        Action.update(
            recommendation=recommendation_id, position=max(used, default=0) + 1, version=Action.version + 1
        ).where(Action.id == action_id).execute()

    return Change("move of an action", apply)


def set_links(action_id: int, target_ids: list[int], opened: list[int] | None = None) -> Change:
    """Link the action to ``target_ids``; ``opened``: its links when the user opened it (None: as they are now).

    Only the links the user added or removed change, so a link someone else added or removed
    meanwhile stays as they left it (the two sets of changes never contradict each other).
    """

    def apply() -> None:
        current = {link.target_id for link in ActionLink.select().where(ActionLink.action == action_id)}
        wanted, before = set(target_ids), set(opened) if opened is not None else current
        gone = current & (before - wanted)
        if gone:
            ActionLink.delete().where((ActionLink.action == action_id) & ActionLink.target.in_(gone)).execute()
        for target in sorted((wanted - before) - current):
            ActionLink.create(action=action_id, target=target)

    return Change("change of links", apply)
