"""One exception hook: log with the traceback, and show a dialog the user can copy from."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

import peewee
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.storage.failures import cause, outcome
from hmics_desktop.storage.plan_database import DatabaseBusy, SavedUnanswered

log = logging.getLogger(__name__)


class ErrorDialog(QDialog):
    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit  # made for Python when first used

        self.setWindowTitle("Something went wrong")
        label = QLabel(
            f"<b>{summary}</b><br>Your saved work is safe. The details below are also in the log file; "
            "copy them into a message to whoever supports the application."
        )
        label.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("&Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def _on_copy_clicked(self) -> None:
        QApplication.clipboard().setText(self.details.toPlainText())


def show_failure(parent: QWidget, doing: str, error: Exception) -> None:
    """A job that failed (``doing``: "The import of the returns"): its cause in one sentence, the details to copy."""
    details = "".join(traceback.format_exception(error))
    reason = cause(error) or "an unexpected problem (the details are below)"
    ErrorDialog(f"{doing} failed: {reason}; {outcome(error)}.", details, parent).exec()


def _hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    words = _database_words(error)
    if words is not None and QApplication.instance() is not None:
        # the database went away or stayed busy (a server down, the network dropped): not a bug
        log.warning("the database could not be used", exc_info=(kind, error, tb))
        QMessageBox.warning(QApplication.activeWindow(), "The plan database cannot be used just now", words)
        return
    log.critical("unhandled error", exc_info=(kind, error, tb))
    details = "".join(traceback.format_exception(kind, error, tb))
    if QApplication.instance() is not None:
        ErrorDialog(f"{kind.__name__}: {error}", details, QApplication.activeWindow()).exec()


def _database_words(error: BaseException) -> str | None:
    """One sentence for a database that is unreachable or busy, or None for anything else."""
    if isinstance(error, DatabaseBusy | peewee.OperationalError | peewee.InterfaceError):
        reason = (cause(error) or "the database did not answer").removesuffix("; try again")  # said once, below
        left = outcome(error)
        again = "" if isinstance(error, SavedUnanswered) else "; try again in a moment"  # saved: not to be made again
        return f"The plan database cannot be used just now: {reason}. {left[:1].upper()}{left[1:]}{again}."
    return None


def install_exception_hook() -> None:
    sys.excepthook = _hook
