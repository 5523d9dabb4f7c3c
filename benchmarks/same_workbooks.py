"""Say whether two exported workbooks are the same cell for cell and style for style.

Run: ``python benchmarks/same_workbooks.py BEFORE.xlsx AFTER.xlsx`` — for a change that should
make the export faster and nothing else: export the same plans as at the same day before and
after it, and compare. Compared, as openpyxl reads them: the sheets, and in each every cell's
kind (merged or not), value (rich text run by run, with each run's font), font, fill, border,
alignment, number format, protection and quote prefix; the merged ranges, row heights, column
widths, print settings (page setup, margins, header and footer, print titles and area, page
breaks), panes, data validations, conditional formats, protection and defined names. An empty
cell's type is not compared (a styled cell with no value reads the same whatever its type says).
Prints each difference (the first few cells of a sheet) and ends with ``SAME`` or the count.
"""

from __future__ import annotations

import sys
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.cell.rich_text import CellRichText
from openpyxl.xml.functions import tostring

SHOWN = 5  # differing cells shown per sheet


def _xml(thing: Any) -> Any:
    """An openpyxl object as its XML (objects compare by identity otherwise)."""
    if thing is None:
        return None
    for args in ((), ("x",)):
        try:
            return tostring(thing.to_tree(*args))
        except (AttributeError, TypeError):
            continue
    return repr(thing)


def _value(cell: Any) -> Any:
    value = cell.value
    if isinstance(value, CellRichText):
        return [(_xml(getattr(block, "font", None)), getattr(block, "text", block)) for block in value]
    return value


def _cells(sheet: Any) -> dict[str, tuple]:
    found = {}
    for row in sheet.iter_rows():
        for cell in row:
            merged = isinstance(cell, MergedCell)
            kind = None if merged or cell.value is None else cell.data_type
            style = [_xml(getattr(cell, name)) for name in ("font", "fill", "border", "alignment", "protection")]
            found[cell.coordinate] = (type(cell).__name__, _value(cell), kind, *style, cell.number_format,
                                      getattr(cell, "quotePrefix", None), None if merged else cell.style)  # fmt: skip
    return found


def _sheet(sheet: Any) -> dict[str, Any]:
    formats = sheet.conditional_formatting._cf_rules.items()
    return {
        "merged ranges": sorted(str(merged) for merged in sheet.merged_cells.ranges),
        "row heights": sorted((n, d.ht, d.customHeight, d.hidden) for n, d in sheet.row_dimensions.items()),
        "column widths": sorted((n, d.width, d.customWidth, d.hidden) for n, d in sheet.column_dimensions.items()),
        "page setup": _xml(sheet.page_setup),
        "print options": _xml(sheet.print_options),
        "margins": _xml(sheet.page_margins),
        "header and footer": _xml(sheet.HeaderFooter),
        "print titles and area": (sheet.print_title_rows, sheet.print_title_cols, sheet.print_area),
        "page breaks": ([_xml(b) for b in sheet.row_breaks.brk], [_xml(b) for b in sheet.col_breaks.brk]),
        "sheet properties": _xml(sheet.sheet_properties),
        "panes and views": (sheet.freeze_panes, _xml(sheet.views)),
        "data validations": _xml(sheet.data_validations),
        "conditional formats": [(str(where), [_xml(rule) for rule in rules]) for where, rules in formats],
        "protection": _xml(sheet.protection),
        "defined names": sorted((name, _xml(value)) for name, value in sheet.defined_names.items()),
        "dimensions and state": (sheet.dimensions, sheet.sheet_state, _xml(sheet.sheet_format)),
    }


def differences(before_path: str, after_path: str) -> list[str]:
    before = openpyxl.load_workbook(before_path, rich_text=True)
    after = openpyxl.load_workbook(after_path, rich_text=True)
    found = []
    if before.sheetnames != after.sheetnames:
        found.append(f"sheets: {before.sheetnames} then {after.sheetnames}")
    names = [sorted((n, _xml(v)) for n, v in book.defined_names.items()) for book in (before, after)]
    if names[0] != names[1]:
        found.append("the workbook's defined names differ")
    for old, new in zip(before.worksheets, after.worksheets, strict=False):
        cells = _cells(old), _cells(new)
        if cells[0].keys() != cells[1].keys():
            found.append(f"{old.title}: cells only in one: {sorted(cells[0].keys() ^ cells[1].keys())[:SHOWN]}")
        differing = [where for where in cells[0].keys() & cells[1].keys() if cells[0][where] != cells[1][where]]
        found += [f"{old.title}!{where}: {cells[0][where]} then {cells[1][where]}" for where in differing[:SHOWN]]
        if differing:
            found.append(f"{old.title}: {len(differing)} cells differ")
        facts = _sheet(old), _sheet(new)
        found += [f"{old.title}: its {key} differ" for key in facts[0] if facts[0][key] != facts[1][key]]
        print(f"{old.title}: {len(cells[0])} cells, {len(facts[0]['merged ranges'])} merged ranges compared")
    return found


if __name__ == "__main__":
    found = differences(sys.argv[1], sys.argv[2])
    print("\n".join(found))
    print("SAME" if not found else f"{len(found)} differences")
