"""Warnings that name the cells of a sheet: rows listed the way people read them, cells by heading."""

from __future__ import annotations

from hmics_desktop.domain.words import listed
from hmics_desktop.excel.columns import FIELD_LABELS, Header

ROWS_NAMED = 20  # a warning names this many rows, then says how many more


def column_letter(index: int) -> str:
    """A column's letters as Excel shows them: 0 → "A", 26 → "AA" (openpyxl's own takes long to load)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def rows_listed(rows: list[int]) -> str:
    """``[4]`` → "row 4"; ``[4, 7, 9]`` → "rows 4, 7 and 9"."""
    return f"row {rows[0]}" if len(rows) == 1 else f"rows {listed([str(r) for r in rows], ROWS_NAMED)}"


def cleaned_cells(sheet: str, cleaned: dict[tuple[int, int], list[str]], header: Header) -> list[str]:
    """One warning per column whose cells had control characters taken out, naming the rows and the heading."""
    by_column: dict[int | None, tuple[list[int], set[str]]] = {}
    for (row, column), characters in sorted(cleaned.items()):
        key = column if row > header.row else None  # above the header: a title or banner row
        rows, found = by_column.setdefault(key, ([], set()))
        rows.append(row + 1)
        found.update(characters)
    warnings = []
    for key, (rows, found) in by_column.items():
        cell = ""
        if key is not None:
            heading = header.headings.get(key)
            cell = f", column “{heading}”" if heading else f", column {column_letter(key)}"
        characters = sorted(found)
        what = (
            f"the control character {characters[0]} was taken out: it is not text, and a Word paper cannot hold it"
            if len(characters) == 1
            else f"the control characters {listed(characters, 8)} were taken out: they are not text, and a Word "
            "paper cannot hold them"
        )
        warnings.append(f"Sheet “{sheet}”, {rows_listed(rows)}{cell}: {what}.")
    return warnings


class CellsWithoutAnAction:
    """An action's cells (an update, next steps…) on rows that have no action: named, one warning per column."""

    FIELDS = ("progress_date", "progress", "next_steps", "links")

    def __init__(self, sheet: str, header: Header, warnings: list[str]) -> None:
        self.sheet, self.header, self.warnings = sheet, header, warnings
        self.rows: dict[str, tuple[int, list[int]]] = {}  # field → the warning's slot, the rows

    def note(self, row: int, texts: dict[str, str]) -> None:
        """Name the action's cells that hold something on ``row`` (counted from 1), which has no action."""
        for name in self.FIELDS:
            if texts.get(name):
                if name not in self.rows:
                    self.warnings.append("")  # the slot, worded once every row is read
                    self.rows[name] = (len(self.warnings) - 1, [])
                self.rows[name][1].append(row)

    def finish(self) -> None:
        for name, (slot, rows) in self.rows.items():
            column = self.header.column(name)
            heading = (self.header.headings.get(column) if column is not None else None) or FIELD_LABELS[name]
            cells = "the cell was" if len(rows) == 1 else "the cells were"
            where = f"Sheet “{self.sheet}”, {rows_listed(rows)}"
            self.warnings[slot] = f"{where}: no action on the row for its “{heading}”; {cells} not read."
