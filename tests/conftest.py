"""Shared fixtures: a fresh plan database per test, and the shipped test files."""

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


@pytest.fixture
def plan_db(db_path: Path):
    """A fresh, migrated plan database for the test, closed afterwards."""
    from hmics_desktop.storage.database import close_database, open_database

    database = open_database(db_path)
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
