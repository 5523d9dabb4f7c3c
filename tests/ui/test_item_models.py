"""Every item model of the window passes Qt's model tester (pytest-qt's ``qtmodeltester``).

The models are found, not listed: every ``QAbstractItemModel`` class in ``hmics_desktop.ui``
must be among those that the window, the update round and the import preview hold here, so
a new model is tested as soon as it is made (or this test says that it is not reached yet).
Each is checked on the example plan, then kept under a tester while the board is searched and
filtered, the plans are read again, the round saves a step and the preview is made again.
"""

from __future__ import annotations

import importlib
import pkgutil

from plan_fixture import LEGACY_WORKBOOK
from PySide6.QtCore import QAbstractItemModel, QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

import hmics_desktop.ui


def _model_classes() -> set[type]:
    """Every item model class defined in the application's UI."""
    for module in pkgutil.walk_packages(hmics_desktop.ui.__path__, "hmics_desktop.ui."):
        importlib.import_module(module.name)
    found: set[type] = set()
    todo: list[type] = [QAbstractItemModel]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("hmics_desktop."):
                found.add(subclass)
    return found


def _models_shown() -> list[QAbstractItemModel]:
    """The application's item models in every window open now."""
    found = {
        id(model): model
        for window in QApplication.topLevelWidgets()
        for model in window.findChildren(QAbstractItemModel)
        if type(model).__module__.startswith("hmics_desktop.")
    }
    return list(found.values())


def test_every_item_model_passes_qt_s_model_tester(qtbot, window, monkeypatch, request) -> None:
    window.workspace.setCurrentWidget(window.plans_page)  # the Plans tab reads its plans when shown
    window.workspace.setCurrentWidget(window.board)
    window.board.last_meeting.setDate(QDate(2022, 2, 1))  # six actions not updated since
    window.edits.stale_round_action.trigger()
    round_window = window.edits.round
    monkeypatch.setattr(
        "hmics_desktop.ui.transfer.import_flow.QFileDialog.getOpenFileNames",
        lambda *args, **kwargs: ([str(LEGACY_WORKBOOK)], ""),
    )
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.import_flow.dialog is not None, timeout=10_000)
    preview = window.import_flow.dialog

    models = _models_shown()
    assert {type(model) for model in models} == _model_classes()
    assert all(model.rowCount() > 0 for model in models if model is not preview.changed_model)
    testers = []
    for model in models:
        tester = ModelTester(request.config)
        tester.check(model)
        testers.append(tester)

    qtbot.keyClicks(window.board.search, "training")
    window.board.search.clear()
    window.board.overdue.setChecked(True)
    window.board.overdue.setChecked(False)
    window.plans_changed.emit()
    round_window.update_text.setPlainText("Survey of training needs sent to divisions")
    round_window.save_and_next()  # Ctrl+Enter, but for the preview that holds the keyboard now
    assert round_window.steps_model.index(0, 0).data().startswith("✓ ")
    qtbot.keyClicks(preview.inspection_edit, "Crime Audit 2020")
    qtbot.mouseClick(preview.update_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(preview.import_button.isEnabled, timeout=10_000)
    for model in models:
        ModelTester(request.config).check(model)
