"""The board as at a past day: every row as the plan stood then, from its history."""

from __future__ import annotations

from datetime import date

from paper_fixture import load_paper_plan
from PySide6.QtCore import QDate


def _recommendations(window) -> dict[str, str]:
    model = window.board.model
    return {model.index(r, 1).data(): model.index(r, 4).data() for r in range(model.rowCount())}


def test_the_board_as_at_a_day_shows_the_plan_as_it_stood(qtbot, main_window) -> None:
    load_paper_plan()
    main_window.plans_changed.emit()
    board = main_window.board
    board.kind.setCurrentIndex(board.kind.findData("recommendation"))
    assert _recommendations(main_window)["R1"] == "Closed"  # closed on 10 February 2025
    board.as_at_bar.day.setDate(QDate(date(2024, 12, 31)))
    board.as_at_bar.ticked.setChecked(True)
    then = _recommendations(main_window)
    assert (then["R1"], then["R2"], then["R3"]) == ("Open", "Closed", "Open")
    assert "as the plan stood at the end of 31/12/2024" in board.row_count.text()
    counts = board.counts_model
    assert [counts.index(1, c).data() for c in range(5)] == ["Hate Crime 2021", "5", "1", "2", "2"]  # as the paper
    board.as_at_bar.ticked.setChecked(False)
    assert _recommendations(main_window)["R1"] == "Closed"
