"""``hmics-desktop chart`` and the papers' dashboard: pictures at print resolution, their figures in words and CSV.

The PNG is 300 dots per inch, the SVG carries the figures as its description, the CSV one row
per bar; the update paper's dashboard page and the progress paper's trend are pictures in Word
(with their figures as alternative text) and in the PDF, and in Word printed by LibreOffice.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from dashboard_fixture import TODAY, load_years_of_history
from paper_fixture import on_day

from hmics_desktop.cli.main import main
from hmics_desktop.services.papers.spec import PaperKind
from hmics_desktop.services.papers.store import load_paper, new_paper, save_paper
from hmics_desktop.storage.database import close_database, open_database

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def years_db(db_path: Path) -> Path:
    open_database(db_path)
    try:
        load_years_of_history()
    finally:
        close_database()
    return db_path


def _chart(db: Path, out: Path, *extra: str) -> int:
    with on_day(TODAY):
        return main(["chart", "--db", str(db), "--out", str(out), *extra])


def test_a_chart_as_png_at_print_resolution(years_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "trend.png"
    assert _chart(years_db, out, "--kind", "trend") == 0
    assert "Wrote Recommendations at the end of each quarter as at 20/11/2025" in capsys.readouterr().out
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (2953, 1417)  # 250 × 120 mm at 300 dots per inch
    physical = data.index(b"pHYs")
    assert int.from_bytes(data[physical + 4 : physical + 8], "big") == 11811  # dots per metre: 300 dpi


def test_a_chart_as_svg_says_its_figures(years_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "themes.svg"
    assert _chart(years_db, out, "--kind", "inspections", "--inspection", "custody 2019") == 0
    text = out.read_text(encoding="utf-8")
    assert "<title>Recommendations by inspection</title>" in text
    assert "Custody 2019: 5 recommendations (3 closed, 0 ongoing – on track, 2 ongoing – delayed)" in text
    assert "Hate Crime 2021" not in text


def test_a_charts_figures_as_csv_one_row_per_bar(years_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "ageing.csv"
    assert _chart(years_db, out, "--kind", "ageing", "--as-at", "2024-06-30") == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["Chart", "Bar", "Ongoing – on track", "Ongoing – delayed", "Past the target", "Total"]
    by_bar = {row[1]: row for row in rows[1:] if row[0].startswith("Open recommendations")}
    assert by_bar["1–2 years"][2:] == ["2", "0", "", "2"]  # Domestic Abuse's R2 and R3 (R4 deleted, R1 closed)
    assert by_bar["Over 3 years"][2:] == ["2", "3", "", "5"]  # Hate Crime's 3 (R3 marked on track), Custody's 2
    assert next(row[1] for row in rows[1:] if row[0] == "Open actions past their target") == "Up to 3 months"
    assert len(rows) == 1 + 4 + 5  # no bar for an unknown publication: every inspection's is recorded
    trend = tmp_path / "trend.csv"
    assert _chart(years_db, trend, "--kind", "trend", "--by", "month", "--as-at", "2019-12-31") == 0
    assert [row[1] for row in csv.reader(trend.read_text(encoding="utf-8-sig").splitlines())][1:] == [
        "May 2019", "June 2019", "July 2019", "Aug 2019", "Sept 2019", "Oct 2019", "Nov 2019", "Dec 2019"]  # fmt: skip


def test_chart_failures_are_one_line(years_db: Path, tmp_path: Path, capsys) -> None:
    assert _chart(years_db, tmp_path / "x.pdf", "--kind", "trend") == 2
    assert "a chart is written as .png, .svg (pictures) or .csv" in capsys.readouterr().err
    assert _chart(years_db, tmp_path / "x.png", "--kind", "trend", "--inspection", "Nope") == 2
    assert "No inspection is called “Nope”" in capsys.readouterr().err
    assert _chart(years_db, tmp_path / "missing" / "x.png", "--kind", "trend") == 2
    assert "does not exist" in capsys.readouterr().err
    assert _chart(years_db, years_db, "--kind", "trend") == 2  # never over the database (whatever its name)
    capsys.readouterr()
    assert _chart(years_db, tmp_path / "x.png", "--kind", "themes", "--by", "month") == 2  # never silently ignored
    assert "--by chooses the trend's periods; the themes chart has none" in capsys.readouterr().err


def _paper(db: Path, out: Path, kind: str) -> None:
    with on_day(TODAY):
        assert main(["paper", "--db", str(db), "--kind", kind, "--as-at", "2025-09-30", "--since", "2025-06-30",
                     "--inspection", "Hate Crime 2021", "--dashboard", "--out", str(out)]) == 0  # fmt: skip


def _pictures(path: Path) -> list[tuple[str, str]]:
    """(title, alternative text) of each picture of a Word file."""
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    return [(re.search(r'title="([^"]*)"', tag)[1], re.search(r'descr="([^"]*)"', tag)[1])  # type: ignore[index]
            for tag in re.findall(r"<wp:docPr [^>]*>", xml)]  # fmt: skip


def test_the_update_papers_dashboard_page_in_word(years_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "update.docx"
    _paper(years_db, out, "update")
    pictures = _pictures(out)
    assert [title for title, _alt in pictures] == [
        "Recommendations at the end of each quarter",
        "Open recommendations by time since publication and Open actions past their target"]  # fmt: skip
    trend_alt = pictures[0][1]
    # from the quarter the paper's inspection was published in (June 2021), recorded in October
    assert trend_alt.startswith("Recommendations at the end of each quarter. June 2021: 0 recommendations")
    assert "Dec 2021: 4 recommendations (0 closed, 4 ongoing – on track, 0 ongoing – delayed)" in trend_alt
    assert trend_alt.endswith("Sept 2025: 4 recommendations (3 closed, 1 ongoing – on track, 0 ongoing – delayed).")
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Dashboard" in headings
    assert document.sections[-1].start_type == 2  # a page of its own (WD_SECTION.NEW_PAGE)
    blips = [name for name in zipfile.ZipFile(out).namelist() if name.startswith("word/media/")]
    assert len(blips) == 2


def test_the_progress_papers_trend_in_pdf_and_kept_with_the_paper(years_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "progress.pdf"
    _paper(years_db, out, "progress")
    if shutil.which("pdfimages"):
        listed = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
        assert len([line for line in listed.splitlines()[2:] if line.strip()]) >= 1
    open_database(years_db)
    try:
        spec = new_paper(PaperKind.PROGRESS)
        spec.dashboard = True
        kept = save_paper(spec)
        assert load_paper(kept).dashboard and new_paper(PaperKind.PROGRESS).dashboard  # the next starts with it
        assert not new_paper(PaperKind.UPDATE).dashboard
    finally:
        close_database()


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="no LibreOffice")
def test_word_prints_the_pictures_through_libreoffice(years_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "update.docx"
    _paper(years_db, out, "update")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    printed = tmp_path / "update.pdf"
    listed = subprocess.run(["pdfimages", "-list", str(printed)], capture_output=True, text=True, check=True).stdout
    sizes = [line.split()[3:5] for line in listed.splitlines()[2:] if line.strip()]
    assert ["2008", "1063"] in sizes  # the trend (170 × 90 mm at 300 dpi), printed whole


def _written(svg: Path) -> list[str]:
    """The words and figures drawn on an SVG chart, in the order drawn."""
    return [" ".join(text.split()) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text("utf-8"))]


def test_a_bars_only_part_too_thin_for_its_figure_is_said_once_by_the_total_above(tmp_path: Path) -> None:
    from hmics_desktop.domain.charts import Bar, Chart, Series
    from hmics_desktop.ui.dashboard.pictures import write_chart_file

    chart = Chart("overdue", "Open actions past their target", "action", [Series("past", "Past the target", True)])
    chart.bars = [Bar("Up to 3 months", [12]), Bar("Over 2 years", [1_940])]  # 12: too thin to hold its figure
    out = tmp_path / "overdue.svg"
    write_chart_file([chart], out, (80.0, 70.0))
    written = _written(out)
    assert written.count("12") == 1 and written.count("1,940") == 1


def test_a_part_too_thin_for_its_figure_has_it_written_beside_the_bar(tmp_path: Path) -> None:
    from hmics_desktop.domain.charts import Bar, Chart
    from hmics_desktop.services.dashboard_charts import COMMITTEE
    from hmics_desktop.ui.dashboard.pictures import write_chart_file

    chart = Chart("trend", "Recommendations at the end of each quarter", "recommendation", COMMITTEE)
    chart.bars = [Bar(f"Q{n}", [1, 2, 97]) for n in range(1, 21)]  # 1 closed, 2 on track of 100: slivers
    out = tmp_path / "trend.svg"
    write_chart_file([chart], out, (170.0, 90.0))  # the paper's trend
    written = _written(out)
    assert written.count("1") == 20
    assert written.count("2") == 20
    assert written.count("97") == 20
