"""Which existing inspection a plan's name probably means."""

import pytest

from hmics_desktop.domain.inspection_names import close_titles

TITLES = ["Crime Audit 2020", "Hate Crime 2021", "Custody (D&G)", "Stop and Search"]


@pytest.mark.parametrize(
    ("name", "close"),
    [
        ("Crime Audit", ["Crime Audit 2020"]),  # the same words apart from a year
        ("crime audit 2020", ["Crime Audit 2020"]),  # another case only
        ("HMICS Crime Audit 2020 Improvement", ["Crime Audit 2020"]),  # one name inside the other
        ("Custody D&G", ["Custody (D&G)"]),
        ("Stop and Serach", ["Stop and Search"]),  # a typo
        ("Crime Audit 2020", []),  # the very name: nothing to suggest
        ("Crime Audit 2023", []),  # another year's inspection of the same kind
        ("Youth Justice", []),
        ("Hate", []),  # too short to be the same name
    ],
)
def test_close_titles(name: str, close: list[str]) -> None:
    assert close_titles(name, TITLES) == close
