"""Small input widgets the forms share: a plan date, multi-line text, owner completion."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QPlainTextEdit, QWidget

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.words import shortened
from hmics_desktop.ui.accessible import announce
from hmics_desktop.ui.contrast import tone
from hmics_desktop.ui.widgets import text_width

DATE_DESCRIPTION = "A month, as Sept 2022, or a day, as 14/09/2022"


class PlanDateEdit(QLineEdit):
    """A target or publication date as people write it: "Sept 2022" or "14/09/2022"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Sept 2022 or 14/09/2022")
        self.setAccessibleDescription(DATE_DESCRIPTION)
        self.setMinimumWidth(text_width(self, "Sept 2022 or 14/09/2022"))
        self.setMaximumWidth(self.minimumWidth() + 40)
        # Read-only (an action's target once set: Revise target… changes it) looks it.
        self.setStyleSheet('QLineEdit[readOnly="true"] { background: palette(window); color: palette(text); }')

    def set_value(self, value: PlanDate | None) -> None:
        self.setText(value.british() if value else "")

    def value(self) -> PlanDate | None:
        """The date typed; raises :class:`DateError` with a message for the user."""
        return PlanDate.parse(self.text())


class TextBox(QPlainTextEdit):
    """Multi-line text (paragraphs and bullets kept); Tab moves on rather than typing a tab.

    Ctrl+Enter emits ``submitted`` (the action form adds the progress update with it).
    """

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier  # Ctrl+Shift+Enter: back, in the round
        ):
            self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def __init__(self, lines: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + 12)

    def text(self) -> str:
        return self.toPlainText().strip()


def owner_completer(owners: list[str], parent: QWidget) -> QCompleter:
    completer = QCompleter(owners, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


class ProblemLabel(QLabel):
    """A message under a field, in the users' words, shown only when something is wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()

    def show_problem(self, text: str | None) -> None:
        """Show ``text`` (said at once by a screen reader), or hide the label when None."""
        self.setText(text or "")
        self.setVisible(bool(text))
        if text:
            self.setStyleSheet(f"color: {tone('problem').name()};")  # readable on the colours in use now
            announce(self, text, urgent=True)


def elided(text: str, limit: int = 80) -> str:
    """The start of a text on one line, for a confirmation or a title: "Review the custody …"."""
    return shortened(text, limit)
