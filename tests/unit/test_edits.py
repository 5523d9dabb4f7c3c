"""Editing with undo, redo, audit, validation and conflict detection (services, no display)."""

import pytest

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.editing import EditConflict, ValidationError
from hmics_desktop.services.item_edits import (
    create_item,
    delete_items,
    deleted_items,
    move_action,
    save_item,
    set_links,
)
from hmics_desktop.services.plan_edits import (
    add_progress,
    bulk_set,
    record_response,
    revise_targets,
    submit_evidence,
)
from hmics_desktop.services.plans import load_example_plan
from hmics_desktop.storage.models import (
    Action,
    AuditEntry,
    EvidenceSubmission,
    ProgressUpdate,
    Recommendation,
    TargetRevision,
)


@pytest.fixture
def history(plan_db) -> EditHistory:
    load_example_plan()
    return EditHistory()


def _rec(number: int) -> Recommendation:
    return Recommendation.get((Recommendation.number == number) & (Recommendation.kind == "recommendation"))


def _action(number: str) -> Action:
    rec, position = (int(p) for p in number.split("."))
    return Action.get((Action.recommendation == _rec(rec)) & (Action.position == position))


def test_save_undo_redo_with_audit(history: EditHistory) -> None:
    action = _action("1.1")
    history.do(save_item("action", action.id, {"owner": "FMOR"}, None))
    assert _action("1.1").owner == "FMOR"
    entry = AuditEntry.select().where(AuditEntry.field == "owner").get()
    assert (entry.entity, entry.old_value, entry.new_value) == ("action", None, "FMOR")
    assert history.undo() == "edit of action 1.1"
    assert _action("1.1").owner is None
    history.redo()
    assert _action("1.1").owner == "FMOR"


def test_only_a_field_both_changed_is_a_conflict(history: EditHistory) -> None:
    opened = _action("1.2")
    seen = {"owner": opened.owner, "text": opened.text, "next_steps": opened.next_steps}
    history.do(save_item("action", opened.id, {"owner": "COS"}, None))  # another window saves first
    with pytest.raises(
        EditConflict, match=r"its owner was changed elsewhere since you opened it \(Owner is now “COS”\)"
    ):
        history.do(save_item("action", opened.id, {"owner": "LTD"}, seen))
    assert _action("1.2").owner == "COS"
    history.do(save_item("action", opened.id, {"next_steps": "Mine"}, seen))  # only I changed it: saved
    assert (_action("1.2").owner, _action("1.2").next_steps) == ("COS", "Mine")  # theirs untouched
    history.do(save_item("action", opened.id, {"owner": "COS"}, seen))  # both made the same change: no conflict
    history.do(save_item("action", opened.id, {"owner": "LTD"}, None))  # the user chose to overwrite
    assert _action("1.2").owner == "LTD"


def test_a_link_added_meanwhile_stays_when_another_saves_the_owner(history: EditHistory) -> None:
    action, other, third = _action("1.1"), _action("1.2"), _action("2.1")
    opened = sorted(link.target_id for link in action.links)
    history.do(set_links(action.id, [*opened, other.id], opened))  # another window adds a link
    history.do(save_item("action", action.id, {"owner": "FMOR"}, {"owner": action.owner}))  # mine: the owner only
    assert other.id in {link.target_id for link in _action("1.1").links}
    history.do(set_links(action.id, [*opened, third.id], opened))  # I add another: both stay
    assert {other.id, third.id} <= {link.target_id for link in _action("1.1").links}
    history.do(set_links(action.id, opened[1:], opened))  # I remove one I saw: theirs stay
    assert {link.target_id for link in _action("1.1").links} == {*opened[1:], other.id, third.id}


def test_validation_in_the_users_words(history: EditHistory) -> None:
    rec = _rec(1)
    with pytest.raises(ValidationError) as closing:
        save_item("recommendation", rec.id, {"status": "closed"}, None)
    assert "What we did and the impact" in closing.value.problems["impact"]
    with pytest.raises(ValidationError) as empty:
        save_item("action", _action("1.1").id, {"text": "  "}, None)
    assert "no text" in empty.value.problems["text"]
    with pytest.raises(ValidationError) as duplicate:
        create_item("action", {"position": 2, "text": "Another"}, rec.id)
    assert "1.2 already exists" in duplicate.value.problems["number"]
    rec.initial_target = PlanDate(2022, 9)
    rec.save()
    with pytest.raises(ValidationError) as early:
        revise_targets("recommendation", [rec.id], PlanDate(2022, 5), "slipped")
    assert "before the initial target" in early.value.problems["revised_target"]


def test_create_then_undo_and_redo_keeps_the_same_item(history: EditHistory) -> None:
    change, created = create_item("action", {"position": 7, "text": "Publish the audit"}, _rec(1).id)
    history.do(change)
    first_id = created["id"]
    history.undo()
    assert Action.get_or_none(Action.id == first_id) is None
    history.redo()
    assert Action.get_by_id(first_id).text == "Publish the audit"


def test_delete_is_reversible_and_listed(history: EditHistory) -> None:
    action = _action("5.5")
    history.do(delete_items("action", [action.id]))
    assert Action.get_by_id(action.id).deleted_at is not None
    assert [(k, i) for k, i, *_ in deleted_items()] == [("action", action.id)]
    history.undo()
    assert Action.get_by_id(action.id).deleted_at is None
    assert deleted_items() == []


def test_move_renumbers_and_keeps_the_history(history: EditHistory) -> None:
    action = _action("1.1")
    updates = ProgressUpdate.select().where(ProgressUpdate.action == action).count()
    history.do(move_action(action.id, _rec(6).id))
    moved = Action.get_by_id(action.id)
    assert (moved.recommendation.number, moved.position) == (6, 6)
    assert ProgressUpdate.select().where(ProgressUpdate.action == action).count() == updates
    entry = AuditEntry.select().where(AuditEntry.field == "number").get()
    assert (entry.old_value, entry.new_value) == ("1.1", "6.6")
    history.undo()
    assert (_action("1.1").id) == action.id


def test_progress_and_bulk_revision_with_one_reason(history: EditHistory) -> None:
    history.do(add_progress(_action("4.1").id, PlanDate(2022, 3, 9), "Skills matrix agreed"))
    latest = (
        ProgressUpdate.select().where(ProgressUpdate.action == _action("4.1")).order_by(ProgressUpdate.as_at.desc())
    )
    assert latest.first().text == "Skills matrix agreed"
    ids = [_rec(n).id for n in (2, 3, 5)]
    before = TargetRevision.select().count()  # the example's extension to June 2025 (seed 000)
    history.do(revise_targets("recommendation", ids, PlanDate(2025, 6), "all target dates extended to June 2025"))
    assert TargetRevision.select().count() == before + 3
    history.undo()
    assert TargetRevision.select().count() == before
    history.do(bulk_set("action", [_action("5.1").id, _action("5.2").id], {"owner": "LTD"}))
    assert {_action("5.1").owner, _action("5.2").owner} == {"LTD"}


def test_evidence_then_closure_or_more_requested(history: EditHistory) -> None:
    rec = _rec(4)
    history.do(submit_evidence(rec.id, PlanDate(2024, 5), "Structure chart and minutes", proposes_closure=True))
    assert _rec(4).status == "evidence_submitted"
    evidence = EvidenceSubmission.get()
    with pytest.raises(ValidationError):
        record_response(evidence.id, PlanDate(2024, 7), accepted=True, their_words="Closed")
    history.do(record_response(evidence.id, PlanDate(2025, 1), accepted=False, their_words="Provide the audit"))
    assert _rec(4).status == "open"
    history.undo()
    history.do(record_response(evidence.id, PlanDate(2024, 7), True, "Closed", impact="New CIMU structure in place"))
    closed = _rec(4)
    assert (closed.status, closed.impact) == ("closed", "New CIMU structure in place")


def test_control_characters_typed_or_pasted_into_a_form_never_reach_the_plan(history: EditHistory) -> None:
    action = _action("1.1")
    history.do(save_item("action", action.id, {"text": "Report\x07 to the\x0c SPA\x1b", "owner": "C3\x00"}, None))
    assert (_action("1.1").text, _action("1.1").owner) == ("Report to the SPA", "C3")
    history.do(save_item("action", action.id, {"next_steps": "(i) one\n(ii)\ttwo"}, None))
    assert _action("1.1").next_steps == "(i) one\n(ii)\ttwo"  # lines and tabs are kept


def test_an_edit_answers_for_the_rules_its_own_fields_touch(history: EditHistory) -> None:
    """Recommendation 1 of the example was closed with no impact written: its owner can still be changed."""
    rec = _rec(1)
    assert rec.status == "closed" and not rec.impact
    history.do(save_item("recommendation", rec.id, {"owner": "ACC Crime"}, {"owner": None}))
    assert _rec(1).owner == "ACC Crime"
    with pytest.raises(ValidationError, match="What we did and the impact"):
        save_item("recommendation", rec.id, {"status": "closed", "impact": ""}, None)  # the impact taken away
