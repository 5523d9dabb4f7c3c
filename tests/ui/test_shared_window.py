"""The window on a shared plan database: File ▸ Open shared database…, the password, Recent, others' changes.

Against a real PostgreSQL server (``postgres_server``); the keyring is a small in-memory one
put in through keyring's own API, as Windows' Credential Manager would be there.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from memory_keyring import MemoryKeyring
from other_program import edit_elsewhere
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from hmics_desktop.services.credentials import SERVICE
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import Action, database
from hmics_desktop.storage.shared_database import CONNECT_TIMEOUT
from hmics_desktop.ui.shell.main_window import MainWindow
from hmics_desktop.ui.shell.shared_dialog import SharedDatabaseDialog


@pytest.fixture
def shared_url(postgres_server, example_on_server: str) -> str:
    """A server database holding the example plan, and a login "secretary" (password "right") on it."""
    return postgres_server.add_login(example_on_server, "secretary", "right")


@pytest.fixture
def file_window(qtbot, db_path: Path, settings):
    open_database(db_path)
    window = MainWindow(db_path, settings)
    qtbot.addWidget(window)
    window.show()
    yield window
    close_database()


def _owners(window: MainWindow) -> set[str]:
    window.board.show_actions()
    model = window.board.model
    return {model.row(r).owner for r in range(model.rowCount())}


def _type_in(dialog: SharedDatabaseDialog, url: str, password: str) -> None:
    host_and_port, name = url.split("@", 1)[1].split("/")
    host, port = host_and_port.rsplit(":", 1)
    dialog.server.setText(host)
    dialog.port.setValue(int(port))
    dialog.database_name.setText(name)
    dialog.login.setText("secretary")
    dialog.password.setText(password)


def test_open_shared_database_asks_again_after_a_wrong_password_and_keeps_it_only_in_the_keyring(
    file_window: MainWindow, shared_url: str, settings, memory_keyring: MemoryKeyring, monkeypatch
) -> None:
    seen: list[str] = []

    def _answer(dialog: SharedDatabaseDialog) -> int:
        assert dialog.remember.isEnabled()  # this machine has a keyring
        _type_in(dialog, shared_url, "wrong")
        dialog.accept()
        seen.append(dialog.problem.text())
        assert dialog.result() != QDialog.DialogCode.Accepted  # still open, to correct the password
        dialog.password.setText("right")
        dialog.remember.setChecked(True)
        dialog.server.setText(f"{dialog.server.text()}:{dialog.port.value()}")  # as IT often writes it
        dialog.port.setValue(5432)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SharedDatabaseDialog, "exec", _answer)
    file_window.open_shared_action.trigger()
    assert "refused the user name or password" in seen[0] and "wrong" not in seen[0]
    assert file_window.location == shared_url and file_window.db_file is None
    assert file_window.windowTitle().startswith(f"{shared_url.rsplit('/', 1)[1]} on 127.0.0.1 (shared)")
    assert len(_owners(file_window)) >= 1 and file_window.board.model.rowCount() == Action.select().count() == 21
    assert memory_keyring.kept == {(SERVICE, shared_url): "right"}
    settings.sync()
    assert "right" not in Path(settings.fileName()).read_text(encoding="utf-8")  # never in the settings
    assert not file_window.restore_action.isEnabled()  # a server's backups are its administrator's


def test_recent_opens_a_shared_database_with_the_kept_password_and_asks_when_there_is_none(
    file_window: MainWindow, shared_url: str, db_path: Path, memory_keyring: MemoryKeyring, monkeypatch
) -> None:
    memory_keyring.set_password(SERVICE, shared_url, "right")
    monkeypatch.setattr(SharedDatabaseDialog, "exec", lambda dialog: pytest.fail("asked though the password is kept"))
    assert file_window.switch_database(shared_url)
    assert file_window.switch_database(db_path)
    file_window._on_recent_menu_about_to_show()
    labels = [action.text() for action in file_window.recent_menu.actions()]
    assert labels[1] == f"{shared_url.rsplit('/', 1)[1]} on 127.0.0.1 (secretary, shared)"
    file_window.recent_menu.actions()[1].trigger()
    assert file_window.location == shared_url
    assert file_window.switch_database(db_path)

    memory_keyring.kept.clear()  # nothing kept: the dialog asks, filled in but for the password
    asked: list[tuple[str, str]] = []

    def _answer(dialog: SharedDatabaseDialog) -> int:
        asked.append((dialog.database_name.text(), dialog.login.text()))
        assert not dialog.problem.isVisibleTo(dialog)  # nothing went wrong: the password is simply asked for
        dialog.password.setText("right")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SharedDatabaseDialog, "exec", _answer)
    file_window.recent_menu.actions()[1].trigger()
    assert asked == [(shared_url.rsplit("/", 1)[1], "secretary")] and file_window.location == shared_url
    assert memory_keyring.kept == {}  # not ticked: not kept


def _look(qtbot, window: MainWindow) -> None:
    """Look for changes made by others now, and wait for the look (off the GUI thread) to come back."""
    window.change_watch.look()
    qtbot.waitUntil(lambda: not window.change_watch.looking)


def test_a_server_at_an_ipv6_address_opens_and_is_kept_in_recent(
    qtbot, file_window: MainWindow, postgres_server, shared_url: str, db_path: Path, memory_keyring: MemoryKeyring,
    monkeypatch,
) -> None:  # fmt: skip
    if not postgres_server.ipv6:
        pytest.skip("this machine has no IPv6")
    name = shared_url.rsplit("/", 1)[1]
    over_ipv6 = f"postgresql://secretary@[::1]:{postgres_server.port}/{name}"

    def _answer(dialog: SharedDatabaseDialog) -> int:
        _type_in(dialog, shared_url, "right")
        dialog.server.setText(f"[::1]:{postgres_server.port}")  # as IT writes it
        dialog.port.setValue(5432)
        dialog.remember.setChecked(True)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SharedDatabaseDialog, "exec", _answer)
    file_window.open_shared_action.trigger()
    assert file_window.location == over_ipv6
    assert file_window.windowTitle().startswith(f"{name} on [::1] (shared)")
    assert memory_keyring.kept == {(SERVICE, over_ipv6): "right"}
    assert file_window.switch_database(db_path)
    file_window._on_recent_menu_about_to_show()
    entry = file_window.recent_menu.actions()[1]
    assert (entry.text(), entry.toolTip()) == (f"{name} on [::1] (secretary, shared)", over_ipv6)
    monkeypatch.setattr(SharedDatabaseDialog, "exec", lambda dialog: pytest.fail("asked though the password is kept"))
    entry.trigger()  # opened again from File ▸ Recent, with the kept password
    assert file_window.location == over_ipv6 and file_window.board.model.rowCount() > 0


def test_the_board_shows_what_another_machine_changed(
    qtbot, file_window: MainWindow, shared_url: str, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password(SERVICE, shared_url, "right")
    assert file_window.switch_database(shared_url)
    assert "Somebody Else" not in _owners(file_window)
    _look(qtbot, file_window)  # nothing changed: nothing reloaded, nothing said
    assert file_window.statusBar().currentMessage() == ""
    edit_elsewhere(shared_url.replace("secretary@", "secretary:right@"), 3, "Somebody Else")
    _look(qtbot, file_window)  # what the window does every few seconds
    assert "Somebody Else" in _owners(file_window)
    assert file_window.statusBar().currentMessage() == "Brought up to date with changes made elsewhere."


def test_a_paused_server_never_freezes_the_window_and_the_look_for_changes_says_so(
    qtbot, file_window: MainWindow, postgres_server, shared_url: str, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password(SERVICE, shared_url, "right")
    assert file_window.switch_database(shared_url)
    ticks: list[float] = []
    clock = QTimer(file_window)
    clock.timeout.connect(lambda: ticks.append(time.monotonic()))
    clock.start(50)
    status = file_window.statusBar()
    with postgres_server.paused():  # connections are accepted, and never answered
        started = time.monotonic()
        file_window.change_watch.look()  # what the window does every few seconds
        assert time.monotonic() - started < 0.5
        qtbot.waitUntil(lambda: status.currentMessage().startswith("Cannot look"), timeout=CONNECT_TIMEOUT * 2000)
        said = time.monotonic() - started
        gaps = [later - earlier for earlier, later in itertools.pairwise([started, *ticks])]
    assert CONNECT_TIMEOUT - 0.5 < said < CONNECT_TIMEOUT + 2, said
    assert max(gaps) < 0.5, max(gaps)  # the window went on answering all the while
    assert status.currentMessage() == (
        "Cannot look for changes made by others just now: "
        "the database server did not answer in time (check the address, or the network)."
    )
    _look(qtbot, file_window)  # the server answers again: the message goes
    assert status.currentMessage() == ""
    assert len(_owners(file_window)) >= 1


def test_a_login_that_may_only_read_sees_the_shared_banner(
    qtbot, file_window: MainWindow, postgres_server, shared_url: str, memory_keyring: MemoryKeyring
) -> None:
    reader = postgres_server.add_login(
        shared_url.replace("secretary@", "postgres@"), "reader", "quiet", may_write=False
    )
    memory_keyring.set_password(SERVICE, reader, "quiet")
    assert file_window.switch_database(reader)
    assert file_window.read_only and "(read-only)" in file_window.windowTitle()
    assert file_window.read_only_banner.isVisibleTo(file_window)
    assert "read-only for your login" in file_window.read_only_banner.text()
    assert not file_window.import_action.isEnabled()
    _look(qtbot, file_window)  # a job on a thread of its own, closing its own connection at the end
    assert database.read_only and database.obj.read_only  # the window's connection is still read-only


def test_a_server_gone_mid_way_is_said_in_words_not_a_traceback() -> None:
    import peewee

    from hmics_desktop.storage.plan_database import DatabaseBusy
    from hmics_desktop.ui.shell.error_dialog import _database_words

    refused = peewee.OperationalError('connection failed: to server at "127.0.0.1" failed: Connection refused')
    assert _database_words(refused) == (
        "The plan database cannot be used just now: the database server cannot be reached (is it running, and is "
        "the address right?). Nothing was changed; try again in a moment."
    )
    busy = DatabaseBusy("someone else has been writing to the shared plan database for 60 seconds")
    assert _database_words(busy) == (
        "The plan database cannot be used just now: someone else has been writing to the shared plan database for "
        "60 seconds. Nothing was changed; try again in a moment."
    )
    assert _database_words(ValueError("a bug")) is None  # a bug still gets the details to send


def test_a_change_saved_whose_answer_was_lost_is_said_saved_with_the_menu_s_name_and_not_to_be_made_again() -> None:
    """An edit made in a form whose answer the lost connection took, saved and on the undo list.

    The form's Save lets it go to the window's last word (the exception hook): that said "edit ▸ undo"
    (the rest of the sentence lowercased) and "try again in a moment", of a change already saved.
    """
    from hmics_desktop.storage.plan_database import SavedUnanswered, SaveUnsure
    from hmics_desktop.ui.shell.error_dialog import _database_words

    saved = SavedUnanswered("the connection to the database server was lost just as the change was saved")
    saved.on_undo_list = True
    words = _database_words(saved)
    assert words is not None and "The change was saved, and Edit ▸ Undo takes it back." in words, words
    assert "try again" not in words, words
    unsure = SaveUnsure("the shared plan database stopped answering while the change was being saved")
    words = _database_words(unsure)
    assert words is not None and words.endswith("look at the plan once the server answers again."), words  # not again


def _start(qtbot, personal: Path, settings, *, resume: bool = True) -> MainWindow:
    """The application started as ``hmics-desktop`` starts it (resume: no --db on the command line)."""
    from hmics_desktop.ui.app import start_window

    window = start_window(personal, resume=resume, settings=settings)
    assert window is not None
    qtbot.addWidget(window)
    return window


def test_the_application_starts_on_the_shared_database_used_last_with_its_kept_password(
    qtbot, shared_url: str, db_path: Path, settings, memory_keyring: MemoryKeyring, monkeypatch
) -> None:
    memory_keyring.set_password(SERVICE, shared_url, "right")
    monkeypatch.setattr(SharedDatabaseDialog, "exec", lambda dialog: pytest.fail("asked though the password is kept"))
    settings.setValue("recent_databases", [shared_url, str(db_path)])
    window = _start(qtbot, db_path, settings)
    assert window.location == shared_url and "(shared)" in window.windowTitle()
    assert window.board.model.rowCount() == 21
    window.close()
    settings.setValue("recent_databases", [shared_url, str(db_path)])
    assert _start(qtbot, db_path, settings, resume=False).location == db_path  # --db named it: it wins


def test_without_a_kept_password_the_start_asks_for_it_and_giving_up_opens_the_personal_file(
    qtbot, shared_url: str, db_path: Path, settings, memory_keyring: MemoryKeyring, monkeypatch
) -> None:
    asked: list[tuple[str, str, str, str, bool]] = []

    def _answer(password: str | None):
        def _exec(dialog: SharedDatabaseDialog) -> int:
            fields = (dialog.server.text(), dialog.database_name.text(), dialog.login.text(), dialog.password.text())
            asked.append((*fields, dialog.problem.isVisibleTo(dialog)))
            if password is None:
                dialog.reject()
            else:
                dialog.password.setText(password)
                dialog.accept()
            return dialog.result()

        return _exec

    name = shared_url.rsplit("/", 1)[1]
    for kept, typed, opens in ((None, "right", shared_url), ("stale", None, db_path)):
        if kept:
            memory_keyring.set_password(SERVICE, shared_url, kept)  # refused: asked again, and why
        settings.setValue("recent_databases", [shared_url, str(db_path)])
        monkeypatch.setattr(SharedDatabaseDialog, "exec", _answer(typed))
        window = _start(qtbot, db_path, settings)
        assert window.location == opens
        window.close()
    assert asked == [("127.0.0.1", name, "secretary", "", False), ("127.0.0.1", name, "secretary", "", True)]


def test_a_shared_database_out_of_reach_at_the_start_is_said_and_the_personal_file_opens(
    qtbot, db_path: Path, settings, memory_keyring: MemoryKeyring, monkeypatch
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    gone = f"postgresql://secretary@127.0.0.1:{closed}/plans"
    memory_keyring.set_password(SERVICE, gone, "right")
    said: list[str] = []
    monkeypatch.setattr("hmics_desktop.ui.app.QMessageBox.warning", lambda parent, title, text: said.append(text))
    settings.setValue("recent_databases", [gone])
    window = _start(qtbot, db_path, settings)
    assert window.location == db_path and not window.read_only
    assert said == [
        "The shared plan database plans on 127.0.0.1 cannot be used: the database server cannot be reached "
        "(is it running, and is the address right?); your own plan database is open instead."
    ]


def test_only_a_database_named_on_the_command_line_wins_over_the_last_one_used(tmp_path: Path, monkeypatch) -> None:
    from hmics_desktop.cli.main import main

    started: list[tuple[object, bool]] = []  # the window itself is started by the tests above
    monkeypatch.setattr("hmics_desktop.ui.app.run_application", lambda where, resume: started.append((where, resume)))
    main([])
    main(["--db", str(tmp_path / "named.sqlite")])
    assert [resume for _where, resume in started] == [True, False]
    assert started[1][0] == tmp_path / "named.sqlite"


def test_the_application_starts_on_the_file_used_last_or_says_it_is_not_there(
    qtbot, tmp_path: Path, db_path: Path, settings, monkeypatch
) -> None:
    from hmics_desktop.storage.database import close_database, open_database

    team_file = tmp_path / "team" / "plans.sqlite"
    team_file.parent.mkdir()
    open_database(team_file)
    close_database()
    said: list[str] = []
    monkeypatch.setattr("hmics_desktop.ui.app.QMessageBox.warning", lambda parent, title, text: said.append(text))
    settings.setValue("recent_databases", [str(team_file), str(db_path)])
    window = _start(qtbot, db_path, settings)
    assert window.location == team_file and said == []
    window.close()

    team_file.rename(tmp_path / "moved.sqlite")  # a network folder not connected today
    settings.setValue("recent_databases", [str(team_file), str(db_path)])
    window = _start(qtbot, db_path, settings)
    assert window.location == db_path
    assert said == [
        f"The plan database you used last, {team_file}, cannot be found (is its drive or network folder "
        "connected?); your own plan database is open instead."
    ]


def test_a_file_used_last_that_cannot_be_opened_is_said_and_the_personal_file_opens(
    qtbot, tmp_path: Path, db_path: Path, settings, monkeypatch
) -> None:
    import sqlite3
    from contextlib import closing

    from hmics_desktop.storage.database import DatabaseDamaged, close_database, open_database

    newer = tmp_path / "newer.sqlite"  # a colleague's newer version has updated the team's file
    open_database(newer)
    close_database()
    with closing(sqlite3.connect(newer)) as connection, connection:
        connection.execute("PRAGMA user_version = 999")
    said: list[str] = []
    monkeypatch.setattr("hmics_desktop.ui.app.QMessageBox.warning", lambda parent, title, text: said.append(text))
    monkeypatch.setattr("hmics_desktop.ui.app.QMessageBox.critical", lambda parent, title, text: said.append(text))
    settings.setValue("recent_databases", [str(newer), str(db_path)])
    window = _start(qtbot, db_path, settings)  # it had refused to start at all, every time
    assert window.location == db_path and not window.read_only
    assert len(said) == 1 and said[0].startswith("newer.sqlite was written by a newer version")
    assert said[0].endswith("; your own plan database is open instead.")
    window.close()

    damaged = DatabaseDamaged(newer, ["*** in database main ***"])
    monkeypatch.setattr("hmics_desktop.ui.app.open_database", _refusing(newer, damaged))
    monkeypatch.setattr("hmics_desktop.ui.app.ask_read_only", lambda damaged, parent: False)
    settings.setValue("recent_databases", [str(newer), str(db_path)])
    window = _start(qtbot, db_path, settings)  # not opened read-only: the personal file, nothing more said
    assert window.location == db_path and len(said) == 1


def _refusing(path: Path, error: Exception):
    """``open_database`` that raises ``error`` for ``path`` and opens any other."""
    from hmics_desktop.storage.database import open_database

    def _open(location, **options):
        if location == path:
            raise error
        return open_database(location, **options)

    return _open


def test_my_own_save_after_another_programs_change_never_hides_theirs(qtbot, window, db_path: Path) -> None:
    from example_rows import action

    from hmics_desktop.services.item_edits import save_item

    window.change_watch.timer.stop()  # the looks are made by the test, not by the clock
    assert "Somebody Else" not in _owners(window)
    edit_elsewhere(db_path, action("3.1").id, "Somebody Else")  # before the window has looked
    window.edits.history.do(save_item("action", action("1.1").id, {"next_steps": "(i) mine"}, None))
    _look(qtbot, window)  # what the window does every few seconds
    assert "Somebody Else" in _owners(window)  # shown, with my own change
    assert window.board.model.row(window.board.model.find("action", action("1.1").id)).next_steps == "(i) mine"
