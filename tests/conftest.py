"""Shared fixtures: a fresh plan database per test, and the shipped test files.

``plan_db`` and ``db_location`` run each test that uses them on both engines: an SQLite
file and a database on a throwaway PostgreSQL server (``postgres_server``), skipped with
the reason when PostgreSQL is absent. A test that holds for SQLite files only is marked
``sqlite_only``; the window's tests (tests/ui) open files only.

A test fails when the application logs an error (a record at ERROR or above from the
``hmics_desktop`` loggers: a background job that failed, an unhandled exception) unless it
says it expects that error: ``@pytest.mark.logs_error(pattern, …)``, a pattern that matches
the message logged.
"""

from __future__ import annotations

import json
import logging
import os
import re
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from plan_fixture import FIXTURE_JSON

# GUI tests run offscreen, set here so that no test depends on a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def fixture_plan() -> dict:
    return json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "plans.sqlite"


ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        sqlite_only = metafunc.definition.get_closest_marker("sqlite_only") is not None
        sqlite_only = sqlite_only or metafunc.definition.path.parent.name == "ui"
        metafunc.parametrize("engine", ENGINES[:1] if sqlite_only else ENGINES, scope="function")


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the whole session (skipped, with the reason, when there can be none)."""
    from postgres_server import PostgresServer, why_not_available

    reason = why_not_available()
    if reason:
        pytest.skip(reason)
    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _server_databases_dropped(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test's server databases dropped when it ends (autouse: torn down after its own fixtures)."""
    yield
    if "postgres_server" in request.fixturenames:
        request.getfixturevalue("postgres_server").drop_databases()


@pytest.fixture
def example_on_server(postgres_server) -> str:
    """A fresh server database holding the example plan (closed: each test opens it as it needs)."""
    from hmics_desktop.services.plans import load_example_plan
    from hmics_desktop.storage.database import close_database, open_database

    url = postgres_server.fresh_database()
    open_database(url)
    load_example_plan()
    close_database()
    return url


@pytest.fixture
def db_location(engine: str, db_path: Path, request) -> Path | str:
    """Where the test's plan database lives: an SQLite file, or a fresh database on the server."""
    if engine == "sqlite":
        return db_path
    return request.getfixturevalue("postgres_server").fresh_database()


@pytest.fixture
def plan_db(db_location):
    """A fresh, migrated plan database for the test (on each engine), closed afterwards."""
    from hmics_desktop.storage.database import close_database, open_database

    database = open_database(db_location)
    yield database
    close_database()


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path_factory, monkeypatch) -> None:
    """Keep logs, settings and the default database out of the real user folders."""
    home = tmp_path_factory.mktemp("home")
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))


@pytest.fixture(autouse=True)
def _backups_not_paused(monkeypatch) -> None:
    """A restore pauses automatic backups for the rest of the program's life: not across tests."""
    from hmics_desktop.storage import backups

    monkeypatch.setattr(backups, "_paused", False)


@pytest.fixture
def memory_keyring():
    """A keyring for the test (passwords in memory), the machine's own put back afterwards."""
    import keyring
    from memory_keyring import MemoryKeyring

    before = keyring.get_keyring()
    kept = MemoryKeyring()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(before)


class _ErrorRecords(logging.Handler):
    """The application's records at ERROR and above, kept for the test to look at."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _told(record: logging.LogRecord) -> str:
    said = f"{record.levelname} {record.name}: {record.getMessage()}"
    if record.exc_info and record.exc_info[1] is not None:
        said += "\n" + "".join(traceback.format_exception(record.exc_info[1])).rstrip()
    return said


@pytest.fixture(autouse=True)
def _logged_errors_fail_the_test(request):
    """Fail the test on an error the application logged that the test does not expect (``logs_error``)."""
    handler = _ErrorRecords()
    logger = logging.getLogger("hmics_desktop")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    expected = [re.compile(p) for marker in request.node.iter_markers("logs_error") for p in marker.args]
    unexpected = [r for r in handler.records if not any(p.search(r.getMessage()) for p in expected)]
    if unexpected:
        pytest.fail("the application logged an error:\n" + "\n".join(_told(r) for r in unexpected), pytrace=False)
