"""Read any plan file a secretary has into plain grids, refusing what is not a sane plan file.

The file's kind is found by its first bytes, never its name alone: a zipped package
(.xlsx, .xlsm, .xlsb, .ods, .docx), an OLE file (.xls, or a password-protected .xlsx),
a bare BIFF stream (Excel 2–4), a .csv. Every limit is checked on the file's own records
before anything is expanded (see :mod:`grid`); python-calamine then reads the
spreadsheets, python-docx the Word tables. Whatever a reader raises — a Rust panic
included, which is a ``BaseException`` — becomes one :class:`UnreadableWorkbook`
sentence in the user's words; the library's own words go to the log.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import python_calamine

from hmics_desktop.excel.csv_table import read_csv
from hmics_desktop.excel.grid import MAX_CELLS, MAX_FILE_BYTES, Sheet, UnreadableWorkbook
from hmics_desktop.excel.ole_workbook import OLE_MAGIC, check_ole, excel_4_message, old_excel_version
from hmics_desktop.excel.word_tables import read_word_tables
from hmics_desktop.excel.zip_package import check_package

__all__ = ["MAX_FILE_BYTES", "Sheet", "UnreadableWorkbook", "read_workbook"]

log = logging.getLogger(__name__)
_ZIP = b"PK\x03\x04"
MACRO_SHEET = "an Excel 4.0 macro sheet, which holds no plan"
# Sheets that hold no cells, by the end of their kind's name in python-calamine.
_CELLLESS_SHEETS = {
    "ChartSheet": "a chart, which holds no plan rows",
    "DialogSheet": "an old Excel dialog sheet, which holds no plan rows",
    "Vba": "a macro module, which holds no plan rows",
}
HIDDEN = "hidden in Excel"
VERY_HIDDEN = "hidden in Excel so that only a macro can show it"
_OTHER_KINDS = (
    (b"%PDF", "a PDF: ask for the plan as the Word or Excel file it was made from"),
    (b"{\\rtf", "a Rich Text document: open it in Word, save it as .docx and import that copy"),
)
SUPPORTED = ".xlsx, .xlsm, .xls, .xlsb, .ods, .docx and .csv"


def read_workbook(path: Path) -> list[Sheet]:
    """The sheets of ``path`` (or its Word tables, or its CSV rows) as rows of values from A1.

    Hidden sheets are read too (marked so); sheets that hold no cells (charts…) come back skipped, with why.
    """
    return _guarded(path, lambda: _read(path))


def _read(path: Path) -> list[Sheet]:
    head = _check_file(path)
    if head.startswith(_ZIP):
        package = check_package(path.name, path)
        if package.kind == "docx":
            return read_word_tables(path, package.main, package.title)
        sheets = _read_spreadsheet(path, package.data)
        for sheet in sheets:
            sheet.uncalculated = package.uncalculated.get(sheet.name, [])
            sheet.title = package.title
            sheet.page_header = package.headers.get(sheet.name)
            sheet.part, sheet.styles = package.parts.get(sheet.name), package.styles
        return sheets + [Sheet(name, [], skipped=MACRO_SHEET) for name in package.skipped]
    if head.startswith(OLE_MAGIC):
        ole = check_ole(path.name, path.read_bytes())
        return _read_spreadsheet(path, ole.data if ole.renamed else None)
    version = old_excel_version(head)
    if version is not None:
        raise UnreadableWorkbook(excel_4_message(path.name, version))
    for magic, what in _OTHER_KINDS:
        if head.startswith(magic):
            raise UnreadableWorkbook(f"{path.name} is {what}.")
    if _is_web_page_or_xml_spreadsheet(head):
        raise UnreadableWorkbook(
            f"{path.name} is an Excel web page or XML spreadsheet: open it in Excel, save it as .xlsx "
            "and import that copy."
        )
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    raise UnreadableWorkbook(
        f"{path.name} is not a spreadsheet, a Word document or a .csv file (plans are read from {SUPPORTED} files)."
    )


def _is_web_page_or_xml_spreadsheet(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<html", b"<!doctype html")) or b"urn:schemas-microsoft-com:office:spreadsheet" in text


def _guarded(path: Path, read: Any) -> list[Sheet]:
    """Run the checks and the reader; anything they raise becomes one sentence (Ctrl+C and exit go through)."""
    try:
        return read()  # type: ignore[no-any-return]
    except UnreadableWorkbook:
        raise
    except python_calamine.PasswordError:
        raise UnreadableWorkbook(
            f"{path.name} is protected with a password: open it in Excel, remove the password and save a copy, "
            "then import that copy."
        ) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except MemoryError:
        raise UnreadableWorkbook(
            f"{path.name} needs more memory than this computer has free; it was not read."
        ) from None
    except BaseException as error:  # a panic in python-calamine's Rust code is a BaseException
        log.warning("reading %s failed: %s: %s", path.name, type(error).__name__, error)
        raise UnreadableWorkbook(
            f"{path.name} is damaged and cannot be read: if Excel (or Word) still opens it, save it again "
            "under a new name and import that copy."
        ) from None


@contextmanager
def _native_messages_logged() -> Iterator[None]:
    """Lend the process's stderr to the reader and log what it writes there.

    A panic in python-calamine's Rust code prints a line to the process's stderr before it becomes
    a Python exception; on the command line (the main thread) that would be a second line under
    the one sentence. (In the application the reader runs in a worker thread and stderr is not seen.)
    """
    try:
        saved = os.dup(2) if threading.current_thread() is threading.main_thread() else None
    except OSError:  # no stderr at all (a windowed program)
        saved = None
    if saved is None:
        yield
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            written = sink.read(4000).decode("utf-8", "replace").strip()
            if written:
                log.warning("the reader wrote: %s", written)


def _read_spreadsheet(path: Path, data: bytes | None) -> list[Sheet]:
    with _native_messages_logged():
        return _read_sheets(path, data)


def _read_sheets(path: Path, data: bytes | None) -> list[Sheet]:
    if data is None:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    else:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        sheets = []
        for meta in workbook.sheets_metadata:
            kind, visible = str(meta.typ).rpartition(".")[2], str(meta.visible).rpartition(".")[2]
            hidden = {"Hidden": HIDDEN, "VeryHidden": VERY_HIDDEN}.get(visible)
            if kind == "WorkSheet":
                sheets.append(_read_sheet(path.name, workbook, meta.name))
            else:
                sheets.append(Sheet(meta.name, [], skipped=_CELLLESS_SHEETS.get(kind, MACRO_SHEET)))
            sheets[-1].hidden = hidden
        return sheets
    finally:
        workbook.close()


def _read_sheet(file_name: str, workbook: Any, name: str) -> Sheet:
    sheet = workbook.get_sheet_by_name(name)
    end_row, end_col = sheet.end or (0, 0)
    if (end_row + 1) * (end_col + 1) > MAX_CELLS:  # measured before; checked again before expanding
        raise UnreadableWorkbook(f"The sheet “{name}” of {file_name} is far larger than any plan; it was not read.")
    rows = sheet.to_python(skip_empty_area=False)
    merged = [((a[0], a[1]), (b[0], b[1])) for a, b in (sheet.merged_cell_ranges or [])]
    return Sheet(name=name, rows=rows, merged=merged)


def _check_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(512)
    except FileNotFoundError:
        raise UnreadableWorkbook(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise UnreadableWorkbook(f"{path.name} is a folder, not a spreadsheet.") from None
    except OSError as error:
        raise UnreadableWorkbook(f"{path.name} cannot be opened ({error.strerror}).") from None
    if size == 0:
        raise UnreadableWorkbook(f"{path.name} is empty (0 bytes).")
    if size > MAX_FILE_BYTES:
        raise UnreadableWorkbook(
            f"{path.name} is {size // (1024 * 1024)} MB, larger than any plan (the limit is "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB)."
        )
    return head
