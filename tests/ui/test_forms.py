"""The forms driven as a secretary would.

Typing, picking, saving, undo and redo, validation, bulk revision, evidence to closure, and
a second program changing the same item.
"""

import gc
import sqlite3
from contextlib import closing

from example_rows import action, recommendation
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from hmics_desktop.storage.models import ProgressUpdate, Recommendation, TargetRevision
from hmics_desktop.ui.forms.inspection_form import InspectionForm
from hmics_desktop.ui.forms.item_form import ItemForm
from hmics_desktop.ui.forms.plan_dialogs import EvidenceDialog, ResponseDialog, RevisionDialog
from hmics_desktop.ui.round.round_window import RoundWindow


def _focus(qtbot, form) -> None:
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)


def _save(qtbot, form) -> None:
    _focus(qtbot, form)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_type_a_progress_update_and_save_the_owner_then_undo_and_redo(qtbot, window) -> None:
    form = window.edits.open_form("action", action("4.1").id)
    qtbot.keyClicks(form.progress_text, "Skills matrix agreed with Unison")
    qtbot.keyClick(form.progress_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Skills matrix agreed with Unison" in form.progress_list.item(0).text()  # newest first
    form.owner.clear()
    qtbot.keyClicks(form.owner, "FMOR")
    assert form.dirty
    _save(qtbot, form)
    assert not form.dirty and action("4.1").owner == "FMOR"
    assert window.edits.undo_action.text() == "&Undo edit of action 4.1"
    window.edits.undo_action.trigger()
    assert action("4.1").owner is None and form.owner.text() == ""
    window.edits.undo_action.trigger()
    assert ProgressUpdate.select().where(ProgressUpdate.action == action("4.1")).count() == 1
    window.edits.redo_action.trigger()
    window.edits.redo_action.trigger()
    assert action("4.1").owner == "FMOR"
    board_rows = [window.board.model.row(r) for r in range(window.board.model.rowCount())]
    assert next(r for r in board_rows if r.number == "4.1").owner == "FMOR"  # the board shows it at once


def test_validation_messages_in_place_and_nothing_saved(qtbot, window) -> None:
    form = window.edits.open_form("recommendation", recommendation(2).id)
    form.status.setCurrentIndex(form.status.findData("closed"))
    form.initial_target.setText("Smarch 2022")
    _save(qtbot, form)
    assert "not a month" in form.problems["initial_target"].text()
    form.initial_target.setText("Sept 2022")
    _save(qtbot, form)
    assert form.problems["impact"].isVisible()
    assert "What we did and the impact" in form.problems["impact"].text()
    assert recommendation(2).status == "open"
    form.number.setValue(3)
    form.impact.setPlainText("The strategy was revised and published.")
    _save(qtbot, form)
    assert "Recommendation 3 already exists" in form.problems["number"].text()


def test_new_action_gets_the_next_free_number_and_its_links_from_the_picker(qtbot, window) -> None:
    window.workspace.setCurrentWidget(window.plans_page)
    window.plan_view.select_number("5")
    window.edits.new_action_action.trigger()
    form = next(f for f in window.findChildren(type(window.edits.open_form("action", action("5.1").id)))
                if f.item_id is None)  # fmt: skip
    assert form.position.value() == 6
    qtbot.keyClicks(form.text, "Evaluate the training")
    qtbot.keyClicks(form.links.filter, "5.3")
    visible = [
        form.links.list.item(i) for i in range(form.links.list.count()) if not form.links.list.item(i).isHidden()
    ]
    assert [item.text()[:3] for item in visible] == ["5.3"]
    visible[0].setCheckState(Qt.CheckState.Checked)
    form.next_steps.add_step("(i) Agree the evaluation method")
    _save(qtbot, form)
    created = action("5.6")
    assert created.text == "Evaluate the training" and created.next_steps == "(i) Agree the evaluation method"
    assert [f"{t.recommendation.number}.{t.position}" for t in (link.target for link in created.links)] == ["5.3"]


def test_leaving_with_unsaved_changes_asks(qtbot, window, monkeypatch) -> None:
    form = window.edits.open_form("action", action("1.2").id)
    qtbot.keyClicks(form.owner, "COS")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible() and action("1.2").owner is None


def _updates(number: str) -> list[str]:
    return [u.text for u in ProgressUpdate.select().where(ProgressUpdate.action == action(number))]


def test_an_update_typed_and_not_added_is_never_lost(qtbot, window, monkeypatch) -> None:
    form = window.edits.open_form("action", action("1.2").id)
    _focus(qtbot, form)
    assert form.focusWidget() is form.progress_text  # the form opens where the day's update is typed
    qtbot.keyClicks(form.progress_text, "Draft TOR circulated to members.")
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel
    )
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked == ["Save your changes before closing?"] and form.isVisible()
    _save(qtbot, form)  # Ctrl+S adds what was typed, as Add update would
    assert "Draft TOR circulated to members." in _updates("1.2")
    assert form.progress_text.text() == "" and not form.has_unsaved()
    assert window.edits.undo_action.text() == "&Undo progress update"
    qtbot.keyClicks(form.progress_text, "Second thoughts")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # Save in the question adds it and closes
    assert not form.isVisible() and "Second thoughts" in _updates("1.2")


def test_ctrl_s_saves_the_fields_and_the_typed_update_together(qtbot, window) -> None:
    form = window.edits.open_form("action", action("4.1").id)
    form.owner.clear()
    qtbot.keyClicks(form.owner, "FMOR")
    qtbot.keyClicks(form.progress_text, "Skills matrix agreed")
    _save(qtbot, form)
    assert action("4.1").owner == "FMOR" and "Skills matrix agreed" in _updates("4.1")
    assert not form.has_unsaved()
    window.edits.undo_action.trigger()  # the update first, then the edit: each undoes only its own
    assert "Skills matrix agreed" not in _updates("4.1") and action("4.1").owner == "FMOR"


def test_a_revised_target_is_labelled_as_the_initial_one(qtbot, window) -> None:
    form = window.edits.open_form("action", action("1.2").id)
    assert form.captions["target"].text() == "Tar&get date:" and form.target.accessibleName() == "Target date"
    qtbot.keyClicks(form.target, "Sept 2022")
    _save(qtbot, form)
    dialog = RevisionDialog(window.edits.history, "action", [action("1.2").id], form)
    qtbot.keyClicks(dialog.target, "June 2027")
    qtbot.keyClicks(dialog.reason, "Options paper delayed by restructure")
    dialog.ok_button.click()
    form.reload()
    assert form.captions["target"].text() == "Initial tar&get:"
    assert form.target.accessibleName() == "Initial target"  # what a screen reader says changes with it
    assert "June 2027" in form.revisions.item(0).text()


def test_bulk_revision_with_one_reason(qtbot, window) -> None:
    ids = [recommendation(n).id for n in (2, 3, 6)]
    before = TargetRevision.select().count()  # the example's extension to June 2025 (seed 000)
    dialog = RevisionDialog(window.edits.history, "recommendation", ids, window)
    qtbot.keyClicks(dialog.target, "June 2025")
    dialog.ok_button.click()
    assert "reason" in dialog.problem.text()
    qtbot.keyClicks(dialog.reason, "all target dates have now been extended to June 2025")
    dialog.ok_button.click()
    assert TargetRevision.select().count() == before + 3
    form = window.edits.open_form("recommendation", recommendation(3).id)
    shown = [form.revisions.item(row).text() for row in range(form.revisions.count())]
    assert any("June 2025, because all target dates have now been extended" in text for text in shown)
    window.edits.undo_action.trigger()
    assert TargetRevision.select().count() == before


def test_evidence_then_hmics_closes_it(qtbot, window) -> None:
    rec = recommendation(4)
    sent = EvidenceDialog(window.edits.history, rec.id, window)
    qtbot.keyClicks(sent.description, "Structure chart, job profiles and SLWG minutes")
    sent.ok_button.click()
    assert recommendation(4).status == "evidence_submitted"
    board = window.board
    board.kind.setCurrentIndex(board.kind.findData("recommendation"))
    qtbot.mouseClick(board.awaiting, Qt.MouseButton.LeftButton)
    assert [board.model.row(r).number for r in range(board.model.rowCount())] == ["R4"]
    evidence_id = rec.evidence.get().id
    answer = ResponseDialog(window.edits.history, evidence_id, "", window)
    answer.ok_button.click()
    assert "What we did and the impact" in answer.problem.text()
    qtbot.keyClicks(answer.impact, "Crime and incident management units now work as one regional structure.")
    answer.ok_button.click()
    assert (recommendation(4).status, recommendation(4).impact[:5]) == ("closed", "Crime")
    assert board.model.rowCount() == 0  # no longer awaiting HMICS


def test_a_second_program_changed_the_item_meanwhile(qtbot, window, db_path, monkeypatch) -> None:
    form = window.edits.open_form("action", action("3.1").id)
    with closing(sqlite3.connect(db_path)) as other, other:  # a second copy of the application saves first
        other.execute("UPDATE action SET owner = 'C3', version = version + 1 WHERE id = ?", (form.item_id,))
    qtbot.keyClicks(form.owner, "Resolution Team")
    choices = []

    def choose(box):
        choices.append(box.text())
        box.setProperty("pressed", "reload")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", lambda box: choose(box) or box.done(0))
    monkeypatch.setattr(
        QMessageBox, "clickedButton", lambda box: next(b for b in box.buttons() if b.text() == "Reload")
    )
    _save(qtbot, form)
    assert "changed elsewhere" in choices[0]
    assert form.owner.text() == "C3" and not form.dirty  # reloaded: the other change is shown, nothing lost
    qtbot.keyClicks(form.owner, " and Resolution Team")
    _save(qtbot, form)
    assert action("3.1").owner == "C3 and Resolution Team"


def test_a_new_inspection_then_its_first_recommendation(qtbot, window) -> None:
    window.edits.new_inspection_action.trigger()
    form = next(f for f in window.findChildren(InspectionForm) if f.item_id is None)
    _save(qtbot, form)
    assert "needs a title" in form.problems["title"].text()
    qtbot.keyClicks(form.title, "Hate Crime 2021")
    qtbot.keyClicks(form.published, "June 2021")
    qtbot.keyClicks(form.owning_group, "Hate Crime Tactical Group")
    _save(qtbot, form)
    inspection_id = form.item_id
    assert inspection_id is not None
    assert form.published.text() == "June 2021"  # a month stays a month
    rec_form = window.edits.open_form("recommendation", None, inspection_id)
    assert rec_form.number.value() == 1
    qtbot.keyClicks(rec_form.text, "Police Scotland should:")
    rec_form.text.insertPlainText("\n• ensure hate crime is recorded")  # QTest cannot type a bullet
    qtbot.keyClicks(rec_form.initial_target, "Sept 2022")
    _save(qtbot, rec_form)
    saved = Recommendation.get(Recommendation.inspection == inspection_id)
    assert saved.text == "Police Scotland should:\n• ensure hate crime is recorded"
    assert saved.initial_target.iso() == "2022-09"
    assert "Hate Crime 2021" in [window.board.counts_model.index(r, 0).data() for r in range(3)]


def test_hmics_asking_for_more_keeps_it_open_and_the_board_says_so(qtbot, window) -> None:
    rec = recommendation(6)
    sent = EvidenceDialog(window.edits.history, rec.id, window)
    qtbot.keyClicks(sent.description, "Process maps")
    sent.ok_button.click()
    answer = ResponseDialog(window.edits.history, rec.evidence.get().id, "", window)
    answer.more.setChecked(True)
    qtbot.keyClicks(answer.their_words, "Provide the final process maps")
    answer.ok_button.click()
    assert recommendation(6).status == "open"
    board = window.board
    board.kind.setCurrentIndex(board.kind.findData("recommendation"))
    row = next(board.model.row(r) for r in range(board.model.rowCount()) if board.model.row(r).number == "R6")
    assert row.status_label == "Open – HMICS asked for more"


def test_saving_an_action_keeps_every_link_it_had_even_one_to_itself(qtbot, window) -> None:
    """The published plan links 1.4 to itself; a form saved for its owner must not drop that link unasked."""
    from hmics_desktop.services.form_data import links

    one_four = action("1.4")
    before = sorted(links(one_four.id))
    assert one_four.id in before
    form = window.edits.open_form("action", one_four.id)
    form.owner.clear()
    qtbot.keyClicks(form.owner, "FMOR")
    _save(qtbot, form)
    assert action("1.4").owner == "FMOR" and sorted(links(one_four.id)) == before


def test_move_choices_are_cut_at_a_word_and_show_the_whole_text_as_a_tooltip(qtbot, window) -> None:
    form = window.edits.open_form("action", action("1.2").id)
    index = form.move_to.findData(recommendation(2).id)
    label, tip = form.move_to.itemText(index), form.move_to.itemData(index, Qt.ItemDataRole.ToolTipRole)
    assert label.endswith(" …") and tip.startswith(label.removesuffix(" …"))
    assert tip.endswith("to improve SCRS compliance.")


def test_a_progress_update_dated_after_today_is_refused_in_one_sentence(qtbot, window) -> None:
    form = window.edits.open_form("action", action("4.1").id)
    tomorrow = QDate.currentDate().addDays(1)
    form.progress_date.setDate(tomorrow)
    qtbot.keyClicks(form.progress_text, "Skills matrix to be agreed")
    qtbot.keyClick(form.progress_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.progress_problem.text() == (
        f"The progress update is dated {tomorrow.toString('dd/MM/yyyy')}, after today: date it today or earlier."
    )
    assert ProgressUpdate.select().where(ProgressUpdate.action == action("4.1")).count() == 1  # the one it had
    assert form.progress_text.text() == "Skills matrix to be agreed"  # kept to be dated again


def _shown_titles() -> list[str]:
    return [window.windowTitle() for window in QApplication.topLevelWidgets() if window.isVisible()]


def test_a_new_inspection_form_and_a_dialog_left_open_stay_open_through_the_garbage_collection(qtbot, window) -> None:
    # Nothing but the window keeps them (a new item's form is not among the forms by item); the
    # collector once destroyed both, the secretary's typing with them, as soon as it ran.
    window.edits.new_inspection_action.trigger()
    EvidenceDialog(window.edits.history, recommendation(1).id, window).show()
    gc.collect()
    opened = ("New inspection[*]", "Evidence submitted to HMICS")
    assert set(opened) <= set(_shown_titles())
    for left in [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() in opened]:
        left.dirty = False
        left.close()


def _left_after_collecting(window, kind: type) -> list:
    gc.collect()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return window.findChildren(kind)


def test_forms_and_the_update_round_closed_are_gone_not_kept_by_the_window(qtbot, window) -> None:
    # Opened and closed all day, each stayed a hidden child of the window with its wrapper (150 widgets a form).
    for _ in range(3):
        form = window.edits.open_form("action", action("4.1").id)
        recommendation_form = window.edits.open_form("recommendation", recommendation(1).id)
        window.board.table.selectAll()
        window.edits.start_round()
        assert form.isVisible() and recommendation_form.isVisible() and window.edits.round is not None
        for shown in (form, recommendation_form, window.edits.round):
            shown.close()
    assert _left_after_collecting(window, ItemForm) == []
    assert _left_after_collecting(window, RoundWindow) == []
