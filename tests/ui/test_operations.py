"""Every change through one operation helper: off the GUI thread, the views told only what it touched."""

from __future__ import annotations

from example_rows import action
from PySide6.QtCore import QTimer

from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.services.item_edits import save_item
from hmics_desktop.services.plans import import_plans


def _big_plan(actions: int = 3000) -> Plan:
    plan = Plan("Generated 2025", as_at="2025-03-01")
    for number in range(1, actions // 10 + 1):
        rec = PlanRecommendation(number, f"Recommendation {number} of many", initial_target="2026-06")
        rec.actions = [PlanAction(f"{number}.{a}", f"Action {a} of recommendation {number}", progress="Begun")
                       for a in range(1, 11)]  # fmt: skip
        plan.recommendations.append(rec)
    return plan


def test_undoing_a_large_import_leaves_the_window_running(qtbot, window) -> None:
    step, _summary = import_plans([_big_plan()])
    window.edits.history.record(step)
    ticks: list[int] = []
    clock = QTimer()
    clock.setInterval(5)
    clock.timeout.connect(lambda: ticks.append(1))  # the GUI thread's own work, done while the undo runs
    clock.start()
    try:
        assert window.edits.history.undo() == "import of Generated 2025"
    finally:
        clock.stop()
    assert ticks, "the window's event loop stood still while the import was undone"
    assert not any(row.inspection == "Generated 2025" for row in window.board.board.rows)


def test_an_edit_repaints_only_its_rows_and_the_board_is_not_reset(qtbot, window) -> None:
    resets: list[int] = []
    window.board.model.modelReset.connect(lambda: resets.append(1))
    target = action("2.1")
    window.edits.history.do(save_item("action", target.id, {"owner": "Crime Registrars"}, None))
    row = window.board.model.find("action", target.id)
    owner = window.board.model.index(row, 3).data()
    assert (owner, resets) == ("Crime Registrars", [])
    window.edits.history.undo()
    assert window.board.model.index(row, 3).data() == (target.owner or "") and resets == []


def test_the_search_waits_for_a_pause_in_typing(qtbot, window) -> None:
    resets: list[int] = []
    window.board.model.modelReset.connect(lambda: resets.append(1))
    qtbot.keyClicks(window.board.search, "strategy")
    assert resets == []  # nothing filtered key by key
    qtbot.waitUntil(lambda: resets == [1], timeout=5000)
    assert window.board.model.rowCount() > 0
