"""The board's filters by theme and grading, and the rows chosen on the dashboard.

Kept beside the board's own filters (``board_view``): two lists (Theme, Grading) that combine
with the others, and, when a bar of the dashboard was clicked, a line saying which rows are
shown ("the 12 recommendations delayed at the end of March 2024") with a button to show all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from hmics_desktop.domain.classification import NO_GRADING, NO_THEME, THEME, Grading
from hmics_desktop.domain.words import counted
from hmics_desktop.services.board import Board, Key
from hmics_desktop.storage import lists  # the list as it is: its changes (services.lists) are not needed here
from hmics_desktop.ui.accessible import labelled
from hmics_desktop.ui.contrast import QuietLabel
from hmics_desktop.ui.widgets import left_row

if TYPE_CHECKING:
    from hmics_desktop.ui.board.board_view import BoardView

ANY = "Any"


def choice_list(items: Iterable[tuple[str, Any]]) -> QComboBox:
    """A drop-down list of (label, value) as wide as its longest label."""
    combo = QComboBox()
    for label, data in items:
        combo.addItem(label, data)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def refill(combo: QComboBox, items: Iterable[tuple[str, Any]]) -> None:
    """The list's entries replaced by "Any" and ``items``, keeping the one chosen when it is still there."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(ANY, None)
    for label, data in items:
        combo.addItem(label, data)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


class ClassFilters(QObject):
    changed = Signal()

    def __init__(self, board: BoardView) -> None:
        super().__init__(board)
        self.board = board
        self.theme = choice_list([(ANY, None)])
        self.grading = choice_list([(ANY, None), *((g.label, g.value) for g in Grading), (NO_GRADING, "")])
        self.chosen: tuple[str, set[int], str] | None = None  # kind, ids, in words
        self.chosen_words = QuietLabel()
        self.show_all = QPushButton("Show a&ll rows")
        self.chosen_bar = QWidget()
        row = QHBoxLayout(self.chosen_bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chosen_words, 1)
        row.addWidget(self.show_all)
        self.chosen_bar.hide()
        self.theme.currentIndexChanged.connect(self.changed)
        self.grading.currentIndexChanged.connect(self.changed)
        self.show_all.clicked.connect(self._on_show_all_clicked)
        board.kind.currentIndexChanged.connect(self._on_board_kind_changed)

    def widgets(self) -> list[QWidget]:
        """The two filters with their labels, for the board's row of filters."""
        return [left_row(labelled("The&me:", self.theme), self.theme),
                left_row(labelled("&Grading:", self.grading), self.grading)]  # fmt: skip

    def values(self) -> dict[str, Any]:
        """The filter's parts these lists set."""
        return {"theme": self.theme.currentData(), "grading": self.grading.currentData()}

    def fill(self, board: Board) -> None:
        """The themes on the list, those the rows have that are not on it, and "No theme"."""
        names = lists.entries(THEME)
        themes = {row.theme for row in board.recommendations}  # an action's is its recommendation's
        used = sorted({theme for theme in themes if theme and theme not in names}, key=str.lower)
        refill(self.theme, [*((n, n) for n in [*names, *used]), (NO_THEME, "")])

    def apply_state(self, state: dict[str, Any]) -> None:
        for combo, key in ((self.theme, "theme"), (self.grading, "grading")):
            combo.setCurrentIndex(max(combo.findData(state.get(key)), 0))

    def describe(self) -> list[str]:
        return [f"{name} {combo.currentText()}" for combo, name in ((self.theme, "theme"), (self.grading, "grading"))
                if combo.currentData() is not None]  # fmt: skip

    def only_chosen(self, keys: list[Key]) -> list[Key]:
        """The items chosen on the dashboard, when some are (else all)."""
        if self.chosen is None:
            return keys
        kind, ids, _words = self.chosen
        return [key for key in keys if key[0] == kind and key[1] in ids]

    def show_rows(self, kind: str, ids: Iterable[int], words: str) -> None:
        """Show only these rows (every other filter cleared), saying which they are."""
        wanted = set(ids)
        self.chosen = (kind, wanted, words)
        self.board.apply_state({"kind": kind})
        shown = self.board.model.rowCount()
        self.chosen_words.setText(f"Showing {counted(shown, kind)} chosen on the dashboard: {words}.")
        self.chosen_bar.show()

    def _on_show_all_clicked(self) -> None:
        self.chosen = None
        self.chosen_bar.hide()
        self.changed.emit()

    def _on_board_kind_changed(self) -> None:
        """Actions shown instead of the recommendations chosen (or the other way): the choice is let go."""
        if self.chosen is not None and self.board.kind.currentData() != self.chosen[0]:
            self.chosen = None
            self.chosen_bar.hide()
