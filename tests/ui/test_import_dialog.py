"""File ▸ Import a plan… driven as a secretary would: pick, preview, correct, import."""

from datetime import date
from pathlib import Path

import pytest
from plan_fixture import LEGACY_WORKBOOK, assert_matches_fixture
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from workbooks import write_xlsx

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.services.plans import dump_plans
from hmics_desktop.storage.models import ProgressUpdate
from hmics_desktop.ui.shell.main_window import MainWindow


def _choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(
        "hmics_desktop.ui.transfer.import_flow.QFileDialog.getOpenFileNames", lambda *args, **kwargs: ([str(path)], "")
    )


def _open_preview(qtbot, window: MainWindow):
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.import_flow.dialog is not None, timeout=10_000)
    return window.import_flow.dialog


def test_the_published_plan_through_the_dialog(qtbot, main_window, monkeypatch, messages, fixture_plan) -> None:
    _choose_file(monkeypatch, LEGACY_WORKBOOK)
    dialog = _open_preview(qtbot, main_window)
    assert dialog.tabs.count() == 1
    words = [label.text() for label in dialog.tabs.widget(0).widget().findChildren(QLabel)]
    assert words[0].startswith("The headings are on row ") and any(w.startswith("Column B “") for w in words)
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
    main_window.workspace.setCurrentWidget(main_window.plans_page)  # the Plans tab
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


@pytest.mark.logs_error("background job failed")
def test_a_broken_file_says_why_and_writes_nothing(qtbot, main_window, monkeypatch, messages, tmp_path) -> None:
    broken = tmp_path / "plan.xlsx"
    broken.write_bytes(LEGACY_WORKBOOK.read_bytes()[:3000])
    _choose_file(monkeypatch, broken)
    main_window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages == [("warning", "plan.xlsx is damaged or incomplete (perhaps cut short while copying).")]
    assert main_window.import_flow.dialog is None
    assert dump_plans() == {"plans": []}


HEADER = ["Recommendation", "Action", "Owner", "Target date", "Latest progress update"]
BANNER = ["APPENDIX B - Progress Update as at 15th February 2022"]


def _existing_plan(tmp_path: Path) -> None:
    from hmics_desktop.services.importing import import_file

    rows = [
        BANNER,
        HEADER,
        ["Recommendation 1 Publish audits", "1.1 Report to SPA", "DI Smith", "Sept 2022", "Drafting"],
    ]
    import_file(write_xlsx(tmp_path / "first.xlsx", {"Crime Audit 2020": rows}))


def _second_plan(tmp_path: Path, sheet: str) -> Path:
    rows = [
        BANNER,
        HEADER,
        ["Recommendation 1 Publish audits", "1.1 Report to SPA", "DS Jones", "15/02/2022", "Sent to SPA"],
        ["Recommendation 2 Train staff", "2.1 Book course", "LTD", "March 2023", ""],
    ]
    return write_xlsx(tmp_path / "second.xlsx", {sheet: rows})


def _preview_beside_an_existing_plan(qtbot, window, monkeypatch, tmp_path: Path, sheet: str):
    _existing_plan(tmp_path)
    _choose_file(monkeypatch, _second_plan(tmp_path, sheet))
    return _open_preview(qtbot, window)


def _import(qtbot, dialog, messages) -> None:
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)


def _rows(model) -> list[tuple]:
    return [tuple(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())]


def test_the_preview_lists_what_it_creates_and_what_it_overwrites(
    qtbot, main_window, monkeypatch, messages, tmp_path
) -> None:
    dialog = _preview_beside_an_existing_plan(qtbot, main_window, monkeypatch, tmp_path, "Crime Audit 2020")
    assert _rows(dialog.changed_model) == [
        ("Action 1.1", "Owner", "DI Smith", "DS Jones"),
        ("Action 1.1", "Target date", "September 2022", "15/02/2022"),
    ]
    assert _rows(dialog.created_model) == [
        ("Progress update", "1.1", "As at 15/02/2022: Sent to SPA"),
        ("Recommendation", "2", "Train staff"),
        ("Action", "2.1", "Book course"),
    ]
    tabs = [dialog.outcome.tabText(i).replace("&", "") for i in range(3)]
    assert tabs == ["Will be created (3)", "Will change (2)", "Warnings (1)"]
    assert dialog.warnings.item(0).text().startswith("Action 1.1 already has a progress update as at 15/02/2022")
    assert dialog.outcome.currentIndex() == 1  # the overwrite list is shown first
    assert not dialog.inspection_choice.isVisible()
    assert dialog.width() <= 1366 and dialog.frameGeometry().height() <= 728
    assert dialog.minimumSizeHint().height() <= 600

    _import(qtbot, dialog, messages)
    action = dump_plans()["plans"][0]["recommendations"][0]["actions"][0]
    assert (action["owner"], action["target"]) == ("DS Jones", "2022-02-15")


def test_a_close_inspection_is_offered_and_the_user_chooses(
    qtbot, main_window, monkeypatch, messages, tmp_path
) -> None:
    dialog = _preview_beside_an_existing_plan(qtbot, main_window, monkeypatch, tmp_path, "Crime Audit")
    assert dialog.inspection_choice.isVisible()
    combo = dialog.inspection_choice.combos["Crime Audit"]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Choose: “Crime Audit 2020” already exists",
        "Into the existing inspection “Crime Audit 2020”",
        "Into a new inspection “Crime Audit”",
    ]
    assert not dialog.import_button.isEnabled()  # nothing is imported until the user chooses
    assert "Choose above where “Crime Audit” goes" in dialog.summary.text()
    assert dialog.changed_model.rowCount() == 0  # as a new inspection, nothing would be overwritten

    combo.setCurrentIndex(combo.findData("Crime Audit 2020"))
    qtbot.waitUntil(lambda: dialog.changed_model.rowCount() == 2, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    assert "Crime Audit 2020 (2 recommendations, 2 actions)" in dialog.summary.text()
    assert dialog.inspection_choice.combos["Crime Audit"].currentData() == "Crime Audit 2020"  # the choice stays
    assert "Choose above" not in dialog.summary.text()

    _import(qtbot, dialog, messages)
    assert [plan["inspection"] for plan in dump_plans()["plans"]] == ["Crime Audit 2020"]


def test_a_new_inspection_beside_a_close_one_when_the_user_says_so(
    qtbot, main_window, monkeypatch, messages, tmp_path
) -> None:
    dialog = _preview_beside_an_existing_plan(qtbot, main_window, monkeypatch, tmp_path, "Crime Audit")
    combo = dialog.inspection_choice.combos["Crime Audit"]
    combo.setCurrentIndex(combo.findData("Crime Audit"))
    _import(qtbot, dialog, messages)
    assert sorted(plan["inspection"] for plan in dump_plans()["plans"]) == ["Crime Audit", "Crime Audit 2020"]


def test_the_preview_tables_pass_the_model_tester(qtmodeltester) -> None:
    from hmics_desktop.domain.plan_changes import FieldChange
    from hmics_desktop.ui.transfer.preview_tables import CHANGED_HEADINGS, PreviewRowsModel, changed_rows

    model = PreviewRowsModel(CHANGED_HEADINGS)
    model.set_rows(changed_rows([FieldChange("Action 1.1", "Owner", "DI Smith", "DS Jones\nand LTD")]))
    qtmodeltester.check(model)
    assert model.index(0, 3).data() == "DS Jones and LTD"
    assert model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == "DS Jones\nand LTD"


def test_the_published_plan_again_after_a_closure_neither_reopens_nor_duplicates(
    qtbot, window, monkeypatch, messages
) -> None:
    """The tester's day: Recommendation 2 closed through HMICS's response, then the 2022 file imported again."""
    from hmics_desktop.domain.dates import PlanDate
    from hmics_desktop.services.plan_edits import add_progress, record_response, submit_evidence
    from hmics_desktop.storage.models import Action, EvidenceSubmission, ProgressUpdate, Recommendation

    rec = Recommendation.get(Recommendation.number == 2)
    window.edits.history.do(submit_evidence(rec.id, PlanDate(2026, 11, 24), "Evidence of the SCRS manual", True))
    evidence = EvidenceSubmission.get()
    window.edits.history.do(record_response(evidence.id, PlanDate(2026, 11, 24), True, "Closed", "Manual published"))
    first = Action.select().join(Recommendation).where(Recommendation.number == 1).order_by(Action.position).first()
    window.edits.history.do(add_progress(first.id, PlanDate(2022, 3, 1), "Strategic Fraud Group met in March"))
    updates = ProgressUpdate.select().count()

    _choose_file(monkeypatch, LEGACY_WORKBOOK)
    dialog = _open_preview(qtbot, window)
    combo = dialog.inspection_choice.combos["Crime Audit"]
    combo.setCurrentIndex(combo.findData("Crime Audit 2020"))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    assert [dialog.outcome.tabText(i).replace("&", "") for i in range(2)] == ["Will be created (0)", "Will change (0)"]
    warnings = [dialog.warnings.item(i).text() for i in range(dialog.warnings.count())]
    assert (
        "Recommendation 2 was closed on 24/11/2026, after this file's As at date (15/02/2022); it stays closed."
        in warnings
    )
    assert "nothing to create or change" in dialog.summary.text()

    _import(qtbot, dialog, messages)
    rec = Recommendation.get_by_id(rec.id)
    assert (rec.status, rec.closed_on) == ("closed", PlanDate(2026, 11, 24))
    assert ProgressUpdate.select().count() == updates


def test_the_progress_date_starts_on_the_applications_day_and_a_new_one_is_previewed_before_it_is_imported(
    qtbot, main_window, monkeypatch, messages, tmp_path
) -> None:
    from datetime import date, datetime

    from PySide6.QtCore import QDate

    from hmics_desktop.domain import clock
    from hmics_desktop.storage.models import ProgressUpdate

    rows = [["Recommendation", "Action", "Progress"], ["R1 Publish audits", "1.1 Report", "Sent to SPA"]]
    _choose_file(monkeypatch, write_xlsx(tmp_path / "undated.xlsx", {"Hate Crime 2021": rows}))
    with clock.set_clock(lambda: datetime(2023, 5, 10, 9)):
        dialog = _open_preview(qtbot, main_window)
        assert dialog.progress_date.date() == QDate(2023, 5, 10)  # the application's day, not the computer's
        dialog.progress_date.setDate(QDate(2023, 3, 31))
        qtbot.waitUntil(lambda: dialog.preview.progress_date == date(2023, 3, 31), timeout=10_000)  # previewed again
        qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert [update.as_at.british() for update in ProgressUpdate.select()] == ["31/03/2023"]


def test_a_file_with_no_as_at_date_is_dated_by_the_latest_date_it_shows(
    qtbot, main_window, monkeypatch, messages, tmp_path
) -> None:
    rows = [
        ["Recommendation", "Action", "Date of the progress update", "Update"],
        ["R1 Publish audits", "1.1 Report", "01/03/2022", "Sent to SPA"],
        ["", "1.2 Agree", "", "Agreed"],
    ]
    _choose_file(monkeypatch, write_xlsx(tmp_path / "tracker.xlsx", {"Hate Crime 2021": rows}))
    dialog = _open_preview(qtbot, main_window)
    assert dialog.progress_date.isVisible()
    assert dialog.progress_date.date().toPython() == date(2022, 3, 1)  # not today: the file was written then
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    updates = [(a["number"], a["progress"]) for r in dump_plans()["plans"][0]["recommendations"] for a in r["actions"]]
    assert updates == [("1.1", "Sent to SPA"), ("1.2", "Agreed")]
    assert ProgressUpdate.get(ProgressUpdate.text == "Agreed").as_at == PlanDate(2022, 3, 1)


def test_the_same_file_imported_again_is_a_step_whose_undo_takes_back_only_its_confirmations(
    qtbot, main_window, monkeypatch, messages, tmp_path
) -> None:
    """The second import changes nothing but says again what is held: Ctrl+Z undoes it, not the first."""
    from hmics_desktop.storage import confirmations
    from hmics_desktop.storage.models import Action, database

    def confirmed() -> list:
        return confirmations.standing(database.sql(), "action", {action.id for action in Action.select()})

    path = _second_plan(tmp_path, "Crime Audit 2020")
    _choose_file(monkeypatch, path)
    _import(qtbot, _open_preview(qtbot, main_window), messages)
    first = dump_plans()
    assert main_window.edits.undo_action.text() == "&Undo import of Crime Audit 2020" and confirmed() == []

    messages.clear()
    dialog = _open_preview(qtbot, main_window)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    previewed = dialog.summary.text()
    _import(qtbot, dialog, messages)
    assert dump_plans() == first and confirmed() != []
    undo = main_window.edits.undo_action.text()
    assert undo.startswith("&Undo import of Crime Audit 2020 (as at 15/02/2022): nothing changed, ")
    values = int(undo.split(", ")[-1].split()[0])
    assert undo.endswith(f"{values} values confirmed") and values >= 2 * 3  # two actions' owner, target, progress
    assert f"<b>Changes:</b> nothing to create or change; {values} values confirmed as they stand." in previewed
    assert messages == [(
        "information",
        f"The plan was imported: it held nothing to create or change, and confirmed {values} values as they stand "
        "(Edit ▸ Undo takes that back).",
    )]  # fmt: skip

    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert confirmed() == []  # the second import's confirmations are withdrawn ...
    assert dump_plans() == first  # ... and the first import stays
    assert main_window.edits.undo_action.text() == "&Undo import of Crime Audit 2020"
    assert main_window.edits.redo_action.text() == undo.replace("&Undo", "&Redo")
    main_window.edits.redo_action.trigger()
    assert confirmed() != []  # the redo records them again


def test_the_undo_of_an_import_with_a_long_title_fits_a_small_screen_and_says_it_all_in_its_tip(
    qtbot, main_window, tmp_path
) -> None:
    """The Edit menu of a 1366 px screen: the inspections' names shortened in the middle, "&" shown as typed."""
    from hmics_desktop.excel.workbook_parser import ImportOptions
    from hmics_desktop.services.importing import commit_import, preview_import

    title = "Custody & welfare: an inspection of the armed policing and tactical firearms capability of Police Scotland"
    path = _second_plan(tmp_path, "Sheet1")
    for _ in range(2):  # the second only confirms: the longest label
        step, _summary = commit_import(preview_import(path, ImportOptions(inspection=title)))
        main_window.edits.history.record(step)
    undo = main_window.edits.undo_action
    [menu] = [widget for widget in undo.associatedObjects() if type(widget).__name__ == "QMenu"]
    assert menu.sizeHint().width() <= 800  # opened under "Edit", its right edge well inside 1366 px
    assert undo.text().startswith("&Undo import of Custody && welfare") and undo.text().endswith("values confirmed")
    assert undo.toolTip().startswith(f"Undo import of {title} (as at 15/02/2022): nothing changed, ")


def test_a_confirming_import_then_a_hand_edit_undo_twice_and_redo_twice_in_order(
    qtbot, main_window, monkeypatch, messages, tmp_path
) -> None:
    from hmics_desktop.storage import confirmations
    from hmics_desktop.storage.models import Action, database

    def state() -> tuple[str, bool]:
        owner = Action.get(Action.text.contains("Book course")).owner
        return owner, confirmations.standing(database.sql(), "action", {a.id for a in Action.select()}) != []

    path = _second_plan(tmp_path, "Crime Audit 2020")
    for _ in range(2):
        messages.clear()
        _choose_file(monkeypatch, path)
        _import(qtbot, _open_preview(qtbot, main_window), messages)
    confirming = main_window.edits.undo_action.text()
    form = main_window.edits.open_form("action", Action.get(Action.text.contains("Book course")).id)
    form.owner.clear()
    qtbot.keyClicks(form.owner, "DI Hand")
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert state() == ("DI Hand", True) and main_window.edits.undo_action.text() == "&Undo edit of action 2.1"
    main_window.edits.undo_action.trigger()
    assert state() == ("LTD", True) and main_window.edits.undo_action.text() == confirming
    main_window.edits.undo_action.trigger()
    assert state() == ("LTD", False) and main_window.edits.undo_action.text() == "&Undo import of Crime Audit 2020"
    main_window.edits.redo_action.trigger()
    assert state() == ("LTD", True) and main_window.edits.redo_action.text() == "&Redo edit of action 2.1"
    main_window.edits.redo_action.trigger()
    assert state() == ("DI Hand", True) and main_window.edits.undo_action.text() == "&Undo edit of action 2.1"
    assert form.owner.text() == "DI Hand"
