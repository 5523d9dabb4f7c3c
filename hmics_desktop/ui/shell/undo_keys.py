"""Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) in every window of the application.

In a text field with typing to undo, the field undoes its typing. Otherwise (outside text
fields, or once the field has nothing left to undo) the keys undo or redo the last saved
change, from the main window or any form, except in a form with unsaved changes: that form
says to save or close it first, so that typing is never silently mixed with an undo; and
not while a dialog waits for its OK (a message box, Revise target…).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

REDO_KEYS = (QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z", "Ctrl+Y")


def _matches(event: QKeyEvent, key: QKeySequence.StandardKey | str) -> bool:
    if isinstance(key, QKeySequence.StandardKey):
        return event.matches(key)
    return QKeySequence(event.keyCombination()) == QKeySequence(key)


def text_can(widget: QWidget | None, redo: bool) -> bool:
    """Whether the focused text field has typing of its own to undo (or redo)."""
    if isinstance(widget, QComboBox) and widget.isEditable():
        widget = widget.lineEdit()
    if isinstance(widget, QAbstractSpinBox):
        widget = widget.findChild(QLineEdit)
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly() and (widget.isRedoAvailable() if redo else widget.isUndoAvailable())
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        document = widget.document()
        return not widget.isReadOnly() and (document.isRedoAvailable() if redo else document.isUndoAvailable())
    return False


class UndoKeys(QObject):
    """A filter on the keys of the widget with the keyboard; ``undo``/``redo`` run the saved-change history.

    The keys go to the focused widget first (or to the active window, when nothing in it has the
    focus): the filter is put on each widget as it gets the keyboard, rather than watching every
    event of every widget of the application, which would run Python for each one (and make Python
    types for every kind of Qt widget before the window is first drawn). It stays on a widget the
    keyboard has left, and Qt drops it when either goes: no reference to a widget is kept, since
    Python is not told when Qt deletes a widget of its own (a table's editor), and a reference kept
    would stand for whatever Qt made next at that address.

    ``blocked(window)`` returns None when that window may undo saved changes now, else a
    sentence to show through ``tell(window, sentence)`` (a form with unsaved changes), or ""
    to do nothing (a message box waiting for an answer).
    """

    def __init__(
        self,
        undo: Callable[[], None],
        redo: Callable[[], None],
        blocked: Callable[[QWidget | None], str | None],
        tell: Callable[[QWidget | None, str], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.undo, self.redo, self.blocked, self.tell = undo, redo, blocked, tell
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)
            self._on_app_focus_changed(None, app.focusWidget())

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        target = new if new is not None else QApplication.activeWindow()
        if target is not None:
            target.installEventFilter(self)  # Qt keeps one entry for a filter put on twice

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The first receiver of a key press is the focused widget; it is consumed here or by the
        # text field, so that it never travels on to the parents.
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        redo = any(_matches(event, key) for key in REDO_KEYS)
        if not redo and not _matches(event, QKeySequence.StandardKey.Undo):
            return False
        if text_can(watched, redo):
            return False  # the field undoes its own typing
        window = watched.window()
        reason = self.blocked(window)
        if reason is None:
            (self.redo if redo else self.undo)()
        elif reason:
            self.tell(window, reason)
        return True
