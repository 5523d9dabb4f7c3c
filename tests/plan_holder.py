"""Another program that holds a plan database for a while: a real process, never for ever.

A file it holds alone (exclusive locking mode, after a write); on a server it holds the
inspections' table (an ``ACCESS EXCLUSIVE`` lock, as a schema change or a ``TRUNCATE`` takes it),
which every read of it waits for.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Holds the file alone (exclusive locking mode, after a write) until a line comes on its input, or for
# the seconds given (60 at most: never for ever).
HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, threading
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("PRAGMA locking_mode = EXCLUSIVE")
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE inspection SET title = 'Renamed by another program'")
    connection.execute("COMMIT")
    print("locked", flush=True)
    let_go = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), let_go.set()), daemon=True).start()
    let_go.wait(float(sys.argv[2]))
    connection.close()
    """
)


SERVER_HOLDER = textwrap.dedent(
    """
    import psycopg, sys, threading
    connection = psycopg.connect(sys.argv[1])
    connection.execute("UPDATE inspection SET title = 'Renamed by another program'")
    connection.execute("LOCK TABLE inspection IN ACCESS EXCLUSIVE MODE")
    print("locked", flush=True)
    let_go = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), let_go.set()), daemon=True).start()
    let_go.wait(float(sys.argv[2]))
    connection.commit()
    connection.close()
    """
)


@contextmanager
def held(location: Path | str, seconds: float = 60) -> Iterator[subprocess.Popen]:
    """Another program holds the plan at ``location`` for ``seconds`` (or until the block ends)."""
    source = HOLDER if isinstance(location, Path) else SERVER_HOLDER
    holder = subprocess.Popen(
        [sys.executable, "-c", source, str(location), str(seconds)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.communicate("let go\n", timeout=30)
    assert holder.returncode == 0
