"""In the window: an import undone as one step, a read-only banner, a refused undo, restoring a backup."""

import sqlite3
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import pytest
from plan_fixture import LEGACY_WORKBOOK
from PySide6.QtCore import Qt

from hmics_desktop.services.item_edits import delete_items, save_item
from hmics_desktop.services.plans import dump_plans, load_example_plan
from hmics_desktop.storage.backups import list_backups
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import Action
from hmics_desktop.ui.forms.record_dialogs import DeletedItemsDialog
from hmics_desktop.ui.shell.main_window import MainWindow


def _previewed_import(qtbot, main_window: MainWindow, monkeypatch):
    """File ▸ Import of the legacy workbook, named "Imported plan" and previewed: the dialog, ready to import."""
    monkeypatch.setattr(
        "hmics_desktop.ui.transfer.import_flow.QFileDialog.getOpenFileNames",
        lambda *a, **k: ([str(LEGACY_WORKBOOK)], ""),
    )
    main_window.import_action.trigger()
    qtbot.waitUntil(lambda: main_window.import_flow.dialog is not None, timeout=10_000)
    dialog = main_window.import_flow.dialog
    qtbot.keyClicks(dialog.inspection_edit, "Imported plan")
    qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    return dialog


def test_an_import_is_undone_as_one_step_keeping_the_inspection_made_before(
    qtbot, main_window: MainWindow, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr("hmics_desktop.ui.transfer.import_flow.QMessageBox.information", lambda *a: shown.append(a[2]))
    load_example_plan()  # something kept before, so the import is backed up first
    dialog = _previewed_import(qtbot, main_window, monkeypatch)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "Edit ▸ Undo" in shown[0]
    assert [p["inspection"] for p in dump_plans()["plans"]] == ["Crime Audit 2020", "Imported plan"]
    assert main_window.edits.undo_action.text() == "&Undo import of Imported plan"
    assert [b.reason for b in list_backups(main_window.db_file)] == ["before-import"]
    main_window.edits.undo_action.trigger()
    assert [p["inspection"] for p in dump_plans()["plans"]] == ["Crime Audit 2020"]
    main_window.edits.redo_action.trigger()
    assert [p["inspection"] for p in dump_plans()["plans"]] == ["Crime Audit 2020", "Imported plan"]


@pytest.mark.logs_error("background job failed")
def test_an_import_kept_waiting_by_another_writer_says_nothing_was_changed_once(
    qtbot, main_window: MainWindow, db_path: Path, monkeypatch
) -> None:
    from other_program import other_program

    from hmics_desktop.storage.models import database

    shown: list[str] = []
    monkeypatch.setattr(
        "hmics_desktop.ui.transfer.import_flow.ErrorDialog",
        lambda summary, details, parent: SimpleNamespace(exec=lambda: shown.append(summary)),
    )
    monkeypatch.setattr(database, "write_wait_seconds", 0.5)
    dialog = _previewed_import(qtbot, main_window, monkeypatch)
    with other_program(db_path) as other:  # another program writing, for longer than the wait allows
        other.execute("BEGIN IMMEDIATE")
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert len(shown) == 1 and shown[0].lower().count("nothing was") == 1, shown
    assert shown[0].startswith("The import failed: another program has been writing to the plan database for ")
    assert dump_plans()["plans"] == []


def test_an_undo_that_cannot_be_done_says_why(qtbot, main_window: MainWindow, db_path: Path, monkeypatch) -> None:
    told: list[str] = []
    monkeypatch.setattr("hmics_desktop.ui.shell.edit_controller.QMessageBox.information", lambda *a: told.append(a[2]))
    load_example_plan()
    action = Action.select().order_by(Action.id).first()
    main_window.edits.history.do(save_item("action", action.id, {"owner": "LTD"}, None))
    with closing(sqlite3.connect(db_path)) as other, other:
        other.execute("UPDATE action SET owner = 'COS' WHERE id = ?", (action.id,))
    main_window.edits.undo_action.trigger()
    assert told and "has been changed since" in told[0]
    assert Action.get_by_id(action.id).owner == "COS"
    assert not main_window.edits.undo_action.isEnabled()


@pytest.fixture
def read_only_window(qtbot, plan_db, db_path: Path, settings) -> MainWindow:
    """The window on the example plan in a database opened read-only."""
    load_example_plan()
    close_database()
    open_database(db_path, read_only=True)
    window = MainWindow(db_path, settings, read_only=True)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_read_only_database_shows_the_banner_and_edits_nothing(read_only_window: MainWindow) -> None:
    window = read_only_window
    assert window.read_only_banner.isVisible() and "read-only" in window.read_only_banner.text()
    assert not window.import_action.isEnabled() and not window.edits.new_action_action.isEnabled()
    assert "(read-only)" in window.windowTitle()


def test_deleted_items_of_a_read_only_database_are_listed_and_not_offered_to_restore(
    qtbot, plan_db, db_path: Path, settings, monkeypatch
) -> None:
    load_example_plan()
    deleted = Action.select().order_by(Action.id).first()
    writer = MainWindow(db_path, settings)
    qtbot.addWidget(writer)
    writer.edits.history.do(delete_items("action", [deleted.id]))
    writer.close()
    close_database()
    open_database(db_path, read_only=True)
    window = MainWindow(db_path, settings, read_only=True)
    qtbot.addWidget(window)
    shown: list[DeletedItemsDialog] = []
    monkeypatch.setattr(DeletedItemsDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window.edits.deleted_action.trigger()
    (dialog,) = shown
    assert dialog.table.rowCount() == 1 and "read-only" in dialog.note.text()
    dialog.table.selectRow(0)
    assert not dialog.restore_button.isEnabled()  # it stopped on "attempt to write a readonly database"
    dialog.restore_button.click()
    assert Action.get_by_id(deleted.id).deleted_at is not None


def test_restoring_a_backup_brings_the_plan_back(qtbot, main_window: MainWindow, monkeypatch) -> None:
    load_example_plan()
    load_example_plan()  # backed up before the second import
    assert [b.reason for b in list_backups(main_window.db_file)] == ["before-import"]
    action = Action.select().order_by(Action.id).first()
    main_window.edits.history.do(save_item("action", action.id, {"text": "Changed by mistake"}, None))
    monkeypatch.setattr("hmics_desktop.ui.shell.backups_dialog.QMessageBox.question", lambda *a: 16384)  # Yes
    monkeypatch.setattr("hmics_desktop.ui.shell.backups_dialog.RestoreBackupDialog.exec", _accept_first)
    main_window.restore_action.trigger()
    assert Action.get_by_id(action.id).text != "Changed by mistake"
    reasons = [b.reason for b in list_backups(main_window.db_file)]
    assert "before-restore" in reasons


def test_a_backup_gone_since_the_list_was_shown_is_refused_in_words(
    qtbot, main_window: MainWindow, monkeypatch
) -> None:
    load_example_plan()
    load_example_plan()
    before = [(a.id, a.text) for a in Action.select()]
    warnings: list[str] = []
    monkeypatch.setattr("hmics_desktop.ui.shell.backups_dialog.QMessageBox.question", lambda *a: 16384)  # Yes
    monkeypatch.setattr("hmics_desktop.ui.shell.backups_dialog.QMessageBox.warning", lambda *a: warnings.append(a[2]))

    def _accept_a_deleted_one(dialog) -> int:
        dialog.backups[0].path.unlink()  # deleted by hand while the dialog was open
        return _accept_first(dialog)

    monkeypatch.setattr("hmics_desktop.ui.shell.backups_dialog.RestoreBackupDialog.exec", _accept_a_deleted_one)
    main_window.restore_action.trigger()
    assert len(warnings) == 1 and warnings[0].endswith(
        "no longer exists (it was moved or deleted); the plan was not changed."
    )
    assert [(a.id, a.text) for a in Action.select()] == before
    assert "Restored" not in main_window.statusBar().currentMessage()


def _accept_first(dialog) -> int:
    dialog.list.setCurrentRow(len(dialog.backups) - 1)  # the oldest: the one before the import
    dialog.restore_button.click()
    return dialog.result()


def test_a_background_job_leaves_a_read_only_database_read_only(qtbot, read_only_window: MainWindow) -> None:
    from hmics_desktop.services.plan_queries import inspection_titles
    from hmics_desktop.storage.models import database
    from hmics_desktop.ui.background import run_in_background

    read: list[list[str]] = []
    run_in_background(
        read_only_window, "Reading", lambda progress: inspection_titles(), read.append, pytest.fail, quiet=True
    )
    qtbot.waitUntil(lambda: bool(read))  # what an export does, on a thread (and a connection) of its own
    assert read == [["Crime Audit 2020"]]
    assert database.read_only and database.obj.read_only  # the window's database is still opened read-only
    assert read_only_window.read_only
