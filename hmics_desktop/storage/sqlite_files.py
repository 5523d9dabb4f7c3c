"""Reading an SQLite file without ever writing or creating one, and telling a whole file from a broken one.

``sqlite3.connect(path)`` creates an empty database where there is none, and a URI built
without quoting loses its ``?mode=ro`` at the first ``#`` or ``?`` in the file name (SQLite then
opens, or creates, a file of a shorter name). :func:`read_only_uri` is the one way to build it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER = 100


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """A ``file:`` URI that opens ``path`` read-only (for ``sqlite3.connect(uri, uri=True)``).

    ``immutable``: the file is known never to change while read (a backup), so SQLite needs
    no ``-shm`` or ``-wal`` file beside it and leaves none behind.
    """
    uri = f"file:{quote(path.as_posix())}?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def whole_file_problem(path: Path, application_id: int) -> str | None:
    """Why the file is not a whole plan database, judged from its header (None when it is one).

    The words follow the file's name: "is empty", "is cut short"… A file that cannot be read
    raises ``OSError``.
    """
    with path.open("rb") as handle:
        header = handle.read(_HEADER)
        size = handle.seek(0, 2)
    if size == 0:
        return "is empty: it is not a plan database"
    if len(header) < _HEADER or header[:16] != SQLITE_MAGIC:
        return "is not a plan database (it is not an SQLite file)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    pages_known = header[24:28] == header[92:96]  # the page count is valid (SQLite 3.7.0 and later)
    if page_size < 512 or size % page_size or (pages_known and size < pages * page_size):
        return "is cut short: it is not a whole plan database"
    if int.from_bytes(header[68:72], "big") != application_id or int.from_bytes(header[60:64], "big") == 0:
        return "is an SQLite file, but not a plan database of this application"
    return None


def database_files(path: Path) -> list[Path]:
    """The database file and the ones SQLite keeps beside it (its journal, WAL and shared memory)."""
    return [path, *(path.with_name(path.name + end) for end in ("-journal", "-wal", "-shm"))]


def remove_files(made: Iterable[Path]) -> None:
    """Remove files this program has just made (a database closed by the caller, and those beside it).

    What cannot be removed is left as it is.
    """
    for path in made:
        with contextlib.suppress(OSError):  # a read-only disk refuses even to unlink what is not there
            if path.exists():
                path.unlink()


def open_file(connection: sqlite3.Connection) -> Path | None:
    """The file the connection has open (as SQLite names it, a URI's too), or None in memory."""
    main = next((row for row in connection.execute("PRAGMA database_list") if row[1] == "main"), None)
    return Path(main[2]) if main and main[2] else None


def is_same_file(one: Path, other: Path) -> bool:
    """Whether two names lead to the same file (``..``, links, another spelling of the path)."""
    if one.resolve() == other.resolve():
        return True
    try:
        return os.path.samefile(one, other)
    except OSError:  # one of them does not exist (yet)
        return False
