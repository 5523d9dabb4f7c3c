"""Logging to a rotating file in the user-log folder, set up once per process.

The window's start keeps its records in memory and writes them once its first screen is drawn
(:func:`open_log_file`): finding the log folder and loading the rotating file's handler cost the
start 23 M instructions (of 1,480 M). A warning or an error opens the file at once, and so does the program's
end, so that nothing logged is lost.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
from pathlib import Path

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_NAME = "hmics-desktop.log"


class _LogFile(logging.Handler):
    """``hmics-desktop.log`` (rotated at 1 MB, 5 kept), opened when asked: records wait until then."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__()
        self.folder = folder
        self.waiting: list[logging.LogRecord] | None = []  # None once opened (or found unwritable)
        self.file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.waiting is not None:
            self.waiting.append(record)
            if record.levelno >= logging.WARNING:
                self.open()
        elif self.file is not None:
            self.file.emit(record)

    def open(self) -> None:
        """Open the file and write what waited; without a writable folder the program runs without one."""
        with self.lock:
            waiting, self.waiting = self.waiting, None
            if waiting is None:
                return
            self.file = _rotating_file(self.folder)
            for record in waiting if self.file is not None else ():
                self.file.emit(record)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        with self.lock:
            if self.file is not None:
                self.file.close()
        super().close()

    @property
    def path(self) -> Path | None:
        return Path(self.file.baseFilename) if isinstance(self.file, logging.FileHandler) else None


def _rotating_file(folder: Path | None) -> logging.Handler | None:
    import logging.handlers

    from hmics_desktop.paths import log_folder
    from hmics_desktop.private_files import new_private_file, private_folder

    try:
        target = folder or log_folder()
        private_folder(target)
        with contextlib.suppress(FileExistsError):
            new_private_file(target / LOG_NAME)
        handler = logging.handlers.RotatingFileHandler(
            target / LOG_NAME, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    return handler


def _log_file() -> _LogFile | None:
    return next((h for h in logging.getLogger("hmics_desktop").handlers if isinstance(h, _LogFile)), None)


def setup_logging(folder: Path | None = None, *, held: bool = False) -> Path | None:
    """Send the application's log to ``hmics-desktop.log`` in ``folder`` (default: the user-log folder).

    ``held``: the file is opened by :func:`open_log_file` (or a warning, or the program's end);
    the records wait in memory until then. Returns the log file's path once it is open; None while
    held, or when the folder cannot be written (the application then runs without a log file
    rather than not at all).
    """
    root = logging.getLogger("hmics_desktop")
    root.setLevel(logging.INFO)
    handler = _log_file()
    if handler is None:
        handler = _LogFile(folder)
        root.addHandler(handler)
        atexit.register(handler.open)
    if not held:
        handler.open()
    return handler.path


def open_log_file() -> Path | None:
    """Open the log file that :func:`setup_logging` held back, and write the records that waited for it."""
    handler = _log_file()
    if handler is None:
        return None
    handler.open()
    return handler.path
