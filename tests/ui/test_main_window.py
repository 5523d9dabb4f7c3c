import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from hmics_desktop import __version__
from hmics_desktop.services.plans import example_plan, load_example_plan, write_plans
from hmics_desktop.ui.shell.main_window import MainWindow


def test_empty_database_shows_the_welcome_page(main_window: MainWindow) -> None:
    assert main_window.pages.currentWidget() is main_window.welcome
    assert main_window.welcome.example_button.isVisible()
    assert "plans.sqlite" in main_window.windowTitle()


def test_example_plan_through_the_welcome_page_then_action_41(qtbot, main_window: MainWindow) -> None:
    qtbot.mouseClick(main_window.welcome.example_button, Qt.MouseButton.LeftButton)
    assert main_window.pages.currentWidget() is main_window.workspace
    tabs = main_window.workspace.tabBar()
    plans_tab = main_window.workspace.indexOf(main_window.plans_page)
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(plans_tab).center())
    view = main_window.plan_view
    assert view.inspection_model.index(0, 0).data() == "Crime Audit 2020"
    assert view.inspection_model.index(0, 1).data() == "6"

    tree = view.tree
    recommendation_4 = view.tree_model.find_number("4")
    tree.setCurrentIndex(recommendation_4)
    assert "Recommendation 4" in view.detail.toPlainText()
    action_41 = view.tree_model.index(0, 0, recommendation_4)
    assert action_41.data() == "4.1"
    rect = tree.visualRect(action_41)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    detail = view.detail.toPlainText()
    assert "Action 4.1" in detail
    assert "Job profiles for Sergeant/First line supervisor" in detail  # its latest progress
    assert "As at 15/02/2022" in detail


def test_window_remembers_its_layout(qtbot, plan_db, db_path: Path, settings) -> None:
    first = MainWindow(db_path, settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 560)
    first.plan_view.tree.setColumnWidth(1, 222)
    first.close()
    second = MainWindow(db_path, settings)
    qtbot.addWidget(second)
    second.show()
    assert second.size() == first.size()
    assert second.plan_view.tree.columnWidth(1) == 222


def test_opening_a_file_that_is_not_a_database_says_so_and_keeps_the_current_one(
    qtbot, main_window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    warnings = []
    monkeypatch.setattr(
        "hmics_desktop.ui.shell.main_window.QMessageBox.warning", lambda *args: warnings.append(args[2])
    )
    bogus = tmp_path / "plan.xlsx"
    bogus.write_bytes(b"PK not a database")
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *args, **kwargs: (str(bogus), ""))
    main_window.open_action.trigger()
    assert warnings and "not a plan database" in warnings[0]
    assert main_window.db_file.name == "plans.sqlite"
    load_example_plan()  # the original database still works


def test_new_database_switches_and_is_remembered(qtbot, main_window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "second"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    main_window.new_action.trigger()
    assert main_window.db_file == target.with_suffix(".sqlite")
    assert "second.sqlite" in main_window.windowTitle()
    main_window._on_recent_menu_about_to_show()
    assert [a.text() for a in main_window.recent_menu.actions()][:2] == [
        str(target.with_suffix(".sqlite")),
        str(tmp_path / "plans.sqlite"),
    ]


def test_about_says_what_the_application_does_and_keeps_the_details_for_support(qtbot, main_window) -> None:
    from hmics_desktop.ui.shell.about_dialog import AboutDialog

    dialog = AboutDialog(main_window.location, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    words = " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())
    assert f"Version {__version__}" in words and "Excel, Word or CSV" in words and "committee papers" in words
    assert str(main_window.db_file) in words  # where the plan is
    assert "Python" not in words and "defusedxml" not in words  # the developer's facts are behind Details
    assert not dialog.details.isVisible()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.details.isVisible() and "Qt for Python" in dialog.details.toPlainText()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == dialog.details.toPlainText()


def test_the_example_loaded_with_the_plans_tab_never_shown_is_the_inspection_it_then_shows(
    qtbot, main_window: MainWindow
) -> None:
    other = dataclasses.replace(example_plan(), inspection="Armed Policing 2019")  # listed before Crime Audit 2020
    write_plans([other])
    main_window.plans_changed.emit()
    main_window.example_action.trigger()  # from the board: the Plans tab's view was never made
    main_window.workspace.setCurrentWidget(main_window.plans_page)
    chosen = main_window.plan_view.inspection_table.selectionModel().selectedRows()
    assert [row.data() for row in chosen] == ["Crime Audit 2020"]


def test_the_plans_tab_shown_before_and_left_shows_the_example_loaded_since(qtbot, main_window: MainWindow) -> None:
    write_plans([dataclasses.replace(example_plan(), inspection="Armed Policing 2019")])
    main_window.plans_changed.emit()
    main_window.workspace.setCurrentWidget(main_window.plans_page)
    main_window.workspace.setCurrentWidget(main_window.board)
    main_window.example_action.trigger()  # the Plans tab's view is there, but behind
    main_window.workspace.setCurrentWidget(main_window.plans_page)
    chosen = main_window.plan_view.inspection_table.selectionModel().selectedRows()
    assert [row.data() for row in chosen] == ["Crime Audit 2020"]
    assert main_window.plan_view.tree_model.find_number("4").isValid()
