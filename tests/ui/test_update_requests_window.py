"""Update requests through the window: sending, the round, returns through File ▸ Import a plan…, owners, asks."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest
from paper_fixture import on_day
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from request_owners import BROWN, SMITH, fill, load_owners_plan, send, workbook_of

from hmics_desktop.services.owner_asks import waiting_asks
from hmics_desktop.storage.models import Action, OwnerAsk, ProgressUpdate, Recommendation, RequestReturn
from hmics_desktop.ui.requests.owners_dialog import OwnerDialog, OwnersDialog
from hmics_desktop.ui.requests.returns_dialog import ReturnsDialog
from hmics_desktop.ui.requests.send_dialog import SendDialog

TODAY = date(2025, 3, 21)


@pytest.fixture
def owners_window(main_window, monkeypatch):
    """The main window on the owners' plan, on 21 March 2025, message boxes answered."""
    load_owners_plan()
    main_window.plans_changed.emit()
    shown: list[str] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda parent, title, text, *rest: shown.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    main_window.shown_messages = shown
    with on_day(TODAY):
        yield main_window


def _open(qtbot, kind: type):
    qtbot.waitUntil(lambda: any(isinstance(w, kind) and w.isVisible() for w in QApplication.topLevelWidgets()),
                    timeout=10_000)  # fmt: skip
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def _action(number: str) -> Action:
    rec_number, position = (int(part) for part in number.split("."))
    rec = Recommendation.get((Recommendation.number == rec_number) & (Recommendation.kind == "recommendation"))
    return Action.get((Action.recommendation == rec.id) & (Action.position == position))


def test_update_requests_are_written_and_the_round_shows_them(qtbot, owners_window, tmp_path: Path, qtmodeltester):
    window = owners_window
    window.requests_action.trigger()
    dialog = _open(qtbot, SendDialog)
    assert [dialog.owners.item(i).text() for i in range(dialog.owners.count())] == [
        "DCI Smith (3 open actions, no address)", "Supt Brown (3 open actions, no address)"]  # fmt: skip
    folder = tmp_path / "requests"
    folder.mkdir()
    dialog.folder.setText(str(folder))
    dialog.owners.item(1).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.round_window is not None and window.round_window.isVisible(), timeout=10_000)
    stem = "DCI Smith – update request – 21 March 2025"
    assert [p.name for p in sorted(folder.iterdir())] == [f"{stem}.eml", f"{stem}.xlsx"]
    assert window.shown_messages[-1].startswith(f"Wrote 1 update request: DCI Smith (3 actions) to {folder}.")
    round_window = window.round_window
    qtmodeltester.check(round_window.model)
    assert round_window.model.rows == [
        ("DCI Smith", "21/03/2025", "04/04/2025", "", "0 of 3", "Outstanding")]  # fmt: skip
    assert round_window.heading.text() == "1 update request sent; 1 outstanding."
    assert round_window.remind_button.isEnabled() and not round_window.open_button.isEnabled()


def test_a_long_owners_name_leaves_where_each_request_stands_in_view(qtbot, owners_window, tmp_path: Path) -> None:
    """An owner written as a post and a division is shortened on its line, never the column of where it stands."""
    window = owners_window
    long_name = "Detective Chief Superintendent, Specialist Crime Division, Major Investigation Teams (North)"
    Action.update(owner=long_name).where(Action.owner == SMITH).execute()
    send(tmp_path / "sent")
    window.open_request_round()
    round_window = window.round_window
    qtbot.waitUntil(round_window.isVisible)
    table, header = round_window.table, round_window.table.horizontalHeader()
    assert round_window.model.rows[0][0] == long_name
    last = len(round_window.model.headings) - 1
    shown = table.viewport().width()
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= shown
    widest = max(table.fontMetrics().horizontalAdvance(row[last]) for row in round_window.model.rows)
    assert header.sectionSize(last) >= widest  # "Outstanding (overdue)" whole
    assert round_window.model.data(round_window.model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == long_name


def test_returns_come_in_through_import_previewed_per_owner_and_undone_as_one(
    qtbot, owners_window, tmp_path: Path, monkeypatch
) -> None:
    window = owners_window
    with on_day(date(2025, 3, 14)):
        sent = send(tmp_path / "sent")
    smith = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {
        "1.1": {"New progress update": "Smith's update.", "Revised target asked for": "Dec 2025",
                "Reason for the revised target": "Staff moved"},
        "2.2": {"Proposed status": "Complete"}})  # fmt: skip
    brown = fill(workbook_of(sent, BROWN), tmp_path / "brown.xlsx", {"1.3": {"New progress update": "Brown's."}})
    monkeypatch.setattr("hmics_desktop.ui.transfer.import_flow.QFileDialog.getOpenFileNames",
                        lambda *a, **k: ([str(smith), str(brown)], ""))  # fmt: skip
    window.import_action.trigger()
    dialog = _open(qtbot, ReturnsDialog)
    tree = dialog.tree
    owners = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert sorted(owners) == [SMITH, BROWN]
    smith_branch = tree.topLevelItem(owners.index(SMITH))
    assert smith_branch.text(1) == "smith.xlsx, saved on 20/03/2025 (2 rows filled)"
    first = smith_branch.child(0)
    assert (first.text(0), first.text(1)) == (
        "Action 1.1",
        "Progress update as at 20/03/2025; asks for a revised target of Dec 2025 (Staff moved)",
    )
    choice = first.child(0)
    assert choice.text(1) == "DCI Smith asks for a revised target of Dec 2025 (Staff moved)"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    tree.setFocus()
    tree.setCurrentItem(choice)
    qtbot.keyClick(tree, Qt.Key.Key_Space)  # the keyboard alone ticks it
    assert choice.checkState(0) == Qt.CheckState.Checked
    assert "(1 of what they ask accepted now)" in dialog.summary.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: RequestReturn.select().count() == 2, timeout=10_000)
    qtbot.waitUntil(lambda: window.edits.undo_action.isEnabled(), timeout=10_000)
    assert window.shown_messages[-1].startswith("The returns were imported (2 returns from DCI Smith and Supt Brown")
    assert [a.sentence() for a in waiting_asks(_action("2.2").id)] == ["DCI Smith asked on 20/03/2025 for “Complete”."]
    assert OwnerAsk.get(OwnerAsk.kind == "target").decision == "accepted"
    assert window.edits.undo_action.text() == "&Undo returns of update requests from DCI Smith and Supt Brown"
    window.edits.undo_action.trigger()
    returned = ProgressUpdate.select().where(ProgressUpdate.from_owner.is_null(False))
    assert RequestReturn.select().count() == 0 and returned.count() == 0


def test_the_round_drafts_a_reminder_and_opens_a_return(qtbot, owners_window, tmp_path: Path, monkeypatch) -> None:
    window = owners_window
    with on_day(date(2025, 3, 14)):
        sent = send(tmp_path / "sent")
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {"1.1": {"New progress update": "Done."}})
    from hmics_desktop.services.returns import commit_returns, preview_returns

    commit_returns(preview_returns([returned]))
    opened: list[str] = []
    monkeypatch.setattr("hmics_desktop.ui.requests.round_window.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)  # fmt: skip
    window.open_request_round()
    round_window = window.round_window
    assert [row[0] for row in round_window.model.rows] == [BROWN, SMITH]  # the outstanding first
    assert round_window.model.rows[1][3:] == ("20/03/2025", "1 of 3", "Partly returned: 1 of 3 rows")
    round_window.table.selectRow(1)
    qtbot.mouseClick(round_window.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(returned)]
    qtbot.mouseClick(round_window.remind_button, Qt.MouseButton.LeftButton)
    reminder = Path(opened[-1])
    assert reminder.name == "DCI Smith – reminder – 21 March 2025.eml" and reminder.parent == tmp_path / "sent"
    text = reminder.read_text(encoding="utf-8")
    assert "1.2 Action 1.2 to be taken (Custody Review 2024)" in text and "X-Unsent: 1" in text


def test_the_owners_directory_renames_on_every_action_in_one_step(qtbot, owners_window) -> None:
    window = owners_window
    entry = next(a for a in window.file_menu.actions() if a.text() == "O&wners…")
    entry.trigger()
    dialog = _open(qtbot, OwnersDialog)
    assert dialog.model.rows == [("DCI Smith", "", "", "3", "Not yet"), ("Supt Brown", "", "", "3", "Not yet")]
    owner = OwnerDialog(window, dialog.entries[0], dialog)
    owner.name.setText("DCI J Smith")
    owner.email.setText("not an address")
    owner._on_save_clicked()
    assert owner.problem.text().startswith("“not an address” is not an email address")
    owner.email.setText("john.smith@scotland.police.uk")
    owner._on_save_clicked()
    assert dialog.model.rows[0] == ("DCI J Smith", "john.smith@scotland.police.uk", "", "3", "Yes")
    assert {a.owner for a in Action.select().where(Action.position.in_([1, 2]))} >= {"DCI J Smith"}
    assert Action.select().where(Action.owner == SMITH).count() == 0
    window.edits.undo_action.trigger()
    assert Action.select().where(Action.owner == SMITH).count() == 4 and dialog.model.rows[0][0] == SMITH


def test_an_owners_ask_is_accepted_on_the_actions_form(qtbot, owners_window, tmp_path: Path) -> None:
    window = owners_window
    with on_day(date(2025, 3, 14)):
        sent = send(tmp_path / "sent")
    returned = fill(workbook_of(sent, SMITH), tmp_path / "smith.xlsx", {"2.2": {"Proposed status": "Complete"}})
    from hmics_desktop.services.returns import commit_returns, preview_returns

    commit_returns(preview_returns([returned]))
    form = window.edits.open_form("action", _action("2.2").id)
    assert form.asks.isVisible() and form.asks.list.item(0).text() == "DCI Smith asked on 20/03/2025 for “Complete”."
    qtbot.mouseClick(form.asks.accept_button, Qt.MouseButton.LeftButton)
    assert _action("2.2").status == "complete" and not form.asks.isVisible()
    assert form.status.currentData() == "complete"


def _widgets_left() -> int:
    gc.collect()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return len(QApplication.allWidgets())


def test_the_update_requests_dialog_closed_is_gone_not_kept_by_the_window(qtbot, owners_window, tmp_path: Path):
    # Each opening stayed a hidden child of the window (about 30 widgets), kept by the job it ran reporting to it.
    window = owners_window

    def send_or_cancel(opening: int) -> None:
        window.requests_action.trigger()
        dialog = _open(qtbot, SendDialog)
        if opening % 2:
            dialog.reject()
            return
        folder = tmp_path / f"requests {opening}"
        folder.mkdir()
        dialog.folder.setText(str(folder))
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(window.shown_messages) > opening // 2, timeout=10_000)

    send_or_cancel(0)
    send_or_cancel(1)
    before = _widgets_left()
    for opening in range(2, 12):
        send_or_cancel(opening)
    assert _widgets_left() == before
    assert window.findChildren(SendDialog) == []


def test_the_update_requests_dialog_stays_till_its_requests_are_written(qtbot, owners_window, tmp_path: Path) -> None:
    # Closed while they were written, it would be gone with the job's report: written, and no one told.
    window = owners_window
    window.requests_action.trigger()
    dialog = _open(qtbot, SendDialog)
    dialog.folder.setText(str(tmp_path))
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.waitUntil(lambda: window.round_window is not None and window.round_window.isVisible(), timeout=10_000)
    assert window.shown_messages[-1].startswith("Wrote 2 update requests")
