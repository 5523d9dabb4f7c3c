"""The plan database: peewee models on SQLite (or a PostgreSQL server), migrations, plan reads and writes.

peewee loads every database driver it knows when it is imported. The server's (psycopg) is
held back until a server database is opened (``storage.shared_database`` hands it to peewee
then): a plan kept in a file never needs it, and the window shows sooner without it.
"""

from __future__ import annotations

import sys


def _peewee_without_the_server_driver() -> None:
    if "peewee" in sys.modules or "psycopg" in sys.modules:
        return
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # peewee's "import psycopg" fails, as without it
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg"]


_peewee_without_the_server_driver()
