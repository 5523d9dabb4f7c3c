"""Walk every window and dialog the menus reach, and read each as a screen reader or a keyboard user would.

The walk is found, not listed: every entry of every menu is triggered (less those that quit or
change the plan without opening anything), and in each window that opens every button whose
text ends with "…" is pressed in turn, so that a dialog added later is walked too. Modal
dialogs are shown instead of run, file dialogs answer "cancelled" (the import's gets a plan
workbook), questions answer "no".

What is read in each window: the accessible name of every control the keyboard reaches (Qt's
accessibility interface, the one screen readers use), the mnemonics of its labels and buttons
(and of every menu), and whether Tab and Shift+Tab leave each of its tables and lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

MNEMONIC = re.compile(r"&([^&\s])")
# Entries that open nothing and would end the walk or change the plan under it.
NOT_TRIGGERED = ("Quit", "Undo", "Redo", "Load the example plan")


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" ("Save as &Word…" → "w"), or None."""
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def shown_in(window: QWidget) -> Iterator[QWidget]:
    """Every widget of ``window`` on screen now (not hidden, nor inside something hidden)."""
    for widget in window.findChildren(QWidget):
        if widget.isVisible() and widget.window() is window:
            yield widget


def is_control(widget: QWidget) -> bool:
    """Something the keyboard reaches (Tab), less the inner parts of another control."""
    if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or not widget.isEnabled():
        return False
    parent = widget.parentWidget()
    inner = isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox)
    return not inner


def _label_texts(window: QWidget) -> Iterator[tuple[str, str]]:
    """(what, text) for each visible text that can carry a mnemonic in ``window`` (a main window's menus too)."""
    if isinstance(window, QMainWindow):
        for top in window.menuBar().actions():
            yield f"menu “{top.text()}”", top.text()
    for widget in shown_in(window):
        if isinstance(widget, QAbstractButton) and widget.text():
            yield f"button “{widget.text()}”", widget.text()
        elif (
            isinstance(widget, QLabel) and widget.buddy() is not None and widget.textFormat() != Qt.TextFormat.RichText
        ):
            yield f"label “{widget.text()}”", widget.text()
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            yield f"group “{widget.title()}”", widget.title()
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index):
                    yield f"tab “{widget.tabText(index)}”", widget.tabText(index)


def clashing_mnemonics(texts: list[tuple[str, str]]) -> list[str]:
    """Each letter used by two or more of ``texts``, with the texts that use it."""
    by_letter: dict[str, list[str]] = {}
    for what, text in texts:
        letter = mnemonic(text)
        if letter:
            by_letter.setdefault(letter, []).append(what)
    return [f"&{letter}: {', '.join(users)}" for letter, users in sorted(by_letter.items()) if len(users) > 1]


def menu_problems(menu: QMenu | QMenuBar, where: str) -> list[str]:
    """Entries of ``menu`` (and its submenus) without a mnemonic, and letters used twice in one menu."""
    entries = [a for a in menu.actions() if a.text() and not a.isSeparator() and a.isVisible()]
    problems = [f"{where}: “{a.text()}” has no mnemonic" for a in entries if mnemonic(a.text()) is None]
    problems += [f"{where}: {clash}" for clash in clashing_mnemonics([(f"“{a.text()}”", a.text()) for a in entries])]
    for action in entries:
        if action.menu() is not None:
            problems += menu_problems(action.menu(), f"{where} ▸ {action.text().replace('&', '')}")
    return problems


def unnamed_controls(window: QWidget) -> list[str]:
    return [
        f"{type(widget).__name__} ({widget.objectName() or widget.toolTip() or 'no tooltip'})"
        for widget in shown_in(window)
        if is_control(widget) and not accessible_name(widget)
    ]


def tables_tab_cannot_leave(qtbot, window: QWidget) -> list[str]:
    """Each table, list or text box of ``window`` that keeps Tab (or Shift+Tab) inside it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    kept = []
    boxes = (QAbstractItemView, QPlainTextEdit, QTextEdit)
    for view in [w for w in shown_in(window) if isinstance(w, boxes) and is_control(w)]:
        for key, modifier in ((Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
                              (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)):  # fmt: skip
            view.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(view, QAbstractItemView) and view.model() is not None and view.model().rowCount() > 1:
                view.setCurrentIndex(view.model().index(0, 0))
            qtbot.keyClick(view, key, modifier)
            if QApplication.focusWidget() is view:
                kept.append(f"{accessible_name(view) or type(view).__name__} keeps {key.name}")
    return kept


def _each_tab(window: QWidget) -> Iterator[str]:
    """Show each page of each tab widget of ``window`` in turn; yields where it is (" ▸ Tab")."""
    yield ""
    for tabs in [w for w in shown_in(window) if isinstance(w, QTabWidget)]:
        kept = tabs.currentIndex()
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            yield f" ▸ {tabs.tabText(index).replace('&', '')}"
        tabs.setCurrentIndex(kept)


@dataclass
class WindowReport:
    title: str
    unnamed: list[str]
    clashes: list[str]
    tab_kept: list[str]


@dataclass
class Walk:
    """The walk's state: the windows seen (by title, first time only) and what was found in each."""

    qtbot: object
    main: QWidget
    reports: dict[str, WindowReport] = field(default_factory=dict)

    def problems(self) -> list[str]:
        lines = []
        for report in self.reports.values():
            lines += [f"{report.title}: unnamed {what}" for what in report.unnamed]
            lines += [f"{report.title}: mnemonic {what}" for what in report.clashes]
            lines += [f"{report.title}: {what}" for what in report.tab_kept]
        return lines

    def read(self, window: QWidget) -> None:
        """Read ``window`` as it shows now, then each page of each of its tab widgets in turn."""
        title = window.windowTitle().replace("[*]", "") or type(window).__name__
        for state in _each_tab(window):
            key = f"{type(window).__name__}:{title}:{state}"
            if key not in self.reports:
                self.reports[key] = WindowReport(
                    f"{title}{state}", unnamed_controls(window), clashing_mnemonics(list(_label_texts(window))),
                    tables_tab_cannot_leave(self.qtbot, window),
                )  # fmt: skip

    def open_windows(self) -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not self.main and not isinstance(
            w, QMenu)]  # fmt: skip

    def settle(self) -> None:
        """Let background work (an import's preview) finish and its window open."""
        for _round in range(3):  # what one job hands back may start another
            self.qtbot.waitUntil(lambda: not busy(), timeout=20_000)
            QApplication.processEvents()
            QApplication.processEvents()

    def through(self, trigger: Callable[[], None], depth: int = 0) -> None:
        """Run ``trigger``; read each window it opens, then walk that window's "…" buttons, then close it."""
        before = set(map(id, self.open_windows()))
        trigger()
        self.settle()
        opened = [w for w in self.open_windows() if id(w) not in before]
        for window in opened:
            self.read(window)
            for listed in window.findChildren(QListWidget):  # the first entry chosen, whether or not the list
                if listed.currentRow() < 0 and listed.count():  # had the keyboard: its buttons are walked too
                    listed.setCurrentRow(0)
            if depth < 2:
                for button in [b for b in shown_in(window) if isinstance(b, QAbstractButton)]:
                    if button.text().endswith("…") and button.isEnabled() and button.isVisible():
                        self.through(button.click, depth + 1)
        for window in reversed(opened):
            close_quietly(window)

    def menus(self, bar: QMenuBar, prepare: Callable[[], None]) -> None:
        """Trigger each entry of each menu of ``bar``, with ``prepare()`` (a selection) run before each."""
        for top in bar.actions():
            if top.menu() is not None:
                top.menu().aboutToShow.emit()  # a menu filled on opening (File ▸ Recent)
                for action in list(top.menu().actions()):
                    self.settle()  # what closing the last window set off (a refresh beside the window) is done
                    prepare()
                    if triggerable(action):
                        self.through(action.trigger)


def busy() -> bool:
    """Whether a job still runs: the background helper's (Qt's global pool) or the window's changes' (their own)."""
    pools = [QThreadPool.globalInstance()]
    for window in QApplication.topLevelWidgets():
        pools += window.findChildren(QThreadPool)
    return any(pool.activeThreadCount() for pool in pools)


def triggerable(action: QAction) -> bool:
    text = action.text().replace("&", "")
    return bool(text) and action.isEnabled() and action.menu() is None and not text.startswith(NOT_TRIGGERED)


def close_quietly(window: QWidget) -> None:
    if hasattr(window, "dirty"):
        window.dirty = False
    if isinstance(window, QDialog):
        window.done(QDialog.DialogCode.Rejected)
    window.close()
