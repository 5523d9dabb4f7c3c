"""File ▸ Export plan…: which inspections, as at which date, which layout, title and marking."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.domain.dates import british_long
from hmics_desktop.services.exporting import Layout
from hmics_desktop.ui import settings as user_settings
from hmics_desktop.ui.widgets import day_edit, day_of

MARKINGS = ["OFFICIAL", "OFFICIAL-SENSITIVE", "OFFICIAL – NOT FOR PUBLICATION"]


class ExportDialog(QDialog):
    def __init__(self, titles: list[str], selected: str | None, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export plan")
        self.settings = settings
        self.inspections = QListWidget()
        self.inspections.setAccessibleName("Inspections to export")
        for title in titles:
            item = QListWidgetItem(title)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if title == selected or len(titles) == 1 else Qt.CheckState.Unchecked
            )
            self.inspections.addItem(item)
        self.inspections.setMaximumHeight(140)
        self.as_at = day_edit()
        self.as_at.setToolTip("Each action shows its latest progress update on or before this date")
        self.title_prefix = QLineEdit(user_settings.value(settings, "export/title_prefix"))
        self.marking = QComboBox()
        self.marking.setEditable(True)
        self.marking.addItems(MARKINGS)
        self.marking.setCurrentText(user_settings.value(settings, "export/marking"))
        self.template_button = QRadioButton("Improvement Plan &Template — the four-column plan for the committee")
        self.tracker_button = QRadioButton("Trac&ker — every field in one filterable table")
        self.layout_group = QButtonGroup(self)
        self.layout_group.addButton(self.template_button)
        self.layout_group.addButton(self.tracker_button)
        chosen = user_settings.value(settings, "export/layout")
        (self.tracker_button if chosen == Layout.TRACKER.value else self.template_button).setChecked(True)
        self.title_preview = QLabel()
        self.title_preview.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("&Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Inspections:", self.inspections)
        form.addRow("&As at:", self.as_at)
        form.addRow("Title &prefix:", self.title_prefix)
        form.addRow("Protective &marking:", self.marking)
        form.addRow("Title:", self.title_preview)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Layout</b>"))
        layout.addWidget(self.template_button)
        layout.addWidget(self.tracker_button)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.title_prefix.textChanged.connect(self._on_choice_changed)
        self.as_at.dateChanged.connect(self._on_choice_changed)
        self.inspections.itemChanged.connect(self._on_choice_changed)
        self._on_choice_changed()
        self.resize(620, 460)

    def chosen_inspections(self) -> list[str]:
        items = (self.inspections.item(i) for i in range(self.inspections.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def chosen_as_at(self) -> date:
        return day_of(self.as_at)

    def chosen_layout(self) -> Layout:
        return Layout.TRACKER if self.tracker_button.isChecked() else Layout.TEMPLATE

    def remember_choices(self) -> None:
        self.settings.setValue("export/title_prefix", self.title_prefix.text())
        self.settings.setValue("export/marking", self.marking.currentText())
        self.settings.setValue("export/layout", self.chosen_layout().value)

    def _on_choice_changed(self, *args: object) -> None:
        self.title_preview.setText(
            f"{self.title_prefix.text()}Progress Update as at {british_long(self.chosen_as_at())}"
        )
        self.export_button.setEnabled(bool(self.chosen_inspections()))
