"""In the import preview: where a plan goes when its name is close to an inspection already kept.

"Crime Audit" in the file beside "Crime Audit 2020" in the database: the user picks, for
each such plan, the existing inspection or a new one; Import waits for the choice.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget


class InspectionChoice(QWidget):
    """One line per plan whose name is close to an existing inspection; ``chosen`` when one is picked."""

    chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renames: dict[str, str] = {}  # the plan's name in the file → the inspection it goes into
        self.combos: dict[str, QComboBox] = {}
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)

    def show_matches(self, matches: dict[str, list[str]]) -> None:
        """Offer a choice for each plan in ``matches``, keeping what the user already chose."""
        while self._form.rowCount():
            self._form.removeRow(0)
        self.combos = {}
        for found, close in matches.items():
            combo = QComboBox()
            combo.addItem(f"Choose: “{close[0]}” already exists", None)
            for title in close:
                combo.addItem(f"Into the existing inspection “{title}”", title)
            combo.addItem(f"Into a new inspection “{found}”", found)
            combo.setAccessibleName(f"Where the plan “{found}” goes")
            if found in self.renames:
                combo.setCurrentIndex(combo.findData(self.renames[found]))
            combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
            label = QLabel(f"“{found}” goes:".replace("&", "&&"))  # the file's & is no mnemonic
            label.setBuddy(combo)
            label.setToolTip(f"The file names the inspection “{found}”; the database has a close name")
            self._form.addRow(label, combo)
            self.combos[found] = combo
        self.setVisible(bool(matches))

    def undecided(self) -> list[str]:
        return [found for found, combo in self.combos.items() if combo.currentData() is None]

    def _on_combo_current_index_changed(self) -> None:
        self.renames = {found: c.currentData() for found, c in self.combos.items() if c.currentData() is not None}
        self.chosen.emit()
