"""The main window: menus, the toolbar, the welcome page or the board and plans, and the database."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop import APP_NAME
from hmics_desktop.services import plan_facts
from hmics_desktop.storage.database import DatabaseOpenError, PasswordNeeded, open_database
from hmics_desktop.storage.locations import Location, display_location, is_url, login_of, parse_location, short_name
from hmics_desktop.storage.models import database
from hmics_desktop.ui import settings as user_settings
from hmics_desktop.ui.accessible import tell
from hmics_desktop.ui.board.board_view import BoardView
from hmics_desktop.ui.shell.change_watch import ChangeWatch
from hmics_desktop.ui.shell.database_wait import DatabaseWait
from hmics_desktop.ui.shell.edit_controller import EditController
from hmics_desktop.ui.shell.preferences import apply_look, apply_user_name
from hmics_desktop.ui.widgets import fit_to_screen, gone_when_closed, menu_action

if TYPE_CHECKING:  # what the first screen does not show is loaded when first used
    from hmics_desktop.services.edit_history import OpChanges
    from hmics_desktop.ui.dashboard.dashboard_view import DashboardView
    from hmics_desktop.ui.plans.plan_view import PlanView
    from hmics_desktop.ui.shell.welcome_page import WelcomePage
    from hmics_desktop.ui.transfer.export_flow import ExportFlow
    from hmics_desktop.ui.transfer.import_flow import ImportFlow

log = logging.getLogger(__name__)
READ_ONLY_WORDS = (
    "This plan database is read-only here: you can look at the plan, export it and print it, "
    "but not change it. To change it, copy it to a folder you can write to and open the copy."
)
SHARED_READ_ONLY_WORDS = (
    "This shared plan database is read-only for your login: you can look at the plan, export it and "
    "print it, but not change it. To change it, ask the database's administrator for permission."
)
CANNOT_LOOK = "Cannot look for changes made by others just now:"
DATABASE_FILTER = "Plan databases (*.sqlite *.db);;All files (*)"


class MainWindow(QMainWindow):
    database_changed = Signal(object)  # the new location: a Path, or a server database's URL
    plans_changed = Signal()  # anything may have changed: show it all again

    def __init__(self, location: Location, settings: QSettings, *, read_only: bool = False,
                 password: str | None = None) -> None:  # fmt: skip
        super().__init__()
        apply_look(settings)  # the colours chosen, before the widgets are made
        self.location = location
        self._password = password  # a server database's, for this session only: never stored
        self.read_only = read_only
        self.settings = settings
        self._welcome: WelcomePage | None = None  # an empty database's page: made when first shown
        self.board = BoardView(settings)
        self.dashboard_page = QWidget()  # the Dashboard and Plans tabs: their views are made when first shown
        self.plans_page = QWidget()
        for page in (self.dashboard_page, self.plans_page):
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
        self._dashboard: DashboardView | None = None
        self._plan_view: PlanView | None = None
        self._stale: set[QWidget] = {self.dashboard_page, self.plans_page}  # read again when shown (or asked for)
        self._import_flow: ImportFlow | None = None
        self._export_flow: ExportFlow | None = None
        self.workspace = QTabWidget()
        self.workspace.setDocumentMode(True)
        self.workspace.setAccessibleName("Board, dashboard and plans")
        self.workspace.addTab(self.board, "&Board")
        self.workspace.addTab(self.dashboard_page, "Dashboard")  # Ctrl+Tab: every letter of it is the board's already
        self.workspace.addTab(self.plans_page, "&Plans")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.workspace)
        self.read_only_banner = QLabel()
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet("background: #fff4ce; color: #3b2f00; padding: 6px 10px;")
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.pages)
        self.setCentralWidget(central)
        self.database_wait = DatabaseWait(self)  # the status line and the cursor while the database keeps it waiting
        self._build_menus()
        self.round_window: Any = None  # File ▸ Requests and returns…, made when first opened
        self.workspace.currentChanged.connect(self._on_workspace_current_changed)
        self.plans_changed.connect(self.refresh)
        self.board.open_requested.connect(self._on_board_open_requested)
        self.board.item_menu_requested.connect(self.edits.item_menu)
        apply_user_name(settings)
        fit_to_screen(self, 1440, 880)  # on a 1366×768 laptop: the whole screen less its taskbar
        geometry = user_settings.layout(settings, "main_window")
        if geometry is not None:
            self.restoreGeometry(geometry)
        user_settings.remember_database(settings, location)
        self.change_watch = ChangeWatch(self)
        self.change_watch.moved.connect(self._on_change_watch_moved)
        self.change_watch.failed.connect(self._on_change_watch_failed)
        self.change_watch.recovered.connect(self._on_change_watch_recovered)
        self._update_title()
        self.refresh()

    @property
    def welcome(self) -> WelcomePage:
        """The page an empty database opens on, made when first shown (or asked for)."""
        if self._welcome is None:
            from hmics_desktop.ui.shell.welcome_page import WelcomePage

            self._welcome = WelcomePage()
            self._welcome.example_requested.connect(self._on_welcome_example_requested)
            self._welcome.import_requested.connect(self._on_import_triggered)
            self.pages.addWidget(self._welcome)
        return self._welcome

    @property
    def dashboard(self) -> DashboardView:
        """The Dashboard tab's view, made when first shown (or asked for)."""
        if self._dashboard is None:
            from hmics_desktop.ui.dashboard.dashboard_view import DashboardView

            self._dashboard = DashboardView()
            self._dashboard.rows_chosen.connect(self._on_dashboard_rows_chosen)
            self.dashboard_page.layout().addWidget(self._dashboard)
            self._dashboard.show()  # at once: a layout shows what it is given on the next turn of the loop
            self.dashboard_page.setFocusProxy(self._dashboard)
        self._bring_up_to_date(self.dashboard_page, self._dashboard)
        return self._dashboard

    @property
    def plan_view(self) -> PlanView:
        """The Plans tab's view, made when first shown (or asked for)."""
        if self._plan_view is None:
            from hmics_desktop.ui.plans.plan_view import PlanView

            self._plan_view = PlanView(self.settings)
            self._plan_view.restore_layout()
            self._plan_view.open_requested.connect(self._on_board_open_requested)
            self._plan_view.item_menu_requested.connect(self.edits.item_menu)
            self._plan_view.inspection_menu_requested.connect(self.edits.inspection_menu)
            self.plans_page.layout().addWidget(self._plan_view)
            self._plan_view.show()  # at once, as the dashboard's
            self.plans_page.setFocusProxy(self._plan_view)
        self._bring_up_to_date(self.plans_page, self._plan_view)  # what is selected in it is the plan's now
        return self._plan_view

    def _bring_up_to_date(self, page: QWidget, view: DashboardView | PlanView | BoardView) -> None:
        """A tab behind the one shown is read again when shown, or when something asks its view first."""
        if page in self._stale and plan_facts.has_plans():
            self._stale.discard(page)
            view.refresh()

    @property
    def import_flow(self) -> ImportFlow:
        """File ▸ Import a plan…, made when first used."""
        if self._import_flow is None:
            from hmics_desktop.ui.transfer.import_flow import ImportFlow

            self._import_flow = ImportFlow(self)
        return self._import_flow

    @property
    def export_flow(self) -> ExportFlow:
        """File ▸ Export plan…, made when first used."""
        if self._export_flow is None:
            from hmics_desktop.ui.transfer.export_flow import ExportFlow

            self._export_flow = ExportFlow(self)
        return self._export_flow

    @property
    def db_file(self) -> Path | None:
        """The database's file, or None for a database on a server."""
        return None if is_url(self.location) else Path(self.location)

    def files_folder(self) -> Path:
        """Where files are offered first: beside the database file, or the Documents folder."""
        if self.db_file is not None:
            return self.db_file.parent.absolute()  # a folder said in full, even for "--db plans.sqlite"
        from PySide6.QtCore import QStandardPaths  # Qt's types are made for Python when first used

        return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))

    # Menus -----------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = menu_action(file_menu, "&New database…", self._on_new_triggered, QKeySequence.StandardKey.New)
        self.open_action = menu_action(
            file_menu, "&Open database…", self._on_open_triggered, QKeySequence.StandardKey.Open
        )
        self.open_shared_action = menu_action(file_menu, "Open &shared database…", lambda: self.open_shared())
        self.recent_menu = file_menu.addMenu("&Recent")
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        file_menu.addSeparator()
        self.file_menu = file_menu
        self.import_action = menu_action(
            file_menu, "&Import a plan…", self._on_import_triggered, QKeySequence("Ctrl+I")
        )
        self.export_action = menu_action(file_menu, "E&xport plan…", self._on_export_triggered, QKeySequence("Ctrl+E"))
        self.example_action = menu_action(file_menu, "Load the &example plan", self._on_welcome_example_requested)
        file_menu.addSeparator()
        self.requests_action = menu_action(file_menu, "&Update requests…", self.open_send_requests)
        menu_action(file_menu, "Requests and re&turns…", self.open_request_round)
        menu_action(file_menu, "O&wners…", self._on_owners_triggered)
        file_menu.addSeparator()
        self.paper_action = menu_action(file_menu, "New &committee paper…", self._on_new_paper_triggered)
        menu_action(file_menu, "Committee &papers…", self._on_papers_triggered)
        file_menu.addSeparator()
        self.restore_action = menu_action(file_menu, "Restore a &backup…", self._on_restore_triggered)
        file_menu.addSeparator()
        menu_action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        self.edits = EditController(self, edit_menu)
        edit_menu.addSeparator()
        menu_action(edit_menu, "Find on the &board", self._on_find_triggered, QKeySequence.StandardKey.Find)
        menu_action(edit_menu, "Pr&eferences…", self._on_preferences_triggered, "Ctrl+,")
        help_menu = self.menuBar().addMenu("&Help")
        menu_action(help_menu, "&Keyboard shortcuts", self._on_shortcuts_triggered, "F1")
        menu_action(help_menu, f"&About {APP_NAME}", self._on_about_triggered)
        self._build_toolbar()

    def _build_toolbar(self) -> None:
        """The daily actions, one click away."""
        bar = QToolBar("Daily actions")
        bar.setObjectName("daily_actions")
        bar.setMovable(False)
        edits = self.edits
        for action, label in ((edits.new_action_action, "New action"), (edits.add_update_action, "Add update"),
                              (edits.round_action, "Update round"), (edits.revise_action, "Revise target"),
                              (self.export_action, "Export"), (edits.undo_action, "Undo"),
                              (edits.redo_action, "Redo")):  # fmt: skip
            if label in ("Export", "Undo"):
                bar.addSeparator()
            action.setIconText(label)  # the menus keep their longer text
            bar.addAction(action)
        self.toolbar = bar
        self.addToolBar(bar)

    # State -----------------------------------------------------------------------------
    def refresh(self, changes: OpChanges | None = None) -> None:
        """Show the plans as they are now; ``changes``: only these were touched (an edit, an undo, an import)."""
        if not self.change_watch.read(changes) and changes is not None:
            changes = None  # another program changed the plans before this change: show all of it again
            tell(self, "Brought up to date with changes made elsewhere.", 8)
        has_plans = plan_facts.has_plans()
        self.pages.setCurrentWidget(self.workspace if has_plans else self.welcome)
        for action in (self.example_action, self.import_action):
            action.setEnabled(not self.read_only)
        # a server's backups are its administrator's: File ▸ Restore a backup… is for files
        self.restore_action.setEnabled(not self.read_only and self.db_file is not None)
        self.read_only_banner.setText(READ_ONLY_WORDS if self.db_file is not None else SHARED_READ_ONLY_WORDS)
        self.read_only_banner.setVisible(self.read_only)
        self.edits.set_editable(not self.read_only, has_plans)
        self.export_action.setEnabled(has_plans)
        self.paper_action.setEnabled(has_plans)
        self.requests_action.setEnabled(has_plans and not self.read_only)
        if self._welcome is not None:
            self._welcome.example_button.setEnabled(not self.read_only)
            self._welcome.import_button.setEnabled(not self.read_only)
        if has_plans:
            # Only the tab in view is reloaded now (the board, what changed); the others when they are shown.
            self._stale = {self.board, self.dashboard_page, self.plans_page}
            shown = self.workspace.currentWidget()
            if shown is self.board and changes is not None:
                self._stale.discard(self.board)
                self.board.refresh(changes)
            else:
                self._on_workspace_current_changed(self.workspace.currentIndex())

    def _on_workspace_current_changed(self, index: int) -> None:
        shown = self.workspace.widget(index)
        if shown is self.board:
            self._bring_up_to_date(self.board, self.board)
        else:  # the Dashboard's and the Plans' views: made when first shown, and brought up to date
            getattr(self, "dashboard" if shown is self.dashboard_page else "plan_view")

    def _on_change_watch_moved(self) -> None:
        self.refresh()
        self.edits.follow_changes()
        tell(self, "Brought up to date with changes made elsewhere.", 8)

    def _on_change_watch_failed(self, words: str) -> None:
        # shown until a look succeeds again: a server that does not answer can hold a look up for a while
        self.statusBar().showMessage(f"{CANNOT_LOOK} {words}.")

    def _on_change_watch_recovered(self) -> None:
        if self.statusBar().currentMessage().startswith(CANNOT_LOOK):
            self.statusBar().clearMessage()

    def _update_title(self) -> None:
        suffix = " (read-only)" if self.read_only else ""
        shared = "" if self.db_file is not None else " (shared)"
        self.setWindowTitle(f"{short_name(self.location)}{shared}{suffix} — {APP_NAME}")
        self.setWindowFilePath(str(self.db_file or ""))

    def reopen_read_only(self) -> None:
        self.reopen(read_only=True)

    def reopen(self, *, read_only: bool = False) -> None:
        """Open the database again (read-only if asked or if it must be); the undo history is dropped."""
        self.edits.forget()
        open_database(self.location, read_only=read_only, check=False, password=self._password)
        self.read_only = bool(database.read_only)
        self._update_title()
        self.refresh()

    def try_database(self, location: Location, password: str | None = None) -> DatabaseOpenError | OSError | None:
        """Open another plan database in this window: None when it opened, else why not (the old one stays)."""
        try:
            open_database(location, password=password)  # checked at once: the user is waiting for it
        except (DatabaseOpenError, OSError, ValueError) as error:  # ValueError: an address libpq cannot read
            try:
                open_database(self.location, read_only=self.read_only, check=False, password=self._password)
            except DatabaseOpenError as reopening:  # a server that has gone away since: said when next used
                log.warning("could not reopen %s: %s", display_location(self.location), reopening)
            if isinstance(error, ValueError):
                return DatabaseOpenError(f"The shared database's address cannot be read ({error}).")
            return error
        self.location, self._password = location, password
        self.read_only = database.read_only
        self.edits.forget()  # the undo history belongs to the database that was open
        user_settings.remember_database(self.settings, location)
        self._update_title()
        self.refresh()
        self.database_changed.emit(location)
        return None

    def switch_database(self, location: Location) -> bool:
        """Open a database file, or a server database with its kept password; say why not when it cannot."""
        if is_url(location):
            from hmics_desktop.services.credentials import saved_password  # keyring: loaded for a server only

            kept = saved_password(str(location))
            error = self.try_database(location, kept)
            if error is not None:  # the password, the server's name…: corrected in the dialog
                asked_first = kept is None and isinstance(error, PasswordNeeded)  # not an error: just ask
                return self.open_shared(str(location), "" if asked_first else str(error))
            return True
        error = self.try_database(location)
        if error is not None:
            QMessageBox.warning(self, "Cannot open the database", str(error))
        return error is None

    def open_shared(self, location: str | None = None, problem: str = "") -> bool:
        """Ask for a server database (and its password) until it opens or the user gives up."""

        def _opener(url: str, password: str | None) -> str | None:
            error = self.try_database(url, password)
            return None if error is None else str(error)

        from hmics_desktop.ui.shell.shared_dialog import SharedDatabaseDialog

        dialog = SharedDatabaseDialog(_opener, location, problem, self)
        return dialog.exec() == QDialog.DialogCode.Accepted

    # Slots -----------------------------------------------------------------------------
    def _on_board_open_requested(self, kind: str, item_id: int) -> None:
        self.edits.open_form(kind, item_id)

    def _on_dashboard_rows_chosen(self, kind: str, ids: tuple[int, ...], words: str) -> None:
        self.workspace.setCurrentWidget(self.board)
        self.board.classes.show_rows(kind, ids, words)
        self.board.table.setFocus()

    def _on_welcome_example_requested(self) -> None:
        from hmics_desktop.services.plans import example_plan, import_plans

        step, summary = import_plans([example_plan()])
        self.edits.history.record(step)  # Edit ▸ Undo takes the example away again (and the views are told)
        log.info("example plan loaded: %s", summary.line())
        self.plan_view.select_inspection("Crime Audit 2020")

    def _on_find_triggered(self) -> None:
        if self.pages.currentWidget() is self.workspace:
            self.workspace.setCurrentWidget(self.board)
            self.board.focus_search()

    def _on_preferences_triggered(self) -> None:
        from hmics_desktop.ui.shell.preferences import PreferencesDialog

        PreferencesDialog(self.settings, self).exec()

    def _on_shortcuts_triggered(self) -> None:
        from hmics_desktop.ui.shell.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self.menuBar(), self).exec()

    def _on_restore_triggered(self) -> None:
        if self.db_file is not None:
            from hmics_desktop.ui.shell.backups_dialog import restore_a_backup

            restore_a_backup(self, self.db_file)

    def _on_export_triggered(self) -> None:
        self.export_flow.start()

    def _on_new_paper_triggered(self) -> None:
        from hmics_desktop.ui.papers.papers_dialog import open_new_paper

        open_new_paper(self, self.files_folder(), read_only=self.read_only)

    def _on_papers_triggered(self) -> None:
        from hmics_desktop.ui.papers.papers_dialog import PapersDialog

        gone_when_closed(PapersDialog(self.files_folder(), read_only=self.read_only, parent=self)).open()

    def _on_import_triggered(self) -> None:
        self.import_flow.start()

    def open_send_requests(self) -> None:
        """File ▸ Update requests…: each owner's open actions out as a workbook and an email draft."""
        from hmics_desktop.ui.requests.send_dialog import SendDialog  # the requests' screens, when first used

        gone_when_closed(SendDialog(self)).open()

    def open_request_round(self) -> None:
        """File ▸ Requests and returns…: who has answered, the outstanding first (one window, brought up again)."""
        if self.round_window is None:
            from hmics_desktop.ui.requests.round_window import RoundWindow

            self.round_window = RoundWindow(self)
        self.round_window.refresh()
        self.round_window.show()
        self.round_window.raise_()
        self.round_window.activateWindow()

    def _on_owners_triggered(self) -> None:
        from hmics_desktop.ui.requests.owners_dialog import OwnersDialog

        gone_when_closed(OwnersDialog(self)).open()

    def _on_new_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "New plan database", str(self.files_folder()), DATABASE_FILTER)
        if path:
            target = Path(path)
            if target.suffix == "":
                target = target.with_suffix(".sqlite")
            if target.exists():
                QMessageBox.warning(self, "New database", f"{target.name} already exists; use Open database… for it.")
                return
            self.switch_database(target)

    def _on_open_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open plan database", str(self.files_folder()), DATABASE_FILTER)
        if path:
            self.switch_database(Path(path))

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        recent = user_settings.value(self.settings, "recent_databases")
        for entry in recent:
            location = parse_location(entry)
            label = f"{short_name(location)} ({login_of(entry)}, shared)" if is_url(entry) else entry
            action = self.recent_menu.addAction(label)
            action.setToolTip(entry)
            action.triggered.connect(lambda _checked=False, p=location: self.switch_database(p))
        if not recent:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def _on_about_triggered(self) -> None:
        from hmics_desktop.ui.shell.about_dialog import AboutDialog

        AboutDialog(self.location, self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.change_watch.timer.stop()
        user_settings.save_layout(self.settings, "main_window", self.saveGeometry())
        if self._plan_view is not None:
            self._plan_view.save_layout()
        self.board.save_state()
        self.settings.sync()
        super().closeEvent(event)
