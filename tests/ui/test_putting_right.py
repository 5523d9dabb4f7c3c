"""Putting right what was recorded, through the windows.

A progress update corrected and removed from the action form, brought back from Deleted
items; inspections merged (refused with a sentence when numbers collide) and deleted; the
board at the laptop's width.
"""

from example_rows import action
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from hmics_desktop.domain.plan import Plan, PlanRecommendation
from hmics_desktop.services import form_data
from hmics_desktop.services.board import COLUMN_KEYS
from hmics_desktop.services.plans import write_plans
from hmics_desktop.storage.models import Inspection, ProgressUpdate, Recommendation
from hmics_desktop.ui.forms import action_form
from hmics_desktop.ui.forms.inspection_form import MergeDialog
from hmics_desktop.ui.forms.record_dialogs import DeletedItemsDialog


def _board_latest(window, number: str) -> str:
    return next(r.latest_text for r in window.board.board.rows if r.kind == "action" and r.number == number)


def test_correct_then_remove_an_update_from_the_action_form_and_restore_it(qtbot, window, monkeypatch) -> None:
    form = window.edits.open_form("action", action("5.1").id)
    assert not form.correct_button.isEnabled()
    form.progress_list.setCurrentRow(0)
    update = form_data.progress(action("5.1").id)[0]

    def correct(dialog) -> int:
        dialog.text.setPlainText("LTD have agreed in principle to an additional day of training.")
        dialog._on_ok()
        return 1

    monkeypatch.setattr(action_form.CorrectProgressDialog, "exec", correct)
    form.correct_button.click()
    assert ProgressUpdate.get_by_id(update.id).text == "LTD have agreed in principle to an additional day of training."
    assert "additional day of training." in form.progress_list.item(0).text()
    assert _board_latest(window, "5.1") == "LTD have agreed in principle to an additional day of training."

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    form.progress_list.setCurrentRow(0)
    form.remove_button.click()
    assert asked[0].startswith("Remove the update as at 15/02/2022 “LTD have agreed in principle")
    assert form.progress_list.item(0).text() == "No progress recorded yet."
    assert _board_latest(window, "5.1") == ""
    assert ProgressUpdate.get_by_id(update.id).deleted_at is not None  # kept

    dialog = DeletedItemsDialog(window.edits.history, window)
    assert dialog.table.item(0, 1).text() == "Progress update of 15/02/2022 on action 5.1"
    assert dialog.table.item(0, 2).text().startswith("LTD have agreed in principle")
    dialog.table.selectRow(0)
    dialog.restore_button.click()
    assert dialog.table.rowCount() == 0
    assert _board_latest(window, "5.1").startswith("LTD have agreed")
    assert "additional day of training." in form.progress_list.item(0).text()  # the open form follows


def test_merge_inspections_refused_then_done_then_undone(qtbot, window) -> None:
    write_plans([Plan(inspection="Crime Audit", recommendations=[PlanRecommendation(number=2, text="Twice")])])
    window.plans_changed.emit()
    source = Inspection.get(Inspection.title == "Crime Audit")
    dialog = MergeDialog(window.edits.history, source.id, window)
    assert dialog.target.currentText() == "Crime Audit 2020"
    dialog.ok_button.click()
    assert "“Crime Audit 2020” already has recommendation 2" in dialog.problem.text()
    Recommendation.update(number=7).where(Recommendation.inspection == source.id).execute()
    dialog.ok_button.click()
    assert dialog.result() == MergeDialog.DialogCode.Accepted
    counts = window.board.counts_model
    assert [counts.index(r, 0).data() for r in range(counts.rowCount())] == ["All inspections", "Crime Audit 2020"]
    assert (
        window.edits.undo_action.text()
        == "&Undo merge of “Crime Audit” into “Crime Audit 2020” (1 recommendation moved)"
    )
    window.board.table.setFocus()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.board.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo from the board
    assert Recommendation.select().where(Recommendation.inspection == source.id).count() == 1


def test_delete_an_inspection_names_it(qtbot, window, monkeypatch) -> None:
    window.workspace.setCurrentWidget(window.plans_page)
    window.plan_view.select_inspection("Crime Audit 2020")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    window.edits.delete_inspection_action.trigger()
    assert asked[0].startswith("Delete the inspection “Crime Audit 2020” with all its recommendations and actions?")
    assert window.pages.currentWidget() is window.welcome  # nothing left to show
    window.edits.undo_action.trigger()
    assert window.pages.currentWidget() is window.workspace


def test_the_board_fits_1366_wide_without_sideways_scrolling(qtbot, window) -> None:
    window.resize(1350, 728)
    qtbot.waitUntil(lambda: window.board.table.viewport().width() > 1200)
    table = window.board.table
    header = table.horizontalHeader()
    shown = [COLUMN_KEYS[header.logicalIndex(v)] for v in range(header.count()) if not header.isSectionHidden(
        header.logicalIndex(v))]  # fmt: skip
    # One inspection in the database: its name is not repeated on every row.
    assert shown == ["number", "text", "owner", "status", "standing", "latest_text", "next_steps"]
    assert table.horizontalScrollBar().maximum() == 0
    assert min(table.columnWidth(COLUMN_KEYS.index(k)) for k in ("text", "latest_text", "next_steps")) > 250
    write_plans([Plan(inspection="Hate Crime 2021", recommendations=[PlanRecommendation(number=1, text="Record")])])
    window.plans_changed.emit()
    assert not table.isColumnHidden(COLUMN_KEYS.index("inspection"))  # two inspections: which one, shown
    board = window.board
    board.inspection.setCurrentIndex(board.inspection.findText("Crime Audit 2020"))
    assert table.isColumnHidden(COLUMN_KEYS.index("inspection"))  # one chosen: hidden again
    assert table.horizontalScrollBar().maximum() == 0
