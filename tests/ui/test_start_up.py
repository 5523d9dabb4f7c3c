"""The window's start loads what its first screen needs, and the rest when it is first used.

The application runs in a fresh interpreter, as ``hmics-desktop --db FILE`` starts it, on the
example plan; once its window is shown, the modules Python has loaded are read, and how many
times Python's cycle collector ran while the interface loaded and the window was made. The readers and
writers of files (openpyxl, python-calamine, python-docx, lxml), the server's driver (psycopg:
peewee is imported without it), the keyring, the committee papers (the board reads the last
meeting's day without them), the import and export machinery, the Dashboard and Plans tabs (made when
first shown), the forms and dialogs, the update round and the requests' windows (made when first
opened), the board's copying to the clipboard, the command line's jobs, the undo list and the
history (loaded by the first change, or the first look at the past), the log file's handler (the
log file is opened once the first screen is drawn), the welcome page (made for an empty database),
the reads of the Plans tab and of the forms, and the writing of the audit trail are not among
them; nor are the forms' and the update round's once Ctrl+Z is first pressed with none of them open.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from example_file import example_in

ROOT = Path(__file__).resolve().parents[2]

LOADED_WHEN_SHOWN = textwrap.dedent(
    """
    import gc, json, os, sys
    from hmics_desktop.cli.main import main

    def collections():
        return sum(generation["collections"] for generation in gc.get_stats())

    before = collections()
    import hmics_desktop.ui.app as app

    shown = app.start_window

    def start_window(*args, **kwargs):
        window = shown(*args, **kwargs)
        print(json.dumps({"modules": sorted(sys.modules), "collections": collections() - before}), flush=True)
        os._exit(0 if window is not None else 3)

    app.start_window = start_window
    sys.exit(main(["--db", sys.argv[1]]))
    """
)

NOT_AT_START = (
    "psycopg",
    "hmics_desktop.storage.shared_database",
    "openpyxl",
    "python_calamine",
    "docx",
    "lxml",
    "keyring",
    "hmics_desktop.excel",
    "hmics_desktop.documents",
    "hmics_desktop.services.exporting",
    "hmics_desktop.services.importing",
    "hmics_desktop.services.papers",
    "hmics_desktop.services.credentials",
    "hmics_desktop.ui.papers",
    "hmics_desktop.ui.transfer",
    "hmics_desktop.ui.dashboard",
    "hmics_desktop.ui.plans",
    "hmics_desktop.ui.board.board_copy",
    "hmics_desktop.services.dashboard",
    "hmics_desktop.services.dashboard_charts",
    "hmics_desktop.ui.forms",
    "hmics_desktop.ui.round",
    "hmics_desktop.ui.requests",
    "hmics_desktop.ui.shell.backups_dialog",
    "hmics_desktop.storage.restore",
    "hmics_desktop.storage.backups",
    "hmics_desktop.cli.jobs",
    "hmics_desktop.cli.requests_jobs",
    "hmics_desktop.services.edit_history",
    "hmics_desktop.services.item_edits",
    "hmics_desktop.storage.history",
    "hmics_desktop.domain.reimport_rules",
    "hmics_desktop.storage.plan_reader",
    "hmics_desktop.domain.plan",
    "hmics_desktop.domain.numbering",
    "logging.handlers",
    "hmics_desktop.ui.shell.welcome_page",
    "hmics_desktop.services.plan_queries",
    "hmics_desktop.services.form_data",
    "hmics_desktop.storage.audit",
)


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What the application had loaded, and how often the collector ran, when its window was shown."""
    folder = tmp_path_factory.mktemp("start")
    home = {name: str(folder / name.lower()) for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                                                          "XDG_STATE_HOME", "XDG_CACHE_HOME")}  # fmt: skip
    env = dict(os.environ, PYTHONPATH=str(ROOT), **home)
    done = subprocess.run([sys.executable, "-c", LOADED_WHEN_SHOWN, str(example_in(folder))], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_the_window_shows_without_loading_what_its_first_screen_does_not_need(shown: dict) -> None:
    loaded = shown["modules"]
    assert "hmics_desktop.ui.shell.main_window" in loaded and "hmics_desktop.ui.board.board_view" in loaded
    early = [name for name in loaded if any(name == heavy or name.startswith(heavy + ".") for heavy in NOT_AT_START)]
    assert early == []


def test_the_collector_does_not_walk_the_window_s_modules_while_they_load(shown: dict) -> None:
    # The window collects its garbage on its own thread (ui.garbage): the tens of thousands of
    # objects its modules make, all kept, are not walked again and again while they are made.
    assert shown["collections"] == 0


UNDONE_WITH_NO_FORM = textwrap.dedent(
    """
    import json, os, sys
    from hmics_desktop.cli.main import main
    import hmics_desktop.ui.app as app

    shown = app.start_window

    def start_window(*args, **kwargs):
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        window = shown(*args, **kwargs)
        window.activateWindow()
        window.board.table.setFocus()
        QApplication.processEvents()
        keys, asked = window.edits.undo_keys, []
        blocked = keys.blocked
        keys.blocked = lambda where: asked.append(type(where).__name__) or blocked(where)
        QTest.keyClick(window.board.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        print(json.dumps([asked, sorted(sys.modules)]), flush=True)
        os._exit(0)

    app.start_window = start_window
    sys.exit(main(["--db", sys.argv[1]]))
    """
)


def test_ctrl_z_with_no_form_open_loads_no_form(tmp_path: Path) -> None:
    # Whether a form open has changes not saved is asked of the forms open, never by loading the forms' modules.
    database = example_in(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", UNDONE_WITH_NO_FORM, str(database)], env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    asked, loaded = json.loads(done.stdout.splitlines()[-1])
    assert asked == ["MainWindow"]  # the key reached the undo
    assert [name for name in loaded if name.startswith(("hmics_desktop.ui.forms", "hmics_desktop.ui.round"))] == []
