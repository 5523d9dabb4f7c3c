"""Theme, grading and delay category: read on import, written to the tracker, in dump, changed and undone.

The lists (themes, delay categories) start with their first words, grow with a file's names,
and are changed as steps; a rename or a removal follows every recommendation with the name.
"""

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from workbooks import write_xlsx

from hmics_desktop.cli.main import main
from hmics_desktop.domain.classification import DEFAULT_THEMES, THEME, Grading, grading_from_words
from hmics_desktop.services import lists
from hmics_desktop.services.board import BoardFilter
from hmics_desktop.services.board_rows import load_board
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.editing import ValidationError
from hmics_desktop.services.exporting import ExportRequest, Layout, export_plans
from hmics_desktop.services.history_text import history as history_of
from hmics_desktop.services.importing import commit_import, preview_import
from hmics_desktop.services.plan_edits import bulk_set
from hmics_desktop.services.plans import dump_plans
from hmics_desktop.storage import history as plan_history
from hmics_desktop.storage.models import ListEntry, Recommendation, database

HEADER = ["Rec No", "Recommendation", "Theme", "Priority", "Delay category", "Action No", "Action to be taken"]
ROWS = [
    [1, "Police Scotland should review custody.", "governance", "H", "", "1.1", "Review the estate"],
    [1, "Police Scotland should review custody.", "governance", "H", "", "1.2", "Train staff"],
    [2, "Police Scotland should improve healthcare.", "Partnership working", "Amber", "Resourcing", "2.1", "Agree"],
    [3, "Police Scotland should publish data.", "", "Urgent!", "", "3.1", "Publish"],
]


@pytest.mark.parametrize(
    ("words", "grading"),
    [("High", Grading.HIGH), ("h", Grading.HIGH), ("Red", Grading.HIGH), ("1", Grading.HIGH),
     ("Priority 1", Grading.HIGH), ("High risk", Grading.HIGH), ("Medium", Grading.MEDIUM),
     ("AMBER", Grading.MEDIUM), ("P2", Grading.MEDIUM), ("Low", Grading.LOW), ("green", Grading.LOW),
     ("3", Grading.LOW), ("Low risk.", Grading.LOW), ("Urgent!", None), ("", None), ("Highly", None)],
)  # fmt: skip
def test_gradings_as_files_write_them(words: str, grading: Grading | None) -> None:
    assert grading_from_words(words) == grading


def _imported(plan_db, tmp_path: Path, history: EditHistory | None = None) -> list[str]:
    path = write_xlsx(tmp_path / "custody.xlsx", {"Custody 2024": [HEADER, *ROWS]})
    preview = preview_import(path, progress_date=date(2024, 5, 1))
    step, summary = commit_import(preview)
    (history or EditHistory()).record(step)
    return preview.parsed.warnings + summary.warnings


def _recs() -> dict[int, Recommendation]:
    return {r.number: r for r in Recommendation.select()}


def test_a_files_theme_grading_and_delay_category_are_read_and_dumped(plan_db, tmp_path: Path) -> None:
    warnings = _imported(plan_db, tmp_path)
    recs = _recs()
    assert (recs[1].theme, recs[1].grading, recs[1].delay_category) == ("Governance", "high", None)
    assert (recs[2].theme, recs[2].grading, recs[2].delay_category) == ("Partnership working", "medium", "Resourcing")
    assert (recs[3].theme, recs[3].grading) == (None, None)
    assert any("the grading “Urgent!” is not High, Medium or Low; it was left out" in w for w in warnings)
    # a theme the list lacked joins it, at its end, in the import's step; "governance" is the list's Governance
    assert lists.names(THEME) == [*DEFAULT_THEMES, "Partnership working"]
    dumped = {r["number"]: r for r in dump_plans()["plans"][0]["recommendations"]}
    assert (dumped[2]["theme"], dumped[2]["grading"], dumped[2]["delay_category"]) == (
        "Partnership working", "medium", "Resourcing")  # fmt: skip


def test_the_tracker_writes_them_and_reads_them_back(plan_db, tmp_path: Path, db_path: Path) -> None:
    _imported(plan_db, tmp_path)
    target = tmp_path / "tracker.xlsx"
    export_plans(ExportRequest(["Custody 2024"], target, as_at=date(2024, 5, 1), layout=Layout.TRACKER))
    sheet = openpyxl.load_workbook(target)["Tracker"]
    headings = [cell.value for cell in sheet[3]]
    row = {h: sheet.cell(6, c + 1).value for c, h in enumerate(headings)}  # recommendation 2's action
    assert (row["Theme"], row["Grading"], row["Delay category"]) == ("Partnership working", "Medium", "Resourcing")
    before = dump_plans()["plans"][0]["recommendations"]
    database.close()
    again = tmp_path / "again.sqlite"
    assert main(["import", str(target), "--db", str(again)]) == 0
    assert main(["dump", "--db", str(again)]) == 0  # the tracker read back gives the same classes
    from hmics_desktop.storage.database import open_database

    open_database(again)
    after = dump_plans()["plans"][0]["recommendations"]
    keys = ("number", "theme", "grading", "delay_category")
    assert [{k: r[k] for k in keys} for r in after] == [{k: r[k] for k in keys} for r in before]


def _classes(ids: list[int]) -> list[tuple[str | None, str | None]]:
    query = Recommendation.select().where(Recommendation.id.in_(ids)).order_by(Recommendation.id)
    return [(r.theme, r.grading) for r in query]


def test_several_at_once_undone_and_in_history(plan_db, tmp_path: Path) -> None:
    _imported(plan_db, tmp_path)
    history = EditHistory()
    recs = _recs()
    ids = [recs[1].id, recs[3].id]
    history.do(bulk_set("recommendation", ids, {"theme": "Compliance", "grading": "low"}))
    assert _classes(ids) == [("Compliance", "low"), ("Compliance", "low")]
    said = history_of("recommendation", recs[1].id)[0].what
    assert "Theme changed from “Governance” to “Compliance”." in said and "Grading changed from High to Low." in said
    board = load_board()
    shown = board.view(BoardFilter(kind="recommendation", theme="Compliance", grading="low"))
    assert {row.id for row in shown} == set(ids)
    actions = board.view(BoardFilter(kind="action", theme="Compliance"))  # an action by its recommendation's
    assert {row.number for row in actions} == {"1.1", "1.2", "3.1"}
    assert {row.id for row in board.view(BoardFilter(kind="recommendation", theme=""))} == set()
    history.undo()
    assert _classes(ids) == [("Governance", "high"), (None, None)]


def test_the_lists_change_as_steps_and_the_recommendations_follow(plan_db, tmp_path: Path) -> None:
    history = EditHistory()
    assert ListEntry.select().count() == 0  # the first words, until a list is first changed
    history.do(lists.add_entry(THEME, "  Partnership   working "))
    assert lists.names(THEME) == [*DEFAULT_THEMES, "Partnership working"]
    with pytest.raises(ValidationError, match="“Governance” is already on the list"):
        lists.add_entry(THEME, "GOVERNANCE")
    _imported(plan_db, tmp_path, history)
    rec = _recs()[1]
    history.do(lists.rename_entry(THEME, "Governance", "Governance and scrutiny"))
    assert Recommendation.get_by_id(rec.id).theme == "Governance and scrutiny"
    assert lists.uses(THEME) == {"Governance and scrutiny": 1, "Partnership working": 1}
    history.do(lists.move_entry(THEME, "Partnership working", -1))
    assert lists.names(THEME)[-2:] == ["Partnership working", "Better Practice"]
    history.do(lists.remove_entry(THEME, "Governance and scrutiny"))
    assert Recommendation.get_by_id(rec.id).theme is None and "Governance and scrutiny" not in lists.names(THEME)
    for _ in range(3):
        history.undo()
    assert Recommendation.get_by_id(rec.id).theme == "Governance"
    assert lists.names(THEME)[0] == "Governance"
    history.undo()  # the import
    history.undo()  # the first change: the list is its first words again, kept nowhere
    assert ListEntry.select().count() == 0 and lists.names(THEME) == list(DEFAULT_THEMES)
    with database.snapshot():  # the history gives the lists back as they stood
        assert plan_history.as_of(database.sql(), date.today(), tables=["list_entry"]).rows["list_entry"] == {}


def test_a_list_keeps_one_name(plan_db) -> None:
    history = EditHistory()
    for name in DEFAULT_THEMES[1:]:
        history.do(lists.remove_entry(THEME, name))
    with pytest.raises(ValidationError, match="keeps at least one theme"):
        lists.remove_entry(THEME, "Governance")
