"""Row heights: Arial's widths, Excel's column units, wrapping run by run."""

import importlib.util
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hmics_desktop.excel.cell_chunks import line_count
from hmics_desktop.excel.font_metrics import FontStyle, arial, arial_lines
from hmics_desktop.excel.row_heights import (
    LINE_POINTS,
    MAX_ROW_POINTS,
    Run,
    cell_height,
    column_pixels,
    height_for_lines,
    plain,
    row_split,
    text_points,
    wrapped_lines,
)


def test_the_shipped_widths_are_arials() -> None:
    regular, bold = arial(FontStyle.REGULAR), arial(FontStyle.BOLD)
    assert regular.width("a") == pytest.approx(1139 / 2048)
    assert regular.width("W") == pytest.approx(1933 / 2048)
    assert regular.width("0123456789") == pytest.approx(10 * 1139 / 2048)  # digits are all alike
    assert bold.width("Recommendation") > regular.width("Recommendation")
    assert arial(FontStyle.ITALIC).width("é") == regular.width("é")
    assert arial(FontStyle.BOLD_ITALIC).width("m") == bold.width("m")
    assert regular.width("漢") == 1.0  # not in the font: reckoned an em wide
    assert arial_lines().height == pytest.approx((1854 + 434) / 2048)


def test_column_widths_are_excels_pixels() -> None:
    assert column_pixels(9.140625) == 64  # Excel's default column (8.43 characters)
    assert [column_pixels(w) for w in (30, 42, 50, 38)] == [210, 294, 350, 266]
    assert text_points(30) == (210 - 5) * 0.75


def _fitting(room: float, style: FontStyle = FontStyle.REGULAR) -> str:
    """As many words "ab" as fit on one line of ``room`` points."""
    metrics, words = arial(style), ["ab"]
    while metrics.width(" ".join([*words, "ab"])) * 10 <= room:
        words.append("ab")
    return " ".join(words)


def test_text_wraps_where_the_line_is_full() -> None:
    line = _fitting(text_points(30))
    assert wrapped_lines(plain(line), 30) == 1
    assert wrapped_lines(plain(f"{line} ab"), 30) == 2
    assert wrapped_lines(plain(f"{line}\n{line}\n"), 30) == 3  # line breaks, and the empty last paragraph
    assert wrapped_lines(plain(f"{line}    "), 30) == 1  # spaces at the end of a line hang
    assert wrapped_lines(plain("x" * 200), 30) == 7  # 30 x a line: a word longer than a line breaks where it is full


def test_bold_and_italic_runs_count_at_their_width() -> None:
    line = _fitting(text_points(30))
    assert wrapped_lines([(line, FontStyle.REGULAR)], 30) == 1
    assert wrapped_lines([(line, FontStyle.BOLD)], 30) == 2
    assert wrapped_lines([("Recommendation 1", FontStyle.BOLD), (f"\n{line}", FontStyle.ITALIC)], 30) == 2


def test_heights_are_whole_pixels_with_a_small_margin() -> None:
    assert height_for_lines(1) == 15.75  # 12.75 + 3, rounded up to 21 px
    assert height_for_lines(4) == 54.0
    assert cell_height([], 30) == cell_height(plain("one line"), 30) - 0.75
    assert all((h / 0.75).is_integer() for h in (height_for_lines(n) for n in range(1, 40)))
    assert height_for_lines(10) - 10 * LINE_POINTS < 4


def test_a_tall_text_is_spread_over_rows_excel_allows() -> None:
    rows = row_split(1000.0)
    assert len(rows) == 3 and sum(rows) >= 1000 and max(rows) <= MAX_ROW_POINTS
    assert row_split(100.0) == [100.5]


def test_the_build_script_reads_the_widths_shipped() -> None:
    script = Path(__file__).resolve().parents[2] / "build" / "font_widths.py"
    spec = importlib.util.spec_from_file_location("font_widths", script)
    font_widths = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(font_widths)
    regular = font_widths.FONTS / font_widths.STYLES["regular"]
    if not regular.exists():
        pytest.skip("Liberation Sans is not installed (Debian: fonts-liberation)")
    font = font_widths.Font(regular)
    advances, glyphs = font.advances(), font.character_map()
    shipped = arial(FontStyle.REGULAR)
    for character in "aW0 Rè’•—":
        assert advances[glyphs[ord(character)]] / font.units_per_em() == shipped.width(character), character


@given(
    st.lists(st.sampled_from(["", "", "a", "ii", "quality,", "\u00e9t\u00e9", "W" * 6, "W" * 30]), max_size=40).map(
        " ".join
    ),
    st.integers(min_value=0, max_value=120),
    st.floats(min_value=4.0, max_value=60.0),
)
@example("W" * 6 + " " * 30 + "b", 3, 4.0)  # spaces hang past a full line, however many
@example("W" * 40 + " quality", 12, 10.0)  # a word longer than the line breaks where it overflows
@example(" " + "W" * 6, 3, 12.0)  # one space before the first word: the word goes on the first line, space or not
@example("  " + "W" * 6, 3, 12.0)  # two: they hang on a line of their own
@example("ii  " + "W" * 6 + "   a", 3, 12.0)
def test_a_run_cut_anywhere_wraps_as_the_whole_run(text: str, cut: int, width: float) -> None:
    """The quick path for a paragraph in one style counts the lines the word-by-word path does."""
    cut = min(cut, len(text))
    whole = wrapped_lines([(text, FontStyle.REGULAR)], width)
    pieces = [(text[:cut], FontStyle.REGULAR), (text[cut:], FontStyle.REGULAR)]
    assert wrapped_lines(pieces, width) == whole


@settings(max_examples=300, deadline=None)
@given(
    runs=st.lists(
        st.tuples(st.text(alphabet="ab W.\n  é—", max_size=60), st.sampled_from(list(FontStyle))), max_size=4
    ),
    width=st.sampled_from([8.0, 14.0, 30.0, 60.0]),
)
def test_a_cut_cell_counts_its_lines_as_the_row_height_does(runs: list[Run], width: float) -> None:
    """The pages are cut where the heights say a cell runs over: both count the same lines."""
    assert line_count(runs, width) == wrapped_lines(runs, width)
