"""The board's "As at" choice: the plan as it stood at the end of a day, or as it stands.

Ticked, the board shows every recommendation and action as they were on the day chosen (from
the one history of changes: ``storage.history.as_of``), with the committee's calls made as on
that day; the forms still open each item as it is now. Unticked, the plan as it stands.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from hmics_desktop.domain import clock
from hmics_desktop.ui.widgets import day_edit, day_of


class AsAtBar(QWidget):
    changed = Signal()  # the day chosen, or none (as it stands)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ticked = QCheckBox("As at a past da&y")
        self.ticked.setToolTip("Show the plan as it stood at the end of the day chosen (its history)")
        self.day = day_edit(QDate(clock.today()))
        self.day.setMaximumDate(QDate(clock.today()))
        self.day.setEnabled(False)
        self.day.setAccessibleName("As at: the day the plan is shown as it stood")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.ticked)
        layout.addWidget(self.day)
        self.ticked.toggled.connect(self._on_ticked_toggled)
        self.day.dateChanged.connect(self._on_day_date_changed)

    def chosen(self) -> date | None:
        """The day the plan is shown as at; None: as it stands."""
        return day_of(self.day) if self.ticked.isChecked() else None

    def _on_ticked_toggled(self, ticked: bool) -> None:
        self.day.setEnabled(ticked)
        self.changed.emit()

    def _on_day_date_changed(self, _value: QDate) -> None:
        if self.ticked.isChecked():
            self.changed.emit()
