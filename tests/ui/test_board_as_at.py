"""The board as at a past day: every row as the plan stood then, from its history, built beside the window."""

from __future__ import annotations

import threading
from datetime import date

from paper_fixture import load_paper_plan
from PySide6.QtCore import QDate, QTimer

from hmics_desktop.storage import history


def _recommendations(window) -> dict[str, str]:
    model = window.board.model
    return {model.index(r, 1).data(): model.index(r, 4).data() for r in range(model.rowCount())}


def _as_at(qtbot, board, day: date) -> None:
    board.as_at_bar.day.setDate(QDate(day))
    board.as_at_bar.ticked.setChecked(True)
    qtbot.waitUntil(lambda: f"as the plan stood at the end of {day:%d/%m/%Y}" in board.row_count.text())


def test_the_board_as_at_a_day_shows_the_plan_as_it_stood(qtbot, main_window) -> None:
    load_paper_plan()
    main_window.plans_changed.emit()
    board = main_window.board
    board.kind.setCurrentIndex(board.kind.findData("recommendation"))
    assert _recommendations(main_window)["R1"] == "Closed"  # closed on 10 February 2025
    _as_at(qtbot, board, date(2024, 12, 31))
    then = _recommendations(main_window)
    assert (then["R1"], then["R2"], then["R3"]) == ("Open", "Closed", "Open")
    counts = board.counts_model
    assert [counts.index(1, c).data() for c in range(5)] == ["Hate Crime 2021", "5", "1", "2", "2"]  # as the paper
    board.as_at_bar.ticked.setChecked(False)
    assert _recommendations(main_window)["R1"] == "Closed"


def test_the_window_answers_while_the_board_as_at_a_day_is_built(qtbot, main_window, monkeypatch) -> None:
    load_paper_plan()
    main_window.plans_changed.emit()
    answered = threading.Event()  # set by a timer, which only fires while the GUI thread runs its event loop
    waited: list[bool] = []
    as_of = history.as_of

    def as_of_once_the_window_answered(*args, **kwargs):
        waited.append(answered.wait(10))  # built on the GUI thread, the timer could not fire: False after 10 s
        return as_of(*args, **kwargs)

    monkeypatch.setattr(history, "as_of", as_of_once_the_window_answered)
    QTimer.singleShot(0, answered.set)
    _as_at(qtbot, main_window.board, date(2024, 12, 31))
    assert waited == [True]
