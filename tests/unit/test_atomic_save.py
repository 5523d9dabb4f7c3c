"""Exports replace a file only when complete, keep its permissions, refuse a read-only one, a full disk, a lock.

Names of any script and up to the file system's length are written; beyond it, refused in a sentence.

CI runs as root, for whom a file without write bits is still writable: the checks look at
the permission bits with ``os.stat``, never at ``os.access``.
"""

import os
import stat
from pathlib import Path

import openpyxl
import pytest
from platforms import posix_permissions
from small_disk import small_file_system

from hmics_desktop.excel.atomic_save import CannotWriteExport, save_atomically, write_bytes_atomically


def _workbook(text: str) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = text
    return workbook


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@posix_permissions
def test_replacing_a_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    _workbook("old").save(target)
    os.chmod(target, 0o640)
    save_atomically(_workbook("new"), target)
    assert _mode(target) == 0o640
    assert openpyxl.load_workbook(target).active["A1"].value == "new"


@posix_permissions
@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_a_new_file_is_the_users_alone_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "plan.xlsx"
    previous = os.umask(umask)
    try:
        save_atomically(_workbook("new"), target)
    finally:
        os.umask(previous)
    assert _mode(target) == 0o600


def test_a_read_only_target_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    _workbook("old").save(target)
    os.chmod(target, 0o444)
    before = target.read_bytes()
    with pytest.raises(CannotWriteExport) as refused:
        save_atomically(_workbook("new"), target)
    assert str(refused.value) == (
        "plan.xlsx is read-only: clear its read-only mark or choose another name; the file has not been changed."
    )
    assert target.read_bytes() == before and _mode(target) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]  # no half-written file left beside it


def test_the_export_command_refuses_a_read_only_target_in_one_line(plan_db, db_location, tmp_path, capsys) -> None:
    from hmics_desktop.cli.main import main
    from hmics_desktop.services.plans import load_example_plan

    load_example_plan()
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"kept")
    os.chmod(out, 0o444)
    assert main(["export", "--db", str(db_location), "--inspection", "Crime Audit 2020", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "plan.xlsx is read-only: clear its read-only mark" in err
    assert out.read_bytes() == b"kept"


def test_a_long_name_the_file_system_takes_is_saved_with_nothing_left_beside_it(tmp_path: Path) -> None:
    target = tmp_path / f"{'Improvement plan ' * 14}{'x' * 7}.xlsx"  # 250 characters: Linux takes 255
    save_atomically(_workbook("new"), target)
    assert openpyxl.load_workbook(target).active["A1"].value == "new"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_name_too_long_for_the_file_system_is_refused_in_one_sentence(tmp_path: Path) -> None:
    target = tmp_path / f"{'Improvement plan ' * 20}.xlsx"  # 345 characters
    with pytest.raises(CannotWriteExport) as refused:
        save_atomically(_workbook("new"), target)
    assert str(refused.value) == (
        "The name “Improvement plan Improvement plan Improvement plan …” is too long to be saved there: "
        "choose a shorter name; nothing was written."
    )
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_keeps_the_old_file_leaves_nothing_beside_it_and_says_so() -> None:
    with small_file_system("64k") as folder:
        target = folder / "plan.xlsx"
        target.write_bytes(b"old")
        with pytest.raises(CannotWriteExport) as refused:
            write_bytes_atomically(b"\0" * 256 * 1024, target)  # a saved package larger than the disk
        assert str(refused.value) == "plan.xlsx could not be written (No space left on device); nothing was changed."
        assert target.read_bytes() == b"old" and [p.name for p in folder.iterdir()] == ["plan.xlsx"]


def test_a_folder_and_a_name_in_any_script_are_written_and_their_lock_files_found(tmp_path: Path) -> None:
    folder = tmp_path / "Dùn Èideann — 警察 😀"
    folder.mkdir()
    target = folder / "Plán ‘Gàidhlig’ 😀.xlsx"
    save_atomically(_workbook("new"), target)
    assert openpyxl.load_workbook(target).active["A1"].value == "new"
    (folder / "~$Plán ‘Gàidhlig’ 😀.xlsx").write_bytes(b"")  # Excel has it open
    with pytest.raises(CannotWriteExport, match="is open in another program"):
        save_atomically(_workbook("newer"), target)
    assert openpyxl.load_workbook(target).active["A1"].value == "new"
