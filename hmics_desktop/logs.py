"""Logging to a rotating file in the user-log folder, set up once per process."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
from pathlib import Path

from hmics_desktop.paths import log_folder
from hmics_desktop.private_files import new_private_file, private_folder

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(folder: Path | None = None) -> Path | None:
    """Send the application's log to ``hmics-desktop.log`` (rotated at 1 MB, 5 kept).

    Returns the log file's path, or None when the folder cannot be written (the
    application then runs without a log file rather than not at all).
    """
    root = logging.getLogger("hmics_desktop")
    root.setLevel(logging.INFO)
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    try:
        target = folder or log_folder()
        private_folder(target)
        with contextlib.suppress(FileExistsError):
            new_private_file(target / "hmics-desktop.log")
        handler = logging.handlers.RotatingFileHandler(
            target / "hmics-desktop.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    return Path(handler.baseFilename)
