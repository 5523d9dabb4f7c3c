"""Running a hypothesis state machine on an SQLite file, or on fresh databases of the test server."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis.stateful import run_state_machine_as_test


def run_machine(
    machine: Any, engine: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """``machine`` (whose ``location(folder)`` names its database) run on ``engine``: "sqlite" or "postgresql"."""
    if engine == "postgresql":
        server = request.getfixturevalue("postgres_server")
        monkeypatch.setattr(machine, "location", staticmethod(lambda folder: server.fresh_database()))
    run_state_machine_as_test(machine, settings=settings)
