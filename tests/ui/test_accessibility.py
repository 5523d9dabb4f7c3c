"""Accessible to a screen reader and to the keyboard: every window the menus reach, walked.

See :mod:`window_walk` for how the windows are found and read. The checks are WCAG 2.2 AA's
as W3C's WCAG2ICT note applies them to desktop software: a name for every control (4.1.2),
mnemonics that do not clash (2.1.1), no keyboard trap in a table or a text box (2.1.2), each
form opening on its first field with its buttons last (2.4.3), and status changes said aloud
(4.1.3), read from the events the application sends to the screen reader.
"""

from __future__ import annotations

import pytest
from example_rows import action, recommendation
from plan_fixture import LEGACY_WORKBOOK
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox
from window_walk import Walk, accessible_name, clashing_mnemonics, menu_problems, unnamed_controls

WALKED = ("Keyboard shortcuts", "Preferences", "Export plan", "Committee paper", "Deleted items", "Restore a backup",
          "Revise the target of the action", "Evidence submitted to HMICS", "Change 1 recommendation at once",
          "Merge the inspection into another", "New inspection", "Open a shared plan database",
          "Import crime_audit_2020_appendix_b.xlsx", "Update requests", "Update requests and returns", "Owners",
          "New owner")  # fmt: skip


@pytest.fixture
def walk(qtbot, window, monkeypatch) -> Walk:
    """A walk over the main window on the example plan, with nothing left waiting for an answer."""
    walk = Walk(qtbot, window)

    def shown_instead(dialog: QDialog) -> int:
        dialog.show()
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(QDialog, "exec", shown_instead)
    monkeypatch.setattr(QMessageBox, "exec", shown_instead)
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))

    def open_file(parent, caption, folder, filters, *rest, **named):
        return (str(LEGACY_WORKBOOK), "") if "*.xlsx" in filters else ("", "")

    def open_files(parent, caption, folder, filters, *rest, **named):
        return ([str(LEGACY_WORKBOOK)], "") if "*.xlsx" in filters else ([], "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_file)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_files)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    return walk


@pytest.fixture
def said(monkeypatch) -> list[str]:
    """What the application announces to a screen reader (Qt's announcement events), in order."""
    heard: list[str] = []
    send = QAccessible.updateAccessibility

    def listen(event) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())
        send(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", listen)
    return heard


def _walk_everything(walk: Walk) -> None:
    window = walk.main
    board = window.board
    walk.read(window)
    window.workspace.setCurrentWidget(window.plans_page)  # an inspection chosen there, for its own entries
    walk.read(window)
    window.workspace.setCurrentWidget(board)
    for kind in ("action", "recommendation"):

        def select_first(kind: str = kind) -> None:
            board.apply_state({"kind": kind})  # the rounds' entries leave a filter set
            first = board.model.index(0, 0)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            board.table.selectionModel().setCurrentIndex(first, flags)

        walk.menus(window.menuBar(), select_first)


# A popup menu grabs the keyboard, which the offscreen test platform says it cannot do.
@pytest.mark.qt_log_ignore("grabbing the keyboard")
def test_every_window_the_menus_reach_names_its_controls_and_lets_tab_out(qtbot, walk) -> None:
    _walk_everything(walk)
    titles = {report.title for report in walk.reports.values()}
    # the walk found the forms and dialogs from the menus, and those their buttons open, each tab of them
    for expected in (*WALKED, "Committee paper ▸ Text", "History — Action 1.1", "Recommendation 1 — Crime Audit 2020",
                     "Action 1.1 — Crime Audit 2020", "New action under recommendation 1",
                     "Correct the progress update", "plans.sqlite — HMICS Improvement Plans ▸ Plans"):  # fmt: skip
        assert expected in titles, sorted(titles)
    assert walk.problems() == []


def test_the_welcome_page_names_its_way_in(qtbot, main_window) -> None:
    assert unnamed_controls(main_window) == []
    assert accessible_name(main_window.welcome.example_button) == "Open the example plan"


@pytest.mark.qt_log_ignore("grabbing the keyboard")
def test_every_menu_entry_has_its_own_mnemonic_the_right_click_menus_too(window) -> None:
    assert menu_problems(window.menuBar(), "Menu bar") == []
    board, edits = window.board, window.edits
    board.table.selectRow(0)
    edits.item_menu(board.table.viewport(), QPoint(5, 5))
    assert menu_problems(edits.last_menu, "Right-click on an action") == []
    window.workspace.setCurrentWidget(window.plans_page)
    edits.inspection_menu(window.plan_view.inspection_table.viewport(), QPoint(5, 5))
    assert menu_problems(edits.last_menu, "Right-click on an inspection") == []
    edits.last_menu.close()


def test_a_mnemonic_used_twice_is_found() -> None:
    texts = [("a", "&Status:"), ("b", "&Save"), ("c", "Sa&ve"), ("d", "Fish && &chips")]
    assert clashing_mnemonics(texts) == ["&s: a, b"]


def _focused_after_show(qtbot, form):
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return QApplication.focusWidget()


def test_each_form_opens_on_its_first_field_and_tab_reaches_its_buttons_last(qtbot, window) -> None:
    edits = window.edits
    rec = edits.open_form("recommendation", recommendation(1).id)
    assert _focused_after_show(qtbot, rec) is rec.kind  # Type, the first field: not Save
    inspection = edits.open_form("inspection", None)
    assert _focused_after_show(qtbot, inspection) is inspection.title
    new_action = edits.open_form("action", None, recommendation(1).id)
    assert _focused_after_show(qtbot, new_action) is new_action.text  # what the action is, first
    form = edits.open_form("action", action("1.1").id)
    assert _focused_after_show(qtbot, form) is form.progress_text  # the update typed before each meeting
    # Tab goes through every field, then Save, then Close, and round again
    seen = []
    for _step in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is form.progress_text:
            break
    assert seen[-3:] == [form.save_button, form.buttons.button(form.buttons.StandardButton.Close), form.progress_text]
    assert form.next_steps.list in seen and form.move_button in seen
    for opened in (rec, inspection, new_action, form):
        opened.dirty = False
        opened.close()


def test_a_field_is_named_after_its_label_and_says_what_it_takes(window) -> None:
    form = window.edits.open_form("recommendation", recommendation(1).id)
    assert accessible_name(form.initial_target) == "Initial target"
    assert accessible_name(form.impact) == "What we did and the impact"
    assert accessible_name(form.evidence) == "Evidence to HMICS"
    assert form.initial_target.accessibleDescription().startswith("A month, as Sept 2022")
    assert accessible_name(window.board.last_meeting).startswith("Not updated since")
    form.close()


def test_a_save_an_undo_and_a_problem_are_said_aloud(qtbot, window, said) -> None:
    form = window.edits.open_form("action", action("4.1").id)
    form.owner.setText("FMOR")
    form.mark_dirty()
    assert form.save()
    window.edits.undo()
    assert said == ["Saved: edit of action 4.1.", "Undone: edit of action 4.1."]
    form.target.setText("the thirtieth of Smarch")
    form.mark_dirty()
    assert not form.save()
    assert said[-1] == form.problems["target"].text() and form.focusWidget() is form.target  # taken to it
    form.dirty = False
    form.close()
