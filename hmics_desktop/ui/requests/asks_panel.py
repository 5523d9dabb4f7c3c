"""On the action's form: what its owner asked for in a returned update request, to accept or decline.

Hidden when nothing waits. Accepting a revised target records the revision with the owner's
reason; accepting Complete (or Proposed for closure) marks the action complete (and proposes its
recommendation for closure); each is one step that Edit ▸ Undo takes back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from hmics_desktop.services.editing import ValidationError
from hmics_desktop.services.owner_asks import WaitingAsk, answer, waiting_asks
from hmics_desktop.ui.forms.fields import ProblemLabel
from hmics_desktop.ui.operations import Operations


class AsksPanel(QGroupBox):
    answered = Signal()

    def __init__(self, history: Operations, ready: Callable[[], bool], parent: QWidget | None = None) -> None:
        """``ready()``: the form's own changes saved first (False: the user kept them unsaved)."""
        super().__init__("Asked for by the owner", parent)
        self.history, self.ready = history, ready
        self.list = QListWidget()
        self.list.setAccessibleName("What the owner asked for")
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(72)
        self.accept_button = QPushButton("Accept t&his")  # the action form's other letters are taken
        self.decline_button = QPushButton("Decl&ine")
        self.accept_button.clicked.connect(lambda: self._answer(True))
        self.decline_button.clicked.connect(lambda: self._answer(False))
        self.problem = ProblemLabel()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.decline_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.setVisible(False)

    def show_for(self, action_id: int | None) -> None:
        self.list.clear()
        self.problem.show_problem(None)
        asks = waiting_asks(action_id) if action_id is not None else []
        for ask in asks:
            item = QListWidgetItem(ask.sentence())
            item.setData(Qt.ItemDataRole.UserRole, ask)
            self.list.addItem(item)
        if asks:
            self.list.setCurrentRow(0)
        self.setVisible(bool(asks))

    def _answer(self, accept: bool) -> None:
        item = self.list.currentItem()
        if item is None or not self.ready():
            return
        ask: WaitingAsk = item.data(Qt.ItemDataRole.UserRole)
        try:
            self.history.do(answer(ask.id, accept))
        except ValidationError as error:
            self.problem.show_problem(" ".join(error.problems.values()))
            return
        self.answered.emit()
