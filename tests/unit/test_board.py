"""The board's rows, filters, sorting and the committee's counts, without a display."""

from dataclasses import replace
from datetime import date

from board_fixture import EXPECTED_COUNTS, load_counted_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.services.board import COLUMN_KEYS, Board, BoardFilter, BoardRow
from hmics_desktop.services.board_rows import load_board, reload_rows
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.item_edits import create_item, delete_items, move_action, save_item
from hmics_desktop.services.plan_edits import add_progress, revise_targets
from hmics_desktop.services.plans import load_example_plan
from hmics_desktop.storage.models import Action, Recommendation

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


def _plain(row: BoardRow | None) -> BoardRow | None:
    """A row as compared: without the words searched (kept once made)."""
    return None if row is None else replace(row, _search=None)


def _key(row: BoardRow | None) -> tuple[str, int]:
    assert row is not None
    return row.key


def _made_whole(board: Board) -> Board:
    """The same rows, every one made at once, ordered as a board of rows orders them (no actions left to make)."""
    return Board(rows=[replace(row, _search=None) for row in board.rows], today=board.today)


FILTERS = st.builds(
    BoardFilter,
    kind=st.sampled_from(["action", "recommendation"]),
    owner=st.sampled_from([None, "LTD", "FMOR"]),
    standing=st.sampled_from([None, "delayed", "on_track", "closed"]),
    overdue=st.booleans(),
    search=st.sampled_from(["", "training", "TRAINING ltd", "forum", " ", "zzz"]),
)
ASKS = st.lists(
    st.one_of(
        st.tuples(st.just("row"), st.sampled_from(["action", "recommendation"]), st.integers(1, 40)),
        st.tuples(st.just("more"), st.integers(1, 30)),
        st.tuples(st.just("keys"), FILTERS, st.sampled_from(COLUMN_KEYS), st.booleans()),
    ),
    max_size=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(asks=ASKS)
def test_rows_made_as_they_are_asked_for_are_the_rows_of_the_board_made_whole(plan_db, asks) -> None:
    if not Recommendation.select().exists():
        load_counted_plan()
        load_example_plan()
    board = load_board(TODAY)
    whole = _made_whole(load_board(TODAY))
    for ask in asks:
        if ask[0] == "row":
            assert _plain(board.row(ask[1:])) == _plain(whole.row(ask[1:]))
        elif ask[0] == "more":
            board.make_more(ask[1])
        else:
            assert board.keys(*ask[1:]) == [row.key for row in whole.view(*ask[1:])]
            assert list(map(_plain, board.view(*ask[1:]))) == list(map(_plain, whole.view(*ask[1:])))
    for shown in (BoardFilter(), BoardFilter(owner="LTD"), BoardFilter(search="training"), BoardFilter(search=" ")):
        assert board.keys(shown) == [row.key for row in whole.view(shown)]  # in the board's own order
    assert sorted(map(_plain, board.rows), key=_key) == sorted(map(_plain, whole.rows), key=_key)


def test_a_change_read_again_leaves_the_board_as_if_read_whole(plan_db) -> None:
    load_counted_plan()
    load_example_plan()
    history = EditHistory()
    board = load_board(TODAY)
    actions = list(Action.select().order_by(Action.id))
    board.row(("action", actions[0].id))  # one made into a row already, the others not yet
    other = Recommendation.select().order_by(Recommendation.id.desc()).first()
    steps = [
        save_item("action", actions[0].id, {"owner": "DCC"}, None),
        add_progress(actions[1].id, PlanDate(2024, 3, 1), "Met again"),
        create_item("action", {"position": 9, "text": "Added by hand", "target": PlanDate(2020, 1)}, other.id)[0],
        delete_items("action", [actions[2].id]),
        revise_targets("action", [actions[3].id], PlanDate(2020, 1), "slipped"),
        move_action(actions[4].id, other.id),
        save_item("recommendation", other.id, {"theme": "Compliance"}, None),
    ]
    for step in steps:
        history.do(step)
        read = reload_rows(board, history.last_changes)
        assert read is not None
        board = read[0]
        whole = load_board(TODAY)
        for kind in ("action", "recommendation"):
            for column in ("number", "owner", "current_target"):
                shown = BoardFilter(kind=kind)
                assert board.keys(shown, column) == [row.key for row in _made_whole(whole).view(shown, column)]
        assert sorted(map(_plain, board.rows), key=_key) == sorted(map(_plain, whole.rows), key=_key)
