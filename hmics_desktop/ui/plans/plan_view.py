"""The plan view: inspections on the left, the selected plan's tree, the detail pane."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.services import plan_queries
from hmics_desktop.ui import settings as user_settings
from hmics_desktop.ui.accessible import labelled
from hmics_desktop.ui.plans.detail_pane import DetailPane
from hmics_desktop.ui.plans.inspection_table_model import InspectionTableModel
from hmics_desktop.ui.plans.plan_tree_model import PlanTreeModel
from hmics_desktop.ui.roles import Role
from hmics_desktop.ui.widgets import scaled


def _titled(title: str, widget: QWidget) -> QWidget:
    """``widget`` under its title in bold, which names it and moves the keyboard to it (Alt+its letter)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = labelled(title, widget)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    layout.addWidget(label)
    layout.addWidget(widget)
    return box


class PlanView(QSplitter):
    open_requested = Signal(str, int)  # kind, id
    item_menu_requested = Signal(QWidget, QPoint)  # the right-click menu of a recommendation or action
    inspection_menu_requested = Signal(QWidget, QPoint)  # the right-click menu of an inspection

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._settings = settings
        self.inspection_model = InspectionTableModel(self)
        self.inspection_table = QTableView()
        self.inspection_table.setModel(self.inspection_model)
        self.inspection_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.inspection_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.inspection_table.verticalHeader().hide()
        self.inspection_table.setWordWrap(False)
        self.inspection_table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
        self.inspection_table.horizontalHeader().setHighlightSections(False)
        header = self.inspection_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.tree_model = PlanTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setIndentation(16)
        # At 1366 wide: number, text, owner, target and status in view; the latest update to the right.
        for column, width in enumerate((64, 290, 90, 80, 180, 320)):
            self.tree.setColumnWidth(column, scaled(self.tree, width))  # wider with bigger text

        self.detail = DetailPane()
        self.addWidget(_titled("&Inspections", self.inspection_table))
        self.addWidget(_titled("&Recommendations and actions", self.tree))
        self.addWidget(_titled("De&tails", self.detail))
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 5)
        self.setStretchFactor(2, 3)
        self.setChildrenCollapsible(False)
        self.setHandleWidth(8)
        self.setContentsMargins(8, 4, 8, 8)
        self.setSizes([scaled(self, 360), scaled(self, 710), scaled(self, 280)])
        self.inspection_table.selectionModel().selectionChanged.connect(self._on_inspections_selection_changed)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.activated.connect(self._on_tree_activated)
        self.inspection_table.doubleClicked.connect(self._on_inspection_table_double_clicked)
        self.inspection_table.setToolTip("Double-click an inspection to edit or rename it; right-click for more")
        for view, slot in ((self.tree, self._on_tree_context_menu_requested),
                           (self.inspection_table, self._on_inspection_table_context_menu_requested)):  # fmt: skip
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(slot)

    def restore_layout(self) -> None:
        for key, restore in (
            ("plan_splitter", self.restoreState),
            ("plan_tree_header", self.tree.header().restoreState),
        ):
            state = user_settings.layout(self._settings, key)
            if state is not None:
                restore(state)

    def save_layout(self) -> None:
        user_settings.save_layout(self._settings, "plan_splitter", self.saveState())
        user_settings.save_layout(self._settings, "plan_tree_header", self.tree.header().saveState())

    def refresh(self) -> None:
        """Reload from the database, keeping the selected inspection and item."""
        current_inspection = self.selected_inspection_id()
        current = self.tree.currentIndex()
        kept = (current.data(Role.KIND), current.data(Role.ID)) if current.isValid() else None
        self.inspection_model.set_rows(plan_queries.inspections())
        row = self.inspection_model.row_of(current_inspection) if current_inspection else -1
        self.inspection_table.selectRow(max(row, 0))
        if kept:
            self.select_item(*kept)

    def selected_items(self) -> list[tuple[str, int]]:
        rows = self.tree.selectionModel().selectedRows() or (
            [self.tree.currentIndex()] if self.tree.currentIndex().isValid() else []
        )
        return [(index.data(Role.KIND), index.data(Role.ID)) for index in rows]

    def _on_tree_activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(index.data(Role.KIND), index.data(Role.ID))

    def _on_inspection_table_double_clicked(self, index: QModelIndex) -> None:
        self.open_requested.emit("inspection", index.data(Role.ID))

    def _on_tree_context_menu_requested(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        if not index.isValid():
            return
        selection = self.tree.selectionModel()
        if not selection.isRowSelected(index.row(), index.parent()):
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            selection.setCurrentIndex(index, flags)
        self.item_menu_requested.emit(self.tree.viewport(), position)

    def _on_inspection_table_context_menu_requested(self, position: QPoint) -> None:
        index = self.inspection_table.indexAt(position)
        if index.isValid():
            self.inspection_table.selectRow(index.row())
            self.inspection_menu_requested.emit(self.inspection_table.viewport(), position)

    def selected_inspection_id(self) -> int | None:
        rows = self.inspection_table.selectionModel().selectedRows()
        return rows[0].data(Role.ID) if rows else None

    def select_inspection(self, title: str) -> None:
        for row in range(self.inspection_model.rowCount()):
            if self.inspection_model.index(row, 0).data() == title:
                self.inspection_table.selectRow(row)
                return

    def select_item(self, kind: str, item_id: int) -> None:
        index = self.tree_model.find(kind, item_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def select_number(self, number: str) -> None:
        index = self.tree_model.find_number(number)
        if index.isValid():
            self.tree.scrollTo(index)
            self.tree.setCurrentIndex(index)

    def _on_inspections_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        inspection_id = self.selected_inspection_id()
        self.tree_model.set_rows(plan_queries.plan_tree(inspection_id) if inspection_id else [])
        self.tree.expandAll()
        self.detail.clear_detail()

    def _on_tree_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear_detail()
            return
        item_id = current.data(Role.ID)
        if current.data(Role.KIND) == "recommendation":
            self.detail.show_detail(plan_queries.recommendation_detail(item_id))
        else:
            self.detail.show_detail(plan_queries.action_detail(item_id))
