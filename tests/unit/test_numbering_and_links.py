import pytest

from hmics_desktop.domain.links import links_line, parse_links, split_links_line
from hmics_desktop.domain.numbering import (
    ActionNumber,
    NumberError,
    action_sort_key,
    next_free_action_number,
    parse_plain_number,
    split_action_number,
    split_recommendation_heading,
)


def test_action_numbers_sort_numerically() -> None:
    assert sorted(["1.10", "1.2", "2.1", "1.9"], key=action_sort_key) == ["1.2", "1.9", "1.10", "2.1"]


def test_action_number_at_the_start_of_a_cell() -> None:
    number, text = split_action_number("1.1 Develop proposal")
    assert (str(number), text) == ("1.1", "Develop proposal")
    assert split_action_number("Develop proposal") == (None, "Develop proposal")


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("1.1 - Develop proposal", "Develop proposal"),
        ("1.1 – Develop proposal", "Develop proposal"),
        ("1.1: Develop proposal", "Develop proposal"),
        ("1.1. Develop proposal", "Develop proposal"),
        ("1.1 -10% backlog since January", "-10% backlog since January"),  # a text of its own that starts so
        ("1.1 –5 officers", "–5 officers"),
    ],
)
def test_a_separator_after_an_action_number_is_taken_off_and_a_sign_starting_the_text_stays(
    cell: str, text: str
) -> None:
    assert split_action_number(cell)[1] == text


def test_bad_action_number() -> None:
    with pytest.raises(NumberError):
        ActionNumber.parse("1")


@pytest.mark.parametrize(
    ("cell", "number", "kind", "text"),
    [
        ("Recommendation 3\nPolice Scotland should", 3, "recommendation", "Police Scotland should"),
        ("R3 - Police Scotland should", 3, "recommendation", "Police Scotland should"),
        ("R3 – Police Scotland should", 3, "recommendation", "Police Scotland should"),
        ("R3 Police Scotland should", 3, "recommendation", "Police Scotland should"),
        ("Area for development 2: Police Scotland", 2, "area_for_development", "Police Scotland"),
        ("Recommendation 3\n-10% of crimes are", 3, "recommendation", "-10% of crimes are"),  # as the export writes
        ("Recommendation 3\n- ensure hate crime is recorded", 3, "recommendation", "- ensure hate crime is recorded"),
        ("Recommendation 3\n: a colon first", 3, "recommendation", ": a colon first"),
        ("Area for development 2\n– a dash first", 2, "area_for_development", "– a dash first"),
    ],
)
def test_recommendation_headings(cell: str, number: int, kind: str, text: str) -> None:
    heading = split_recommendation_heading(cell)
    assert heading is not None
    assert (heading.number, heading.kind, heading.text) == (number, kind, text)


def test_plain_numbers() -> None:
    assert parse_plain_number(3.0) == 3
    assert parse_plain_number("R12") == 12
    assert parse_plain_number("Review") is None


def test_next_free_action_number() -> None:
    assert next_free_action_number(1, ["1.1", "1.2", "2.1"]) == "1.3"
    assert next_free_action_number(3, ["1.1"]) == "3.1"


def test_links_as_people_type_them() -> None:
    parsed = parse_links("1.1; 1.3;1..")
    assert parsed.numbers == ["1.1", "1.3"]
    assert parsed.unreadable == ["1.."]
    assert parse_links("1.4, 2.1 and 2.2").numbers == ["1.4", "2.1", "2.2"]


def test_links_line_comes_off_the_action_text() -> None:
    text, links = split_links_line("1.1 Develop proposal.\nLinks with recommendations 1.4;2.1;2.2;6.2.")
    assert text == "1.1 Develop proposal."
    assert links == "1.4;2.1;2.2;6.2."
    assert split_links_line("No links here") == ("No links here", None)
    assert links_line(["2.1", "1.4"]) == "Links with recommendations 1.4;2.1."


def test_a_continued_heading_is_the_same_recommendation() -> None:
    from hmics_desktop.domain.numbering import split_recommendation_heading

    heading = split_recommendation_heading("Recommendation 4 (continued)")
    assert heading is not None and (heading.number, heading.text) == (4, "")
    assert split_recommendation_heading("Recommendation 4 (Cont'd) Police Scotland should…").text == (
        "Police Scotland should…"
    )
