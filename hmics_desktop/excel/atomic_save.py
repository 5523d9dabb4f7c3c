"""Save a workbook (or a paper) beside its target and move it into place only when complete.

A target that another program holds open (Excel's ``~$name`` or LibreOffice's
``.~lock.name#`` lock file, or a refusal to replace it) gets a clear message, and the
old file stays exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook


class CannotWriteExport(Exception):
    """The export cannot be written; ``str()`` is one sentence for the user."""


def _open_elsewhere(target: Path) -> bool:
    locks = (target.with_name(f"~${target.name}"), target.with_name(f".~lock.{target.name}#"))
    return any(lock.exists() for lock in locks)


def _in_use_message(target: Path) -> str:
    return (
        f"{target.name} is open in another program (Excel or LibreOffice?). Close it and export again; "
        "the file as it was has not been changed."
    )


def save_atomically(workbook: Workbook, target: Path) -> None:
    write_atomically(workbook.save, target)


def write_atomically(write: Callable[[Path], None], target: Path) -> None:
    """Let ``write`` write a temporary file beside ``target``, then move it into place."""
    folder = target.parent
    if not folder.is_dir():
        raise CannotWriteExport(f"The folder {folder} does not exist.")
    if target.is_dir():
        raise CannotWriteExport(f"{target} is a folder; choose a file name ending in {target.suffix or '.xlsx'}.")
    if _open_elsewhere(target):
        raise CannotWriteExport(_in_use_message(target))
    try:
        handle, temporary_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=f"{target.suffix}.part", dir=folder)
    except OSError as error:
        raise CannotWriteExport(f"Cannot write in {folder} ({error.strerror}); choose another folder.") from None
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        write(temporary)
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
