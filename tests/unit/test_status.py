from datetime import date

import pytest

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.status import (
    ActionStatus,
    CommitteeCounts,
    RecommendationStatus,
    Standing,
    action_status_from_words,
    committee_standing,
    recommendation_status_from_words,
)

TODAY = date(2024, 3, 1)


def test_open_recommendation_is_delayed_once_its_initial_target_has_passed() -> None:
    assert committee_standing(RecommendationStatus.OPEN, PlanDate(2023, 5), TODAY) is Standing.DELAYED


def test_month_target_is_not_passed_until_the_month_ends() -> None:
    assert committee_standing(RecommendationStatus.OPEN, PlanDate(2024, 3), date(2024, 3, 31)) is Standing.ON_TRACK
    assert committee_standing(RecommendationStatus.OPEN, PlanDate(2024, 3), date(2024, 4, 1)) is Standing.DELAYED


def test_closed_after_its_target_counts_as_closed() -> None:
    assert committee_standing(RecommendationStatus.CLOSED, PlanDate(2020, 1), TODAY) is Standing.CLOSED


def test_user_override_wins_over_the_computed_call() -> None:
    late = committee_standing(RecommendationStatus.OPEN, PlanDate(2020, 1), TODAY, override=Standing.ON_TRACK)
    assert late is Standing.ON_TRACK


def test_no_target_is_on_track() -> None:
    assert committee_standing(RecommendationStatus.EVIDENCE_SUBMITTED, None, TODAY) is Standing.ON_TRACK


def test_counts_as_the_committee_reads_them() -> None:
    counts = CommitteeCounts.of([Standing.CLOSED, Standing.DELAYED, Standing.DELAYED, Standing.DELAYED])
    assert (counts.total, counts.closed, counts.on_track, counts.delayed) == (4, 1, 0, 3)
    assert (counts + counts).total == 8


@pytest.mark.parametrize(
    ("words", "status"),
    [
        ("Complete", ActionStatus.COMPLETE),
        ("Action complete.", ActionStatus.COMPLETE),
        ("Ongoing – delayed", ActionStatus.IN_PROGRESS),
        ("Not started", ActionStatus.NOT_STARTED),
        ("Transferred to rec 6", ActionStatus.TRANSFERRED),
        ("Green", ActionStatus.IN_PROGRESS),
        ("", None),
        ("?", None),
    ],
)
def test_action_status_words(words: str, status: ActionStatus | None) -> None:
    assert action_status_from_words(words) == status


def test_recommendation_status_and_standing_words() -> None:
    assert recommendation_status_from_words("Closed") is RecommendationStatus.CLOSED
    assert recommendation_status_from_words("Proposed for closure") is RecommendationStatus.EVIDENCE_SUBMITTED
    assert recommendation_status_from_words("Ongoing – on track") is RecommendationStatus.OPEN
