"""Small widget helpers used across windows: a day picker, a menu entry, a size that fits the screen.

And sizes that follow the text size (Windows' "Make text bigger", up to 200 % and more), with a
layout that wraps a row of filters rather than widening the window past the screen.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QMenu,
    QWidget,
)

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate


def day_edit(day: QDate | None = None) -> QDateEdit:
    """A date picker written the British way (dd/mm/yyyy), with a calendar; today (the application's) by default."""
    edit = QDateEdit(day or QDate(clock.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setMaximumWidth(text_width(edit, "00/00/00000") + 40)  # and the calendar's button
    return edit


def day_of(edit: QDateEdit) -> date:
    return edit.date().toPython()  # type: ignore[no-any-return]


def plan_day_of(edit: QDateEdit) -> PlanDate:
    return PlanDate.from_date(day_of(edit))


def clear_button_once_typed(edit: QLineEdit) -> None:
    """The line's clear button, from its first text on (when empty, it shows none).

    Qt looks its icon up in the desktop's icon theme when it is turned on: some 7 ms of the
    window's start, for a button no one sees before typing.
    """

    def _offer(text: str) -> None:
        if text and not edit.isClearButtonEnabled():
            edit.setClearButtonEnabled(True)

    edit.textChanged.connect(_offer)


def menu_action(
    menu: QMenu,
    text: str,
    slot: object,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    *,
    shown_only: bool = False,
) -> QAction:
    """A menu entry; its shortcut is shown in the menu.

    ``shown_only``: the key is handled elsewhere (Enter on a table, Ctrl+Z by the undo keys).
    """
    action = menu.addAction(text)
    action.triggered.connect(slot)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        if shown_only:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    return action


USUAL_LINE = 16  # pixels: a line of text at the usual size (Segoe UI 9 pt at 100 %)


def gone_when_closed(dialog: QDialog) -> QDialog:
    """``dialog`` is deleted once closed or answered: its window would keep it, hidden, till the end."""
    dialog.finished.connect(dialog.deleteLater)
    return dialog


def scaled(widget: QWidget, pixels: int) -> int:
    """``pixels`` at the usual text size, grown with ``widget``'s text (twice as wide at 200 %)."""
    return round(pixels * max(1.0, widget.fontMetrics().height() / USUAL_LINE))


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width``×``height`` (wider with bigger text), or less where the screen's free area is smaller.

    The free area leaves out the taskbar; the title bar is allowed for, so buttons stay on screen.
    """
    width, height = scaled(widget, width), scaled(widget, height)
    screen = widget.screen() or QApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    free = screen.availableGeometry()
    widget.resize(min(width, free.width() - 16), min(height, free.height() - 40))


def left_row(*widgets: QWidget) -> QWidget:
    """Widgets side by side from the left, without margins (a field made of several parts)."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return box


def text_width(widget: QWidget, sample: str) -> int:
    """Room for ``sample`` in ``widget``'s font, with a cell's padding: widths that grow with the text size."""
    return widget.fontMetrics().horizontalAdvance(sample) + 16


def row_height(widget: QWidget) -> int:
    """A table row of one line in ``widget``'s font (24 pixels at the usual size)."""
    return widget.fontMetrics().height() + 8


class FlowLayout(QLayout):
    """Widgets side by side, moving down a line when the width is used up (the board's filters at 200 % text).

    As Qt's own flow layout example: each item at its size hint, rows as tall as their tallest item.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y()
