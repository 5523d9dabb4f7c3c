"""The Dashboard tab and the theme and grading through the real widgets.

The four charts drawn and filtered; T for a chart's table; Ctrl+C copying its figures; a click
(or Enter) on a part of a bar showing its rows on the board; the lists of themes edited and
undone; a theme and grading given to several at once and on the form; the paper's tick box.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from dashboard_fixture import TODAY, load_years_of_history
from paper_fixture import on_day
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog

from hmics_desktop.domain.charts import Bar, Chart, Series
from hmics_desktop.domain.classification import DEFAULT_THEMES, THEME
from hmics_desktop.services import lists
from hmics_desktop.storage.models import Recommendation
from hmics_desktop.ui.dashboard.chart_painter import ChartPainter, Look
from hmics_desktop.ui.dashboard.chart_view import ChartTile
from hmics_desktop.ui.shell.main_window import MainWindow


@pytest.fixture
def today():
    """The day the plans with years of history are looked at (every window's "today")."""
    with on_day(TODAY):
        yield TODAY


def _dashboard(window: MainWindow, qtbot) -> None:
    load_years_of_history()
    window.plans_changed.emit()
    window.workspace.setCurrentWidget(window.dashboard_page)  # the Dashboard tab: its view is made when shown
    window.resize(1366, 728)
    qtbot.waitExposed(window)


def _trend_values(window: MainWindow) -> list[list[int]]:
    return [bar.values for bar in window.dashboard.tiles["trend"].canvas.charts[0].bars]


def test_the_four_charts_are_drawn_with_their_figures_and_filtered(qtbot, main_window: MainWindow, today) -> None:
    _dashboard(main_window, qtbot)
    dashboard = main_window.dashboard
    assert all(tile.canvas.charts for tile in dashboard.tiles.values())
    assert [c.title for c in dashboard.tiles["ageing"].canvas.charts] == [
        "Open recommendations by time since publication", "Open actions past their target"]  # fmt: skip
    described = dashboard.tiles["inspections"].canvas.accessibleDescription()
    assert "Custody 2019: 5 recommendations (3 closed, 0 ongoing – on track, 2 ongoing – delayed)" in described
    everything = _trend_values(main_window)
    dashboard.inspection.setCurrentIndex(dashboard.inspection.findText("Custody 2019"))
    assert _trend_values(main_window)[-1] == [3, 0, 2] != everything[-1]
    dashboard.grading.setCurrentIndex(dashboard.grading.findData("high"))
    assert all(values == [0, 0, 0] for values in _trend_values(main_window))  # none graded yet
    dashboard.grading.setCurrentIndex(0)
    dashboard.inspection.setCurrentIndex(0)
    assert _trend_values(main_window) == everything
    dashboard.months.setChecked(True)
    assert len(_trend_values(main_window)) == 79
    picture = dashboard.tiles["trend"].canvas.grab()
    assert picture.width() > 600 and picture.height() > 150


def test_t_turns_a_chart_into_its_table_and_ctrl_c_copies_the_figures(qtbot, main_window: MainWindow, today) -> None:
    _dashboard(main_window, qtbot)
    tile: ChartTile = main_window.dashboard.tiles["themes"]
    tile.canvas.setFocus()
    qtbot.keyClick(tile.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().text().splitlines()
    assert copied[0] == "Theme\tClosed\tOngoing – on track\tOngoing – delayed\tTotal"
    assert copied[1] == "No theme\t7\t2\t3\t12"
    qtbot.keyClick(tile.canvas, Qt.Key.Key_T)
    assert tile.showing_table() and tile.table.hasFocus()
    assert tile.table.item(0, 0).text() == "No theme" and tile.table.item(0, 4).text() == "12"
    QApplication.clipboard().clear()
    qtbot.keyClick(tile.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text().splitlines()[1] == "No theme\t7\t2\t3\t12"
    qtbot.keyClick(tile.table, Qt.Key.Key_T)
    assert not tile.showing_table() and tile.canvas.hasFocus()
    qtbot.mouseClick(main_window.dashboard.as_tables, Qt.MouseButton.LeftButton)
    assert all(t.showing_table() for t in main_window.dashboard.tiles.values())


def test_a_click_on_a_part_of_a_bar_shows_its_rows_on_the_board(qtbot, main_window: MainWindow, today) -> None:
    _dashboard(main_window, qtbot)
    canvas = main_window.dashboard.tiles["inspections"].canvas
    canvas.grab()  # painted: where each part is drawn is known
    custody = next(i for i, bar in enumerate(canvas.charts[0].bars) if bar.label == "Custody 2019")
    rect = next(rect for rect, bar, part in canvas.hits[0] if (bar, part) == (custody, 2))  # its delayed part
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    board = main_window.board
    assert main_window.workspace.currentWidget() is board
    shown = [board.model.row(r) for r in range(board.model.rowCount())]
    assert [(row.inspection, row.number) for row in shown] == [("Custody 2019", "R4"), ("Custody 2019", "R5")]
    assert board.classes.chosen_bar.isVisible()
    words = board.classes.chosen_words.text()
    assert words == "Showing 2 recommendations chosen on the dashboard: ongoing – delayed in Custody 2019."
    qtbot.mouseClick(board.classes.show_all, Qt.MouseButton.LeftButton)
    assert not board.classes.chosen_bar.isVisible() and board.model.rowCount() > 2
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    board.kind.setCurrentIndex(board.kind.findData("action"))  # the actions instead: the choice is let go
    assert not board.classes.chosen_bar.isVisible() and board.model.rowCount() > 2


def test_the_keyboard_moves_between_bars_and_enter_shows_the_rows(qtbot, main_window: MainWindow, today) -> None:
    _dashboard(main_window, qtbot)
    canvas = main_window.dashboard.tiles["ageing"].canvas
    canvas.setFocus()
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Up):
        qtbot.keyClick(canvas, key)
    assert canvas.place == (0, 3, 1)  # "Over 3 years", its delayed part
    # Custody's R4 and R5 delayed, Hate Crime's R3 marked on track; Domestic Abuse's are 2–3 years old
    assert canvas.words(canvas.place) == "Over 3 years: 2 ongoing – delayed (of 3)"
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert main_window.board.model.rowCount() == 2


def test_the_themes_list_is_edited_and_undone(qtbot, window: MainWindow, monkeypatch) -> None:
    from hmics_desktop.ui.forms.lists_dialog import ListsDialog

    names = iter(["Partnership working", "Partnerships"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (next(names), True))
    dialog = ListsDialog(window.edits.history, window)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.buttons[0], Qt.MouseButton.LeftButton)  # Add…
    assert lists.names(THEME)[-1] == "Partnership working" and dialog.entries.currentItem().text() == (
        "Partnership working")  # fmt: skip
    qtbot.mouseClick(dialog.buttons[1], Qt.MouseButton.LeftButton)  # Rename…
    qtbot.mouseClick(dialog.buttons[3], Qt.MouseButton.LeftButton)  # Move up
    assert lists.names(THEME)[-2:] == ["Partnerships", "Better Practice"]
    assert dialog.entries.item(5).text() == "Partnerships"
    window.edits.undo()
    window.edits.undo()
    assert dialog.entries.item(dialog.entries.count() - 1).text() == "Partnership working"  # the list follows undo
    dialog.reject()
    window.edits.undo()
    assert lists.names(THEME) == list(DEFAULT_THEMES)


def test_theme_and_grading_for_several_at_once_then_on_the_board(qtbot, window: MainWindow, monkeypatch) -> None:
    from hmics_desktop.ui.forms.plan_dialogs import BulkDialog

    board = window.board
    board.kind.setCurrentIndex(board.kind.findData("recommendation"))
    board.table.selectAll()
    opened: list[BulkDialog] = []
    monkeypatch.setattr(BulkDialog, "exec", lambda self: opened.append(self) or QDialog.DialogCode.Rejected)
    window.edits.bulk_selected()
    dialog = opened[0]
    dialog.classes[THEME].setCurrentIndex(dialog.classes[THEME].findData("Compliance"))
    dialog.classes["grading"].setCurrentIndex(dialog.classes["grading"].findData("medium"))
    dialog.buttons.accepted.emit()
    assert {(r.theme, r.grading) for r in Recommendation.select()} == {("Compliance", "medium")}
    board.classes.theme.setCurrentIndex(board.classes.theme.findData("Compliance"))
    assert board.model.rowCount() == 6
    board.classes.grading.setCurrentIndex(board.classes.grading.findData("high"))
    assert board.model.rowCount() == 0
    assert "theme Compliance, grading High" in board.describe_filter()


def test_the_form_keeps_a_theme_grading_and_delay_category(qtbot, window: MainWindow) -> None:
    first = Recommendation.get(Recommendation.number == 2)  # open (R1 is closed with no impact written)
    form = window.edits.open_form("recommendation", first.id)
    form.theme.setCurrentIndex(form.theme.findData("Resources"))
    assert form.dirty
    form.grading.setCurrentIndex(form.grading.findData("low"))
    form.delay_category.setCurrentIndex(form.delay_category.findData("ICT and systems"))
    form.delay_reason.setText("Awaiting the new crime system")
    assert form.save()
    saved = Recommendation.get_by_id(first.id)
    assert (saved.theme, saved.grading, saved.delay_category, saved.delay_reason) == (
        "Resources", "low", "ICT and systems", "Awaiting the new crime system")  # fmt: skip
    form.close()


def test_the_paper_dialog_ticks_the_dashboard_in(qtbot, main_window: MainWindow, monkeypatch, tmp_path: Path) -> None:
    from hmics_desktop.ui.papers.paper_dialog import PaperDialog

    with on_day(TODAY):
        load_years_of_history()
        main_window.plans_changed.emit()
        main_window.paper_action.trigger()
        [dialog] = [d for d in main_window.findChildren(PaperDialog) if d.isVisible()]
        assert "the trend at each quarter's end" in dialog.dashboard.text()
        qtbot.mouseClick(dialog.dashboard, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.dashboard.height() // 2))
        assert dialog.dashboard.isChecked()
        dialog.tabs.setCurrentWidget(dialog.preview)
        assert "Dashboard" in dialog.preview.toPlainText()
        target = tmp_path / "update.docx"
        monkeypatch.setattr("hmics_desktop.ui.papers.paper_dialog.QFileDialog.getSaveFileName",
                            lambda *a, **k: (str(target), ""))  # fmt: skip
        dialog.word_button.click()
    import zipfile

    assert len([n for n in zipfile.ZipFile(target).namelist() if n.startswith("word/media/")]) == 2
    assert dialog.spec.dashboard and date.today()
    dialog.close()


class _Recording(QPainter):
    """A real painter on an image that remembers each figure it writes across (not turned) and where."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.written: list[tuple[QRectF, str]] = []

    def drawText(self, *args) -> None:
        if isinstance(args[0], QRectF) and self.transform().isIdentity():
            self.written.append((QRectF(args[0]), args[-1]))
        super().drawText(*args)


def test_a_figure_too_wide_to_write_beside_its_narrow_bar_is_left_out_not_written_over_the_next(qapp) -> None:
    """Sixty months across a tile: small parts' figures do not fit beside the bars; none crosses into the next bar."""
    series = [Series("closed", "Closed"), Series("on_track", "Ongoing – on track"), Series("delayed", "Delayed", True)]
    bars = [Bar(f"M{n}", [1_000 + n, 123, 20_000]) for n in range(60)]  # "123": a part too thin for its figure
    chart = Chart("trend", "Recommendations at the end of each quarter", "recommendation", series, bars)
    image = QImage(900, 300, QImage.Format.Format_RGB32)
    painter = _Recording(image)
    hits = ChartPainter(chart, Look.printed()).paint(painter, QRectF(0, 0, 900, 300))
    painter.end()
    slots = {index: rect for rect, index, part in hits if part == 0}  # each bar's own place
    beside = [rect for rect, text in painter.written if text == "123"]
    for rect in beside:
        others = [slot for index, slot in slots.items() if slot.left() > rect.left()]
        assert all(rect.right() <= slot.left() for slot in others)  # never over a bar to its right
    wide = [Bar(f"Q{n}", [1_000 + n, 123, 20_000]) for n in range(4)]  # room enough: the figure is written beside
    painter = _Recording(image)
    ChartPainter(Chart("trend", "Four quarters", "recommendation", series, wide), Look.printed()).paint(
        painter, QRectF(0, 0, 900, 300)
    )
    painter.end()
    assert [text for _rect, text in painter.written].count("123") == 4
