"""Start the application: Qt, the exception hook, the database, the main window."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from hmics_desktop import APP_NAME, __version__
from hmics_desktop.logs import open_log_file
from hmics_desktop.paths import resources_folder
from hmics_desktop.storage.database import (
    DatabaseDamaged,
    DatabaseOpenError,
    PasswordNeeded,
    integrity_problems,
    open_database,
)
from hmics_desktop.storage.failures import explain_failure
from hmics_desktop.storage.locations import Location, display_location, is_url
from hmics_desktop.storage.models import database
from hmics_desktop.ui import settings as user_settings
from hmics_desktop.ui.background import run_in_background, wait_for_background_jobs
from hmics_desktop.ui.garbage import collect_on_gui_thread
from hmics_desktop.ui.shell.error_dialog import install_exception_hook
from hmics_desktop.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("hmics-desktop")
    collect_on_gui_thread()
    app.setWindowIcon(QIcon(str(resources_folder() / "icons" / "hmics-desktop.png")))
    return app


def open_for_window(path: Path) -> bool | None:
    """Open the database; returns read_only, or None when the user gives up.

    The integrity check runs afterwards, in the background (:func:`check_in_background`).
    """
    try:
        return open_database(path, check=False).read_only
    except DatabaseDamaged as damaged:
        if ask_read_only(damaged, None):
            open_database(path, read_only=True, check=False)
            return True
        return None
    except (DatabaseOpenError, OSError) as error:
        QMessageBox.critical(None, "Cannot open the plan database", str(error))
        return None


def open_file_used_last(path: Path) -> tuple[bool | None, str]:
    """Open the file last used in the window: (read_only, "") or, when it is not opened, (None, why not).

    Why not is one sentence for the start to say before the personal file opens instead; it is
    empty when the user chose not to open a damaged file read-only (the question said it all).
    """
    try:
        return open_database(path, check=False).read_only, ""
    except DatabaseDamaged as damaged:
        if ask_read_only(damaged, None):
            open_database(path, read_only=True, check=False)
            return True, ""
        return None, ""
    except (DatabaseOpenError, OSError) as error:
        words = str(error) if isinstance(error, DatabaseOpenError) else explain_failure(error, path)
        return None, f"{words.rstrip('.')}; your own plan database is open instead."


def ask_read_only(damaged: DatabaseDamaged, parent: QWidget | None) -> bool:
    """Say the database is damaged; True when the user chooses to open it read-only."""
    box = QMessageBox(QMessageBox.Icon.Warning, "The plan database is damaged", str(damaged), parent=parent)
    read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    from hmics_desktop.storage.backups import list_backups

    backups = list_backups(damaged.path)
    if backups:
        box.setInformativeText(
            f"The newest backup was made {backups[0].describe()}: File ▸ Restore a backup… brings it back."
        )
    box.exec()
    return box.clickedButton() is read_only


def open_shared_for_window(
    url: str, *, ask_after: type[DatabaseOpenError] = DatabaseOpenError
) -> tuple[str, str | None] | None:
    """Open a server database with its kept password, or ask (the dialog says what went wrong).

    Returns the location and password it opened with, or None when the user gives up. Only a
    failure that is an ``ask_after`` opens the dialog; any other is raised.
    """
    from hmics_desktop.services.credentials import saved_password  # keyring: loaded for a server only

    password = saved_password(url)
    try:
        open_database(url, check=False, password=password)
        return url, password
    except ask_after as error:
        problem = "" if password is None and isinstance(error, PasswordNeeded) else str(error)
    opened: list[str | None] = []

    def _opener(location: str, typed: str | None) -> str | None:
        try:
            open_database(location, check=False, password=typed)
        except DatabaseOpenError as failure:
            return str(failure)
        opened.append(typed)
        return None

    from hmics_desktop.ui.shell.shared_dialog import SharedDatabaseDialog

    dialog = SharedDatabaseDialog(_opener, url, problem)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.location is None:
        return None
    return dialog.location, opened[-1]


CHECK_AFTER_MS = 1500  # the integrity check starts this long after the window shows
LOG_AFTER_MS = 500  # and the log file is opened (the records logged until then wait in memory)


def check_in_background(window: MainWindow) -> None:
    """Run SQLite's integrity check off the GUI thread; a damaged file reopens read-only or closes."""
    path = window.db_file
    if path is None:
        return  # a server checks its own data

    def _on_checked(damaged: DatabaseDamaged | None) -> None:
        if damaged is None or window.db_file != path or not window.isVisible():
            return  # sound; or the window has moved to another database, or was closed meanwhile
        if ask_read_only(damaged, window):
            window.reopen_read_only()
        else:
            window.close()

    def _start() -> None:
        if window.db_file == path and window.isVisible():
            run_in_background(window, "Checking the database", lambda progress: integrity_problems(path),
                              _on_checked, lambda error: None, quiet=True)  # fmt: skip

    # Once the first screen is drawn: the check reads the whole file, which a large plan's board waits behind.
    QTimer.singleShot(CHECK_AFTER_MS, window, _start)


def close_on_terminate(app: QApplication) -> None:
    """SIGTERM (a logout, a shutdown, a service manager) closes the windows as their close buttons would.

    Set before the window opens, so that a SIGTERM while it opens is not lost (it is then done
    as soon as Qt's loop runs). The window keeps its layout and asks about unsaved forms;
    Python's handler runs because a timer gives the interpreter a turn every half second while
    Qt's loop waits.
    """
    signal.signal(signal.SIGTERM, lambda _number, _frame: QTimer.singleShot(0, app.closeAllWindows))
    ticker = QTimer(app)
    ticker.timeout.connect(lambda: None)
    ticker.start(500)


def start_window(location: Location, *, resume: bool = False, settings: QSettings | None = None) -> MainWindow | None:
    """Open the database and show the main window on it; None when the user gives up.

    ``resume`` (no database named on the command line): the database last opened in the window
    opens again — a shared one with the password kept for it or asked for. One that cannot be
    used just now (a server out of reach, a file on a drive or network folder not there, or one
    this version cannot open) is said in one sentence, and ``location`` (the personal file) opens
    instead, so that the secretary can still work. So does giving up at the password, or at
    opening a damaged file read-only.
    """
    settings = settings or user_settings.open_settings()
    last = user_settings.last_database(settings) if resume else None
    opened: tuple[str, str | None] | None = None
    password: str | None = None
    read_only: bool | None = None  # known once a file is open
    notice = ""
    if last is not None and is_url(last):
        try:
            opened = open_shared_for_window(last, ask_after=PasswordNeeded)
        except DatabaseOpenError as error:
            notice = f"{str(error).rstrip('.')}; your own plan database is open instead."
    elif last is not None and Path(last) != Path(location):  # a file other than the personal one
        if Path(last).is_file():
            read_only, notice = open_file_used_last(Path(last))
            location = location if read_only is None else Path(last)
        else:
            notice = (
                f"The plan database you used last, {last}, cannot be found (is its drive or network folder "
                "connected?); your own plan database is open instead."
            )
    elif is_url(location):
        opened = open_shared_for_window(str(location))
        if opened is None:
            return None
    if opened is not None:
        location, password = opened
        read_only = bool(database.read_only)
    elif read_only is None:
        read_only_or_none = open_for_window(Path(location))
        if read_only_or_none is None:
            return None
        read_only = read_only_or_none
    window = MainWindow(location, settings, read_only=read_only, password=password)
    window.show()
    if notice:
        QMessageBox.warning(window, "The plan database you used last cannot be used just now", notice)
    if not read_only:
        check_in_background(window)
    log.info("%s %s started on %s", APP_NAME, __version__, display_location(location))
    return window


def run_application(location: Location, *, resume: bool = False) -> int:
    """The application's window on ``location`` (see :func:`start_window` for ``resume``) until it closes.

    Once it has closed, the background jobs still running end before the program does.
    """
    app = application()
    install_exception_hook()
    close_on_terminate(app)
    if start_window(location, resume=resume) is None:
        return 2
    QTimer.singleShot(LOG_AFTER_MS, open_log_file)  # held back by the command line (setup_logging)
    status = app.exec()
    wait_for_background_jobs()
    return status
