"""File ▸ Import a plan… offers every kind of file and takes a Word appendix or a CSV like a workbook."""

from pathlib import Path

import pytest
from crafted_files import word_document, word_plan
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from hmics_desktop.services.plans import dump_plans


def _choose(monkeypatch, path: Path) -> list[tuple]:
    asked: list[tuple] = []

    def choose(*args, **kwargs):
        asked.append(args)
        return [str(path)], ""

    monkeypatch.setattr("hmics_desktop.ui.transfer.import_flow.QFileDialog.getOpenFileNames", choose)
    return asked


def test_the_menu_and_the_file_dialog_offer_every_kind(qtbot, main_window, monkeypatch, messages, tmp_path) -> None:
    assert main_window.import_action.text().replace("&", "") == "Import a plan…"
    rows = [
        ["Recommendation", "Action", "Latest progress update", "Next steps"],
        ["Recommendation 1\nPublish audits", "1.1 Report to SPA", "Drafting", ""],
        ["", "1.2 Agree format", "Agreed", ""],
    ]
    path = word_plan(tmp_path / "Crime Audit 2020.docx", [rows], prose=["Progress Update as at 15th February 2022"])
    asked = _choose(monkeypatch, path)
    main_window.import_action.trigger()
    qtbot.waitUntil(lambda: main_window.import_flow.dialog is not None, timeout=10_000)
    _parent, caption, _folder, filters = asked[0]
    assert caption == "Import a plan"
    for pattern in ("*.xlsx", "*.xlsm", "*.xls", "*.xlsb", "*.ods", "*.docx", "*.csv"):
        assert pattern in filters.split(";;")[0]
    dialog = main_window.import_flow.dialog
    assert "Crime Audit 2020 (1 recommendation" in dialog.summary.text()
    assert not dialog.progress_date.isVisible()  # the paper states its "as at" date
    page = dialog.tabs.widget(0)  # Word shows no column letters or row numbers: the columns by place
    words = [label.text() for label in page.widget().findChildren(QLabel)]
    assert "The headings are in the plan table." in words and "Column 2 “Action”" in words
    assert not any("row" in text or "Column B" in text for text in words)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages[0][0] == "information"
    actions = dump_plans()["plans"][0]["recommendations"][0]["actions"]
    assert [(a["number"], a["progress"]) for a in actions] == [("1.1", "Drafting"), ("1.2", "Agreed")]


@pytest.mark.logs_error("background job failed")
def test_a_file_with_no_plan_says_so_and_writes_nothing(qtbot, main_window, monkeypatch, messages, tmp_path) -> None:
    path = tmp_path / "tasks.csv"
    path.write_text("No,Owner,Status\n1,田中,完了\n2,佐藤,未着手\n", encoding="utf-8")
    _choose(monkeypatch, path)
    main_window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages == [("warning", "No plan was found in tasks.csv: its rows hold no recommendation or action text.")]
    assert dump_plans() == {"plans": []}


CUSTODY = [
    "Recommendation 1 – Police Scotland should review the custody estate.",
    ["1.1", "Survey every custody centre and report the findings", "Ch Supt Custody", "March 2024"],
    ["1.2", "Agree a plan for the centres that need work", "Estates", "June 2024"],
]


def _previewed(qtbot, main_window, monkeypatch, path: Path):
    """The import dialog, its preview of ``path`` shown."""
    _choose(monkeypatch, path)
    main_window.import_action.trigger()
    qtbot.waitUntil(lambda: main_window.import_flow.dialog is not None, timeout=10_000)
    return main_window.import_flow.dialog


def test_a_word_table_without_headings_shows_its_worked_out_columns_which_can_be_changed(
    qtbot, main_window, monkeypatch, messages, tmp_path
) -> None:
    path = word_document(tmp_path / "Custody Plan.docx", [("heading", "Custody Inspection 2023"), ("table", CUSTODY)])
    dialog = _previewed(qtbot, main_window, monkeypatch, path)
    assert "named by the heading “Custody Inspection 2023” in the document" in dialog.summary.text()
    page = dialog.tabs.widget(0)
    words = [label.text() for label in page.widget().findChildren(QLabel)]
    assert words[0].startswith("No heading row: what each column holds was worked out from its cells.")
    assert "Column 4: Ch Supt Custody; Estates" in words
    assert page.combos[4].currentData() == "target" and page.combos[3].currentData() == "owner"
    page.combos[3].setCurrentIndex(page.combos[3].findData("next_steps"))  # the owners are really next steps
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # imported without updating the preview
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    action = dump_plans()["plans"][0]["recommendations"][0]["actions"][0]
    assert (action["owner"], action["next_steps"], action["target"]) == (None, "Ch Supt Custody", "2024-03")


def test_the_name_typed_is_the_one_imported_without_updating_the_preview(
    qtbot, main_window, monkeypatch, messages, tmp_path
) -> None:
    path = word_document(tmp_path / "plan.docx", [("paragraph", "Tactical Group Secretariat"), ("table", CUSTODY)])
    dialog = _previewed(qtbot, main_window, monkeypatch, path)
    qtbot.keyClicks(dialog.inspection_edit, "Custody Inspection 2023")
    qtbot.keyClick(dialog.inspection_edit, Qt.Key.Key_Return)  # Enter presses Import
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert [p["inspection"] for p in dump_plans()["plans"]] == ["Custody Inspection 2023"]


def test_a_file_of_several_inspections_takes_no_name(qtbot, main_window, monkeypatch, messages, tmp_path) -> None:
    other = [
        CUSTODY[0].replace("custody estate", "custody staff"),
        ["1.1", "Train the custody staff", "LTD", "May 2024"],
    ]
    path = word_document(tmp_path / "two.docx", [
        ("heading", "Custody Inspection 2023"), ("table", CUSTODY),
        ("paragraph", "And the other plan:"), ("heading", "Thematic Review 2022"), ("table", other),
    ])  # fmt: skip
    dialog = _previewed(qtbot, main_window, monkeypatch, path)
    assert not dialog.inspection_edit.isEnabled()
    assert dialog.inspection_edit.placeholderText() == "The file names 2 inspections: each goes into its own"
    assert "named by the heading “Thematic Review 2022” in the document" in dialog.summary.text()
