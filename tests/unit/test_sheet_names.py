r"""Worksheet names Excel takes: 31 characters as Excel counts them, no []:*?/\, no quote at either end, unique."""

from hypothesis import given, settings
from hypothesis import strategies as st

from hmics_desktop.excel.excel_units import excel_length
from hmics_desktop.excel.sheet_names import sheet_title


def test_an_emoji_counts_twice_towards_the_31_characters_as_in_excel() -> None:
    title = sheet_title("x" * 30 + "😀 review", set())
    assert title == "x" * 30 and excel_length(title) <= 31


def test_a_name_cut_at_31_characters_does_not_end_with_a_quote() -> None:
    assert sheet_title("Custody Review of the Division' Arrangements", set()) == "Custody Review of the Division"


def test_history_which_excel_keeps_for_itself_gets_a_number() -> None:
    assert sheet_title("History", set()) == "History (2)"


@settings(max_examples=300, deadline=None)
@given(names=st.lists(st.text(alphabet=st.sampled_from(list("ab '[]:*?/\\😀éHistory")), max_size=45), max_size=5))
def test_every_name_gives_a_sheet_name_excel_takes_and_none_twice(names: list[str]) -> None:
    used: set[str] = set()
    titles = [sheet_title(name, used) for name in names]
    for title in titles:
        assert 1 <= excel_length(title) <= 31
        assert not any(character in title for character in "[]:*?/\\")
        assert not title.startswith("'") and not title.endswith("'")
        assert title.lower() != "history"
    assert len({title.lower() for title in titles}) == len(titles)
