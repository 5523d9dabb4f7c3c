"""One helper for slow work: run a job off the GUI thread, with a progress dialog.

The job gets a ``progress(done, total, message)`` callback; the result or the error
comes back on the GUI thread. The window stays responsive meanwhile.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from hmics_desktop.storage.database import own_connection
from hmics_desktop.ui.garbage import collect_on_gui_thread

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


class _Signals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, job: Callable[[Progress], Any], signals: _Signals) -> None:
        super().__init__()
        self._job = job
        self.signals = signals

    def run(self) -> None:
        with own_connection():
            try:
                result = self._job(self.signals.progressed.emit)
            except Exception as error:  # reported to the window, which says it in words
                log.exception("background job failed")
                self._report(self.signals.failed, error)
            else:
                self._report(self.signals.finished, result)

    def _report(self, signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # Qt has deleted the signals with their window: no one is left to tell
            log.info("a background job ended after its window closed")


def run_in_background(
    parent: QWidget,
    title: str,
    job: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    *,
    quiet: bool = False,
) -> _Signals:
    """Start ``job`` on the thread pool; call ``on_done``/``on_error`` on the GUI thread.

    A progress dialog shows after 300 ms unless ``quiet`` (for checks the user did not ask for).
    """
    collect_on_gui_thread()
    signals = _Signals(parent)
    if quiet:
        signals.finished.connect(on_done)
        signals.failed.connect(on_error)
    else:
        _with_progress_dialog(parent, title, signals, on_done, on_error)
    for ended in (signals.finished, signals.failed):
        ended.connect(signals.deleteLater)  # after the slots above: a look every few seconds leaves none behind
    QThreadPool.globalInstance().start(_Job(job, signals))
    return signals


def wait_for_background_jobs() -> None:
    """Let the jobs still running end before Python does: the program is quitting.

    Python must not shut down under a job running on a pool thread (it then crashes on its
    way out, a segmentation fault, whatever the job was doing), and a job that writes ends
    whole. Every job ends within its own bounds (a silent server is given up after 20 seconds,
    another program's write lock after 60), so the wait ends; a SIGTERM during it ends the
    program at once, as a logout that cannot wait expects.
    """
    pool = QThreadPool.globalInstance()
    if pool.activeThreadCount() == 0:
        return
    log.info("waiting for %d background jobs to end before quitting", pool.activeThreadCount())
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    pool.waitForDone()


def _with_progress_dialog(
    parent: QWidget,
    title: str,
    signals: _Signals,
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> None:
    """A progress dialog, shown after 300 ms, that follows the job and closes when it ends."""
    dialog = QProgressDialog(title, "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)

    def _progress(done: int, total: int, message: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        dialog.setLabelText(message)

    def _finish(result: Any) -> None:
        dialog.close()
        dialog.deleteLater()
        on_done(result)

    def _fail(error: Exception) -> None:
        dialog.close()
        dialog.deleteLater()
        on_error(error)

    signals.progressed.connect(_progress)
    signals.finished.connect(_finish)
    signals.failed.connect(_fail)
