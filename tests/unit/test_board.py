"""The board's rows, filters, sorting and the committee's counts, without a display."""

from datetime import date

from board_fixture import EXPECTED_COUNTS, load_counted_plan

from hmics_desktop.services.board import BoardFilter
from hmics_desktop.services.board_rows import load_board
from hmics_desktop.services.plans import load_example_plan

TODAY = date(2025, 3, 1)


def _numbers(rows) -> list[str]:
    return [row.number for row in rows]


def test_counts_as_the_committee_counts(plan_db) -> None:
    load_counted_plan()
    load_example_plan()
    board = load_board(TODAY)
    counts = {row.inspection: board.counts()[row.inspection_id] for row in board.rows}
    hate = counts["Hate Crime 2021"]
    assert (hate.total, hate.closed, hate.on_track, hate.delayed) == EXPECTED_COUNTS
    audit = counts["Crime Audit 2020"]
    assert (audit.total, audit.closed, audit.on_track, audit.delayed) == (6, 1, 0, 5)  # as the papers of 2024-25


def test_filters_combine(plan_db) -> None:
    load_counted_plan()
    board = load_board(TODAY)
    assert _numbers(board.view(BoardFilter())) == ["1.1", "2.1", "2.2", "4.1"]
    assert _numbers(board.view(BoardFilter(owner="LTD"))) == ["2.1", "2.2"]
    assert _numbers(board.view(BoardFilter(owner="LTD", overdue=True))) == ["2.1"]
    assert _numbers(board.view(BoardFilter(status="complete"))) == ["1.1"]
    assert _numbers(board.view(BoardFilter(standing="delayed"))) == ["2.1"]
    assert _numbers(board.view(BoardFilter(kind="recommendation", standing="delayed"))) == ["R2", "R4", "AfD 1"]
    assert _numbers(board.view(BoardFilter(kind="recommendation", awaiting_hmics=True))) == ["R4"]
    assert _numbers(board.view(BoardFilter(awaiting_hmics=True))) == ["4.1"]
    assert _numbers(board.view(BoardFilter(kind="recommendation"))) == ["R1", "R2", "R3", "R4", "R5", "AfD 1"]


def test_search_matches_any_text_and_every_word(plan_db) -> None:
    load_counted_plan()
    board = load_board(TODAY)
    assert _numbers(board.view(BoardFilter(search="forum"))) == ["4.1"]  # text and progress
    assert _numbers(board.view(BoardFilter(search="TRAINING ltd"))) == ["2.1", "2.2"]
    assert _numbers(board.view(BoardFilter(search="drafted"))) == ["2.1"]  # the latest progress update
    assert board.view(BoardFilter(search="nothing like this")) == []


def test_not_updated_since(plan_db) -> None:
    load_counted_plan()
    board = load_board(TODAY)
    # Progress was recorded today (when the plan was written): nothing is stale as at yesterday…
    stale = board.view(BoardFilter(not_updated_since=date.today()))
    assert _numbers(stale) == ["1.1", "2.2"]  # …except the actions never updated at all


def test_sorting_any_column_both_ways(plan_db) -> None:
    load_counted_plan()
    board = load_board(TODAY)
    assert _numbers(board.view(BoardFilter(), "owner")) == ["1.1", "2.1", "2.2", "4.1"]
    assert _numbers(board.view(BoardFilter(), "current_target")) == ["1.1", "2.1", "2.2", "4.1"]
    assert _numbers(board.view(BoardFilter(), "text", descending=True)) == ["2.1", "2.2", "4.1", "1.1"]
    assert _numbers(board.view(BoardFilter(kind="recommendation"), "current_target"))[:3] == ["AfD 1", "R1", "R4"]


def test_current_target_is_the_revised_one(plan_db) -> None:
    load_counted_plan()
    board = load_board(TODAY)
    r2 = next(row for row in board.rows if row.number == "R2")
    assert (str(r2.initial_target), str(r2.current_target)) == ("May 2023", "Jan 2030")
    assert r2.standing.value == "delayed"
