"""The board through its widgets: filters, search, sorting, counts, live update, copy."""

from board_fixture import EXPECTED_COUNTS, load_counted_plan
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from workbooks import write_xlsx

from hmics_desktop.ui.shell.main_window import MainWindow


def _shown(window: MainWindow) -> list[str]:
    model = window.board.model
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def _loaded(window: MainWindow) -> MainWindow:
    load_counted_plan()
    window.plans_changed.emit()
    return window


def test_the_board_is_the_home_screen_with_the_committees_counts(qtbot, main_window) -> None:
    window = _loaded(main_window)
    assert window.workspace.currentWidget() is window.board
    counts = window.board.counts_model
    assert [counts.index(1, c).data() for c in range(5)] == ["Hate Crime 2021", *map(str, EXPECTED_COUNTS)]
    assert counts.index(0, 0).data() == "All inspections"
    assert _shown(window) == ["1.1", "2.1", "2.2", "4.1"]
    standing = window.board.model.index(1, 5)
    assert standing.data() == "Ongoing – delayed"  # in words, not colour alone
    assert standing.data(Qt.ItemDataRole.ForegroundRole) is not None


def test_filters_through_the_widgets(qtbot, main_window) -> None:
    board = _loaded(main_window).board
    board.owner.setCurrentIndex(board.owner.findData("LTD"))
    assert _shown(main_window) == ["2.1", "2.2"]
    qtbot.mouseClick(board.overdue, Qt.MouseButton.LeftButton)
    assert _shown(main_window) == ["2.1"]
    board.owner.setCurrentIndex(0)
    qtbot.mouseClick(board.overdue, Qt.MouseButton.LeftButton)
    board.kind.setCurrentIndex(board.kind.findData("recommendation"))
    qtbot.mouseClick(board.awaiting, Qt.MouseButton.LeftButton)
    assert _shown(main_window) == ["R4"]
    qtbot.mouseClick(board.awaiting, Qt.MouseButton.LeftButton)
    board.status.setCurrentIndex(board.status.findData("closed"))
    assert _shown(main_window) == ["R1"]
    assert board.row_count.text() == "1 recommendation shown"


def test_search_as_you_type(qtbot, main_window) -> None:
    board = _loaded(main_window).board
    assert not board.search.isClearButtonEnabled()  # nothing to clear yet
    qtbot.keyClicks(board.search, "train")
    assert board.search.isClearButtonEnabled()
    qtbot.waitUntil(lambda: _shown(main_window) == ["2.1", "2.2"], timeout=5000)  # once typing pauses
    qtbot.keyClicks(board.search, " del")
    qtbot.waitUntil(lambda: _shown(main_window) == ["2.2"], timeout=5000)


def test_sort_by_clicking_a_header_and_again_to_reverse(qtbot, main_window) -> None:
    board = _loaded(main_window).board
    header = board.table.horizontalHeader()
    owner = header.sectionViewportPosition(3) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(owner, 5))
    assert _shown(main_window) == ["1.1", "2.1", "2.2", "4.1"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(owner, 5))
    assert _shown(main_window) == ["4.1", "2.1", "2.2", "1.1"]


def test_a_saved_view_comes_back(qtbot, main_window, monkeypatch) -> None:
    board = _loaded(main_window).board
    board.owner.setCurrentIndex(board.owner.findData("LTD"))
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: ("LTD's actions", True))
    board.save_view_button.click()
    board.owner.setCurrentIndex(0)
    assert len(_shown(main_window)) == 4
    board.views.setCurrentIndex(board.views.findData("LTD's actions"))
    board.views.activated.emit(board.views.currentIndex())
    assert _shown(main_window) == ["2.1", "2.2"]
    board.views.activated.emit(board.views.findData("Overdue actions"))
    assert _shown(main_window) == ["2.1"]


def test_an_import_shows_at_once_and_keeps_the_selection(qtbot, main_window, tmp_path) -> None:
    board = _loaded(main_window).board
    board.table.selectRow(2)
    assert board.selected_items() == [("action", board.model.row(2).id)]
    selected = board.selected_items()
    rows = [["Recommendation", "Action"], ["R9 New recommendation", "9.1 A new action"]]
    from hmics_desktop.services.importing import import_file

    import_file(write_xlsx(tmp_path / "more.xlsx", {"Hate Crime 2021": rows}))
    main_window.plans_changed.emit()
    assert "9.1" in _shown(main_window)
    assert board.selected_items() == selected


def test_copy_selected_rows_as_a_table(qtbot, main_window) -> None:
    board = _loaded(main_window).board
    board.table.selectRow(0)
    board.table.setFocus()
    qtbot.keyClick(board.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = QApplication.clipboard().mimeData()
    lines = mime.text().splitlines()
    # One inspection in the database: its column is hidden, and the copy has the columns shown.
    assert (
        lines[0]
        == "No.\tRecommendation / action\tOwner\tStatus\tOn track / delayed\tLatest progress update\tNext steps"
    )
    assert lines[1].startswith("1.1\tAudit recording\tCrime Registrars\tComplete")
    assert "<table" in mime.html()
    QApplication.clipboard().clear()  # the offscreen clipboard must not outlive the test's QApplication


def test_enter_opens_the_item(qtbot, main_window) -> None:
    board = _loaded(main_window).board
    board.table.setCurrentIndex(board.model.index(1, 0))
    board.table.setFocus()
    qtbot.keyClick(board.table, Qt.Key.Key_Return)
    form = main_window.edits.forms[("action", board.model.row(1).id)]
    assert form.isVisible() and form.windowTitle().startswith("Action 2.1")
    form.close()


def test_not_updated_since_follows_the_last_committee_meeting_until_the_secretary_chooses(
    qtbot, window, settings
) -> None:
    from datetime import date, timedelta

    from PySide6.QtCore import QDate

    from hmics_desktop.services.papers.spec import PaperKind, PaperSpec
    from hmics_desktop.services.papers.store import delete_paper, save_paper

    board = window.board
    a_month_ago = QDate.currentDate().addMonths(-1)
    assert board.last_meeting.date() == a_month_ago  # no paper yet

    def paper(meeting_on: date) -> int:
        spec = PaperSpec(kind=PaperKind.UPDATE, meeting_on=meeting_on, as_at=meeting_on, since=date(2021, 12, 1))
        spec.inspection_ids = [1]
        return save_paper(spec)

    paper(date(2022, 3, 17))
    future = paper(date.today() + timedelta(days=30))  # a paper drafted for the next meeting
    window.plans_changed.emit()
    assert board.last_meeting.date() == QDate(2022, 3, 17)  # the last meeting held, not the next one
    assert settings.value("board/last_meeting") in (None, "")  # a default, not kept as the user's choice

    board.stale.setChecked(True)
    assert len(board.shown_items()) == 21  # the example's updates are all of 15/02/2022, before that meeting

    delete_paper(future)
    board.last_meeting.setDate(QDate(2022, 2, 1))  # the secretary's own date is kept, and wins from now on
    assert settings.value("board/last_meeting") == "2022-02-01"
    assert len(board.shown_items()) == 6  # the actions never updated
    paper(date(2022, 6, 1))
    window.plans_changed.emit()
    assert board.last_meeting.date() == QDate(2022, 2, 1)


def test_a_row_edited_keeps_its_sorted_place(qtbot, window) -> None:
    from example_rows import action

    from hmics_desktop.services.item_edits import save_item

    board = window.board
    header = board.table.horizontalHeader()
    owner = header.sectionViewportPosition(3) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(owner, 5))  # sorted by owner
    before = _shown(window)
    owners = [board.model.row(r).owner for r in range(board.model.rowCount())]
    place = next(r for r in range(len(owners) - 1) if owners[r] == owners[r + 1])  # first of a group of two or more
    edited = before[place]
    window.edits.history.do(save_item("action", action(edited).id, {"next_steps": "(i) mine"}, None))
    assert _shown(window) == before  # in its place among the rows of the same owner, not moved to their end
    assert board.model.row(place).next_steps == "(i) mine"
