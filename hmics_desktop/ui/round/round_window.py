"""The update round: the actions one after another in one window.

The action, its last update and next steps are shown; the secretary types the new update
(and corrects next steps or status), Ctrl+Enter saves and moves to the next,
Ctrl+Shift+Enter goes back, and the count says how many are left. Every saved step is one
undoable change in the shared history.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.domain.status import ActionStatus
from hmics_desktop.domain.words import counted
from hmics_desktop.services.editing import EditConflict, ItemDeleted, ValidationError
from hmics_desktop.services.update_round import RoundItem, round_item, round_list, save_step
from hmics_desktop.ui.accessible import announce, labelled
from hmics_desktop.ui.contrast import tone
from hmics_desktop.ui.forms.fields import ProblemLabel, TextBox
from hmics_desktop.ui.operations import Operations
from hmics_desktop.ui.round.round_list_model import RoundListModel
from hmics_desktop.ui.widgets import day_edit, fit_to_screen, plan_day_of


class RoundWindow(QDialog):
    """Steps through ``action_ids`` in the order given."""

    step_saved = Signal()
    open_requested = Signal(str, int)  # the action's full form, for what the round does not show

    def __init__(self, history: Operations, action_ids: list[int], title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.history = history
        self.ids = list(action_ids)
        self.index = 0
        self.saved_ids: set[int] = set()
        self.item: RoundItem | None = None
        self.setWindowTitle(f"Update round — {title}")

        self.steps = QListView()
        self.steps.setUniformItemSizes(True)
        self.steps.setAccessibleName("Actions in this round")
        self.steps.setMinimumWidth(240)
        self.steps.setMaximumWidth(320)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.count = QLabel()
        self.count.setAccessibleName("Where you are in the round")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.last_update = QTextBrowser()
        self.last_update.setAccessibleName("Last update")
        self.last_update.setTabChangesFocus(True)  # Tab moves on from it, as from every field
        self.last_update.setMaximumHeight(120)
        self.next_steps = TextBox(3)
        self.next_steps.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 12)
        self.status = QComboBox()
        for status in ActionStatus:
            self.status.addItem(status.label, status.value)
        self.as_at = day_edit()
        self.update_text = TextBox(5)
        self.update_text.setMaximumHeight(self.fontMetrics().lineSpacing() * 8 + 12)
        self.update_text.setPlaceholderText("What has happened since the last update… (Ctrl+Enter saves and moves on)")
        self.problem = ProblemLabel()
        self.back_button = QPushButton("◀ &Previous")
        self.back_button.setToolTip("Back to the previous action (Ctrl+Shift+Enter)")
        self.skip_button = QPushButton("S&kip")
        self.skip_button.setToolTip("On to the next action without saving anything here")
        self.next_button = QPushButton("Save and &next ▶")
        self.next_button.setToolTip("Save what you typed and move to the next action (Ctrl+Enter)")
        self.next_button.setDefault(True)
        self.close_button = QPushButton("Close")
        self.form_button = QPushButton("&Open the action's form…")
        self.form_button.setToolTip("Links, targets, history: everything about this action")

        self._build_layout()
        self.steps_model = RoundListModel(round_list(self.ids), self)
        self.steps.setModel(self.steps_model)
        self.back_button.clicked.connect(self.go_back)
        self.skip_button.clicked.connect(self.skip)
        self.next_button.clicked.connect(self.save_and_next)
        self.close_button.clicked.connect(self.reject)
        self.form_button.clicked.connect(self._on_form_button_clicked)
        self.steps.selectionModel().currentRowChanged.connect(self._on_steps_current_row_changed)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save_and_next)
        for keys in ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"):
            QShortcut(QKeySequence(keys), self, self.go_back)
        fit_to_screen(self, 1100, 700)
        self.show_step(0)

    def _build_layout(self) -> None:
        action_box = QGroupBox("The action")
        action_layout = QVBoxLayout(action_box)
        action_layout.addWidget(self.heading)
        facts_row = QHBoxLayout()
        facts_row.addWidget(self.facts, 1)
        facts_row.addWidget(self.form_button)
        action_layout.addLayout(facts_row)
        last_box = QGroupBox("Last update")
        QVBoxLayout(last_box).addWidget(self.last_update)
        entry_box = QGroupBox("This round")
        entry = QFormLayout(entry_box)
        entry.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        entry.addRow(labelled("New &update:", self.update_text), self.update_text)
        when_and_status = QHBoxLayout()
        when_and_status.addWidget(self.as_at)
        when_and_status.addSpacing(24)
        when_and_status.addWidget(labelled("S&tatus:", self.status))
        when_and_status.addWidget(self.status)
        when_and_status.addStretch(1)
        entry.addRow(labelled("&As at:", self.as_at), when_and_status)
        entry.addRow(labelled("Ne&xt steps:", self.next_steps), self.next_steps)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        for widget in (action_box, last_box, entry_box, self.problem):
            body_layout.addWidget(widget)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its fields, which scroll into view
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.count)
        left_layout.addWidget(self.steps)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("Ctrl+Enter: save and next · Ctrl+Shift+Enter: back"))
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    # Moving through the round ----------------------------------------------------------------
    def show_step(self, index: int) -> None:
        if not self.ids:
            self.count.setText("No actions in this round.")
            for button in (self.back_button, self.skip_button, self.next_button):
                button.setEnabled(False)
            return
        if index >= len(self.ids):
            self._finish()
            return
        self.index = max(index, 0)
        self.item = round_item(self.ids[self.index])
        item = self.item
        self.heading.setText(f"<b>Action {escape(item.number)}</b> — {escape(item.inspection)}<br>{escape(item.text)}")
        self.facts.setText(
            f"Owner: {escape(item.owner or 'not recorded')} · "
            f"Target: {item.target.british() if item.target else 'no target set'}"
        )
        if item.last_update is None:
            self.last_update.setHtml(f"<p style='color:{tone('muted').name()}'>No progress recorded yet.</p>")
        else:
            text = "".join(f"<p>{escape(line)}</p>" for line in item.last_update.text.splitlines() if line.strip())
            self.last_update.setHtml(f"<p><b>As at {item.last_update.as_at.british()}</b></p>{text}")
        self.next_steps.setPlainText(item.next_steps)
        self.status.setCurrentIndex(max(self.status.findData(item.status), 0))
        if item.status is None and self.status.findData(None) < 0:
            self.status.insertItem(0, "Not recorded", None)
            self.status.setCurrentIndex(0)
        self.update_text.clear()
        self.problem.show_problem(None)
        left = len(self.ids) - self.index - 1
        self.count.setText(f"<b>{self.index + 1} of {len(self.ids)}</b> — {left} left")
        announce(self.count, f"Action {item.number}, {self.index + 1} of {len(self.ids)}, {left} left")
        self.back_button.setEnabled(self.index > 0)
        self._show_current_row()
        self.update_text.setFocus()

    def save_and_next(self) -> None:
        if self._save():
            self.show_step(self.index + 1)

    def _save(self, keep_theirs: frozenset[str] = frozenset()) -> bool:
        """Save what was typed for the action shown; False (with the problem shown) when it cannot be, or not all.

        A field changed elsewhere too since the round showed the action keeps the other change (and
        is named); the rest of the step is saved, and the action is shown again as it is now.
        """
        if self.item is None:
            return False
        try:
            change = save_step(
                self.item, plan_day_of(self.as_at), self.update_text.text(), self.next_steps.text(),
                self.status.currentData(), keep_theirs,
            )  # fmt: skip
            if change is not None:
                self.history.do(change)
        except ValidationError as error:
            self.problem.show_problem(" ".join(error.problems.values()))
            return False
        except EditConflict as conflict:
            if not self._save(keep_theirs | frozenset(conflict.fields)):
                return False
            self.show_step(self.index)
            self.problem.show_problem(
                f"Action {self.item.number}'s {conflict.names} {conflict.were} changed elsewhere since the round "
                f"showed it ({conflict.theirs}): that is kept, and the rest of what you typed is saved. Choose "
                "yours again to change it."
            )
            return False
        except ItemDeleted:
            self.problem.show_problem(
                f"Action {self.item.number} was deleted elsewhere since the round showed it: nothing was saved. "
                "Restore it (Edit ▸ Deleted items) to update it, or skip it."
            )
            return False
        if change is not None:
            self.saved_ids.add(self.item.id)
            self.steps_model.mark_done(self.index)
            self.step_saved.emit()
        return True

    def go_back(self) -> None:
        target = self.index - 1
        if target >= 0 and self._may_leave():
            self.show_step(target)

    def skip(self) -> None:
        target = self.index + 1
        if self._may_leave():
            self.show_step(target)

    def typed(self) -> bool:
        """Something typed or changed here and not saved yet."""
        item = self.item
        return item is not None and (
            bool(self.update_text.text())
            or self.next_steps.text() != item.next_steps.strip()
            or self.status.currentData() != item.status
        )

    def _may_leave(self, closing: bool = False) -> bool:
        """Ask before what was typed for this action is lost; True when it is fine to move (or close)."""
        if not self.typed():
            return True
        assert self.item is not None
        choice = QMessageBox.question(
            self,
            "Unsaved update",
            f"Save what you typed for action {self.item.number} before {'closing' if closing else 'moving on'}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if choice == QMessageBox.StandardButton.Save:
            return self._save()
        return choice == QMessageBox.StandardButton.Discard

    def reject(self) -> None:  # Esc and Close
        if self._may_leave(closing=True):
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_leave(closing=True):
            event.accept()
            self.done(QDialog.DialogCode.Rejected)
        else:
            event.ignore()

    def _finish(self) -> None:
        saved = len(self.saved_ids)
        QMessageBox.information(
            self,
            "Update round finished",
            f"That was the last of {counted(len(self.ids), 'action')}; {counted(saved, 'action')} updated "
            "in this round.",
        )
        self.accept()

    def _on_form_button_clicked(self) -> None:
        if self.item is not None:
            self.open_requested.emit("action", self.item.id)

    def _show_current_row(self) -> None:
        selection = self.steps.selectionModel()
        selection.blockSignals(True)
        index = self.steps_model.index(self.index, 0)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        selection.blockSignals(False)
        self.steps.scrollTo(index)
        self.steps.viewport().update()

    def _on_steps_current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        row = current.row()
        if row >= 0 and row != self.index:
            if self._may_leave():
                self.show_step(row)
            else:
                self._show_current_row()
