"""The board's "As at" choice: the plan as it stood at the end of a day, or as it stands.

Ticked, the board shows every recommendation and action as they were on the day chosen (from
the one history of changes: ``storage.history.as_of``), with the committee's calls made as on
that day; the forms still open each item as it is now. Unticked, the plan as it stands.
That board is built off the GUI thread (the whole history is read: a second or more for
50,000 actions), with the usual busy indication; the window keeps answering meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QMessageBox, QWidget

from hmics_desktop.domain import clock
from hmics_desktop.services.board import Board
from hmics_desktop.services.board_rows import load_board
from hmics_desktop.storage.failures import cause
from hmics_desktop.ui.background import Progress, run_in_background
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
        self._reads = 0  # the board's reads asked so far: a build for an earlier one is not shown
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.ticked)
        layout.addWidget(self.day)
        self.ticked.toggled.connect(self._on_ticked_toggled)
        self.day.dateChanged.connect(self._on_day_date_changed)

    def chosen(self) -> date | None:
        """The day the plan is shown as at; None: as it stands."""
        return day_of(self.day) if self.ticked.isChecked() else None

    def read(self, show: Callable[[Board], None]) -> bool:
        """The board reads the plan: as at the day chosen, built off the GUI thread and given to ``show``.

        False when the plan is shown as it stands (read by the board itself); a build still under
        way for an earlier read is then never shown.
        """
        self._reads += 1
        day = self.chosen()
        if day is None:
            return False
        asked = self._reads

        def job(progress: Progress) -> Board:
            progress(0, 0, f"Reading the plan as it stood at the end of {day:%d/%m/%Y}…")
            return load_board(as_at=day)

        def built(board: Board) -> None:
            if asked == self._reads:
                show(board)

        def failed(error: Exception) -> None:
            if asked == self._reads:
                words = f"The plan as it stood at the end of {day:%d/%m/%Y} could not be read: {cause(error) or error}."
                QMessageBox.warning(self, "As at a past day", words)

        run_in_background(self.window(), "The plan as it stood", job, built, failed)
        return True

    def _on_ticked_toggled(self, ticked: bool) -> None:
        self.day.setEnabled(ticked)
        self.changed.emit()

    def _on_day_date_changed(self, _value: QDate) -> None:
        if self.ticked.isChecked():
            self.changed.emit()
