"""One exception hook: log with the traceback, and show a dialog the user can copy from."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


class ErrorDialog(QDialog):
    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Something went wrong")
        label = QLabel(
            f"<b>{summary}</b><br>Your saved work is safe. The details below are also in the log file; "
            "copy them into a message to whoever supports the application."
        )
        label.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def _on_copy_clicked(self) -> None:
        QApplication.clipboard().setText(self.details.toPlainText())


def _hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    log.critical("unhandled error", exc_info=(kind, error, tb))
    details = "".join(traceback.format_exception(kind, error, tb))
    if QApplication.instance() is not None:
        ErrorDialog(f"{kind.__name__}: {error}", details, QApplication.activeWindow()).exec()


def install_exception_hook() -> None:
    sys.excepthook = _hook
