"""The paper dialog through its real widgets: pick, edit the text, tick, preview, save as Word and PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
from paper_fixture import AS_AT, RECORDED, SINCE, load_paper_plan, on_day
from PySide6.QtCore import QDate, Qt

from hmics_desktop.services.papers.store import list_papers, load_paper
from hmics_desktop.ui.contrast import tone


def _save_as(monkeypatch, targets: list[Path]) -> None:
    monkeypatch.setattr("hmics_desktop.ui.papers.paper_dialog.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(targets.pop(0)), ""))  # fmt: skip


def _dialog(main_window, qtbot):
    from hmics_desktop.ui.papers.paper_dialog import PaperDialog

    main_window.paper_action.trigger()
    [dialog] = [d for d in main_window.findChildren(PaperDialog) if d.isVisible()]
    return dialog


def test_pick_edit_tick_preview_and_save_as_word_and_pdf(qtbot, main_window, monkeypatch, tmp_path) -> None:
    load_paper_plan()
    main_window.plans_changed.emit()
    dialog = _dialog(main_window, qtbot)
    assert dialog.width() <= 1366 and dialog.height() <= 728
    dialog.meeting_on.setDate(QDate(AS_AT))
    dialog.since.setDate(QDate(SINCE))
    dialog.as_at.setDate(QDate(AS_AT))
    dialog.location.setText("online")
    assert dialog.inspections.item(0).checkState() == Qt.CheckState.Checked  # all inspections by default
    dialog.tabs.setCurrentIndex(1)
    dialog.text_boxes["summary"].setPlainText("This report covers Hate Crime for the March meeting.")
    dialog.tabs.setCurrentIndex(2)
    hate_crime = dialog.shown.topLevelItem(0)
    assert [hate_crime.child(i).text(0)[:2] for i in range(hate_crime.childCount())] == ["R3", "R4", "R5"]
    hate_crime.child(2).setCheckState(0, Qt.CheckState.Unchecked)  # leave R5 out
    dialog.tabs.setCurrentIndex(3)
    preview = dialog.preview.toPlainText()
    assert "This report covers Hate Crime for the March meeting." in preview
    assert "R4 - Police Scotland should review its policy." in preview and "R5 - " not in preview
    word, pdf = tmp_path / "paper.docx", tmp_path / "paper"
    _save_as(monkeypatch, [word, pdf])
    qtbot.mouseClick(dialog.word_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "paper.pdf").read_bytes().startswith(b"%PDF")
    document = docx.Document(str(word))
    assert "This report covers Hate Crime for the March meeting." in [p.text for p in document.paragraphs]
    assert [row.cells[0].text[:2] for row in document.tables[-1].rows[1:]] == ["R3", "R4"]
    [kept] = list_papers()
    spec = load_paper(kept.id)
    assert spec.narrative["summary"] == "This report covers Hate Crime for the March meeting."
    assert spec.as_at == AS_AT and len(spec.hidden) == 1


def test_papers_are_kept_reopened_and_copied_for_the_next_round(qtbot, main_window, monkeypatch, tmp_path) -> None:
    from hmics_desktop.ui.papers.paper_dialog import PaperDialog
    from hmics_desktop.ui.papers.papers_dialog import PapersDialog

    load_paper_plan()
    main_window.plans_changed.emit()
    first = _dialog(main_window, qtbot)
    first.meeting_on.setDate(QDate(AS_AT))
    first.since.setDate(QDate(SINCE))
    first.as_at.setDate(QDate(AS_AT))
    first.text_boxes["closures_intro"].setPlainText("Closed this quarter:")
    qtbot.mouseClick(first.keep_button, Qt.MouseButton.LeftButton)
    assert "kept" in first.problem.text()
    first.reject()
    # The next new paper of the kind starts from the last one's text, since its meeting.
    second = _dialog(main_window, qtbot)
    assert second.text_boxes["closures_intro"].toPlainText() == "Closed this quarter:"
    assert second.since.date().toPython() == AS_AT
    second.reject()
    papers = PapersDialog(tmp_path, parent=main_window)
    qtbot.addWidget(papers)
    assert papers.papers.count() == 1 and "19 March 2025" in papers.papers.item(0).text()
    qtbot.mouseClick(papers.next_button, Qt.MouseButton.LeftButton)
    copy = papers.findChild(PaperDialog)
    assert copy.spec.id is None and copy.since.date().toPython() == AS_AT
    assert copy.text_boxes["closures_intro"].toPlainText() == "Closed this quarter:"
    copy.reject()
    qtbot.mouseClick(papers.open_button, Qt.MouseButton.LeftButton)
    reopened = next(d for d in papers.findChildren(PaperDialog) if d.spec.id is not None)
    regenerated = tmp_path / "again.docx"
    _save_as(monkeypatch, [regenerated])
    qtbot.mouseClick(reopened.word_button, Qt.MouseButton.LeftButton)
    assert docx.Document(str(regenerated)).tables[1].rows[1].cells[1].text == "5"
    assert len(list_papers()) == 1  # regenerating keeps the same paper


def test_a_paper_open_in_word_is_explained_and_left_as_it_was(qtbot, main_window, monkeypatch, tmp_path) -> None:
    load_paper_plan()
    main_window.plans_changed.emit()
    dialog = _dialog(main_window, qtbot)
    dialog.since.setDate(QDate(SINCE))
    target = tmp_path / "paper.docx"
    target.write_bytes(b"the paper as it was")
    (tmp_path / "~$paper.docx").write_bytes(b"")  # Word's lock file
    warnings: list[str] = []
    monkeypatch.setattr("hmics_desktop.ui.papers.paper_dialog.QMessageBox.warning",
                        lambda parent, title, text: warnings.append(text))  # fmt: skip
    _save_as(monkeypatch, [target])
    qtbot.mouseClick(dialog.word_button, Qt.MouseButton.LeftButton)
    assert warnings and "open in another program" in warnings[0]
    assert target.read_bytes() == b"the paper as it was"
    assert list_papers() == []  # nothing kept for a paper that was not written


def _progress_dialog(window, qtbot):
    dialog = _dialog(window, qtbot)
    dialog.kind.setCurrentIndex(dialog.kind.findData("progress"))
    return dialog


def _preview(dialog) -> str:
    dialog.tabs.setCurrentIndex(0)
    dialog.tabs.setCurrentWidget(dialog.preview)
    return dialog.preview.toPlainText()


def test_a_progress_paper_is_as_at_its_newest_update_and_keeps_the_date_chosen(qtbot, window) -> None:
    dialog = _progress_dialog(window, qtbot)
    assert dialog.as_at.date().toPython() == date(2022, 2, 15)  # the example's updates, not today
    assert dialog.meeting_on.date().toPython() == date.today()
    assert dialog.as_at.accessibleName() == "Progress as at" and not dialog.since.isVisible()
    assert dialog.note.text().startswith("A progress paper covers one inspection")
    preview = _preview(dialog)
    assert preview.count("Progress as at February 2022") == 6 and "Closed" not in preview
    # The secretary's date is kept when the inspections are ticked again.
    dialog.as_at.setDate(QDate(2024, 9, 18))
    item = dialog.inspections.item(0)
    item.setCheckState(Qt.CheckState.Unchecked)
    item.setCheckState(Qt.CheckState.Checked)
    assert dialog.as_at.date().toPython() == date(2024, 9, 18)
    preview = _preview(dialog)
    assert "Progress as at February 2022" in preview and "Progress as at September 2024" not in preview
    recommendation_1 = preview[preview.index("Recommendation 1") : preview.index("Recommendation 2")]
    assert "Closed in September 2024" in recommendation_1 and "What we did and the impact" in recommendation_1
    assert "Progress as at" not in recommendation_1  # not its 2022 progress
    dialog.kind.setCurrentIndex(dialog.kind.findData("update"))
    assert (
        dialog.note.text().startswith("An HMICS Improvement Update covers") and dialog.as_at.accessibleName() == "As at"
    )


def test_the_texts_say_what_the_paper_prints_when_left_empty(qtbot, window, monkeypatch, tmp_path) -> None:
    dialog = _progress_dialog(window, qtbot)
    to_members, presented = dialog.text_boxes["recommendation_to_members"], dialog.text_boxes["presented_by"]
    to_members.setPlainText("")
    assert to_members.placeholderText() == "Left empty, the paper says: For Discussion"
    assert presented.placeholderText() == "Left empty, the paper says: To be confirmed"
    preview = _preview(dialog)
    assert "Presented By\nTo be confirmed" in preview and "Recommendation to Members\nFor Discussion" in preview
    _save_as(monkeypatch, [tmp_path / "progress.docx"])
    qtbot.mouseClick(dialog.word_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "Saved progress.docx." and dialog.problem.styleSheet() == ""  # not as a problem
    dialog.inspections.item(0).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.word_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "Choose at least one inspection for the paper."
    assert tone("problem").name() in dialog.problem.styleSheet()  # a problem, in red (readable on the palette)


def _answer(monkeypatch, button) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, buttons, *rest):
        asked.append(text)
        return button

    monkeypatch.setattr("hmics_desktop.ui.papers.paper_dialog.QMessageBox.question", question)
    return asked


def test_escape_asks_before_typed_text_is_lost(qtbot, window, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialog = _dialog(window, qtbot)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes without a question
    assert not dialog.isVisible() and asked == []
    dialog = _dialog(window, qtbot)
    dialog.tabs.setCurrentIndex(1)
    box = dialog.text_boxes["summary"]
    box.setFocus()
    qtbot.keyClicks(box, "Crime Audit for the March meeting.")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asked) == 1  # Cancel: still open, text still there
    assert box.toPlainText() == "Crime Audit for the March meeting."
    _answer(monkeypatch, QMessageBox.StandardButton.Save)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    [kept] = list_papers()
    assert load_paper(kept.id).narrative["summary"] == "Crime Audit for the March meeting."
    dialog = _dialog(window, qtbot)
    dialog.text_boxes["summary"].setPlainText("A second thought")
    _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    dialog.close()
    assert not dialog.isVisible() and len(list_papers()) == 1


def test_the_inspections_are_those_of_the_as_at_date_named_as_then(qtbot, main_window) -> None:
    from hmics_desktop.domain.plan import Plan, PlanRecommendation
    from hmics_desktop.services.edit_history import EditHistory
    from hmics_desktop.services.inspection_edits import merge_inspections
    from hmics_desktop.services.item_edits import save_item
    from hmics_desktop.services.plans import write_plans
    from hmics_desktop.storage.models import Inspection

    hate_crime = load_paper_plan()
    with on_day(RECORDED):
        write_plans([Plan(inspection="Stop and Search 2022", as_at=RECORDED.isoformat(), recommendations=[
            PlanRecommendation(number=7, text="Police Scotland should record every search.")])])  # fmt: skip
    steps = EditHistory()
    with on_day(date(2025, 4, 10)):
        steps.do(merge_inspections(Inspection.get(Inspection.title == "Stop and Search 2022").id, hate_crime))
        steps.do(save_item("inspection", hate_crime, {"title": "Hate Crime"}, None))
    main_window.plans_changed.emit()
    dialog = _dialog(main_window, qtbot)

    def listed() -> list[tuple[str, bool]]:
        items = [dialog.inspections.item(row) for row in range(dialog.inspections.count())]
        return [(item.text(), item.checkState() == Qt.CheckState.Checked) for item in items]

    assert listed() == [("Hate Crime", True)]
    dialog.as_at.setDate(QDate(AS_AT))
    assert listed() == [("Hate Crime 2021", True), ("Stop and Search 2022", True)]
    dialog.tabs.setCurrentIndex(2)
    assert [dialog.shown.topLevelItem(i).text(0) for i in range(2)] == ["Hate Crime 2021", "Stop and Search 2022"]
    dialog.inspections.item(1).setCheckState(Qt.CheckState.Unchecked)
    dialog.as_at.setDate(QDate(date.today()))
    assert listed() == [("Hate Crime", True)]
