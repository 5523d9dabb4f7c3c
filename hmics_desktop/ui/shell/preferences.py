"""Edit ▸ Preferences: the user's name, written as "who" in History, and high-contrast colours."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.storage.user_name import current_user, set_user_name
from hmics_desktop.ui import settings as user_settings
from hmics_desktop.ui.contrast import apply_contrast, system_wants_high_contrast

CONTRAST_NOTE = (
    "White text on black, with strong outlines, in every window. When Windows' own contrast theme is on, "
    "its colours are used instead, whatever is ticked here."
)


def apply_user_name(settings: QSettings) -> None:
    """Use the saved name (if any) as "who" from now on."""
    set_user_name(str(user_settings.value(settings, "user/name") or ""))


def apply_look(settings: QSettings) -> None:
    """The colours chosen: the application's high contrast, or the system's own."""
    apply_contrast(user_settings.value(settings, "view/high_contrast"))


class PreferencesDialog(QDialog):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Preferences")
        self.name = QLineEdit(str(user_settings.value(settings, "user/name") or ""))
        self.name.setPlaceholderText("e.g. Jane Smith, Secretary")
        set_user_name(None)
        login = current_user()
        apply_user_name(settings)
        note = QLabel(
            f"Shown as “who” in the History of every change you make from now on. Left empty, the "
            f"computer's login name is used ({login})."
        )
        note.setWordWrap(True)
        self.high_contrast = QCheckBox("Use &high-contrast colours")
        self.high_contrast.setChecked(user_settings.value(settings, "view/high_contrast"))
        self.high_contrast.setAccessibleDescription(CONTRAST_NOTE)
        contrast_note = QLabel(CONTRAST_NOTE + (" Windows' contrast theme is on now." if system_wants_high_contrast()
                                                else ""))  # fmt: skip
        contrast_note.setWordWrap(True)
        from PySide6.QtWidgets import QDialogButtonBox, QFormLayout  # Qt's types: made for Python when first used

        form = QFormLayout()
        form.addRow("Your &name:", self.name)
        form.addRow(note)
        form.addRow("Colours:", self.high_contrast)
        form.addRow(contrast_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def accept(self) -> None:
        self.settings.setValue("user/name", self.name.text().strip())
        self.settings.setValue("view/high_contrast", self.high_contrast.isChecked())
        apply_user_name(self.settings)
        apply_look(self.settings)
        super().accept()
