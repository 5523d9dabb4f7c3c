"""A private copy of a plan database, for work that must leave the real file untouched.

``import --dry-run`` works out what an import would change by writing it and rolling it
back; doing that on a copy means the real file is never opened for writing, never
migrated, and gets no ``-wal``/``-shm`` files beside it (a read-only SQLite connection to a
WAL database leaves both behind, and cannot run the rolled-back write at all). A path
that does not exist gives an empty copy: nothing is created where it points.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def private_copy(path: Path) -> Iterator[Path]:
    """A copy of the database at ``path`` in a temporary folder, removed afterwards; same file name.

    Raises ``OSError`` when ``path`` cannot be read.
    """
    with tempfile.TemporaryDirectory(prefix="hmics-copy-") as folder:
        copy = Path(folder) / path.name
        if path.exists():
            _copy(path, copy)
        yield copy


def _copy(path: Path, copy: Path) -> None:
    path = path.resolve()  # SQLite follows a link: the -wal file is beside the file it names
    if not path.with_name(f"{path.name}-wal").exists():
        # No program has the database open (SQLite removes the -wal file when the last one closes),
        # so the file holds every commit: copied byte for byte, it is opened and checked as the original.
        shutil.copyfile(path, copy)
        return
    # Another program has it open: read a consistent snapshot, the -wal file included, through SQLite.
    try:
        reading = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        with contextlib.closing(reading) as source, contextlib.closing(sqlite3.connect(copy)) as target:
            source.backup(target)
    except sqlite3.DatabaseError:
        copy.unlink(missing_ok=True)
        shutil.copyfile(path, copy)  # not a database SQLite can read: opening the copy says why
