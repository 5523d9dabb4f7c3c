"""Rows written as text: each cell's XML is the XML openpyxl writes for the same cell."""

import io
import re

import pytest
import python_calamine
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell._writer import write_cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.styles import Alignment, Font
from openpyxl.xml.functions import xmlfile

from hmics_desktop.excel.cell_text import set_text
from hmics_desktop.excel.font_metrics import FontStyle
from hmics_desktop.excel.rich_cells import FONTS, run_properties, styled_text
from hmics_desktop.excel.text_rows import TextRows, package

STYLES = {run_properties(style): style for style in FONTS}
# no "_": Excel's escapes ("_x0041_") are escaped here and not by openpyxl (see the last test)
TEXT = st.text(alphabet=st.sampled_from(list("ab Z.\n\r\t&<>\"'=+-@é—€😀")), min_size=1, max_size=30)


def _openpyxls(value: str | CellRichText) -> tuple[bytes, TextRows, tuple[int, int]]:
    """The cell's XML as openpyxl writes it, and a table of the same workbook with the cell's looks."""
    workbook = Workbook()
    sheet = workbook.active
    cell = sheet.cell(row=3, column=2)
    cell.font, cell.alignment = Font(name="Arial", size=10), Alignment(wrap_text=True, vertical="top")
    table = TextRows(sheet)
    looks = table.look(cell), table.look(cell, quoted=True)
    set_text(cell, value)
    out = io.BytesIO()
    with xmlfile(out) as xf:
        write_cell(xf, sheet, cell, cell.has_style)
    return out.getvalue(), table, looks


def _ours(table: TextRows, value: object, looks: tuple[int, int]) -> bytes:
    table.add(3, 15.0, [(2, value, looks)])  # type: ignore[list-item]
    found = re.search(r"<c .*</c>", table.parts[-1], re.DOTALL)
    assert found is not None
    return found.group(0).encode("ascii", "xmlcharrefreplace")


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
@example(text=" starts and ends with spaces ")
@example(text="=SUM(A1)")
def test_a_text_cell_is_written_as_openpyxl_writes_it(text: str) -> None:
    openpyxls, table, looks = _openpyxls(text)
    assert _ours(table, text, looks) == openpyxls


@settings(max_examples=200, deadline=None)
@given(runs=st.lists(st.tuples(TEXT, st.sampled_from(list(FONTS))), min_size=1, max_size=4))
@example(runs=[("Recommendation 1", FontStyle.BOLD), ("\n", FontStyle.REGULAR), (" Closed ", FontStyle.BOLD)])
def test_a_rich_text_cell_is_written_as_openpyxl_writes_it(runs: list[tuple[str, FontStyle]]) -> None:
    value = tuple((run_properties(style), text) for text, style in runs)
    openpyxls, table, looks = _openpyxls(CellRichText([TextBlock(FONTS[STYLES[rpr]], text) for rpr, text in value]))
    assert _ours(table, value, looks) == openpyxls


def test_a_run_of_only_a_line_break_goes_with_the_next_and_plain_text_stays_plain() -> None:
    value = styled_text([("Recommendation 1", FontStyle.BOLD), ("\n", FontStyle.REGULAR), ("Closed", FontStyle.BOLD)])
    assert value == ((run_properties(FontStyle.BOLD), "Recommendation 1"), (run_properties(FontStyle.BOLD), "\nClosed"))
    assert styled_text([("Plain words", FontStyle.REGULAR)]) == "Plain words"
    assert styled_text([("Two ", FontStyle.REGULAR), ("runs", FontStyle.REGULAR)]) == "Two runs"


def test_text_that_reads_as_excels_escape_of_a_character_is_kept_as_written() -> None:
    _openpyxls_xml, table, looks = _openpyxls("x")
    bold = run_properties(FontStyle.BOLD)
    assert "<t>See _x005F_x0041_</t>" in _ours(table, "See _x0041_", looks).decode()
    assert "<t>See _x005F_x0041_</t>" in _ours(table, ((bold, "See _x0041_"),), looks).decode()


def test_a_character_xml_cannot_hold_is_refused_as_openpyxl_refuses_it() -> None:
    _openpyxls_xml, table, looks = _openpyxls("x")
    for text in ("half a pair \ud800", "not a character \ufffe"):
        with pytest.raises(ValueError, match="XML compatible"):
            table.add(4, 15.0, [(1, "fine", looks), (2, text, looks)])
    assert len(table.parts) == 0


HOSTILE_CHARACTERS = list("a _x005F0041Df\n\r\t&<>\"'=+-@é😀\u0301\u202e]")  # Excel's escapes among them
HOSTILE = st.text(alphabet=st.sampled_from(HOSTILE_CHARACTERS), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(text=HOSTILE)
@example(text="_x005F_x0041_")
@example(text="   ")
@example(text="]]>")
def test_a_text_written_as_a_row_reads_back_from_the_saved_workbook_as_written(text: str) -> None:
    _openpyxls_xml, table, looks = _openpyxls("x")
    sheet, workbook = table.sheet, table.sheet.parent
    rich = styled_text([("Recommendation 1", FontStyle.BOLD), (f"\n{text}", FontStyle.REGULAR)])
    table.add(3, 15.0, [(1, text, looks), (2, rich, looks)])
    saved = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(package(workbook, [table])))
    read = saved.get_sheet_by_name(sheet.title).to_python(skip_empty_area=False)[2]
    assert read[0] == text
    assert read[1] == (f"Recommendation 1\n{text}" if text.strip() else "Recommendation 1")  # blank: left out
