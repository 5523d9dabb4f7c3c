"""The update round through its window: typing, Ctrl+Enter, Ctrl+Shift+Enter, the count, undo."""

from example_rows import action
from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.services import form_data
from hmics_desktop.services.plans import write_plans
from hmics_desktop.storage.models import Action


def _focus(qtbot, widget) -> None:
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow)
    widget.setFocus()


def test_round_of_actions_not_updated_since_the_last_meeting(qtbot, window) -> None:
    board = window.board
    board.last_meeting.setDate(QDate(2022, 2, 1))  # the example's updates are of 15/02/2022 or none
    window.edits.stale_round_action.trigger()
    assert board.stale.isChecked() and window.workspace.currentWidget() is board
    round_window = window.edits.round
    stale = [item_id for _kind, item_id in board.shown_items()]
    assert round_window.ids == stale and len(stale) == 6  # the actions never updated
    assert round_window.count.text() == "<b>1 of 6</b> — 5 left"
    first = round_window.item
    assert first is not None and "No progress recorded yet" in round_window.last_update.toPlainText()

    _focus(qtbot, round_window.update_text)
    qtbot.keyClicks(round_window.update_text, "Survey of training needs sent to divisions")
    qtbot.keyClick(round_window.update_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [p.text for p in form_data.progress(first.id)] == ["Survey of training needs sent to divisions"]
    assert round_window.count.text() == "<b>2 of 6</b> — 4 left"
    assert round_window.steps_model.index(0, 0).data().startswith("✓ ")
    assert window.edits.undo_action.text() == f"&Undo round update of action {first.number}"

    back = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(round_window.update_text, Qt.Key.Key_Return, back)
    assert round_window.item.id == first.id
    assert "Survey of training needs" in round_window.last_update.toPlainText()  # its new last update
    round_window.next_steps.setPlainText("(i) Collate the answers")
    round_window.status.setCurrentIndex(round_window.status.findData("in_progress"))
    qtbot.keyClick(round_window.update_text, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert round_window.problem.text() == "", round_window.problem.text()
    assert Action.get_by_id(first.id).next_steps == "(i) Collate the answers"
    assert Action.get_by_id(first.id).status == "in_progress"

    # Ctrl+Z with nothing typed in the round undoes the last saved step, from the round's window.
    _focus(qtbot, round_window.update_text)
    qtbot.keyClick(round_window.update_text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert Action.get_by_id(first.id).status is None


def test_round_of_the_selected_actions_asks_before_losing_what_was_typed(qtbot, window, monkeypatch) -> None:
    window.workspace.setCurrentWidget(window.plans_page)
    view = window.plan_view
    view.select_number("5.1")
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.tree.selectionModel().select(view.tree_model.find_number("5.2"), flags)
    window.edits.round_action.trigger()
    round_window = window.edits.round
    assert round_window.ids == [action("5.1").id, action("5.2").id]
    assert round_window.windowTitle() == "Update round — 2 selected actions"
    qtbot.keyClicks(round_window.update_text, "Half typed")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    round_window.skip_button.click()
    assert round_window.index == 0 and round_window.update_text.text() == "Half typed"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    round_window.skip_button.click()
    assert round_window.index == 1
    assert form_data.progress(action("5.1").id)[0].text == "Half typed"
    first_row = round_window.steps.visualRect(round_window.steps_model.index(0, 0)).center()
    qtbot.mouseClick(round_window.steps.viewport(), Qt.MouseButton.LeftButton, pos=first_row)
    assert round_window.index == 0 and "Half typed" in round_window.last_update.toPlainText()
    qtbot.mouseClick(round_window.skip_button, Qt.MouseButton.LeftButton)
    finished = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: finished.append(a[2]))
    round_window.next_button.click()  # nothing typed for 5.2: moves on, and that was the last
    assert finished == ["That was the last of 2 actions; 1 action updated in this round."]
    assert not round_window.isVisible()


def test_round_of_an_inspection_from_its_right_click_menu_and_the_full_form_from_the_round(qtbot, window) -> None:
    audit = PlanRecommendation(number=1, text="Record", actions=[PlanAction(number="1.1", text="Audit recording")])
    write_plans([Plan(inspection="Hate Crime 2021", recommendations=[audit])])
    window.plans_changed.emit()
    window.workspace.setCurrentWidget(window.plans_page)
    window.plan_view.select_inspection("Hate Crime 2021")
    window.edits.round_of_inspection()
    round_window = window.edits.round
    assert round_window.windowTitle() == "Update round — Hate Crime 2021"
    assert round_window.count.text() == "<b>1 of 1</b> — 0 left"
    round_window.form_button.click()
    assert ("action", round_window.item.id) in window.edits.forms


def test_a_round_of_the_board_starts_at_the_action_selected(qtbot, window) -> None:
    board = window.board
    row = next(r for r in range(board.model.rowCount()) if board.model.row(r).number == "4.1")
    board.table.selectRow(row)
    window.edits.round_action.trigger()
    round_window = window.edits.round
    assert round_window.item is not None and round_window.item.number == "4.1"
    assert round_window.count.text() == f"<b>{row + 1} of 21</b> — {20 - row} left"


def test_a_status_changed_elsewhere_is_kept_and_named_and_the_rest_of_the_step_is_saved(qtbot, window, db_path) -> None:
    from other_program import save_elsewhere

    window.board.last_meeting.setDate(QDate(2022, 2, 1))
    window.edits.stale_round_action.trigger()
    round_window = window.edits.round
    first = round_window.item
    save_elsewhere(db_path, "action", first.id, {"status": "complete"})
    _focus(qtbot, round_window.update_text)
    qtbot.keyClicks(round_window.update_text, "Survey sent to divisions")
    round_window.next_steps.setPlainText("(i) Collate the answers")
    round_window.status.setCurrentIndex(round_window.status.findData("in_progress"))
    qtbot.keyClick(round_window.update_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved = Action.get_by_id(first.id)
    assert [p.text for p in form_data.progress(first.id)] == ["Survey sent to divisions"]
    assert (saved.next_steps, saved.status) == ("(i) Collate the answers", "complete")  # theirs kept, the rest mine
    assert round_window.problem.text() == (
        f"Action {first.number}'s status was changed elsewhere since the round showed it (Status is now “Complete”): "
        "that is kept, and the rest of what you typed is saved. Choose yours again to change it."
    )
    assert round_window.item.id == first.id and round_window.status.currentData() == "complete"  # shown as it is
    assert round_window.steps_model.index(0, 0).data().startswith("✓ ")
    qtbot.keyClick(round_window.update_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert round_window.index == 1  # nothing left to save there: on to the next


def test_an_update_dated_after_today_is_refused_and_the_round_stays(qtbot, window) -> None:
    board = window.board
    board.last_meeting.setDate(QDate(2022, 2, 1))
    window.edits.stale_round_action.trigger()
    round_window = window.edits.round
    first = round_window.item
    assert first is not None
    tomorrow = QDate.currentDate().addDays(1)
    round_window.as_at.setDate(tomorrow)
    _focus(qtbot, round_window.update_text)
    qtbot.keyClicks(round_window.update_text, "Survey to be sent")
    qtbot.keyClick(round_window.update_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert round_window.problem.text() == (
        f"The progress update is dated {tomorrow.toString('dd/MM/yyyy')}, after today: date it today or earlier."
    )
    assert form_data.progress(first.id) == [] and round_window.item.id == first.id
