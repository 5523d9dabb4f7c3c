"""Small widget helpers used across windows: a day picker, a menu entry, a size that fits the screen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDateEdit, QHBoxLayout, QMenu, QWidget

from hmics_desktop.domain.dates import PlanDate


def day_edit(day: QDate | None = None) -> QDateEdit:
    """A date picker written the British way (dd/mm/yyyy), with a calendar; today by default."""
    edit = QDateEdit(day or QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setMaximumWidth(160)
    return edit


def day_of(edit: QDateEdit) -> date:
    return edit.date().toPython()  # type: ignore[no-any-return]


def plan_day_of(edit: QDateEdit) -> PlanDate:
    return PlanDate.from_date(day_of(edit))


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


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width``×``height``, or less where the screen's free area is smaller.

    The free area leaves out the taskbar; the title bar is allowed for, so buttons stay on screen.
    """
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
