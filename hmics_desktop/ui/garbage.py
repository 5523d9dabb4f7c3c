"""Collect Python garbage on the GUI thread only.

Python's cyclic garbage collector runs in whichever thread happens to allocate; when a
background job (an import, an export) triggers it, it may destroy Qt objects from that
thread and crash the application. Automatic collection is therefore switched off and a
timer on the GUI thread collects instead, as pyqtgraph and others do.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

_INTERVAL_MS = 500


class _Collector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start(_INTERVAL_MS)

    def _on_timer_timeout(self) -> None:
        # Each generation is collected when it is over its threshold, as Python would.
        thresholds = gc.get_threshold()
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return


_INSTALLED = "hmics_collects_garbage"  # the application's property once its collector is there


def collect_on_gui_thread() -> None:
    """Install the collector once per application (idempotent).

    The application carries a property that says so: asked at start, ``findChild`` took longer
    than the collector's whole work (it makes Qt's enums for Python on first use).
    """
    app = QCoreApplication.instance()
    if app is None or app.property(_INSTALLED):
        return
    gc.disable()
    _Collector(app)
    app.setProperty(_INSTALLED, True)
