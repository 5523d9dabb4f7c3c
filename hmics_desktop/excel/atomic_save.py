"""Save a workbook (or a paper) beside its target and move it into place only when complete.

A target that another program holds open (Excel's ``~$name`` or LibreOffice's
``.~lock.name#`` lock file, or a refusal to replace it) gets a clear message, and the
old file stays exactly as it was. A replaced file keeps its permissions; a read-only one
(no write permission bit, Windows' read-only mark) is refused even where the user could
override it; a new file gets the permissions the user's umask gives new files. A name too long
for the file system is refused in a sentence; one it takes is saved, beside it a temporary of a
name short enough too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from hmics_desktop.domain.words import shortened
from hmics_desktop.private_files import new_private_file

TEMPORARY_STEM = 40  # characters of the target's name in its temporary's: the file system takes the rest


class CannotWriteExport(Exception):
    """The export cannot be written; ``str()`` is one sentence for the user."""


def _open_elsewhere(target: Path) -> bool:
    locks = (target.with_name(f"~${target.name}"), target.with_name(f".~lock.{target.name}#"))
    return any(os.path.exists(lock) for lock in locks)  # False for a lock's name too long to be one


def _refuse_a_name_too_long(target: Path) -> None:
    try:
        os.stat(target)
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            raise CannotWriteExport(
                f"The name “{shortened(target.name, 60)}” is too long to be saved there: "
                "choose a shorter name; nothing was written."
            ) from None


def _in_use_message(target: Path) -> str:
    return (
        f"{target.name} is open in another program (Excel or LibreOffice?). Close it and export again; "
        "the file as it was has not been changed."
    )


def save_atomically(workbook: Workbook, target: Path) -> None:
    write_atomically(workbook.save, target)


def write_bytes_atomically(data: bytes, target: Path) -> None:
    """Write ``data`` to ``target`` as :func:`write_atomically` does (a saved package, say)."""

    def write(path: Path) -> None:
        path.write_bytes(data)

    write_atomically(write, target)


def write_atomically(write: Callable[[Path], None], target: Path) -> None:
    """Let ``write`` write a temporary file beside ``target``, then move it into place."""
    folder = target.parent
    _refuse_a_name_too_long(target)
    if not folder.is_dir():
        raise CannotWriteExport(f"The folder {folder} does not exist.")
    if target.is_dir():
        raise CannotWriteExport(f"{target} is a folder; choose a file name ending in {target.suffix or '.xlsx'}.")
    if _open_elsewhere(target):
        raise CannotWriteExport(_in_use_message(target))
    kept_mode = _mode_to_keep(target)
    try:
        temporary = _create_beside(target)
    except OSError as error:
        raise CannotWriteExport(f"Cannot write in {folder} ({error.strerror}); choose another folder.") from None
    try:
        write(temporary)
        if kept_mode is not None:
            os.chmod(temporary, kept_mode)
        os.replace(temporary, target)
    except PermissionError:
        raise CannotWriteExport(_in_use_message(target)) from None
    except OSError as error:
        missing = f": {error.filename}" if error.filename and Path(error.filename) != temporary else ""
        raise CannotWriteExport(
            f"{target.name} could not be written ({error.strerror}{missing}); nothing was changed."
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _mode_to_keep(target: Path) -> int | None:
    """The permissions of the file being replaced (None when there is none); refuses a read-only one."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return None
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise CannotWriteExport(
            f"{target.name} is read-only: clear its read-only mark or choose another name; "
            "the file has not been changed."
        )
    return mode


def _create_beside(target: Path) -> Path:
    """A new empty file next to ``target``, private to the user (``private_files``) until it replaces one."""
    while True:
        candidate = target.with_name(f".{target.stem[:TEMPORARY_STEM]}-{secrets.token_hex(4)}{target.suffix}.part")
        try:
            new_private_file(candidate)
        except FileExistsError:
            continue
        return candidate
