"""The window while the plan database keeps it waiting: the status line says so, the cursor is busy.

Another program may hold the file (writing, writing its WAL back, holding it alone) or a table
on the server, or the server may be slow to answer; the storage layer then tells
``database.on_wait`` each round of the wait, and ``database.on_waited`` once it no longer waits
(a read, a change, an open alike). On the GUI thread each round shows the words and makes the
cursor busy; between two asks of a file or of the server's write lock it also lets the window
repaint and answer the system (not its user: no click lands in the middle of a read), so that it
is never "not responding". Inside a statement waiting for the server it only repaints the status
line: the server's connection is taken until it answers, and nothing that might read the plan may
run meanwhile (the server ends the wait after its lock timeout, 10 s). When the wait is over the
words go and the cursor comes back. A wait on another thread (an import's, a look for changes)
only sends the words.

What the window lets run meanwhile must not read the plan in the middle of a read: its timers (a
search's pause, a look for changes, a pane's rewrite) are held back until the wait is over (a timer
held back fires again); a queued signal (a job finished) runs, and a read of its own that waits too
only repaints, and never ends the outer wait's words or busy cursor.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow

from hmics_desktop.storage.models import database
from hmics_desktop.storage.plan_database import waiting_inside_a_statement

WAITING_WORDS = "Waiting for another program to finish writing to the plan"
SERVER_WORDS = "Waiting for the shared plan database to answer"  # a table held, or a slow server: it cannot tell


def waiting_words(seconds: float) -> str:
    """The status line's words after ``seconds`` of waiting (on the thread that waits)."""
    return f"{SERVER_WORDS if waiting_inside_a_statement() else WAITING_WORDS} ({seconds:.0f} s)…"


class DatabaseWait(QObject):
    """Tells ``window``'s status line (and the cursor) when the database keeps it waiting."""

    waiting = Signal(str)  # the words, each round of a wait (from any thread)
    waited = Signal()  # a wait is over (from any thread)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.active = False  # the GUI thread is waiting (the cursor is busy)
        self._letting_run = False  # a wait of the GUI thread lets the window run: any wait told now is nested in it
        self.waiting.connect(self._show)
        self.waited.connect(self._clear)
        database.on_wait = self._tell
        database.on_waited = self._over

    def _on_gui_thread(self) -> bool:
        return QThread.currentThread() is self.thread()

    def _tell(self, seconds: float) -> None:
        if not shiboken6.isValid(self):  # its window is gone: nobody to tell
            return
        words = waiting_words(seconds)
        if not self._on_gui_thread():
            self.waiting.emit(words)  # queued to the GUI thread
            return
        if not self.active:
            self.active = True
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.waiting.emit(words)
        if waiting_inside_a_statement() or self._letting_run:
            self._window.statusBar().repaint()
            return
        app = QApplication.instance()
        self._letting_run = True
        app.installEventFilter(self)
        try:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            if shiboken6.isValid(self):  # its window may have gone meanwhile (its filter with it)
                app.removeEventFilter(self)
                self._letting_run = False

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        """While a wait lets the window run: a timer's event is held back (the timer fires again later)."""
        return event.type() == QEvent.Type.Timer

    def _over(self) -> None:
        if not shiboken6.isValid(self):
            return
        if self._on_gui_thread() and self._letting_run:
            return  # a wait nested in one still under way: that one ends the words and the cursor
        if self._on_gui_thread() and self.active:
            self.active = False
            QGuiApplication.restoreOverrideCursor()
        self.waited.emit()

    def _show(self, words: str) -> None:
        self._window.statusBar().showMessage(words)

    def _clear(self) -> None:
        if self._window.statusBar().currentMessage().startswith((WAITING_WORDS, SERVER_WORDS)):
            self._window.statusBar().clearMessage()
