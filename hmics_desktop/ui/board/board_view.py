"""The board: the secretary's home screen over every inspection, at a glance and at speed."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDate,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSettings,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.domain import clock
from hmics_desktop.domain.status import ActionStatus, RecommendationStatus, Standing
from hmics_desktop.domain.words import counted
from hmics_desktop.services.board import (
    COLUMN_KEYS,
    COLUMNS,
    NOT_RECORDED,
    NOT_RECORDED_LABEL,
    Board,
    BoardFilter,
)
from hmics_desktop.services.board_rows import load_board, reload_rows
from hmics_desktop.services.plan_facts import last_meeting_on
from hmics_desktop.ui import settings as user_settings
from hmics_desktop.ui.accessible import labelled
from hmics_desktop.ui.board import saved_views
from hmics_desktop.ui.board.as_at_bar import AsAtBar
from hmics_desktop.ui.board.board_model import BoardModel
from hmics_desktop.ui.board.class_filters import ANY, ClassFilters, choice_list, refill
from hmics_desktop.ui.board.counts_table import (
    CountsModel,
    Legend,
    counts_table,
    fit_to_rows,
)
from hmics_desktop.ui.board.filter_words import filter_in_words
from hmics_desktop.ui.contrast import QuietLabel
from hmics_desktop.ui.roles import Role
from hmics_desktop.ui.widgets import FlowLayout, clear_button_once_typed, day_edit, left_row, row_height, text_width

if TYPE_CHECKING:
    from hmics_desktop.services.edit_history import OpChanges

SEARCH_PAUSE_MS = 250  # the board is searched again once typing pauses this long
MADE_AT_A_TIME = 2000  # rows made in one spare moment: a few milliseconds, so that a key pressed waits no longer
MAKING_AFTER_MS = 100  # the making starts once the first screen is drawn, not before it
# What "On track / delayed" means for the rows shown: each is judged by its own rule.
STANDING_RULES = {
    "action": "An action is delayed once its target has passed (the revised target, if it was revised).",
    "recommendation": "A recommendation is delayed once its initial target has passed, even if it was revised "
    "(as the committee counts).",
}
# Shown by default: number, text, owner, status, on track / delayed, latest progress, next steps.
HIDDEN_BY_DEFAULT = {"initial_target", "current_target", "latest_on", "days", "theme", "grading"}
STRETCHED = ("text", "latest_text", "next_steps")


class BoardView(QWidget):
    open_requested = Signal(str, int)  # kind, id
    item_menu_requested = Signal(QWidget, QPoint)  # where the right-click menu of a row opens

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.board = Board(rows=[], today=clock.today())  # until the first refresh
        self.sort_key, self.descending = "number", False
        self._restoring = False

        self.counts_model = CountsModel(self)
        self.counts = counts_table(self.counts_model)
        legend = Legend()

        self.kind = choice_list([("Actions", "action"), ("Recommendations", "recommendation")])
        self.inspection = choice_list([(ANY, None)])
        self.status = choice_list([(ANY, None)])
        self.owner = choice_list([(ANY, None)])
        self.standing = choice_list([(ANY, None)] + [(s.label, s.value) for s in Standing])
        self.classes = ClassFilters(self)  # theme, grading, and the rows chosen on the dashboard
        self.overdue = QCheckBox("Over&due")
        self.overdue.setToolTip("Past the target date (recommendations: past the initial target) and not done")
        self.awaiting = QCheckBox("&Awaiting HMICS")
        self.awaiting.setToolTip("Evidence submitted to HMICS with no response yet")
        self.stale = QCheckBox("Not &updated since")
        self.last_meeting = day_edit()
        self.last_meeting.setAccessibleName("Not updated since: the last meeting's date")
        self.last_meeting.setToolTip(
            "The last meeting of the tactical group (until you choose it: the last committee meeting of your papers)"
        )
        saved_meeting = user_settings.value(settings, "board/last_meeting")
        self._meeting_chosen = bool(saved_meeting)  # otherwise it follows the papers (see refresh)
        self.last_meeting.setDate(
            QDate.fromString(saved_meeting, "yyyy-MM-dd") if saved_meeting else QDate(clock.today()).addMonths(-1)
        )
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search any text…")
        clear_button_once_typed(self.search)
        self.views = QComboBox()
        self.save_view_button = QPushButton("Save view…")
        self.row_count = QLabel()
        self.rule = QuietLabel()  # how the rows shown are called on track or delayed

        self.model = BoardModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(row_height(self.table))
        self.table.horizontalHeader().setHighlightSections(False)  # a row selected does not press in every heading
        self.table.setAccessibleName("Board")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move between rows
        table_header = self.table.horizontalHeader()
        table_header.setSectionsMovable(True)
        table_header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table_header.setSortIndicator(COLUMN_KEYS.index("number"), Qt.SortOrder.AscendingOrder)
        # The key columns as wide as their words in the font in use: whole at 200 % text too.
        statuses = [s.label for s in (*ActionStatus, *RecommendationStatus)] + [NOT_RECORDED_LABEL]
        for key, sample in (("inspection", "Crime Audit 2020"), ("number", "10.10"), ("owner", "ACC Crime"),
                            ("status", max(statuses, key=len)), ("standing", "Ongoing – on track"),
                            ("initial_target", "00/00/0000"), ("current_target", "00/00/0000"),
                            ("latest_on", "00/00/0000"), ("days", "9999")):  # fmt: skip
            self.table.setColumnWidth(COLUMN_KEYS.index(key), text_width(self.table, sample))
        for key in STRETCHED:  # the long texts share the width left, so nothing scrolls sideways
            table_header.setSectionResizeMode(COLUMN_KEYS.index(key), QHeaderView.ResizeMode.Stretch)
        for key in HIDDEN_BY_DEFAULT:
            table_header.setSectionHidden(COLUMN_KEYS.index(key), True)
        self.inspection_column_wanted = True  # the user's choice; hidden anyway when one inspection shows
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        # The filters wrap onto more lines as the text grows, rather than widen the window past the screen.
        filters = QWidget()
        flow = FlowLayout(filters)
        for label, widget in (("Sho&w:", self.kind), ("&Inspection:", self.inspection), ("&Status:", self.status),
                              ("&Owner:", self.owner), ("On &track / delayed:", self.standing)):  # fmt: skip
            flow.addWidget(left_row(labelled(label, widget), widget))
        for widget in self.classes.widgets():
            flow.addWidget(widget)
        for widget in (self.overdue, self.awaiting, left_row(self.stale, self.last_meeting)):
            flow.addWidget(widget)
        self.search.setMinimumWidth(text_width(self.search, "Search any text… and more"))
        flow.addWidget(left_row(labelled("Sea&rch:", self.search, "Any text of the rows shown (Ctrl+F)"), self.search))
        flow.addWidget(left_row(labelled("Saved &views:", self.views), self.views, self.save_view_button))
        self.as_at_bar = AsAtBar()
        flow.addWidget(self.as_at_bar)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.counts)
        top_layout.addWidget(legend)
        self._top, self._legend = top, legend
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(filters)
        bottom_layout.addWidget(self.classes.chosen_bar)
        bottom_layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.row_count)
        footer.addStretch(1)
        footer.addWidget(self.rule)
        bottom_layout.addLayout(footer)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([170, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.splitter)

        self._typing = QTimer(self)  # the search waits for a pause in typing, not for every key
        self._typing.setSingleShot(True)
        self._typing.setInterval(SEARCH_PAUSE_MS)
        self._fill_views()
        self._restore_state()
        for combo in (self.kind, self.inspection, self.status, self.owner, self.standing):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        for box in (self.overdue, self.awaiting, self.stale):
            box.toggled.connect(self._on_filter_changed)
        self.last_meeting.dateChanged.connect(self._on_last_meeting_date_changed)
        self._typing.timeout.connect(self._on_filter_changed)
        self.search.textChanged.connect(self._typing.start)
        self._making = QTimer(self)  # the rows not painted yet are made in spare moments, a batch at a time,
        self._making.timeout.connect(self._on_making_timeout)  # once the first screen is drawn
        self.classes.changed.connect(self._on_filter_changed)
        self.model.sort_requested.connect(self._on_model_sort_requested)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.views.activated.connect(self._on_views_activated)
        self.as_at_bar.changed.connect(self.refresh)
        self.save_view_button.clicked.connect(self._on_save_view_button_clicked)
        table_header.customContextMenuRequested.connect(self._on_header_context_menu_requested)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu_requested)
        self.counts.clicked.connect(self._on_counts_clicked)
        self.counts.doubleClicked.connect(self._on_counts_double_clicked)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, self._on_copy_shortcut_activated)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self._on_enter_shortcut_activated)

    # Data ------------------------------------------------------------------------------
    def refresh(self, changes: OpChanges | None = None) -> None:
        """Reload from the database, keeping the filters, the selection and the scroll position.

        ``changes``: what a change touched; only those recommendations and actions are read again,
        and when the board shows the same items, only their rows are repainted.
        """
        if self.as_at_bar.read(self._show_board):  # as at a day: built off the GUI thread, shown when done
            return
        partly = reload_rows(self.board, changes) if changes is not None and self.board.recommendations else None
        if partly is not None:
            shown = self.model.keys()
            self.board, recommendations = partly
            self._making.start(MAKING_AFTER_MS)
            self._fill_choices()  # an owner or a status new to the board is offered
            self._show_counts()
            now = self.classes.only_chosen(self.board.keys(self.current_filter(), self.sort_key, self.descending))
            if now == shown:
                self.model.rows_changed(self.board.keys_of(recommendations), self.board.row)
                return
            self.apply()
            return
        self._show_board(load_board())

    def _show_board(self, board: Board) -> None:
        self.board = board
        self._making.start(MAKING_AFTER_MS)
        self._fill_choices()
        self._show_counts()
        if not self._meeting_chosen:
            day = last_meeting_on()
            with QSignalBlocker(self.last_meeting):  # a default, not the secretary's choice: not kept
                self.last_meeting.setDate(QDate(day) if day else QDate(clock.today()).addMonths(-1))
        self.apply()

    def _show_counts(self) -> None:
        counts = self.board.counts()
        titles = {row.inspection_id: row.inspection for row in self.board.recommendations}
        self.counts_model.set_rows(sorted(((i, titles[i], c) for i, c in counts.items()), key=lambda r: r[1].lower()))
        fit_to_rows(self.counts)  # as tall as its rows (up to eight, then it scrolls): the board below gets the rest
        legend = self._legend.heightForWidth(max(self.width(), 600))  # on one line, or two with bigger text
        self._top.setMaximumHeight(self.counts.maximumHeight() + legend + 10)
        top, rest = self.splitter.sizes()
        self.splitter.setSizes([self._top.maximumHeight(), rest + top - self._top.maximumHeight()])

    def current_filter(self) -> BoardFilter:
        return BoardFilter(
            kind=self.kind.currentData(),
            inspection_id=self.inspection.currentData(),
            status=self.status.currentData(),
            owner=self.owner.currentData(),
            standing=self.standing.currentData(),
            overdue=self.overdue.isChecked(),
            not_updated_since=self.last_meeting.date().toPython() if self.stale.isChecked() else None,  # type: ignore[arg-type]
            awaiting_hmics=self.awaiting.isChecked(),
            search=self.search.text(),
            **self.classes.values(),
        )

    def apply(self) -> None:
        """Filter and sort the loaded rows again (no database work)."""
        self._typing.stop()  # a search waiting for a pause in typing is applied here already
        selected = self.selected_items()
        current = self.table.currentIndex()
        current_item = (self.model.row(current.row()), current.column()) if current.isValid() else None
        scrolls = (self.table.verticalScrollBar(), self.table.horizontalScrollBar())
        where = [bar.value() for bar in scrolls]
        keys = self.classes.only_chosen(self.board.keys(self.current_filter(), self.sort_key, self.descending))
        self.model.set_keys(keys, self.board.today, self.board.row)
        self._reselect(selected)
        if current_item is not None:  # the keyboard goes on from the row it was on
            row = self.model.find(current_item[0].kind, current_item[0].id)
            if row >= 0:
                index = self.model.index(row, current_item[1])
                self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        # Laid out now, not later: the scroll bars get their new range before the place is put back
        # (a later layout, or the current row scrolled into view, had moved the rows under the user).
        self.table.doItemsLayout()
        for bar, value in zip(scrolls, where, strict=True):
            bar.setValue(value)
        as_at = self.as_at_bar.chosen()
        then = f", as the plan stood at the end of {as_at:%d/%m/%Y}" if as_at else ""
        self.row_count.setText(f"{counted(len(keys), self.kind.currentData())} shown{then}")
        self.rule.setText(STANDING_RULES[self.kind.currentData()])
        self.standing.setToolTip(STANDING_RULES[self.kind.currentData()])
        single = self.inspection.currentData() is not None or len(self.counts_model.inspection_ids()) == 1
        self.table.setColumnHidden(COLUMN_KEYS.index("inspection"), single or not self.inspection_column_wanted)

    def shown_items(self) -> list[tuple[str, int]]:
        """Every row the board shows now, in its order."""
        return self.model.keys()

    def show_actions(self) -> None:
        """Show actions (not recommendations), keeping the other filters."""
        self.kind.setCurrentIndex(self.kind.findData("action"))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def describe_filter(self) -> str:
        """The filter in words, for the title of an update round: "Crime Audit 2020, not updated since …"."""
        return filter_in_words(self)

    def selected_items(self) -> list[tuple[str, int]]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [(self.model.row(r).kind, self.model.row(r).id) for r in rows]

    def _reselect(self, items: list[tuple[str, int]]) -> None:
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for kind, item_id in items:
            row = self.model.find(kind, item_id)
            if row >= 0:
                selection.select(self.model.index(row, 0), flags)

    def _fill_choices(self) -> None:
        self._restoring = True
        kind = self.kind.currentData()
        rows = self.board.recommendations  # every inspection on the board has some
        inspections = sorted({(r.inspection, r.inspection_id) for r in rows}, key=lambda p: p[0].lower())
        if kind == "recommendation":
            statuses = [(s.label, s.value) for s in RecommendationStatus]
        else:  # an imported action often has no status: "Not recorded" finds those
            statuses = [(s.label, s.value) for s in ActionStatus] + [(NOT_RECORDED_LABEL, NOT_RECORDED)]
        refill(self.inspection, inspections)
        refill(self.status, statuses)
        refill(self.owner, [(o, o) for o in self.board.owners_of(kind)])
        self.classes.fill(self.board)
        self._restoring = False

    # Saved views and state ---------------------------------------------------------------
    def _fill_views(self) -> None:
        saved_views.fill(self.views, self.settings)

    def filter_state(self) -> dict[str, Any]:
        state = asdict(self.current_filter())
        state["not_updated_since"] = self.stale.isChecked()
        state["search"] = self.search.text()
        return state

    def apply_state(self, state: dict[str, Any]) -> None:
        self._restoring = True
        defaults = asdict(BoardFilter())
        merged = {**defaults, **{k: v for k, v in state.items() if k in {f.name for f in fields(BoardFilter)}}}
        self.kind.setCurrentIndex(max(self.kind.findData(merged["kind"]), 0))
        self._fill_choices()
        for combo, key in ((self.inspection, "inspection_id"), (self.status, "status"), (self.owner, "owner"),
                           (self.standing, "standing")):  # fmt: skip
            combo.setCurrentIndex(max(combo.findData(merged[key]), 0))
        self.classes.apply_state(merged)
        self.overdue.setChecked(bool(merged["overdue"]))
        self.awaiting.setChecked(bool(merged["awaiting_hmics"]))
        self.stale.setChecked(bool(merged["not_updated_since"]))
        self.search.setText(merged["search"] or "")
        self._restoring = False
        self.apply()

    def _restore_state(self) -> None:
        state = user_settings.layout(self.settings, "board_columns")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)
        splitter = user_settings.layout(self.settings, "board_splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        saved = user_settings.value(self.settings, "board/filter")
        if saved:
            self.apply_state(json.loads(saved))

    def save_state(self) -> None:
        user_settings.save_layout(self.settings, "board_columns", self.table.horizontalHeader().saveState())
        user_settings.save_layout(self.settings, "board_splitter", self.splitter.saveState())
        self.settings.setValue("board/filter", json.dumps(self.filter_state()))

    # Slots -----------------------------------------------------------------------------
    def _on_filter_changed(self, *args: object) -> None:
        if self._restoring:
            return
        if self.sender() is self.kind:
            self._fill_choices()
        self.apply()

    def _on_making_timeout(self) -> None:
        self._making.setInterval(0)  # the next batch at the next spare moment
        if not self.board.make_more(MADE_AT_A_TIME):
            self._making.stop()

    def _on_last_meeting_date_changed(self, value: QDate) -> None:
        self._meeting_chosen = True
        self.settings.setValue("board/last_meeting", value.toString("yyyy-MM-dd"))
        if self.stale.isChecked():
            self.apply()

    def _on_model_sort_requested(self, key: str, descending: bool) -> None:
        self.sort_key, self.descending = key, descending
        self.apply()

    def _on_counts_clicked(self, index: QModelIndex) -> None:
        inspection_id = index.data(Role.ID)
        self.inspection.setCurrentIndex(max(self.inspection.findData(inspection_id), 0))

    def _on_counts_double_clicked(self, index: QModelIndex) -> None:
        inspection_id = index.data(Role.ID)
        if inspection_id is not None:  # not "All inspections"
            self.open_requested.emit("inspection", inspection_id)

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        self.open_requested.emit(row.kind, row.id)

    def _on_enter_shortcut_activated(self) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            self._on_table_double_clicked(current)

    def _on_copy_shortcut_activated(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        header = self.table.horizontalHeader()
        visible = [
            header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(header.logicalIndex(v))
        ]
        from hmics_desktop.ui.board.board_copy import copy_rows  # loaded at the first copy: not needed to show

        copy_rows([self.model.row(r) for r in rows], [COLUMNS[c] for c in visible], self.board.today)

    def _on_views_activated(self, index: int) -> None:
        name = self.views.itemData(index)
        if name:
            self.apply_state(saved_views.views(self.settings)[name])

    def _on_save_view_button_clicked(self) -> None:
        from PySide6.QtWidgets import QInputDialog  # Qt's types are made for Python when first used

        name, ok = QInputDialog.getText(self, "Save view", "Name this view (for example “My overdue actions”):")
        name = name.strip()
        if not ok or not name:
            return
        saved_views.save_view(self.settings, name, self.filter_state())
        self._fill_views()
        self.views.setCurrentIndex(self.views.findData(name))

    def _on_header_context_menu_requested(self, position: Any) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        inspection = COLUMN_KEYS.index("inspection")
        for logical, column in enumerate(COLUMNS):
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(
                self.inspection_column_wanted if logical == inspection else not header.isSectionHidden(logical)
            )
            action.toggled.connect(lambda shown, c=logical: self._on_column_toggled(c, shown))
        menu.exec(header.mapToGlobal(position))

    def _on_column_toggled(self, logical: int, shown: bool) -> None:
        if logical == COLUMN_KEYS.index("inspection"):
            self.inspection_column_wanted = shown
            self.apply()
        else:
            self.table.horizontalHeader().setSectionHidden(logical, not shown)

    def _on_table_context_menu_requested(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        selection = self.table.selectionModel()
        if not selection.isRowSelected(index.row(), QModelIndex()):
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            selection.select(index, flags)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.item_menu_requested.emit(self.table.viewport(), position)
