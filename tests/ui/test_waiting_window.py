"""The window while another program keeps the plan database busy: it says so, the cursor is busy, then both clear."""

from __future__ import annotations

from pathlib import Path

from plan_holder import held
from PySide6.QtGui import QGuiApplication

from hmics_desktop.cli.main import main


def _other_plan(tmp_path: Path) -> Path:
    other = tmp_path / "other.sqlite"
    assert main(["example", "--db", str(other)]) == 0
    return other


def _seen_while_waiting(window) -> list[tuple[str, bool]]:
    """The status line, and whether the cursor is busy, at each round of a wait."""
    seen: list[tuple[str, bool]] = []

    def look(_words: str) -> None:
        cursor = QGuiApplication.overrideCursor()
        seen.append((window.statusBar().currentMessage(), cursor is not None))

    window.database_wait.waiting.connect(look)
    return seen


def test_opening_a_plan_another_program_holds_says_it_waits_then_clears(qtbot, window, tmp_path: Path) -> None:
    other = _other_plan(tmp_path)
    seen = _seen_while_waiting(window)
    with held(other, seconds=1.5):
        assert window.switch_database(other)
    assert len(seen) >= 2
    assert all(words.startswith("Waiting for another program to finish writing to the plan (") for words, _ in seen)
    assert all(busy for _, busy in seen)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "")
    assert QGuiApplication.overrideCursor() is None and not window.database_wait.active
    assert window.location == other


def test_a_read_kept_waiting_too_long_says_why_in_one_sentence(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    from hmics_desktop.storage import plan_database

    other = _other_plan(tmp_path)
    said: list[str] = []
    monkeypatch.setattr(
        "hmics_desktop.ui.shell.main_window.QMessageBox.warning", lambda _parent, _title, text: said.append(text)
    )
    monkeypatch.setattr(plan_database, "READ_WAIT_MS", 600)
    seen = _seen_while_waiting(window)
    with held(other):
        assert not window.switch_database(other)
    assert seen and said == [
        f"The plan database ({other}) cannot be used: another program kept the plan database busy for too long."
    ]
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "")
    assert QGuiApplication.overrideCursor() is None and window.location != other


def test_showing_the_plans_while_another_program_holds_the_file_waits_saying_so(qtbot, window) -> None:
    from hmics_desktop.storage.models import database

    database.close()  # the window's next read opens it again (as it does when other programs begin or stop writing)
    seen = _seen_while_waiting(window)
    with held(Path(window.location), seconds=1.5):
        window.workspace.setCurrentWidget(window.plans_page)  # read on the GUI thread
    assert len(seen) >= 2 and all(words.startswith("Waiting for another program") and busy for words, busy in seen)
    assert window.plan_view.inspection_model.index(0, 0).data() == "Renamed by another program"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "")
    assert QGuiApplication.overrideCursor() is None


def test_a_window_on_a_server_says_it_waits_for_a_table_another_program_holds(
    qtbot, example_on_server: str, settings
) -> None:
    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.ui.shell.main_window import MainWindow

    open_database(example_on_server)
    try:
        window = MainWindow(example_on_server, settings)
        qtbot.addWidget(window)
        window.show()
        seen = _seen_while_waiting(window)
        with held(example_on_server, seconds=2):
            window.workspace.setCurrentWidget(window.plans_page)  # read on the GUI thread
        assert seen and all(words.startswith("Waiting for the shared plan database to answer (") for words, _ in seen)
        assert all(busy for _, busy in seen)
        assert window.plan_view.inspection_model.index(0, 0).data() == "Renamed by another program"
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "")
        assert QGuiApplication.overrideCursor() is None
    finally:
        close_database()


def test_a_wait_after_the_window_is_gone_tells_nobody_and_the_read_goes_on(qtbot, window) -> None:
    from shiboken6 import delete

    from hmics_desktop.storage.models import Inspection, database

    location = Path(window.location)
    delete(window.database_wait)  # as its window's, at the end of the application or of a test: the hooks stay
    database.close()
    with held(location, seconds=1.5):
        assert [i.title for i in Inspection.select()] == ["Renamed by another program"]


def test_a_read_of_the_window_kept_waiting_too_long_gives_the_cursor_back_and_says_why(
    qtbot, window, monkeypatch
) -> None:
    from hmics_desktop.storage import plan_database
    from hmics_desktop.storage.models import database
    from hmics_desktop.ui.shell.error_dialog import _database_words

    monkeypatch.setattr(plan_database, "READ_WAIT_MS", 600)
    database.close()  # the window's next read opens it again
    seen = _seen_while_waiting(window)
    with held(Path(window.location)), qtbot.capture_exceptions() as failures:
        window.workspace.setCurrentWidget(window.plans_page)  # read on the GUI thread
    assert seen and len(failures) == 1
    assert _database_words(failures[0][1]) == (
        "The plan database cannot be used just now: another program kept the plan database busy for too long. "
        "Nothing was changed; try again in a moment."
    )
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "")
    assert QGuiApplication.overrideCursor() is None and not window.database_wait.active


def test_a_timer_due_while_a_read_waits_runs_once_the_read_is_shown(qtbot, window) -> None:
    """Nothing of the window's own (a search's pause, a look for changes) reads the plan in the middle of a read."""
    from PySide6.QtCore import QTimer

    from hmics_desktop.storage.models import Inspection, database

    happened: list[str] = []
    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.setInterval(50)
    timer.timeout.connect(lambda: happened.append(f"timer read {Inspection.select().count()}"))
    window.database_wait.waited.connect(lambda: happened.append("wait over"))
    database.close()  # the window's next read opens it again
    with held(Path(window.location), seconds=1.5):
        timer.start()
        window.workspace.setCurrentWidget(window.plans_page)  # read on the GUI thread
        happened.append("plans shown")
    qtbot.waitUntil(lambda: "timer read 1" in happened)
    assert happened == ["wait over", "plans shown", "timer read 1"]
    assert QGuiApplication.overrideCursor() is None and not window.database_wait.active


def test_a_read_begun_while_another_waits_keeps_the_cursor_busy_until_both_are_done(qtbot, window) -> None:
    """A queued signal (a job finished) that reads while a read waits: one wait for the user, never nested deeper."""
    from PySide6.QtCore import QObject, Qt, Signal

    from hmics_desktop.storage.models import Inspection, database

    class Job(QObject):
        finished = Signal()

    job = Job(window)
    happened: list[tuple[str, bool]] = []
    job.finished.connect(
        lambda: happened.append((f"job read {Inspection.select().count()}", window.database_wait.active)),
        Qt.ConnectionType.QueuedConnection,
    )
    window.database_wait.waited.connect(lambda: happened.append(("wait over", window.database_wait.active)))
    database.close()
    with held(Path(window.location), seconds=1.5):
        job.finished.emit()  # queued: delivered while the read below waits
        window.workspace.setCurrentWidget(window.plans_page)
    assert happened == [("job read 1", True), ("wait over", False)]  # the cursor came back only at the end
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "")
    assert QGuiApplication.overrideCursor() is None and not window.database_wait.active


def test_the_window_closed_while_a_read_waits_lets_the_read_finish_and_closes(qtbot, window) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QCloseEvent

    from hmics_desktop.storage.models import database

    database.close()
    with held(Path(window.location), seconds=1.5), qtbot.capture_exceptions() as failures:
        QCoreApplication.postEvent(window, QCloseEvent())  # as the system asks when the window's X is clicked
        window.workspace.setCurrentWidget(window.plans_page)
    assert failures == []
    assert not window.change_watch.timer.isActive()  # the window's closeEvent ran, in the middle of the wait
    assert window.plan_view.inspection_model.index(0, 0).data() == "Renamed by another program"
    assert QGuiApplication.overrideCursor() is None and not window.database_wait.active


def test_a_window_whose_server_connection_is_ended_while_a_read_waits_says_why_and_gives_the_cursor_back(
    qtbot, example_on_server: str, settings
) -> None:
    import psycopg

    from hmics_desktop.storage.database import close_database, open_database
    from hmics_desktop.storage.models import database
    from hmics_desktop.ui.shell.error_dialog import _database_words
    from hmics_desktop.ui.shell.main_window import MainWindow

    open_database(example_on_server)
    try:
        window = MainWindow(example_on_server, settings)
        qtbot.addWidget(window)
        window.show()
        backend = database.sql().execute("SELECT pg_backend_pid()").fetchone()[0]
        ended: list[bool] = []

        def end_the_connection(_words: str) -> None:  # as an administrator (or a restarted server) ends it
            if not ended:
                with psycopg.connect(example_on_server, autocommit=True) as other:
                    ended.append(other.execute("SELECT pg_terminate_backend(%s)", (backend,)).fetchone()[0])

        window.database_wait.waiting.connect(end_the_connection)
        with held(example_on_server), qtbot.capture_exceptions() as failures:
            window.workspace.setCurrentWidget(window.plans_page)  # read on the GUI thread
        assert ended == [True] and len(failures) == 1
        words = _database_words(failures[0][1])
        assert words == (
            "The plan database cannot be used just now: the database server ended the connection (it may be "
            "restarting). Nothing was changed; try again in a moment."
        )  # said "… restarting); try again. Nothing was changed; try again in a moment."
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "")
        assert QGuiApplication.overrideCursor() is None and not window.database_wait.active
    finally:
        close_database()
