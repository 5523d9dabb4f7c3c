"""A read-only database opens read-only and writes nothing; failures name their cause.

The read-only cases run the command line in a process that has dropped root's rights (CI
runs as root, and root may write any file), so that the file really cannot be written; run as
a user of their own, the tests' rights are already those of the owner of a read-only file.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from database_rows import database_rows
from example_file import example_in
from plan_fixture import LEGACY_WORKBOOK
from platforms import posix_permissions
from small_disk import small_file_system

from hmics_desktop.cli.main import main
from hmics_desktop.storage.database import APPLICATION_ID, DatabaseTooNew, open_database

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534

# Imports everything the commands could need while it still may read it (the interpreter, its
# standard library and the installed packages may sit in root's home, which another user cannot
# read), then gives up root's rights: every module of the application but its window and
# ``python -m``, what they import only when first asked, and every module of openpyxl, which
# imports some only as it reads or writes a workbook, but for its bridge to pandas
# (openpyxl.utils.dataframe), which needs numpy, that neither openpyxl nor the application uses.
AS_ANOTHER_USER = textwrap.dedent(
    """
    import os, sys
    import importlib, pkgutil
    import hmics_desktop, openpyxl
    for package, skipped in ((hmics_desktop, ("hmics_desktop.ui", "hmics_desktop.__main__")),
                             (openpyxl, ("openpyxl.utils.dataframe",))):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not module.name.startswith(skipped):
                importlib.import_module(module.name)
    import platformdirs, fcntl, logging.handlers, docx.oxml.parser, psycopg.pq, psycopg.types.json
    import hmics_desktop.cli.main as cli
    from hmics_desktop.storage import migrations
    migrations.available_migrations()
    if os.getuid() == 0:
        os.setgid(65534)
        os.setuid(65534)
    sys.exit(cli.main(sys.argv[1:]))
    """
)


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder outside root's private temporary folder, that another user can reach."""
    folder = Path(tempfile.mkdtemp(prefix="hmics-ro-"))
    folder.chmod(0o755)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(folder.with_name(folder.name + "-home"), ignore_errors=True)


def _run_as_another_user(folder: Path, *args: str) -> subprocess.CompletedProcess:
    home = folder.with_name(folder.name + "-home")
    home.mkdir(exist_ok=True)
    home.chmod(0o777)
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(home), XDG_DATA_HOME=str(home), XDG_STATE_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-c", AS_ANOTHER_USER, *args], env=env, capture_output=True, text=True, timeout=120
    )


@posix_permissions
@pytest.mark.parametrize("where", ["read-only file in a writable folder", "read-only folder"])
def test_a_read_only_database_opens_read_only_and_leaves_nothing_behind(shared_folder: Path, where: str) -> None:
    db_path = example_in(shared_folder)
    if where == "read-only folder":
        db_path.chmod(0o666)
        shared_folder.chmod(0o555)
    else:  # read-only for its owner too: the tests may run as a user of their own (GitHub's runners do)
        db_path.chmod(0o444)
        shared_folder.chmod(0o777)
    before = (db_path.read_bytes(), db_path.stat().st_mtime_ns, sorted(os.listdir(shared_folder)))
    out_folder = Path(tempfile.mkdtemp(prefix="hmics-out-"))
    out_folder.chmod(0o777)
    try:
        dump = _run_as_another_user(shared_folder, "dump", "--db", str(db_path))
        assert dump.returncode == 0, dump.stderr
        assert [plan["inspection"] for plan in json.loads(dump.stdout)["plans"]] == ["Crime Audit 2020"]
        target = out_folder / "plan.xlsx"
        export = _run_as_another_user(
            shared_folder, "export", "--db", str(db_path), "--inspection", "Crime Audit 2020", "--out", str(target)
        )
        assert export.returncode == 0, export.stderr
        assert target.exists()
        write = _run_as_another_user(shared_folder, "example", "--db", str(db_path))
        assert write.returncode == 2
        assert "read-only" in write.stderr and "Traceback" not in write.stderr
    finally:
        shutil.rmtree(out_folder, ignore_errors=True)
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns, sorted(os.listdir(shared_folder))) == before


def test_a_refused_database_is_not_switched_to_wal(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE inspection (id INTEGER PRIMARY KEY)")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute("PRAGMA user_version = 999")
    before = path.read_bytes()
    assert before[18:20] == b"\x01\x01"  # a rollback-journal database
    with pytest.raises(DatabaseTooNew, match="has not been changed"):
        open_database(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.sqlite"]


def test_reading_commands_refuse_a_database_that_does_not_exist(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "typo.sqlite"
    assert main(["dump", "--db", str(missing)]) == 2
    assert "There is no plan database at" in capsys.readouterr().err
    assert not missing.exists()
    in_missing_folder = tmp_path / "no such folder" / "plans.sqlite"
    assert main(["example", "--db", str(in_missing_folder)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not in_missing_folder.parent.exists()
    assert main(["example", "--db", str(missing)]) == 0
    assert f"Created a new plan database at {missing}" in capsys.readouterr().err


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A real, small file system (tmpfs), so that the disk really fills up."""
    with small_file_system("832k") as folder:  # the example plan, its WAL checkpointed, and little more
        yield folder


def test_an_import_on_a_full_disk_says_so_and_changes_nothing(small_disk: Path, capsys) -> None:
    db_path = small_disk / "plans.sqlite"
    assert main(["example", "--db", str(db_path)]) == 0
    capsys.readouterr()
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = database_rows(db_path)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * max(free - 8192, 0))
    assert main(["import", str(LEGACY_WORKBOOK), "--db", str(db_path), "--inspection", "Too big"]) == 2
    err = capsys.readouterr().err
    assert "disk is full" in err and "cannot rollback" not in err
    (small_disk / "filler").unlink()
    assert database_rows(db_path) == before


@posix_permissions
def test_a_new_database_file_is_the_users_alone(tmp_path: Path) -> None:
    db_path = tmp_path / "plans.sqlite"
    assert main(["example", "--db", str(db_path)]) == 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
