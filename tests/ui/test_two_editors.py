"""Two people on one action: a save writes only what its user changed, and asks only where both changed a field."""

from example_rows import action, recommendation
from other_program import change_elsewhere
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from hmics_desktop.domain.dates import PlanDate


def _save(qtbot, form) -> None:
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def _answer(monkeypatch, button: str) -> list[str]:
    """The "Changed elsewhere" question, answered with ``button``; returns what it said."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: next(b for b in box.buttons() if b.text() == button))
    return said


def _links(number: str) -> set[int]:
    return {link.target_id for link in action(number).links}


def test_saving_the_owner_keeps_a_link_status_and_next_steps_saved_meanwhile(qtbot, window, db_path, monkeypatch):
    said = _answer(monkeypatch, "Reload")
    form = window.edits.open_form("action", action("3.1").id)
    other = action("1.1").id
    change_elsewhere(db_path, form.item_id, {"status": "complete", "next_steps": "(i) theirs"}, [other])
    form.owner.clear()
    qtbot.keyClicks(form.owner, "Crime Registrars")
    _save(qtbot, form)
    saved = action("3.1")
    assert said == []  # nothing both changed: no question
    assert (saved.owner, saved.status, saved.next_steps) == ("Crime Registrars", "complete", "(i) theirs")
    assert other in _links("3.1")
    assert not form.dirty and form.status.currentData() == "complete" and other in form.links.chosen()


def test_a_field_both_changed_reload_keeps_theirs_there_and_saves_the_rest(qtbot, window, db_path, monkeypatch):
    said = _answer(monkeypatch, "Reload")
    form = window.edits.open_form("action", action("3.1").id)
    change_elsewhere(db_path, form.item_id, {"owner": "C3"})
    form.owner.clear()
    qtbot.keyClicks(form.owner, "Resolution Team")
    form.next_steps.set_text("(i) mine")
    _save(qtbot, form)
    assert len(said) == 1 and "its owner was changed elsewhere" in said[0] and "Owner is now “C3”" in said[0]
    saved = action("3.1")
    assert (saved.owner, saved.next_steps) == ("C3", "(i) mine")
    assert form.owner.text() == "C3" and not form.dirty


def test_a_field_both_changed_overwrite_writes_mine_there_alone(qtbot, window, db_path, monkeypatch):
    said = _answer(monkeypatch, "Overwrite with mine")
    form = window.edits.open_form("action", action("3.1").id)
    change_elsewhere(db_path, form.item_id, {"owner": "C3", "status": "complete"})
    form.owner.clear()
    qtbot.keyClicks(form.owner, "Resolution Team")
    _save(qtbot, form)
    assert len(said) == 1
    saved = action("3.1")
    assert (saved.owner, saved.status) == ("Resolution Team", "complete")  # their status, untouched by mine


def test_links_both_changed_keep_both_without_a_question(qtbot, window, db_path, monkeypatch):
    said = _answer(monkeypatch, "Reload")
    form = window.edits.open_form("action", action("3.1").id)
    theirs, mine = action("1.1").id, action("2.1").id
    change_elsewhere(db_path, form.item_id, {}, [theirs])
    form.links.set_chosen([*form.links.chosen(), mine])
    form.mark_dirty()
    _save(qtbot, form)
    assert said == []  # added on both sides, nothing removed: both stay, no question
    assert {theirs, mine} <= _links("3.1")


def _closed(recommendation_id: int, on: str) -> None:
    from hmics_desktop.domain.dates import PlanDate
    from hmics_desktop.services.edit_history import EditHistory
    from hmics_desktop.services.item_edits import save_item

    fields = {"status": "closed", "closed_on": PlanDate.from_iso(on), "impact": "Audits published."}
    EditHistory().do(save_item("recommendation", recommendation_id, fields, None))


def test_a_closure_re_dated_elsewhere_is_reloaded_whole_with_its_status_and_impact(
    qtbot, window, db_path, monkeypatch
) -> None:
    from example_rows import recommendation
    from other_program import save_elsewhere

    said = _answer(monkeypatch, "Reload")
    rec_id = recommendation(2).id
    _closed(rec_id, "2022-03-01")
    form = window.edits.open_form("recommendation", rec_id)
    theirs = {"closed_on": "2022-04-20", "impact": "Audits published monthly."}
    save_elsewhere(db_path, "recommendation", rec_id, theirs)
    form.status.setCurrentIndex(form.status.findData("open"))  # I reopen it; they re-dated the closure
    qtbot.keyClicks(form.owner, "Crime Registrars")
    _save(qtbot, form)
    assert len(said) == 1 and "Closed on is now “20/04/2022”" in said[0]
    saved = recommendation(2)
    assert (saved.status, saved.closed_on, saved.impact) == ("closed", PlanDate(2022, 4, 20), theirs["impact"])
    assert saved.owner == "Crime Registrars"  # the rest of mine is saved
    assert (form.status.currentData(), form.closed_on.text()) == ("closed", "20/04/2022")


def test_a_closure_reopened_elsewhere_overwritten_with_mine_stays_a_whole_closure(
    qtbot, window, db_path, monkeypatch
) -> None:
    from example_rows import recommendation
    from other_program import save_elsewhere

    said = _answer(monkeypatch, "Overwrite with mine")
    rec_id = recommendation(2).id
    _closed(rec_id, "2022-03-01")
    form = window.edits.open_form("recommendation", rec_id)
    save_elsewhere(db_path, "recommendation", rec_id, {"status": "open", "closed_on": None})
    form.closed_on.clear()
    qtbot.keyClicks(form.closed_on, "15/03/2022")  # I re-date the closure; they reopened it
    _save(qtbot, form)
    assert len(said) == 1
    saved = recommendation(2)
    assert (saved.status, saved.closed_on, saved.impact) == ("closed", PlanDate(2022, 3, 15), "Audits published.")


def test_saving_into_an_action_deleted_elsewhere_says_so_and_restores_it_with_mine(
    qtbot, window, db_path, monkeypatch
) -> None:
    from other_program import save_elsewhere

    said = _answer(monkeypatch, "Restore and save")
    form = window.edits.open_form("action", action("3.1").id)
    save_elsewhere(db_path, "action", form.item_id, {"deleted": True})
    form.owner.clear()
    qtbot.keyClicks(form.owner, "Resolution Team")
    _save(qtbot, form)
    assert said == ["Action 3.1 was deleted elsewhere since you opened it: restore it with your changes, or "
                    "discard your changes (it stays in Edit ▸ Deleted items)."]  # fmt: skip
    saved = action("3.1")
    assert (saved.deleted_at, saved.owner) == (None, "Resolution Team")
    assert not form.dirty and window.edits.undo_action.text().startswith("&Undo")
    window.edits.undo_action.trigger()  # one step: restored and saved, undone together
    assert action("3.1").deleted_at is not None and action("3.1").owner != "Resolution Team"


def test_saving_into_an_action_deleted_elsewhere_can_discard_mine(qtbot, window, db_path, monkeypatch) -> None:
    from other_program import save_elsewhere

    said = _answer(monkeypatch, "Discard my changes")
    form = window.edits.open_form("action", action("3.1").id)
    owner = action("3.1").owner
    save_elsewhere(db_path, "action", form.item_id, {"deleted": True})
    form.owner.clear()
    qtbot.keyClicks(form.owner, "Resolution Team")
    _save(qtbot, form)
    assert len(said) == 1
    assert action("3.1").deleted_at is not None and action("3.1").owner == owner
    assert not form.isVisible()


def test_a_form_whose_item_was_unmade_elsewhere_keeps_what_was_typed_and_says_so(
    qtbot, window, db_path, monkeypatch
) -> None:
    from other_program import made_elsewhere

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: said.append(text) or 0)
    with made_elsewhere(db_path, recommendation(3).id, 9) as made:  # ends with its making undone there
        _look(qtbot, window)
        form = window.edits.open_form("action", made)
        form.owner.clear()
        qtbot.keyClicks(form.owner, "Resolution Team")
    _look(qtbot, window)
    assert form.isVisible() and form.owner.text() == "Resolution Team"  # what was typed is still there
    assert "no longer exists" in form.general_problem.text()
    _save(qtbot, form)
    assert said == [
        "This action no longer exists: its making was undone elsewhere, so nothing was saved. What you typed is "
        "still in the form: copy it before you close the form."
    ]
    assert form.isVisible() and form.owner.text() == "Resolution Team"


def test_a_form_whose_item_was_unmade_elsewhere_closes_when_nothing_was_typed(qtbot, window, db_path) -> None:
    from other_program import made_elsewhere

    with made_elsewhere(db_path, recommendation(3).id, 9) as made:
        _look(qtbot, window)
        form = window.edits.open_form("action", made)
    _look(qtbot, window)
    assert not form.isVisible()


def _look(qtbot, window) -> None:
    """What the window does every few seconds: look for changes made elsewhere, and wait for the look."""
    window.change_watch.look()
    qtbot.waitUntil(lambda: not window.change_watch.looking, timeout=10_000)
