"""The PostgreSQL server a benchmark measures: the one it is given, or a throwaway one of its own.

``--db postgresql://…`` names a database made for the benchmark (it is emptied); without it a
throwaway server is started in a temporary folder, as the tests start theirs
(``tests/postgres_server.py``: Debian's binaries, run as the ``postgres`` user under root),
and stopped at the end. :func:`emptied` empties the database before a run.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


@contextlib.contextmanager
def server_database(url: str | None) -> Iterator[str]:
    """``url``, or the URL of a database on a throwaway server started here (and stopped after)."""
    if url is not None:
        yield url
        return
    from postgres_server import PostgresServer, why_not_available

    reason = why_not_available()
    if reason:
        sys.exit(f"no PostgreSQL server to measure: {reason}; name one with --db postgresql://…")
    server = PostgresServer()
    try:
        print(f"a throwaway PostgreSQL server on 127.0.0.1:{server.port}")
        yield server.fresh_database()
    finally:
        server.stop()


def emptied(url: str) -> str:
    """The database at ``url`` with nothing in it (every table of a previous run dropped)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    return url
