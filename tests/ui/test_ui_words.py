"""What a new secretary met on the example plan, put right.

The board's words and keys, the forms' words, the status bar after a save or an undo, the
import dialog at 1366×728, and the file names offered.
"""

from datetime import date

from example_rows import action, recommendation
from plan_fixture import LEGACY_WORKBOOK
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.status import RecommendationStatus, Standing, committee_call
from hmics_desktop.services import form_data
from hmics_desktop.services.item_edits import delete_items, save_item
from hmics_desktop.services.plan_edits import revise_targets
from hmics_desktop.ui.forms.recommendation_form import RecommendationForm
from hmics_desktop.ui.forms.record_dialogs import DeletedItemsDialog
from hmics_desktop.ui.round.round_window import RoundWindow
from hmics_desktop.ui.transfer.export_flow import suggested_name
from hmics_desktop.ui.transfer.import_flow import import_finished_words


def _shown_numbers(window) -> list[str]:
    model = window.board.model
    return [model.row(r).number for r in range(model.rowCount())]


def test_the_board_says_which_rule_calls_its_rows_on_track_or_delayed(qtbot, window) -> None:
    history, board = window.edits.history, window.board
    history.do(save_item("action", action("1.1").id, {"target": PlanDate.parse("Sept 2022")}, None))
    history.do(revise_targets("action", [action("1.1").id], PlanDate.parse("June 2027"), "a new system"))
    assert board.model.row(0).standing is Standing.ON_TRACK  # judged by its revised target
    assert "revised target" in board.rule.text() and board.rule.isVisible()
    assert "Recommendations, as the committee counts them" in board._legend.text()
    board.kind.setCurrentIndex(board.kind.findData("recommendation"))
    assert "initial target" in board.rule.text()


def test_status_offers_not_recorded_and_owner_the_owners_of_what_is_shown(qtbot, window) -> None:
    history, board = window.edits.history, window.board
    history.do(save_item("recommendation", recommendation(2).id, {"owner": "ACC Crime"}, None))
    history.do(save_item("action", action("1.2").id, {"owner": "FMOR", "status": "in_progress"}, None))
    owners = [board.owner.itemText(i) for i in range(board.owner.count())]
    assert owners == ["Any", "FMOR"]  # not the recommendation's owner on the Actions view
    board.status.setCurrentIndex(board.status.findText("Not recorded"))
    shown = _shown_numbers(window)  # of 21 actions: not 1.2 (now in progress) nor 1.6 (complete)
    assert "1.2" not in shown and "1.6" not in shown and len(shown) == 19
    board.kind.setCurrentIndex(board.kind.findData("recommendation"))
    assert [board.owner.itemText(i) for i in range(board.owner.count())] == ["Any", "ACC Crime"]
    assert board.status.findText("Not recorded") == -1  # a recommendation always has one


def test_tab_leaves_the_board_and_the_arrows_move_in_it(qtbot, window) -> None:
    table = window.board.table
    assert not table.tabKeyNavigation()
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 1))
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1


def test_undo_and_redo_keep_the_place_on_the_board_and_say_what_they_did(qtbot, window) -> None:
    window.resize(1366, 600)  # short enough for the board to scroll
    board = window.board
    table, bar = board.table, board.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 2)
    bar.setValue(2)
    first = table.rowAt(0)
    table.setFocus()
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(board.model.index(5, 1)).center()
    )
    chosen = board.selected_items()
    form = window.edits.open_form("action", chosen[0][1])
    form.owner.setText("LTD")
    form.save()
    assert window.statusBar().currentMessage() == f"Saved: edit of action {board.model.row(5).number}."
    form.close()
    for step in (window.edits.undo, window.edits.redo):
        step()
        assert table.rowAt(0) == first and bar.value() == 2
        assert board.selected_items() == chosen and table.currentIndex().row() == 5
    assert window.statusBar().currentMessage().startswith("Redone: edit of action")


def test_a_recommendations_call_is_worded_for_each_case() -> None:
    today, sept, june = date(2026, 11, 24), PlanDate.parse("Sept 2022"), PlanDate.parse("June 2027")
    open_, closed = RecommendationStatus.OPEN, RecommendationStatus.CLOSED
    assert committee_call(closed, sept, june, None, today) == "Closed."
    assert committee_call(open_, sept, june, None, today) == (
        "Ongoing – delayed: the initial target, Sept 2022, has passed (the committee counts from it, "
        "though the target was revised to June 2027)."
    )
    assert committee_call(open_, june, None, None, today) == (
        "Ongoing – on track: the initial target, June 2027, has not passed yet."
    )
    assert committee_call(open_, sept, None, Standing.ON_TRACK, today) == (
        "Ongoing – on track, marked by hand (by its initial target it would be Ongoing – delayed)."
    )
    assert committee_call(open_, None, None, None, today) == (
        "Ongoing – on track: no initial target is set; until one is, it is judged by its open actions' targets, "
        "none of which has passed."
    )
    assert committee_call(open_, None, None, None, today, [PlanDate(2026, 10), PlanDate(2027, 1)]) == (
        "Ongoing – delayed: no initial target is set, and the target of an open action (Oct 2026) has passed. "
        "Give the recommendation its initial target."
    )


def test_the_recommendation_form_says_the_call_as_it_is_changed(qtbot, window) -> None:
    rec = recommendation(1)
    form = window.edits.open_form("recommendation", rec.id)
    assert isinstance(form, RecommendationForm)
    form.status.setCurrentIndex(form.status.findData("closed"))
    assert form.standing_label.text() == "Closed."
    form.status.setCurrentIndex(form.status.findData("open"))
    qtbot.keyClicks(form.initial_target, "Sept 2022")
    assert form.standing_label.text().startswith("Ongoing – delayed: the initial target, Sept 2022, has passed")
    assert "quotes" not in form.standing_label.text()
    form.dirty = False
    form.close()


def test_deleted_items_says_what_is_left_after_a_restore(qtbot, window) -> None:
    window.edits.history.do(delete_items("action", [action("1.3").id]))
    dialog = DeletedItemsDialog(window.edits.history, window)
    qtbot.addWidget(dialog)
    assert dialog.note.text().endswith(f"press “{dialog.restore_button.text().replace('&', '')}”.")
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 0
    assert dialog.note.text() == "1 item restored. Nothing is deleted now."
    assert not dialog.restore_button.isEnabled()


def test_closing_the_round_asks_before_closing(qtbot, window, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Discard
    )
    round_window = RoundWindow(window.edits.history, [action("1.3").id], "a round", window)
    qtbot.addWidget(round_window)
    qtbot.keyClicks(round_window.update_text, "Half typed")
    round_window.close()
    assert asked == ["Save what you typed for action 1.3 before closing?"]


def test_the_import_dialog_shows_every_column_within_1366_by_728(qtbot, window, monkeypatch, messages) -> None:
    monkeypatch.setattr(
        "hmics_desktop.ui.transfer.import_flow.QFileDialog.getOpenFileNames",
        lambda *a, **k: ([str(LEGACY_WORKBOOK)], ""),
    )
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.import_flow.dialog is not None, timeout=10_000)
    dialog = window.import_flow.dialog
    dialog.resize(1366, 728)
    assert dialog.width() <= 1366 and dialog.height() <= 728
    page = dialog.tabs.widget(0)
    qtbot.waitUntil(lambda: page.viewport().height() > 200)
    assert page.verticalScrollBar().maximum() == 0 and not page.horizontalScrollBar().isVisible()
    last = list(page.combos.values())[-1]
    assert last.mapTo(page.viewport(), last.rect().bottomLeft()).y() <= page.viewport().height()
    assert dialog.import_button.mapTo(dialog, dialog.import_button.rect().bottomLeft()).y() <= 728


def test_one_sentence_after_an_import_and_british_file_names() -> None:
    words = import_finished_words("6 recommendations and 21 actions created", True)
    assert words.count(".") == 1 and words.endswith("Edit ▸ Undo takes it all back.")
    assert suggested_name(["Crime Audit 2020"], date(2026, 11, 24)) == "Crime Audit 2020 as at 24 November 2026.xlsx"
    assert suggested_name(["Custody (D&G)", "Hate Crime 2021"], date(2026, 2, 1)) == (
        "Improvement plans as at 1 February 2026.xlsx"
    )
    assert suggested_name(["Custody: D/G"], date(2026, 2, 1)) == "Custody D G as at 1 February 2026.xlsx"


def test_move_choices_are_cut_at_a_word(plan_db) -> None:
    from hmics_desktop.services.plans import load_example_plan

    load_example_plan()
    choices = form_data.recommendation_choices(recommendation(1).inspection_id)
    first = choices[0]
    assert first.label.endswith(" …") and first.full.startswith(first.label[:-2])
    assert first.full.split()[len(first.label[:-2].split()) - 1] == first.label[:-2].split()[-1]  # a whole word


def test_one_value_confirmed_stands_and_more_stand() -> None:
    from hmics_desktop.storage.plan_writer import WriteSummary

    assert import_finished_words("nothing to create or change", False, 1) == (
        "The plan was imported: it held nothing to create or change, and confirmed 1 value as it stands "
        "(Edit ▸ Undo takes that back)."
    )
    assert [WriteSummary(confirmed=n).confirmed_words() for n in (1, 2)] == [
        "; 1 value confirmed as it stands", "; 2 values confirmed as they stand"
    ]  # fmt: skip
