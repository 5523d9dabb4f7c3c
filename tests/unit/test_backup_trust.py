"""Backups that can be trusted.

A restore never loses the plan nor gives an id twice, a failed backup is never kept or listed,
backups made in the same second keep their order, and the quick check reads any file name.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from database_rows import database_rows
from plan_fixture import LEGACY_WORKBOOK
from small_disk import small_file_system

from hmics_desktop.cli.main import main
from hmics_desktop.storage import backups
from hmics_desktop.storage.backups import KEEP, BackupFailed, RestoreRefused, list_backups, make_backup
from hmics_desktop.storage.database import integrity_problems
from hmics_desktop.storage.restore import restore


def _example(path: Path) -> Path:
    assert main(["example", "--db", str(path)]) == 0
    return path


def _back_up(db_path: Path, reason: str) -> Path:
    with closing(sqlite3.connect(db_path)) as connection:
        made = make_backup(connection, db_path, reason)
    assert made is not None
    return made


def _titles(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)) as connection:
        return [row[0] for row in connection.execute("SELECT title FROM inspection ORDER BY id")]


def _rename_title(db_path: Path, title: str) -> None:
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("UPDATE inspection SET title = ?", (title,))


class _Clock:
    """``datetime`` as the backups module sees it, stopped at one second."""

    moment = datetime(2025, 3, 19, 10, 30, 5)

    @classmethod
    def now(cls) -> datetime:
        return cls.moment

    strptime = staticmethod(datetime.strptime)


def test_restoring_the_oldest_of_ten_backups_keeps_it_and_brings_it_back(tmp_path: Path) -> None:
    db_path = _example(tmp_path / "plans.sqlite")
    oldest = _back_up(db_path, "before-import")
    oldest = oldest.rename(oldest.with_name("20200101-090000_before-import.sqlite"))
    _rename_title(db_path, "Renamed since")
    for _ in range(KEEP - 1):
        _back_up(db_path, "daily")
    assert len(list_backups(db_path)) == KEEP and list_backups(db_path)[-1].path == oldest
    restore(oldest, db_path)
    assert oldest.exists()
    assert _titles(db_path) == ["Crime Audit 2020"]  # it had been emptied: no tables at all
    newest = list_backups(db_path)[0]
    assert newest.reason == "before-restore" and _titles(newest.path) == ["Renamed since"]


@pytest.mark.parametrize("what", ["missing", "empty", "not SQLite", "another program's", "cut short"])
def test_a_backup_that_is_not_a_whole_plan_is_refused_and_the_plan_untouched(tmp_path: Path, what: str) -> None:
    db_path = _example(tmp_path / "plans.sqlite")
    whole = _back_up(db_path, "before-import")
    chosen = tmp_path / "chosen.sqlite"
    if what == "empty":
        chosen.touch()
    elif what == "not SQLite":
        chosen.write_text("hello")
    elif what == "another program's":
        with closing(sqlite3.connect(chosen)) as other, other:
            other.execute("CREATE TABLE t (x)")
    elif what == "cut short":
        chosen.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    before = (db_path.read_bytes(), sorted(p.name for p in tmp_path.iterdir()), list_backups(db_path))
    with pytest.raises(RestoreRefused) as refused:
        restore(chosen, db_path)
    words = str(refused.value)
    assert words.endswith("; the plan was not changed.") and ". " not in words and chosen.name in words
    assert before == (db_path.read_bytes(), sorted(p.name for p in tmp_path.iterdir()), list_backups(db_path))


def test_backups_made_in_the_same_second_keep_their_order_and_the_trim_takes_the_oldest(
    tmp_path: Path, monkeypatch
) -> None:
    db_path = _example(tmp_path / "plans.sqlite")
    monkeypatch.setattr(backups, "datetime", _Clock)
    made = []
    for number in range(KEEP + 2):
        _rename_title(db_path, f"State {number}")
        made.append(_back_up(db_path, "daily" if number % 3 else "before-import"))
    listed = list_backups(db_path)
    assert [b.path for b in listed] == made[::-1][:KEEP]  # newest first; "-2" had sorted as the oldest
    assert [_titles(b.path)[0] for b in listed] == [f"State {n}" for n in range(KEEP + 1, 1, -1)]
    assert not made[0].exists() and not made[1].exists()


def test_files_that_are_not_whole_backups_are_not_listed_nor_counted(tmp_path: Path) -> None:
    db_path = _example(tmp_path / "plans.sqlite")
    real = _back_up(db_path, "before-import")
    folder = real.parent
    (folder / "20250101-120000_daily.sqlite").touch()  # a backup that failed to write
    (folder / "20250101-120001_daily.sqlite").write_bytes(real.read_bytes()[:4096])  # cut short
    assert [b.path for b in list_backups(db_path)] == [real]
    for _ in range(KEEP):
        _back_up(db_path, "daily")
    assert len(list_backups(db_path)) == KEEP
    assert (folder / "20250101-120000_daily.sqlite").exists()  # not ours to delete: never a backup


@pytest.fixture
def backup_disk(monkeypatch) -> Iterator[Path]:
    """The user-data folder (where backups go) on a real, small file system of its own."""
    with small_file_system("4m", "hmics-backup-disk-") as folder:
        monkeypatch.setenv("XDG_DATA_HOME", str(folder))
        yield folder


def _fill(disk: Path) -> None:
    free = shutil.disk_usage(disk).free
    (disk / "filler").write_bytes(b"\0" * max(free - 4096, 0))


def _three_backups(db_path: Path) -> list[Path]:
    return [_back_up(db_path, "before-import") for _ in range(3)]


@pytest.mark.logs_error("the import command failed")
def test_a_backup_on_a_full_backup_disk_is_removed_and_the_import_names_the_backup_folder(
    backup_disk: Path, tmp_path: Path, capsys
) -> None:
    db_path = _example(tmp_path / "plans.sqlite")
    kept = _three_backups(db_path)
    for _ in range(KEEP - 3):
        _back_up(db_path, "daily")
    kept = [b.path for b in list_backups(db_path)]
    _fill(backup_disk)
    before = database_rows(db_path)
    capsys.readouterr()
    for _ in range(3):
        assert main(["import", str(LEGACY_WORKBOOK), "--db", str(db_path), "--inspection", "Too big"]) == 2
        err = capsys.readouterr().err
        assert f"the backup folder {backups.folder_for(db_path)} is full" in err, err
        assert "the disk is full" not in err and err.endswith("nothing was changed.\n") and err.count("\n") == 1
    assert [b.path for b in list_backups(db_path)] == kept
    assert sorted(backups.folder_for(db_path).iterdir()) == sorted(kept)  # no 0-byte file left behind
    (backup_disk / "filler").unlink()
    assert database_rows(db_path) == before


def test_a_read_only_backup_disk_is_named_as_such(backup_disk: Path, tmp_path: Path) -> None:
    db_path = _example(tmp_path / "plans.sqlite")
    kept = _three_backups(db_path)
    assert subprocess.run(["mount", "-o", "remount,ro", str(backup_disk)], check=False, timeout=60).returncode == 0
    with pytest.raises(BackupFailed, match=r"^the backup folder .* is on a read-only disk"):
        _back_up(db_path, "daily")
    assert [b.path for b in list_backups(db_path)] == kept[::-1]


def test_the_quick_check_reads_a_name_with_hash_and_question_mark(tmp_path: Path) -> None:
    folder = tmp_path / "dir with spaces ü"
    folder.mkdir()
    damaged = folder / "Damaged #2.sqlite"
    _example(damaged)
    with closing(sqlite3.connect(damaged)) as connection, connection:
        connection.execute("PRAGMA journal_mode = delete")
        connection.execute("UPDATE action SET owner = ?", ("x" * 3000,))
    data = bytearray(damaged.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(2, len(data) // page_size - 1):
        data[page * page_size : page * page_size + 40] = b"\xff" * 40
    damaged.write_bytes(bytes(data))
    assert integrity_problems(damaged) is not None
    assert sorted(p.name for p in folder.iterdir()) == ["Damaged #2.sqlite"]  # no stray "Damaged " file
    odd = folder / "what?.sqlite"
    _example(odd)
    assert integrity_problems(odd) is None
    beside = {"what?.sqlite-wal", "what?.sqlite-shm"}  # SQLite's own, as while the window has it open
    assert sorted(p.name for p in folder.iterdir() if p.name not in beside) == ["Damaged #2.sqlite", "what?.sqlite"]


_WRITER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
for number in range(int(sys.argv[2])):
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "INSERT INTO progress_update (action_id, as_at, text, created_at) "
        "VALUES (1, '2024-01-01', ?, '2024-01-01 10:00:00')",
        (f"written {number}",),
    )
    connection.execute("COMMIT")
    print(number, flush=True)
"""


def _written(path: Path) -> set[str]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        return {row[0] for row in connection.execute("SELECT text FROM progress_update WHERE text LIKE 'written %'")}


def test_a_restore_while_another_program_writes_loses_nothing_it_saved(tmp_path: Path) -> None:
    db_path = _example(tmp_path / "plans.sqlite")
    chosen = _back_up(db_path, "before-import")
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db_path), "600"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None
        while int(writer.stdout.readline() or 600) < 30:  # the other program is writing
            pass
        restore(chosen, db_path)
        out, err = writer.communicate(timeout=120)
    finally:
        writer.kill()
    assert writer.returncode == 0, err
    saved = {f"written {line}" for line in out.split()} | {f"written {n}" for n in range(31)}
    before_restore = next(b for b in list_backups(db_path) if b.reason == "before-restore").path
    assert saved <= _written(db_path) | _written(before_restore)  # each update is in the plan or in its backup
    assert _written(before_restore) and _titles(db_path) == ["Crime Audit 2020"]


def test_an_id_given_after_the_backup_is_not_given_again_after_the_restore(tmp_path: Path) -> None:
    db_path = _example(tmp_path / "plans.sqlite")
    chosen = _back_up(db_path, "daily")
    assert main(["import", str(LEGACY_WORKBOOK), "--db", str(db_path), "--inspection", "After"]) == 0
    given = _largest_ids(db_path)  # a second plan: its inspection, recommendations, … and its audit rows
    restore(chosen, db_path)
    assert main(["import", str(LEGACY_WORKBOOK), "--db", str(db_path), "--inspection", "Again"]) == 0
    again = _largest_ids(db_path)
    for table in ("inspection", "recommendation", "action", "audit_entry", "row_history"):
        assert again[table] > given[table], table


def _largest_ids(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        return {table: connection.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0]
                for table in ("inspection", "recommendation", "action", "audit_entry", "row_history")}  # fmt: skip


def test_a_backup_made_by_a_newer_version_is_refused(tmp_path: Path) -> None:
    db_path = _example(tmp_path / "plans.sqlite")
    newer = _back_up(db_path, "daily")
    with closing(sqlite3.connect(newer)) as connection:
        connection.execute("PRAGMA user_version = 99")
    before = db_path.read_bytes()
    with pytest.raises(RestoreRefused, match="made by a newer version of this application \\(schema 99\\)"):
        restore(newer, db_path)
    assert db_path.read_bytes() == before
