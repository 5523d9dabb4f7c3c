"""Help ▸ About: what the application does, its version, where the plan is kept and how to get help.

The versions and folders that support asks for stay behind "Details", with a button that copies them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop import APP_NAME, __version__
from hmics_desktop.services.diagnostics import diagnostics
from hmics_desktop.storage.locations import Location, display_location, is_url

WHAT_IT_DOES = (
    "Keeps the improvement plans of HMICS inspections: each recommendation and its actions, owners, "
    "target dates and progress updates, and counts them as the committee does. It imports plans kept "
    "in Excel, Word or CSV, exports the Improvement Plan Template, and writes the committee papers."
)
GETTING_HELP = (
    "Help ▸ Keyboard shortcuts (F1) lists the keys. If something does not work, contact whoever "
    "supports the application for you (usually your IT service desk) and paste them the details "
    "below: press Details, then Copy details."
)


class AboutDialog(QDialog):
    def __init__(self, location: Location, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.location = location
        heading = QLabel(f"<h3>{escape(APP_NAME)}</h3>Version {escape(__version__)}")
        what = QLabel(WHAT_IT_DOES)
        where = QLabel(self._where_words())
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        help_words = QLabel(GETTING_HELP)
        for label in (what, where, help_words):
            label.setWordWrap(True)
        self.details = QPlainTextEdit("\n".join(f"{name}: {value}" for name, value in diagnostics(location)))
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details for support")
        self.details.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.folder_button = buttons.addButton("Show the &folder", QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button.setToolTip("Opens the folder that holds your plan database")
        self.folder_button.setVisible(not is_url(location))
        self.details_button = QPushButton("&Details")
        self.details_button.setCheckable(True)
        buttons.addButton(self.details_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button = buttons.addButton("&Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.hide()
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.details_button.toggled.connect(self._on_details_button_toggled)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for label in (heading, what, where, help_words):
            layout.addWidget(label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _where_words(self) -> str:
        if is_url(self.location):
            return f"Your plans are in the shared database {display_location(self.location)}."
        return (
            f"Your plans are in the file {Path(self.location)}. Backups of it are made automatically: "
            "File ▸ Restore a backup… lists them."
        )

    def _on_folder_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.location).parent)))

    def _on_details_button_toggled(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.copy_button.setVisible(shown)
        self.adjustSize()

    def _on_copy_button_clicked(self) -> None:
        QApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied")
