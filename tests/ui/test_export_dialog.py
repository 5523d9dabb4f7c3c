"""File ▸ Export plan… driven end to end: choose, save, export off the GUI thread."""

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate, QPoint, Qt

from hmics_desktop.services.plans import load_example_plan
from hmics_desktop.ui.shell.main_window import MainWindow


@pytest.fixture
def finished(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr("hmics_desktop.ui.transfer.export_flow.QMessageBox.exec", lambda box: shown.append(box.text()))
    return shown


def _save_as(monkeypatch, target: Path) -> list[str]:
    offered: list[str] = []

    def choose(parent, caption, suggested, *rest):
        offered.append(suggested)
        return str(target), ""

    monkeypatch.setattr("hmics_desktop.ui.transfer.export_flow.QFileDialog.getSaveFileName", choose)
    return offered


def _open_dialog(qtbot, window: MainWindow):
    window.plans_changed.emit()
    window.export_action.trigger()
    qtbot.waitUntil(lambda: window.export_flow.dialog is not None and window.export_flow.dialog.isVisible())
    return window.export_flow.dialog


def test_export_the_template_through_the_dialog(qtbot, main_window, monkeypatch, finished, tmp_path) -> None:
    load_example_plan()
    target = tmp_path / "pack.xlsx"
    offered = _save_as(monkeypatch, target)
    dialog = _open_dialog(qtbot, main_window)
    assert dialog.chosen_inspections() == ["Crime Audit 2020"]
    dialog.as_at.setDate(QDate(2022, 2, 15))
    dialog.title_prefix.clear()
    qtbot.keyClicks(dialog.title_prefix, "APPENDIX C - ")
    assert dialog.title_preview.text() == "APPENDIX C - Progress Update as at 15th February 2022"
    dialog.marking.setCurrentText("OFFICIAL-SENSITIVE")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(finished), timeout=15_000)
    assert "6 recommendations and 21 actions" in finished[0]
    assert offered[0].endswith("Crime Audit 2020 as at 15 February 2022.xlsx")
    sheet = openpyxl.load_workbook(target)["Crime Audit 2020"]
    assert sheet["A1"].value == "APPENDIX C - Progress Update as at 15th February 2022"
    assert sheet.oddFooter.center.text == "OFFICIAL-SENSITIVE"

    again = _open_dialog(qtbot, main_window)  # the choices are remembered
    assert again.title_prefix.text() == "APPENDIX C - "
    assert again.marking.currentText() == "OFFICIAL-SENSITIVE"


def test_export_the_tracker(qtbot, main_window, monkeypatch, finished, tmp_path) -> None:
    load_example_plan()
    target = tmp_path / "tracker.xlsx"
    _save_as(monkeypatch, target)
    dialog = _open_dialog(qtbot, main_window)
    indicator = QPoint(8, dialog.tracker_button.height() // 2)
    qtbot.mouseClick(dialog.tracker_button, Qt.MouseButton.LeftButton, pos=indicator)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(finished), timeout=15_000)
    assert "Tracker" in openpyxl.load_workbook(target).sheetnames


def test_no_inspection_ticked_means_no_export(qtbot, main_window) -> None:
    load_example_plan()
    dialog = _open_dialog(qtbot, main_window)
    dialog.inspections.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.export_button.isEnabled()


@pytest.mark.logs_error("background job failed")
def test_file_open_elsewhere_is_explained(qtbot, main_window, monkeypatch, tmp_path) -> None:
    load_example_plan()
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"old")
    (tmp_path / ".~lock.pack.xlsx#").write_text("locked")
    _save_as(monkeypatch, target)
    warnings: list[str] = []
    monkeypatch.setattr(
        "hmics_desktop.ui.transfer.export_flow.QMessageBox.warning", lambda *args: warnings.append(args[2])
    )
    dialog = _open_dialog(qtbot, main_window)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(warnings), timeout=15_000)
    assert "open in another program" in warnings[0]
    assert target.read_bytes() == b"old"
