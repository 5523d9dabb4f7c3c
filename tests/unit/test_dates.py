from datetime import date

import pytest

from hmics_desktop.domain.dates import DateError, PlanDate, british_long, find_as_at


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Sept 2022", "2022-09"),
        ("September 2022", "2022-09"),
        ("June 2024", "2024-06"),
        ("Sep-22", "2022-09"),
        ("07/02/2022", "2022-02-07"),  # day first, as written in Scotland
        ("7.2.22", "2022-02-07"),
        ("15th February 2022", "2022-02-15"),
        ("2022-09", "2022-09"),
        ("2022-09-14", "2022-09-14"),
        ("09/2022", "2022-09"),
        (" May 2023. ", "2023-05"),
    ],
)
def test_dates_are_read_as_people_write_them(text: str, iso: str) -> None:
    assert PlanDate.parse(text).iso() == iso


def test_month_only_dates_stay_month_only() -> None:
    target = PlanDate.parse("Sept 2022")
    assert target.is_month
    assert target.british() == "Sept 2022"
    assert target.first_day() == date(2022, 9, 1)
    assert target.last_day() == date(2022, 9, 30)


def test_real_dates_from_a_spreadsheet() -> None:
    assert PlanDate.parse(date(2022, 2, 15)).iso() == "2022-02-15"
    assert PlanDate.parse(None) is None
    assert PlanDate.parse("  ") is None


@pytest.mark.parametrize("text", ["31/02/2022", "Smarch 2022", "soon", "13/13/2022", "2022-13"])
def test_wrong_dates_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(DateError, match=r"date|month"):
        PlanDate.parse(text)


def test_ordering_mixes_months_and_days() -> None:
    assert PlanDate(2022, 9) < PlanDate(2022, 9, 14) < PlanDate(2022, 10)


def test_as_at_titles() -> None:
    assert find_as_at("APPENDIX B-Progress Update as at 15th February 2022") == date(2022, 2, 15)
    assert find_as_at("Improvement Plan Template") is None
    assert british_long(date(2022, 2, 15)) == "15th February 2022"
    assert british_long(date(2023, 3, 1)) == "1st March 2023"
    assert british_long(date(2023, 3, 12)) == "12th March 2023"
