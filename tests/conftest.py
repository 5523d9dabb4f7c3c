"""Shared fixtures: a fresh plan database per test, and the shipped test files.

``plan_db`` and ``db_location`` run each test that uses them on both engines: an SQLite
file and a database on a throwaway PostgreSQL server (``postgres_server``), skipped with
the reason when PostgreSQL is absent. A test that holds for SQLite files only is marked
``sqlite_only``; the window's tests (tests/ui) open files only.
"""

from __future__ import annotations

import json
import os
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
