"""The page an empty database opens on: the two ways in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from hmics_desktop import APP_NAME


class WelcomePage(QWidget):
    example_requested = Signal()
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(f"<h1>{APP_NAME}</h1>")
        intro = QLabel(
            "This plan database is empty. Start from the published Crime Audit 2020 plan to see how "
            "the application works, or bring in an improvement plan you kept in Excel, Word or a CSV file."
        )
        intro.setWordWrap(True)
        intro.setFixedWidth(560)
        intro.setMinimumHeight(intro.heightForWidth(560))
        intro.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.example_button = QPushButton("Open the e&xample plan")
        self.example_button.setToolTip("Loads the Crime Audit 2020 improvement plan (HMICS) into this database")
        self.import_button = QPushButton("&Import a plan…")
        self.import_button.setToolTip(
            "Reads a plan from Excel, an OpenDocument spreadsheet, a Word document's tables or a CSV file; "
            "you see a preview first"
        )
        for button in (self.example_button, self.import_button):
            button.setMinimumHeight(40)
            button.setMinimumWidth(280)
        self.example_button.clicked.connect(self.example_requested)
        self.import_button.clicked.connect(self.import_requested)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (title, intro, self.example_button, self.import_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.setSpacing(14)
        layout.addStretch(3)
