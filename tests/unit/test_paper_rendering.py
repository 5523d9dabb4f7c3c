"""The papers on paper: Word through LibreOffice, and the PDF from Qt's own writer, read back."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from paper_fixture import AS_AT, SINCE, load_paper_plan

from hmics_desktop.services.papers.files import build_paper, write_word
from hmics_desktop.services.papers.spec import PaperKind, PaperSpec
from hmics_desktop.services.plans import load_example_plan
from hmics_desktop.storage.models import Inspection

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdfinfo") is not None
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler absent")


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60)
    return " ".join(done.stdout.split())


def _page_sizes(pdf: Path) -> list[str]:
    """Each page as "portrait" or "landscape" (A4 either way)."""
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True, text=True, timeout=60
    )
    sizes = []
    for line in info.stdout.splitlines():
        if line.startswith("Page") and " size:" in line:
            width, _x, height = line.split(":", 1)[1].split()[:3]
            assert sorted([round(float(width)), round(float(height))]) == [595, 842], line  # A4
            sizes.append("landscape" if float(width) > float(height) else "portrait")
    return sizes


def _papers() -> list[PaperSpec]:
    hate_crime = load_paper_plan()
    load_example_plan()
    crime_audit = int(Inspection.get(Inspection.title == "Crime Audit 2020").id)
    update = PaperSpec(kind=PaperKind.UPDATE, meeting_on=AS_AT, as_at=AS_AT, since=SINCE, location="online",
                       inspection_ids=[hate_crime, crime_audit])  # fmt: skip
    progress = PaperSpec(kind=PaperKind.PROGRESS, meeting_on=date(2022, 3, 17), as_at=date(2022, 2, 28),
                         since=date(2021, 9, 1), inspection_ids=[crime_audit])  # fmt: skip
    return [update, progress]


EXPECTED = {
    PaperKind.UPDATE: ["HMICS Improvement Update - 19 March 2025", "Closures Within Reporting Period",
                       "R1 – Police Scotland should record hate crime consistently.", "Other Open Recommendations",
                       "The initial target for completion was Sept 2023.", "Challenges and Risks"],
    PaperKind.PROGRESS: ["For Discussion", "1.1 Since the presentation",
                         "Progress as at February 2022", "10. ENVIRONMENT IMPLICATIONS",
                         "Appendix B - Improvement Plan Progress Report as at 28 February 2022",
                         "Latest progress update", "Next Steps"],
}  # fmt: skip


@pytest.mark.libreoffice
@pytest.mark.skipif(OFFICE is None or not POPPLER, reason="LibreOffice or poppler absent")
def test_word_papers_open_cleanly_in_libreoffice(plan_db, tmp_path) -> None:
    for spec in _papers():
        target = tmp_path / f"{spec.kind}.docx"
        write_word(build_paper(spec), target)
        subprocess.run(
            [OFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(target)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        pdf = tmp_path / f"{spec.kind}.pdf"
        text = _text(pdf)
        for words in EXPECTED[spec.kind]:
            assert words in text, words
        sizes = _page_sizes(pdf)
        assert text.count("OFFICIAL") == 2 * len(sizes)  # top and bottom of every page
        assert f"Page {len(sizes)} of {len(sizes)}" in text
        if spec.kind is PaperKind.PROGRESS:
            assert sizes[0] == "portrait" and sizes[-1] == "landscape"  # the appendix landscape
            assert text.count("Action to be taken") == sizes.count(sizes[-1])  # header on every page


@needs_poppler
def test_qt_pdf_of_the_same_papers(plan_db, qapp, tmp_path) -> None:
    from hmics_desktop.ui.papers.pdf_writer import write_pdf_atomically

    for spec in _papers():
        pdf = tmp_path / f"{spec.kind}.pdf"
        write_pdf_atomically(build_paper(spec), pdf)
        text = _text(pdf)
        for words in EXPECTED[spec.kind]:
            assert words in text, words
        sizes = _page_sizes(pdf)
        assert text.count("OFFICIAL") == 2 * len(sizes)
        assert f"Page {len(sizes)} of {len(sizes)}" in text
        if spec.kind is PaperKind.PROGRESS:
            assert sizes[0] == "portrait" and sizes[-1] == "landscape"
            assert text.count("Action to be taken") == sizes.count(sizes[-1])
