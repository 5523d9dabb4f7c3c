"""A chart on the dashboard: drawn, or its figures as a table, one key (T) from the other.

The keyboard moves between the bars (Left, Right) and their parts (Up, Down), and Enter (or a
click, or a double-click on the table's row) shows those rows on the board; Ctrl+C copies the
figures (Excel and Word paste them as a table). A screen reader hears the chart's figures as its
description, and each part's figure as the keyboard reaches it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.domain.charts import Chart, csv_rows
from hmics_desktop.ui.accessible import announce
from hmics_desktop.ui.dashboard.chart_painter import ChartPainter, Hit, Look

KEYS_HELP = (
    "Left and Right move between the bars, Up and Down between their parts; Enter shows the rows on the board; "
    "T shows the figures as a table; Ctrl+C copies them."
)
Place = tuple[int, int, int]  # chart, bar, part
# The keys that move the keyboard's place: (charts, bars, parts) along.
MOVES = {Qt.Key.Key_Left: (0, -1, 0), Qt.Key.Key_Right: (0, 1, 0), Qt.Key.Key_Up: (0, 0, 1),
         Qt.Key.Key_Down: (0, 0, -1), Qt.Key.Key_PageDown: (1, 0, 0), Qt.Key.Key_PageUp: (-1, 0, 0)}  # fmt: skip


def figures_text(charts: list[Chart]) -> str:
    """The figures of ``charts`` as tab-separated lines (with each chart's name when there are several)."""
    rows = csv_rows(charts) if len(charts) > 1 else charts[0].table() if charts else []
    return "\n".join("\t".join(cell.replace("\t", " ") for cell in row) for row in rows) + "\n"


class ChartCanvas(QWidget):
    """One or more charts side by side, drawn by :class:`ChartPainter`.

    The application's focus ring goes round the chart with the keyboard; the part the arrows reached is ringed too.
    """

    chosen = Signal(str, object, str)  # kind, ids, in words
    table_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.charts: list[Chart] = []
        self.hits: list[list[Hit]] = []
        self.place: Place | None = None  # where the keyboard is
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(240, 160)

    def set_charts(self, charts: list[Chart]) -> None:
        self.charts = charts
        self.place = None
        names = " and ".join(chart.title for chart in charts)
        self.setAccessibleName(f"Chart: {names}")
        self.setAccessibleDescription(" ".join(chart.alt_text() for chart in charts) + " " + KEYS_HELP)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        look = Look.on_screen(self.palette())
        width = self.width() / max(len(self.charts), 1)
        self.hits = []
        for index, chart in enumerate(self.charts):
            focus = self.place[1:] if self.place and self.place[0] == index and self.hasFocus() else None
            area = QRectF(index * width, 0, width, self.height())
            self.hits.append(ChartPainter(chart, look).paint(painter, area, focus))  # type: ignore[arg-type]
        painter.end()

    def _at(self, point: QPointF) -> Place | None:
        for chart, hits in enumerate(self.hits):
            for rect, bar, part in hits:
                if rect.adjusted(0, -2, 0, 2).contains(point):
                    return chart, bar, part
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        place = self._at(event.position())
        QToolTip.showText(event.globalPosition().toPoint(), self.words(place) if place else "", self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        place = self._at(event.position())
        if place is not None and event.button() == Qt.MouseButton.LeftButton:
            self.place = place
            self.update()
            self.choose(place)

    def words(self, place: Place) -> str:
        chart = self.charts[place[0]]
        bar, series = chart.bars[place[1]], chart.series[place[2]]
        return f"{bar.label}: {bar.values[place[2]]:,} {series.label.lower()} (of {bar.total:,})"

    def choose(self, place: Place) -> None:
        """Show the part's rows on the board."""
        chart = self.charts[place[0]]
        bar, series = chart.bars[place[1]], chart.series[place[2]]
        words = f"{series.label.lower()} {bar.words}" if len(chart.series) > 1 else bar.words
        self.chosen.emit(chart.kind, bar.ids[place[2]], words)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(figures_text(self.charts))
            announce(self, "The figures are copied.")
            return
        key = event.key()
        if key == Qt.Key.Key_T and not event.modifiers():
            self.table_wanted.emit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.place is not None:
            self.choose(self.place)
            return
        if key not in MOVES or not any(chart.bars for chart in self.charts):
            super().keyPressEvent(event)
            return
        self._move(*MOVES[key])

    def _move(self, charts: int, bars: int, parts: int) -> None:
        chart, bar, part = self.place or (next(i for i, c in enumerate(self.charts) if c.bars), 0, 0)
        if self.place is not None:
            chart = max(0, min(len(self.charts) - 1, chart + charts))
            if not self.charts[chart].bars:
                chart = self.place[0]
            bar = max(0, min(len(self.charts[chart].bars) - 1, bar + bars)) if charts == 0 else 0
            part = max(0, min(len(self.charts[chart].series) - 1, part + parts))
        self.place = (chart, bar, part)
        self.update()
        announce(self, self.words(self.place))


class FiguresTable(QTableWidget):
    """The chart's figures as a table (the same numbers); Enter or a double-click shows a row's rows on the board."""

    chosen = Signal(str, object, str)
    chart_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setHighlightSections(False)
        self.charts: list[Chart] = []
        self.rows: list[tuple[Chart, int]] = []
        self.doubleClicked.connect(lambda index: self._choose(index.row()))

    def set_charts(self, charts: list[Chart]) -> None:
        self.charts = charts
        table = csv_rows(charts) if len(charts) > 1 else charts[0].table()
        self.rows = [(chart, index) for chart in charts for index in range(len(chart.bars))]
        self.setAccessibleName("Figures: " + " and ".join(chart.title for chart in charts))
        self.clear()
        self.setColumnCount(len(table[0]))
        self.setRowCount(len(table) - 1)
        self.setHorizontalHeaderLabels(table[0])
        for r, row in enumerate(table[1:]):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                if value.replace(",", "").isdigit():
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            chart, index = self.rows[row]
            bar = chart.bars[index]
            self.chosen.emit(chart.kind, tuple(i for ids in bar.ids for i in ids), bar.words)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(figures_text(self.charts))
            announce(self, "The figures are copied.")
        elif event.key() == Qt.Key.Key_T and not event.modifiers():
            self.chart_wanted.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._choose(self.currentRow())
        else:
            super().keyPressEvent(event)


class ChartTile(QWidget):
    """A chart and its table, one shown at a time (T turns one into the other, keeping the keyboard there)."""

    chosen = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = ChartCanvas()
        self.table = FiguresTable()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.canvas)
        self.stack.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.canvas.chosen.connect(self.chosen)
        self.table.chosen.connect(self.chosen)
        self.canvas.table_wanted.connect(lambda: self.show_table(True))
        self.table.chart_wanted.connect(lambda: self.show_table(False))

    def set_charts(self, charts: list[Chart]) -> None:
        self.canvas.set_charts(charts)
        self.table.set_charts(charts)

    def show_table(self, shown: bool) -> None:
        had_focus = self.stack.currentWidget().hasFocus()
        self.stack.setCurrentWidget(self.table if shown else self.canvas)
        if had_focus:
            self.stack.currentWidget().setFocus(Qt.FocusReason.OtherFocusReason)

    def showing_table(self) -> bool:
        return self.stack.currentWidget() is self.table
