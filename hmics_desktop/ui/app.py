"""Start the application: Qt, the exception hook, the database, the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from hmics_desktop import APP_NAME, __version__
from hmics_desktop.paths import resources_folder
from hmics_desktop.storage.database import DatabaseDamaged, DatabaseOpenError, backups_of, open_database
from hmics_desktop.ui.error_dialog import install_exception_hook
from hmics_desktop.ui.main_window import MainWindow
from hmics_desktop.ui.settings import open_settings

log = logging.getLogger(__name__)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("hmics-desktop")
    app.setWindowIcon(QIcon(str(resources_folder() / "icons" / "hmics-desktop.png")))
    style = resources_folder() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def open_for_window(path: Path) -> bool | None:
    """Open the database; returns read_only, or None when the user gives up."""
    try:
        open_database(path)
        return False
    except DatabaseDamaged as damaged:
        backups = backups_of(path)
        box = QMessageBox(QMessageBox.Icon.Warning, "The plan database is damaged", str(damaged))
        read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        if backups:
            box.setInformativeText(f"The newest backup is {backups[0].name}, beside the database.")
        box.exec()
        if box.clickedButton() is read_only:
            open_database(path, read_only=True, check=False)
            return True
        return None
    except (DatabaseOpenError, OSError) as error:
        QMessageBox.critical(None, "Cannot open the plan database", str(error))
        return None


def run_application(db_path: Path) -> int:
    app = application()
    install_exception_hook()
    read_only = open_for_window(db_path)
    if read_only is None:
        return 2
    window = MainWindow(db_path, open_settings(), read_only=read_only)
    window.show()
    log.info("%s %s started on %s", APP_NAME, __version__, db_path)
    return app.exec()
