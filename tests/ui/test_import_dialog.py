"""File ▸ Import Excel plan… driven as a secretary would: pick, preview, correct, import."""

from pathlib import Path

import pytest
from plan_fixture import LEGACY_WORKBOOK, assert_matches_fixture
from PySide6.QtCore import Qt
from workbooks import write_xlsx

from hmics_desktop.services.plans import dump_plans
from hmics_desktop.ui.shell.main_window import MainWindow


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            f"hmics_desktop.ui.transfer.import_flow.QMessageBox.{kind}",
            lambda parent, title, text, *rest, kind=kind: shown.append((kind, text)),
        )
    return shown


def _choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(
        "hmics_desktop.ui.transfer.import_flow.QFileDialog.getOpenFileName", lambda *args, **kwargs: (str(path), "")
    )


def _open_preview(qtbot, window: MainWindow):
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.import_flow.dialog is not None, timeout=10_000)
    return window.import_flow.dialog


def test_the_published_plan_through_the_dialog(qtbot, main_window, monkeypatch, messages, fixture_plan) -> None:
    _choose_file(monkeypatch, LEGACY_WORKBOOK)
    dialog = _open_preview(qtbot, main_window)
    assert dialog.tabs.count() == 1
    assert "Crime Audit (6 recommendations, 21 actions)" in dialog.summary.text()
    assert any("1.." in dialog.warnings.item(i).text() for i in range(dialog.warnings.count()))
    assert dump_plans() == {"plans": []}  # nothing written by the preview

    qtbot.keyClicks(dialog.inspection_edit, "Crime Audit 2020")
    qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    assert "Crime Audit 2020 (6 recommendations" in dialog.summary.text()
    assert not dialog.progress_date.isVisible()  # the file states its "as at" date

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages[0][0] == "information" and "21 actions created" in messages[0][1]
    assert_matches_fixture(dump_plans()["plans"][0], fixture_plan)
    assert main_window.pages.currentWidget() is main_window.workspace
    main_window.workspace.setCurrentWidget(main_window.plan_view)  # the Plans tab
    assert main_window.plan_view.inspection_model.index(0, 0).data() == "Crime Audit 2020"


def test_a_corrected_mapping_is_used_and_remembered(qtbot, main_window, monkeypatch, messages, tmp_path) -> None:
    rows = [["Recommendation", "Action", "Notes"], ["R1 Publish audits", "1.1 Report", "Sent to SPA"]]
    first = write_xlsx(tmp_path / "first.xlsx", {"Hate Crime 2021": rows})
    _choose_file(monkeypatch, first)
    dialog = _open_preview(qtbot, main_window)
    assert dialog.progress_date.isVisible()  # no "as at" in this file: the user dates the progress
    combo = dialog.tabs.widget(0).combos[2]
    assert combo.currentData() in ("", None)
    combo.setCurrentIndex(combo.findData("progress"))
    qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    assert "1 progress update added" in dialog.summary.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    action = dump_plans()["plans"][0]["recommendations"][0]["actions"][0]
    assert action["progress"] == "Sent to SPA"

    second_rows = [["Recommendation", "Action", "Notes"], ["R2 Train staff", "2.1 Train", "Course booked"]]
    _choose_file(monkeypatch, write_xlsx(tmp_path / "second.xlsx", {"Hate Crime 2021": second_rows}))
    dialog = _open_preview(qtbot, main_window)
    assert dialog.tabs.widget(0).combos[2].currentData() == "progress"


def test_a_broken_file_says_why_and_writes_nothing(qtbot, main_window, monkeypatch, messages, tmp_path) -> None:
    broken = tmp_path / "plan.xlsx"
    broken.write_bytes(LEGACY_WORKBOOK.read_bytes()[:3000])
    _choose_file(monkeypatch, broken)
    main_window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages == [("warning", "plan.xlsx is damaged or incomplete (perhaps cut short while copying).")]
    assert main_window.import_flow.dialog is None
    assert dump_plans() == {"plans": []}
