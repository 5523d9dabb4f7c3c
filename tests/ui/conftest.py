"""GUI fixtures: a main window on a fresh database, with its own settings file.

Every test ends with no background job running: one left over would run into the next test,
or under Python's shutdown at the end of the run (which crashes).
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """Before the test's windows close and its database does, its background jobs end."""
    from PySide6.QtCore import QThreadPool

    ended = QThreadPool.globalInstance().waitForDone(60_000)
    result = yield
    assert ended, "a background job was still running a minute after the test"
    return result


@pytest.fixture
def settings(tmp_path: Path):
    from hmics_desktop.ui.settings import open_settings

    return open_settings(tmp_path / "settings.ini")


@pytest.fixture
def main_window(qtbot, plan_db, db_path: Path, settings):
    from hmics_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(db_path, settings)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def window(main_window):
    """The main window on the example plan (Crime Audit 2020)."""
    from hmics_desktop.services.plans import load_example_plan

    load_example_plan()
    main_window.plans_changed.emit()
    return main_window


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    """The import's message boxes, as (kind, text), instead of shown."""
    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            f"hmics_desktop.ui.transfer.import_flow.QMessageBox.{kind}",
            lambda parent, title, text, *rest, kind=kind: shown.append((kind, text)),
        )
    return shown
