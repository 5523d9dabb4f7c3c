"""Text on its way into a cell: Excel's limit counted as Excel counts it, what it cannot store, its escapes."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from hmics_desktop.excel.cell_text import EXCEL_CELL_LIMIT, TextProblems, TextTooLong, set_text
from hmics_desktop.excel.excel_units import excel_length


def test_a_character_outside_the_basic_plane_counts_twice_as_in_excel() -> None:
    assert excel_length("Café") == 4
    assert excel_length("🚓 on patrol") == 12


def test_emoji_text_over_excels_limit_in_its_units_is_refused_and_says_its_length() -> None:
    text = "🚓" * (EXCEL_CELL_LIMIT // 2 + 1)  # 16,384 characters, 32,768 units
    with pytest.raises(TextTooLong, match=r"Action 1\.1 is 32,768 characters long"):
        TextProblems().clean(text, "Action 1.1")


def test_text_at_excels_limit_is_kept_whole() -> None:
    text = "🚓" * (EXCEL_CELL_LIMIT // 2) + "x"  # exactly 32,767 units
    assert TextProblems().clean(text, "Action 1.1") == text


def test_characters_xml_cannot_hold_are_left_out_and_named_as_control_characters_are() -> None:
    problems = TextProblems()
    assert problems.clean("bad \ufffe and \uffff here\x07", "Action 1.1") == "bad  and  here"
    assert problems.warnings == ["Action 1.1: characters Excel cannot store were left out (U+0007, U+FFFE, U+FFFF)."]


def test_text_that_reads_as_excels_escape_of_a_character_is_put_in_a_cell_with_its_underscore_escaped() -> None:
    cell = Workbook().active["A1"]
    set_text(cell, "Ref _x0041_ and _x005F_x0042_ as typed")
    assert cell.value == "Ref _x005F_x0041_ and _x005F_x005F_x005F_x0042_ as typed"  # Excel reads it as typed
