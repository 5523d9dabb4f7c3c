"""CSV trackers into the same sheet grid as a workbook: encoding and delimiter found, not asked.

Excel saves "CSV UTF-8" (with a byte-order mark), plain "CSV" (Windows-1252 on a British
Windows), and, where the comma is the decimal mark, semicolons. Cells may hold several
lines inside quotes. The text is decoded once, the delimiter taken from Excel's "sep=;"
line when there is one, else chosen as the one that splits the first records into the
most consistent number of columns.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from pathlib import Path

from hmics_desktop.excel.grid import CSV, MAX_CELLS, MAX_TEXT_FILE_BYTES, Sheet, UnreadableWorkbook

_DELIMITERS = (",", ";", "\t")
_SAMPLE_RECORDS = 50


def read_csv(path: Path) -> list[Sheet]:
    """The CSV file at ``path`` as one sheet named after the file."""
    if path.stat().st_size > MAX_TEXT_FILE_BYTES:
        raise UnreadableWorkbook(f"{path.name} is a far longer CSV file than any plan.")
    text = decode(path.read_bytes(), path.name)
    first_line, _, rest = text.partition("\n")
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        delimiter, text = first_line.strip()[4], rest  # Excel's hint line: "sep=;"
    else:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    width = 0
    try:
        for record in reader:
            rows.append(record)
            width = max(width, len(record))
            if len(rows) * width > MAX_CELLS:
                raise UnreadableWorkbook(f"{path.name} has far more rows and columns than any plan.")
    except csv.Error:
        raise UnreadableWorkbook(
            f"{path.name} cannot be read as a CSV file (line {reader.line_num} is broken): open it in Excel, "
            "save it as .xlsx and import that copy."
        ) from None
    return [Sheet(path.stem, rows, kind=CSV)]


def decode(raw: bytes, file_name: str) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with one, else Windows-1252."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    if b"\0" in raw[:4096]:
        raise UnreadableWorkbook(f"{file_name} is not a text file, so not a CSV file.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """The delimiter that gives the first records the most consistent number of columns (above one)."""
    best, best_score = ",", 0
    sample = text[: 1 << 16]
    for delimiter in _DELIMITERS:
        counts: Counter[int] = Counter()
        try:
            for number, record in enumerate(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)):
                if number >= _SAMPLE_RECORDS:
                    break
                if any(cell.strip() for cell in record):
                    counts[len(record)] += 1
        except csv.Error:
            continue
        columns, rows = max(counts.items(), key=lambda item: (item[1], item[0]), default=(1, 0))
        score = rows * (columns > 1)
        if score > best_score:
            best, best_score = delimiter, score
    return best
