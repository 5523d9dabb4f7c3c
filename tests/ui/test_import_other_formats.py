"""File ▸ Import a plan… offers every kind of file and takes a Word appendix or a CSV like a workbook."""

from pathlib import Path

from crafted_files import word_plan
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


def test_a_file_with_no_plan_says_so_and_writes_nothing(qtbot, main_window, monkeypatch, messages, tmp_path) -> None:
    path = tmp_path / "tasks.csv"
    path.write_text("No,Owner,Status\n1,田中,完了\n2,佐藤,未着手\n", encoding="utf-8")
    _choose(monkeypatch, path)
    main_window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages == [("warning", "No plan was found in tasks.csv: its rows hold no recommendation or action text.")]
    assert dump_plans() == {"plans": []}
