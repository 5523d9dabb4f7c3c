"""The Dashboard tab: the committee's picture beside the board, with the board's filters.

The trend (the committee's counts at the end of each quarter or month, as the plan stood then),
ageing (open recommendations by time since publication; open actions past their target), and
the recommendations by theme and by inspection. Each chart is labelled with its figures; T turns
it into its table and back, Ctrl+C copies its figures, and a click on a bar (or Enter) shows
those rows on the board. The figures are read once per change of the plan; a filter only
chooses among them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QCheckBox, QGridLayout, QRadioButton, QVBoxLayout, QWidget

from hmics_desktop.domain.classification import NO_GRADING, NO_THEME, THEME, Grading
from hmics_desktop.domain.periods import MONTH, QUARTER
from hmics_desktop.services import lists
from hmics_desktop.services.dashboard import Figures, load_figures
from hmics_desktop.services.dashboard_charts import DashboardFilter, ageing, inspections, overdue, themes, trend
from hmics_desktop.ui.accessible import labelled
from hmics_desktop.ui.board.class_filters import ANY, choice_list, refill
from hmics_desktop.ui.contrast import QuietLabel
from hmics_desktop.ui.dashboard.chart_view import KEYS_HELP, ChartTile
from hmics_desktop.ui.widgets import FlowLayout, left_row


class DashboardView(QWidget):
    rows_chosen = Signal(str, object, str)  # kind, ids, in words: show them on the board

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures: dict[str, Figures] = {}  # by quarter, by month: read once per change of the plan
        self.inspection = choice_list([(ANY, None)])
        self.theme = choice_list([(ANY, None)])
        self.grading = choice_list([(ANY, None), *((g.label, g.value) for g in Grading), (NO_GRADING, "")])
        self.owner = choice_list([(ANY, None)])
        self.quarters = QRadioButton("&Quarters")
        self.months = QRadioButton("&Months")
        self.quarters.setChecked(True)
        self.as_tables = QCheckBox("Fig&ures as tables")
        self.as_tables.setToolTip("Every chart as its table of figures (T does it for the chart with the keyboard)")
        filters = QWidget()
        flow = FlowLayout(filters)
        for label, combo in (("&Inspection:", self.inspection), ("&Theme:", self.theme), ("&Grading:", self.grading),
                             ("&Owner:", self.owner)):  # fmt: skip
            flow.addWidget(left_row(labelled(label, combo), combo))
        flow.addWidget(left_row(QuietLabel("Trend by:"), self.quarters, self.months))
        flow.addWidget(self.as_tables)
        self.as_at = QuietLabel()
        hint = QuietLabel(KEYS_HELP)
        hint.setWordWrap(True)
        self.tiles = {key: ChartTile() for key in ("trend", "ageing", "themes", "inspections")}
        grid = QGridLayout()
        grid.addWidget(self.tiles["trend"], 0, 0, 1, 4)
        grid.addWidget(self.tiles["ageing"], 1, 0, 1, 2)
        grid.addWidget(self.tiles["themes"], 1, 2)
        grid.addWidget(self.tiles["inspections"], 1, 3)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(filters)
        layout.addWidget(self.as_at)
        layout.addLayout(grid, 1)
        layout.addWidget(hint)
        for combo in (self.inspection, self.theme, self.grading, self.owner):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.months.toggled.connect(self._on_filter_changed)
        self.as_tables.toggled.connect(self._on_as_tables_toggled)
        for tile in self.tiles.values():
            tile.chosen.connect(self.rows_chosen)

    # Data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the figures again (the plan changed), keeping the filters."""
        self.figures.clear()
        self._fill_choices(self._figures())
        self.apply()

    def _figures(self) -> Figures:
        by = MONTH if self.months.isChecked() else QUARTER
        if by not in self.figures:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.figures[by] = load_figures(by)
            finally:
                QApplication.restoreOverrideCursor()
        return self.figures[by]

    def _fill_choices(self, figures: Figures) -> None:
        names = lists.names(THEME)
        used = {c.theme for c in figures.recommendations.values() if c.theme and c.theme not in names}
        owners = {c.owner for c in figures.recommendations.values() if c.owner}
        owners |= {action.owner for action in figures.open_actions if action.owner}
        for combo in (self.inspection, self.theme, self.owner):
            combo.blockSignals(True)
        refill(self.inspection, sorted(((title, i) for i, title in figures.titles.items()), key=lambda p: p[0].lower()))
        refill(self.theme, [*((n, n) for n in [*names, *sorted(used, key=str.lower)]), (NO_THEME, "")])
        refill(self.owner, [(o, o) for o in sorted(owners, key=str.lower)])
        for combo in (self.inspection, self.theme, self.owner):
            combo.blockSignals(False)

    def current_filter(self) -> DashboardFilter:
        inspection = self.inspection.currentData()
        return DashboardFilter(None if inspection is None else frozenset({inspection}), self.theme.currentData(),
                               self.grading.currentData(), self.owner.currentData())  # fmt: skip

    def apply(self) -> None:
        """Draw the charts again from the figures read (no database work)."""
        figures, chosen = self._figures(), self.current_filter()
        self.tiles["trend"].set_charts([trend(figures, chosen)])
        self.tiles["ageing"].set_charts([ageing(figures, chosen), overdue(figures, chosen)])
        self.tiles["themes"].set_charts([themes(figures, chosen)])
        self.tiles["inspections"].set_charts([inspections(figures, chosen)])
        self.as_at.setText(f"As at {figures.day:%d/%m/%Y}: the plan as it stands, and as it stood at the end of "
                           f"each {figures.by} before.")  # fmt: skip

    # Slots -----------------------------------------------------------------------------------
    def _on_filter_changed(self, *_args: object) -> None:
        self.apply()

    def _on_as_tables_toggled(self, shown: bool) -> None:
        for tile in self.tiles.values():
            tile.show_table(shown)
