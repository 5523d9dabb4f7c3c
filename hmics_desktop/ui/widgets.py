"""Small widget helpers used across windows: a day picker and a menu entry."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDateEdit, QMenu

from hmics_desktop.domain.dates import PlanDate


def day_edit(day: QDate | None = None) -> QDateEdit:
    """A date picker written the British way (dd/mm/yyyy), with a calendar; today by default."""
    edit = QDateEdit(day or QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def day_of(edit: QDateEdit) -> date:
    return edit.date().toPython()  # type: ignore[no-any-return]


def plan_day_of(edit: QDateEdit) -> PlanDate:
    return PlanDate.from_date(day_of(edit))


def menu_action(
    menu: QMenu, text: str, slot: object, shortcut: QKeySequence | QKeySequence.StandardKey | None = None
) -> QAction:
    action = menu.addAction(text)
    action.triggered.connect(slot)
    if shortcut is not None:
        action.setShortcut(shortcut)
    return action
