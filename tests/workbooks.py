"""Build test workbooks of every layout family in the test itself (no binaries in the repo)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]], merged: dict[str, list[str]] | None = None) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell_range in (merged or {}).get(name, []):
            sheet.merge_cells(cell_range)
    workbook.save(path)
    return path


def write_xls(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    import xlwt

    workbook = xlwt.Workbook()
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, rows in sheets.items():
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, datetime):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
    workbook.save(str(path))
    return path


TRACKER_HEADER = ["Ref", "Recommendation", "Action No", "Actions", "Lead", "Target date", "RAG", "Status",
                  "Update", "Next steps"]  # fmt: skip
TRACKER_ROWS = [
    [1, "Police Scotland should review custody.", "1.1", "Review the custody estate", "Custody", "Sept 2022",
     "Green", "In progress", "Review started", "(i) Report to board\n(ii) Agree options"],
    [1, "Police Scotland should review custody.", "1.2", "Train custody staff", "LTD", datetime(2023, 2, 7),
     "Red", "Complete", "All staff trained", ""],
    [2, "Police Scotland should improve healthcare.", "2.1", "Agree healthcare partnership", "NHS liaison",
     "07/02/2024", "Amber", "Ongoing – delayed", "Partnership draft", "Sign off"],
]  # fmt: skip


def tracker_rows() -> list[list[Any]]:
    return [["OFFICIAL"], [], ["Custody (D&G) improvement tracker"], [], TRACKER_HEADER, *TRACKER_ROWS]
