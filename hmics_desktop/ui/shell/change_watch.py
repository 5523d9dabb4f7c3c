"""Looking for changes made by others (another computer, window or program) every few seconds.

Each look is one cheap query (the newest audit entry) run off the GUI thread, on a
connection of its own that it closes again: a server that has stopped answering holds up
the look, never the window. A look still under way is not started again; one asked before
the window last read the plans is out of date when it comes back, and is dropped. The
window's own change moves what it has seen only past that change (its step's trail): what
another program saved before it is shown with it, what came after is found by the next look.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import peewee
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from hmics_desktop.services import plan_facts
from hmics_desktop.storage.failures import cause
from hmics_desktop.storage.models import database
from hmics_desktop.ui.background import Progress, run_in_background

if TYPE_CHECKING:
    from hmics_desktop.services.edit_history import OpChanges

CHANGE_WATCH_MS = 3000  # how often the window looks for changes made by others


def _count_changes(progress: Progress) -> int | Exception:
    """The newest change's number, or why it cannot be read just now.

    A failure is returned, not raised: a server that is down would otherwise log a traceback
    every few seconds. The window says it in its status bar.
    """
    del progress
    try:
        return plan_facts.change_counter()
    except (peewee.DatabaseError, peewee.InterfaceError) as error:
        return error


class ChangeWatch(QObject):
    """The window's look-out: it says when others have changed the plans, or that it cannot tell just now."""

    moved = Signal()  # someone has changed the plans since the window last read them
    failed = Signal(str)  # why the last look failed, in the users' words
    recovered = Signal()  # a look succeeded after one that failed

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._window = parent
        self._seen = 0
        self._reads = 0  # the window's reads so far: a look asked before the latest one is out of date
        self.looking = False  # a look is under way
        self._failing = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.look)
        self.timer.start(CHANGE_WATCH_MS)

    def read(self, changes: OpChanges | None = None) -> bool:
        """The window reads the plans now (on the GUI thread): later looks are compared with this.

        ``changes``: the window's own change, just done. True when nothing else has changed since
        the window last read the plans, so that showing what it touched is enough; False when
        another program's changes came before it (they are shown with it: the window reads it all).
        """
        self._reads += 1
        trail = changes.trail if changes is not None else None
        if trail is not None and trail[0] == self._seen:
            self._seen = trail[1]  # my own step, and only it: a change made after it is still to be seen
            return True
        self._seen = plan_facts.change_counter()
        return False

    def look(self) -> None:
        """Start a look, unless one is still under way (a server slow to answer)."""
        if self.looking:
            return
        self.looking = True
        asked = self._reads

        def _on_counted(found: int | Exception) -> None:
            self._on_counted(asked, found)

        run_in_background(self._window, "Looking for changes", _count_changes, _on_counted, _on_counted, quiet=True)

    def _on_counted(self, asked: int, found: int | Exception) -> None:
        self.looking = False
        waiting = getattr(self._window, "database_wait", None)
        if asked != self._reads or database.in_transaction() or (waiting is not None and waiting.active):
            return  # the window has read the plans since, or a change or a read of its own is under way (waiting)
        if isinstance(found, Exception):
            self._failing = True
            self.failed.emit(cause(found) or "the database did not answer")
            return
        if self._failing:
            self._failing = False
            self.recovered.emit()
        if found != self._seen:
            self.moved.emit()
