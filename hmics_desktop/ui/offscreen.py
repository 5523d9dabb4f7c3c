"""A GUI application for work that draws without a window: the command line's papers and charts."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

_APPLICATION: list[QApplication] = []  # keeps the command line's application alive


def ensure_gui() -> None:
    """Qt's text layout and painting need a GUI application (the command line has none: use the offscreen one)."""
    if QApplication.instance() is None:  # a full application, so that windows can follow in the same process
        _APPLICATION.append(QApplication(["hmics-desktop", "-platform", "offscreen"]))
