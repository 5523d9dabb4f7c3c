"""On paper nothing is cut off: render the export with LibreOffice and read the PDF's text."""

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from awkward_plan import MARKERS_IN_TEMPLATE, awkward_plan
from plan_fixture import FIXTURE_JSON

from hmics_desktop.services.exporting import ExportRequest, export_plans
from hmics_desktop.services.plans import load_example_plan, write_plans

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(OFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice or poppler absent"),
]


def _pdf_text(workbook: Path, folder: Path) -> str:
    profile = folder / "lo-profile"
    subprocess.run(
        [OFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(folder), str(workbook)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = folder / f"{workbook.stem}.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(text.split())


def _last_words(text: str, count: int = 2) -> str:
    words = re.findall(r"[\w’']+", text)
    return " ".join(words[-count:])


def test_the_last_words_of_every_cell_are_on_paper(plan_db, tmp_path: Path) -> None:
    load_example_plan()
    target = tmp_path / "plan.xlsx"
    export_plans(ExportRequest(["Crime Audit 2020"], target, as_at=date(2022, 2, 15)))
    printed = re.sub(r"[^\w’' ]", " ", _pdf_text(target, tmp_path))
    printed = " ".join(printed.split())
    fixture = json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))
    cells = [rec["text"] for rec in fixture["recommendations"]]
    for rec in fixture["recommendations"]:
        for action in rec["actions"]:
            cells += [action["text"], action["progress"], action["next_steps"]]
    missing = [_last_words(c) for c in cells if c.strip() and _last_words(c) not in printed]
    assert missing == []
    assert "Improvement Plan Template" in printed and "OFFICIAL" in printed and "Page 1 of" in printed


def test_awkward_and_overlong_cells_are_whole_on_paper(plan_db, tmp_path: Path) -> None:
    write_plans([awkward_plan()])
    target = tmp_path / "awkward.xlsx"
    export_plans(ExportRequest(["Hate Crime 2021"], target))
    printed = _pdf_text(target, tmp_path)
    assert [m for m in MARKERS_IN_TEMPLATE if m not in printed] == []
    assert "Dùn Èideann" in printed
