"""The committee's counts per inspection, each with a small stacked bar the application draws.

The bar is not told by colour alone: its column has a heading, a screen reader reads each bar
as its figures ("1 closed, 0 ongoing – on track, 5 ongoing – delayed"), the delayed part is
striped, and the figures stand in the columns beside it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from hmics_desktop.domain.status import CommitteeCounts
from hmics_desktop.ui.contrast import bar_tone
from hmics_desktop.ui.roles import Role
from hmics_desktop.ui.widgets import row_height, text_width

Index = QModelIndex | QPersistentModelIndex
HEADERS = ["Inspection", "Total", "Closed", "On track", "Delayed", "Closed · on track · delayed"]
BAR_COLUMN = 5
BAR_PARTS = ("closed", "on_track", "delayed")  # the bar's segments, left to right (:data:`contrast.BAR_TONES`)


class Legend(QLabel):
    """The bar's legend (on more lines at 200 % text), its swatches in the colours the bar is drawn in now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._show()

    def _show(self) -> None:
        swatches = [f"<span style='color:{bar_tone(part).name()}'>■</span>" for part in BAR_PARTS]
        self.setText(
            f"Recommendations, as the committee counts them: &nbsp; {swatches[0]} Closed &nbsp; {swatches[1]} "
            f"Ongoing – on track &nbsp; {swatches[2]} Ongoing – delayed, striped (past the initial target, even if "
            "revised)"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):  # high contrast on or off
            self._show()
        super().changeEvent(event)


class CountsModel(QAbstractTableModel):
    """Rows: "All inspections" (first, so that it shows however many there are), then each one."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int | None, str, CommitteeCounts]] = []

    def set_rows(self, rows: list[tuple[int, str, CommitteeCounts]]) -> None:
        self.beginResetModel()
        total = CommitteeCounts()
        for _id, _title, counts in rows:
            total = total + counts
        self._rows = [(None, "All inspections", total), *rows] if rows else []
        self.endResetModel()

    def inspection_ids(self) -> list[int]:
        return [inspection_id for inspection_id, _title, _counts in self._rows if inspection_id is not None]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        inspection_id, title, counts = self._rows[index.row()]
        numbers = (counts.total, counts.closed, counts.on_track, counts.delayed)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole and column < BAR_COLUMN:
            return title if column == 0 else str(numbers[column - 1])
        if role == Qt.ItemDataRole.AccessibleTextRole and column == BAR_COLUMN:
            return f"{counts.closed} closed, {counts.on_track} ongoing – on track, {counts.delayed} ongoing – delayed"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{title}: {counts.total} recommendations — {counts.closed} closed, "
                f"{counts.on_track} ongoing – on track, {counts.delayed} ongoing – delayed"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and 0 < column < BAR_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and inspection_id is None:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Role.ID:
            return inspection_id
        if role == Role.SORT:
            return numbers[1:] if column == BAR_COLUMN else (title if column == 0 else numbers[column - 1])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None


class StackedBarDelegate(QStyledItemDelegate):
    """Closed · on track · delayed as one bar, proportional to the total; the delayed part striped."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.column() != BAR_COLUMN:
            super().paint(painter, option, index)
            return
        parts = index.data(Role.SORT) or (0, 0, 0)
        total = sum(parts)
        rect: QRect = option.rect.adjusted(4, 5, -4, -5)  # type: ignore[attr-defined]
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        x = rect.left()
        base = option.palette.color(QPalette.ColorRole.Base)  # type: ignore[attr-defined]
        for value, part in zip(parts, BAR_PARTS, strict=True):
            if total and value:
                width = round(rect.width() * value / total)
                segment = QRect(x, rect.top(), max(width - 1, 1), rect.height())  # a gap between segments
                # The brush set and the rectangle drawn: fillRect's and QBrush's overloads from Python make
                # PySide load the types of gradients and pixmaps to choose one (the first paint's cost).
                painter.setBrush(bar_tone(part, option.palette))  # type: ignore[attr-defined]
                painter.drawRect(segment)
                if part == "delayed":
                    stripes = painter.brush()
                    stripes.setColor(base)
                    stripes.setStyle(Qt.BrushStyle.BDiagPattern)
                    painter.setBrush(stripes)
                    painter.drawRect(segment)
                x += width
        painter.restore()

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget | None:
        return None


def fit_to_rows(table: QTableView, at_most: int = 8) -> None:
    """The counts' table as tall as its rows (at least two, up to ``at_most``, then it scrolls)."""
    shown = min(max(table.model().rowCount(), 2), at_most)
    rows = shown * table.verticalHeader().defaultSectionSize()
    table.setMaximumHeight(table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth())


def counts_table(model: CountsModel) -> QTableView:
    """The table of the committee's counts per inspection, its bar drawn in the last column."""
    table = QTableView()
    table.setModel(model)
    table.setItemDelegateForColumn(BAR_COLUMN, StackedBarDelegate(table))
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(row_height(table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAccessibleName("The committee's counts per inspection")
    table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move between rows
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, BAR_COLUMN):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(BAR_COLUMN, QHeaderView.ResizeMode.Fixed)
    header.resizeSection(BAR_COLUMN, max(180, text_width(header, HEADERS[BAR_COLUMN])))
    return table
