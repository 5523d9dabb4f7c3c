"""Another program on the same database: its own connection, either engine, one transaction."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import psycopg

from hmics_desktop.storage.sql import Sql

ROOT = Path(__file__).resolve().parents[1]
_EDIT = textwrap.dedent(
    """
    import json, sys
    from hmics_desktop.services.edit_history import EditHistory
    from hmics_desktop.services.item_edits import save_item, set_links
    from hmics_desktop.storage.database import open_database
    from hmics_desktop.storage.models import ActionLink

    open_database(sys.argv[1])
    action_id, fields, link_to = int(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
    if fields:
        EditHistory().do(save_item("action", action_id, fields, None))
    if link_to:
        links = [link.target_id for link in ActionLink.select().where(ActionLink.action == action_id)]
        EditHistory().do(set_links(action_id, [*links, *link_to], links))
    """
)


@contextlib.contextmanager
def other_program(location: Path | str) -> Iterator[Sql]:
    """A connection of its own to ``location`` (``?`` placeholders), committed when the block ends."""
    if isinstance(location, Path):
        connection: sqlite3.Connection | psycopg.Connection = sqlite3.connect(location)
        dialect = "sqlite"
    else:
        connection = psycopg.connect(location)
        dialect = "postgresql"
    try:
        yield Sql(connection, dialect)
        connection.commit()
    finally:
        connection.close()


def edit_elsewhere(location: Path | str, action_id: int, owner: str) -> None:
    """Another machine's user changes an action's owner, through the application, in a process of its own."""
    change_elsewhere(location, action_id, {"owner": owner})


def change_elsewhere(location: Path | str, action_id: int, fields: dict, link_to: list[int] = ()) -> None:  # type: ignore[assignment]
    """Another program saves an action's ``fields`` and adds links to ``link_to``, through the application."""
    done = subprocess.run(
        [sys.executable, "-c", _EDIT, str(location), str(action_id), json.dumps(fields), json.dumps(list(link_to))],
        env={"PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


_SAVE = textwrap.dedent(
    """
    import json, sys
    from hmics_desktop.domain.dates import PlanDate
    from hmics_desktop.services.edit_history import EditHistory
    from hmics_desktop.services.item_edits import delete_items, save_item
    from hmics_desktop.storage.database import open_database

    open_database(sys.argv[1])
    kind, item_id, fields = sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
    dates = {"closed_on", "initial_target", "target"}
    fields = {name: PlanDate.from_iso(v) if name in dates and v else v for name, v in fields.items()}
    if fields.pop("deleted", False):
        EditHistory().do(delete_items(kind, [item_id]))
    if fields:
        EditHistory().do(save_item(kind, item_id, fields, None))
    """
)


def save_elsewhere(location: Path | str, kind: str, item_id: int, fields: dict) -> None:
    """Another program saves an item's ``fields`` (dates as 2024-05-01), through the application.

    ``{"deleted": True}`` deletes the item (as Edit ▸ Delete does: it can be restored).
    """
    done = subprocess.run(
        [sys.executable, "-c", _SAVE, str(location), kind, str(item_id), json.dumps(fields)],
        env={"PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


_MAKE_THEN_UNDO = textwrap.dedent(
    """
    import sys
    from hmics_desktop.services.edit_history import EditHistory
    from hmics_desktop.services.item_edits import create_item
    from hmics_desktop.storage.database import open_database

    open_database(sys.argv[1])
    history = EditHistory()
    change, made = create_item("action", {"position": int(sys.argv[3]), "text": "Made elsewhere"}, int(sys.argv[2]))
    history.do(change)
    print(made["id"], flush=True)
    sys.stdin.readline()  # until told: then the making is undone
    history.undo()
    """
)


@contextlib.contextmanager
def made_elsewhere(location: Path | str, recommendation_id: int, position: int) -> Iterator[int]:
    """Another program makes an action under a recommendation (its id given) and, when the block ends, undoes it."""
    maker = subprocess.Popen(
        [sys.executable, "-c", _MAKE_THEN_UNDO, str(location), str(recommendation_id), str(position)],
        env={"PYTHONPATH": str(ROOT)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        line = maker.stdout.readline()
        assert line.strip(), maker.stderr.read()
        yield int(line)
        _out, err = maker.communicate("undo\n", timeout=120)
        assert maker.returncode == 0, err
    finally:
        if maker.poll() is None:
            maker.kill()
            maker.wait(timeout=30)
