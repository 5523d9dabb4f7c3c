"""Edit ▸ Themes and delay categories…: the two lists the secretary keeps, in order.

Add, rename, take off, move up or down; each is one step (Edit ▸ Undo puts it back). A rename
is made on every recommendation with the name; a name taken off the list is taken off them
too, after a question that says how many.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.domain.classification import DELAY_CATEGORY, LIST_WORDS, THEME
from hmics_desktop.domain.words import counted
from hmics_desktop.services import lists
from hmics_desktop.services.editing import Change, ValidationError
from hmics_desktop.ui.accessible import announce, labelled
from hmics_desktop.ui.forms.fields import ProblemLabel
from hmics_desktop.ui.operations import Operations
from hmics_desktop.ui.widgets import fit_to_screen


class ListsDialog(QDialog):
    def __init__(self, history: Operations, parent: QWidget | None = None, *, editable: bool = True) -> None:
        super().__init__(parent)
        self.history = history
        self.setWindowTitle("Themes and delay categories")
        self.which = QComboBox()
        self.which.addItem("Themes", THEME)
        self.which.addItem("Delay categories", DELAY_CATEGORY)
        self.entries = QListWidget()
        self.entries.setAccessibleName("The names on the list, in order, with how many recommendations have each")
        self.problem = ProblemLabel()
        buttons = QGridLayout()
        self.buttons: list[QPushButton] = []
        for index, (text, slot) in enumerate((("&Add…", self._on_add_clicked), ("Re&name…", self._on_rename_clicked),
                                              ("&Take off the list…", self._on_remove_clicked),
                                              ("Move &up", lambda: self._on_move(-1)),
                                              ("Move do&wn", lambda: self._on_move(1)))):  # fmt: skip
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setEnabled(editable)
            buttons.addWidget(button, index // 3, index % 3)
            self.buttons.append(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(labelled("&List:", self.which))
        layout.addWidget(self.which)
        layout.addWidget(self.entries, 1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("A name renamed or taken off the list is renamed or taken off the recommendations "
                                "that have it. Edit ▸ Undo puts each change back."))  # fmt: skip
        layout.addWidget(self.problem)
        layout.addWidget(close)
        self.which.currentIndexChanged.connect(self._fill)
        history.listeners.append(self._fill)  # an undo made meanwhile shows
        self.finished.connect(lambda _result: history.listeners.remove(self._fill))
        self._fill()
        fit_to_screen(self, 560, 520)

    @property
    def kind(self) -> str:
        return str(self.which.currentData())

    def _fill(self, *_args: object) -> None:
        chosen = self._chosen()
        uses = lists.uses(self.kind)
        self.entries.clear()
        for name in lists.names(self.kind):
            used = uses.get(name, 0)
            self.entries.addItem(f"{name} ({counted(used, 'recommendation')})" if used else name)
            self.entries.item(self.entries.count() - 1).setData(Qt.ItemDataRole.UserRole, name)
        names = lists.names(self.kind)
        self.entries.setCurrentRow(names.index(chosen) if chosen in names else 0)

    def _chosen(self) -> str | None:
        item = self.entries.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _do(self, make: Callable[[], Change], then_chosen: str | None = None) -> None:
        """Make the change (one step), or say in place why it cannot be made."""
        self.problem.show_problem(None)
        try:
            change = make()
            self.history.do(change)
        except ValidationError as error:
            self.problem.show_problem(" ".join(error.problems.values()))
            return
        self._fill()
        if then_chosen is not None:
            names = lists.names(self.kind)
            self.entries.setCurrentRow(names.index(then_chosen) if then_chosen in names else 0)
        announce(self.entries, f"{change.description[:1].upper()}{change.description[1:]}.")

    def _ask_name(self, title: str, text: str = "") -> str | None:
        words = LIST_WORDS[self.kind][0]
        name, ok = QInputDialog.getText(self, title, f"The {words}’s name:", text=text)
        return " ".join(name.split()) if ok else None

    def _on_add_clicked(self) -> None:
        name = self._ask_name(f"Add a {LIST_WORDS[self.kind][0]}")
        if name is not None:
            self._do(lambda: lists.add_entry(self.kind, name), name)

    def _on_rename_clicked(self) -> None:
        old = self._chosen()
        if old is None:
            return
        new = self._ask_name(f"Rename “{old}”", old)
        if new is not None and new != old:
            self._do(lambda: lists.rename_entry(self.kind, old, new), new)

    def _on_remove_clicked(self) -> None:
        name = self._chosen()
        if name is None:
            return
        used = lists.uses(self.kind).get(name, 0)
        if used:
            has = "has" if used == 1 else "have"
            question = (f"Take “{name}” off the list? {counted(used, 'recommendation')} {has} it and will have "
                        "none (Edit ▸ Undo puts it back).")  # fmt: skip
            if QMessageBox.question(self, "Take off the list", question) != QMessageBox.StandardButton.Yes:
                return
        self._do(lambda: lists.remove_entry(self.kind, name))

    def _on_move(self, offset: int) -> None:
        name = self._chosen()
        if name is not None:
            self._do(lambda: lists.move_entry(self.kind, name, offset), name)
