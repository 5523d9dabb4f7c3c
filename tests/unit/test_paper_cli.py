"""``hmics-desktop paper``: Word and PDF as at a date, from the command line."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from paper_fixture import RECORDED, load_paper_plan, on_day

from hmics_desktop.cli.main import main
from hmics_desktop.domain.plan import Plan, PlanRecommendation
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.inspection_edits import merge_inspections
from hmics_desktop.services.item_edits import save_item
from hmics_desktop.services.plans import write_plans
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import Inspection


@pytest.fixture
def paper_db(db_path: Path) -> Path:
    open_database(db_path)
    try:
        load_paper_plan()
    finally:
        close_database()
    return db_path


def _paper(db: Path, out: Path, *extra: str) -> int:
    return main(["paper", "--db", str(db), "--as-at", "2025-03-19", "--since", "2024-09-18", "--out", str(out),
                 *extra])  # fmt: skip


def test_update_paper_as_word(paper_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "update.docx"
    meeting = "Policing Performance Committee - 19 March 2025"
    assert _paper(paper_db, out, "--kind", "update", "--inspection", "Hate Crime 2021", "--meeting", meeting) == 0
    assert "Wrote HMICS Improvement Update" in capsys.readouterr().out
    tables = docx.Document(str(out)).tables
    assert tables[0].cell(1, 1).text == meeting  # under the heading row
    assert [cell.text for cell in tables[1].rows[1].cells] == ["Hate Crime 2021", "5", "2", "2", "1"]


def test_an_earlier_date_gives_the_counts_of_then(paper_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "earlier.docx"
    args = ["paper", "--db", str(paper_db), "--kind", "update", "--as-at", "2024-12-31", "--since", "2024-09-18",
            "--out", str(out)]  # fmt: skip
    assert main(args) == 0
    assert [cell.text for cell in docx.Document(str(out)).tables[1].rows[1].cells] == [
        "Hate Crime 2021", "5", "1", "2", "2"]  # fmt: skip


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler absent")
def test_progress_paper_as_pdf(paper_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "progress.pdf"
    assert _paper(paper_db, out, "--kind", "progress", "--inspection", "hate crime 2021") == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True, timeout=60).stdout
    assert "Hate Crime 2021 Improvement Plan – progress update" in text
    assert "Appendix B - Improvement Plan Progress Report as at 19 March 2025" in text


def test_paper_failures_are_one_line(paper_db: Path, tmp_path: Path, capsys) -> None:
    assert _paper(paper_db, tmp_path / "x.docx", "--kind", "update", "--inspection", "Nope") == 2
    assert "No inspection is called “Nope”" in capsys.readouterr().err
    assert _paper(paper_db, tmp_path / "x.txt", "--kind", "update") == 2
    assert ".docx (Word) or .pdf" in capsys.readouterr().err
    assert _paper(paper_db, tmp_path / "missing" / "x.docx", "--kind", "update") == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def _merged_and_renamed_since(db: Path) -> None:
    """Stop and Search 2022 (recorded with Hate Crime 2021) merged into it on 10 April 2025, renamed the next day."""
    open_database(db)
    try:
        with on_day(RECORDED):
            write_plans([Plan(inspection="Stop and Search 2022", as_at=RECORDED.isoformat(), recommendations=[
                PlanRecommendation(number=7, text="Police Scotland should record every search.",
                                   initial_target="2099-01")])])  # fmt: skip
        steps = EditHistory()
        hate_crime = Inspection.get(Inspection.title == "Hate Crime 2021").id
        with on_day(date(2025, 4, 10)):
            steps.do(merge_inspections(Inspection.get(Inspection.title == "Stop and Search 2022").id, hate_crime))
        with on_day(date(2025, 4, 11)):
            steps.do(save_item("inspection", hate_crime, {"title": "Hate Crime"}, None))
    finally:
        close_database()


def test_inspections_are_chosen_and_named_as_they_stood_on_the_day(paper_db: Path, tmp_path: Path) -> None:
    _merged_and_renamed_since(paper_db)
    out = tmp_path / "then.docx"
    assert _paper(paper_db, out, "--kind", "update", "--inspection", "Stop and Search 2022",
                  "--inspection", "Hate Crime 2021") == 0  # fmt: skip
    rows = [[cell.text for cell in row.cells] for row in docx.Document(str(out)).tables[1].rows[1:]]
    assert rows == [["Stop and Search 2022", "1", "0", "1", "0"], ["Hate Crime 2021", "5", "2", "2", "1"],
                    ["All inspections", "6", "2", "3", "1"]]  # fmt: skip
    assert _paper(paper_db, out, "--kind", "update") == 0  # every inspection there was then, as it was named
    rows = [[cell.text for cell in row.cells] for row in docx.Document(str(out)).tables[1].rows[1:]]
    assert sorted(row[0] for row in rows[:-1]) == ["Hate Crime 2021", "Stop and Search 2022"]
    assert _paper(paper_db, out, "--kind", "update", "--inspection", "Hate Crime") == 0  # today's name too
