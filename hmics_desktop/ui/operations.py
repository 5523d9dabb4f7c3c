"""Every change to the plan goes through here: off the GUI thread, one at a time, then the views are told.

An edit, undo, redo or import is run on a worker thread with a database connection of its own
(as Anki's ``CollectionOp``); meanwhile the window keeps painting and saying that it waits
(undoing a 5,000-action import does not freeze it), and keys and clicks wait their turn so that
nothing is changed twice. When the change is done, :attr:`Operations.changed` carries what it
touched (:class:`~hmics_desktop.services.edit_history.OpChanges`), so each view refreshes only
that. An error (a rule broken, a conflict, an undo no longer possible) comes back to the caller
as it was raised.

The undo list, and what changing the plan needs, is loaded by the first change or question about
it: the window shows without them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Signal

from hmics_desktop.storage.database import own_connection

if TYPE_CHECKING:
    from hmics_desktop.services.edit_history import EditHistory
    from hmics_desktop.services.editing import Change
    from hmics_desktop.storage.steps import Step

T = TypeVar("T")


class _Done(QObject):
    finished = Signal()


class _Work(QRunnable):
    def __init__(self, work: Callable[[], Any], done: _Done) -> None:
        super().__init__()
        self.work, self.done = work, done
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        with own_connection():
            try:
                self.result = self.work()
            except BaseException as error:  # given back to the caller on the GUI thread
                self.error = error
        self.done.finished.emit()


class Operations(QObject):
    """The undo list of a window, each step done on a worker thread; ``changed`` says what it touched."""

    changed = Signal(object)  # OpChanges

    def __init__(self, parent: QObject | None = None, history: EditHistory | None = None) -> None:
        super().__init__(parent)
        self._history = history
        self.listeners: list[Callable[[], None]] = []  # told on the GUI thread after every change to the lists
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one change at a time, in the order asked

    @property
    def history(self) -> EditHistory:
        """The undo list, made when first used."""
        if self._history is None:
            from hmics_desktop.services.edit_history import EditHistory

            self._history = EditHistory()
        return self._history

    @property
    def last_done(self) -> Step | None:
        return self.history.last_done

    @last_done.setter
    def last_done(self, step: Step | None) -> None:
        self.history.last_done = step

    def run(self, work: Callable[[], T]) -> T:
        """Run ``work`` on the worker thread; the window paints meanwhile. Its result, or its error, comes back."""
        done = _Done()
        job = _Work(work, done)
        job.setAutoDelete(False)
        waiting = QEventLoop()
        done.finished.connect(waiting.quit)
        self._pool.start(job)
        if not self._pool.waitForDone(50):  # most edits are done by then: no loop at all
            waiting.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        self._pool.waitForDone()
        if job.error is not None:
            raise job.error
        return job.result  # type: ignore[no-any-return]

    def do(self, change: Change) -> None:
        self._changed_by(lambda: self.history.do(change))

    def undo(self) -> str | None:
        return self._changed_by(self.history.undo)

    def redo(self) -> str | None:
        return self._changed_by(self.history.redo)

    def record(self, step: Step) -> None:
        """Put a step done elsewhere (an import, already in the database) on the undo list."""
        self.history.record(step)
        self._tell()
        self.changed.emit(self.history.last_changes)

    def record_saved(self, error: BaseException) -> None:
        """A change done elsewhere that failed only as its answer was lost, saved (``SavedUnanswered``): on the list."""
        from hmics_desktop.storage.plan_database import SavedUnanswered

        if isinstance(error, SavedUnanswered) and error.step is not None and not error.on_undo_list:
            self.history.record_saved(error)
            self._tell()
            self.changed.emit(self.history.last_changes)

    def forget(self) -> None:
        """Drop the undo list (another database is opening)."""
        if self._history is not None:
            self._history.clear()
        self._tell()

    def next_undo(self) -> str | None:
        return None if self._history is None else self._history.next_undo()

    def next_redo(self) -> str | None:
        return None if self._history is None else self._history.next_redo()

    def _changed_by(self, work: Callable[[], T]) -> T:
        before = self.history.last_changes
        try:
            return self.run(work)
        finally:
            self._tell()  # the lists changed (an undo no longer possible is taken off too)
            if self.history.last_changes is not before:
                self.changed.emit(self.history.last_changes)

    def _tell(self) -> None:
        for listener in self.listeners:
            listener()
