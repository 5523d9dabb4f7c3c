"""A committee paper over 100 inspections and 5,000 recommendations, in Word and in PDF.

Run: ``python benchmarks/paper_benchmark.py [--db PATH]``. Generates the board benchmark's
database (100 inspections, 5,000 recommendations, 50,000 actions, 500,000 progress updates;
reused when PATH exists), gives every recommendation a position, an impact and a closure
date, then times the HMICS Improvement Update across all 100 inspections as at a date:
reading the plans as at the date, assembling the content, writing Word (python-docx) and
writing PDF (Qt's own writer); and a progress paper for one inspection with its appendix.
Ends with ``paper: …`` lines.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from contextlib import closing
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from board_benchmark import generate

POSITION = ("Work is ongoing with the business area to complete the remaining actions.\n"
            "Evidence is being collated for submission to HMICS.")  # fmt: skip


def prepare(path: Path) -> None:
    """Positions for every recommendation; impacts and closure dates for the closed ones."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE recommendation SET position = ? WHERE position IS NULL", (POSITION,))
        db.execute(
            "UPDATE recommendation SET impact = 'The improvement is in place and its impact is monitored.', "
            "closed_on = printf('2025-%02d-15', 1 + id % 12) WHERE status = 'closed'"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="where to keep the generated database (default: a temporary file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "papers.sqlite"
        if not path.exists():
            generate(path)
        from hmics_desktop.storage.database import open_database

        open_database(path)
        prepare(path)
        from hmics_desktop.services.papers.as_at import inspections_as_at
        from hmics_desktop.services.papers.files import build_paper, write_word
        from hmics_desktop.services.papers.spec import PaperKind, PaperSpec
        from hmics_desktop.services.papers.store import inspection_choices
        from hmics_desktop.services.papers.update_paper import build_update
        from hmics_desktop.ui.offscreen import ensure_gui
        from hmics_desktop.ui.papers.pdf_writer import write_pdf

        ensure_gui()
        ids = [inspection_id for inspection_id, _title in inspection_choices()]
        as_at = date(2025, 9, 30)
        spec = PaperSpec(kind=PaperKind.UPDATE, meeting_on=as_at, as_at=as_at, since=date(2025, 6, 30),
                         inspection_ids=ids, location="online")  # fmt: skip
        started = time.perf_counter()
        inspections = inspections_as_at(ids, as_at)
        read = time.perf_counter() - started
        started = time.perf_counter()
        document = build_update(spec, inspections)
        content = time.perf_counter() - started
        recommendations = sum(len(i.recommendations) for i in inspections)
        rows = sum(len(table.rows) for table in document.tables())
        started = time.perf_counter()
        write_word(document, Path(folder) / "update.docx")
        word = time.perf_counter() - started
        started = time.perf_counter()
        pages = write_pdf(document, Path(folder) / "update.pdf")
        pdf = time.perf_counter() - started
        print(f"paper: update over {len(ids)} inspections, {recommendations:,} recommendations, {rows:,} table rows, "
              f"{pages} PDF pages")  # fmt: skip
        print(f"paper: as at {read:.2f} s; content {content:.2f} s; Word {word:.2f} s; PDF {pdf:.2f} s; "
              f"Word total {read + content + word:.2f} s; PDF total {read + content + pdf:.2f} s")  # fmt: skip
        started = time.perf_counter()
        progress = PaperSpec(kind=PaperKind.PROGRESS, meeting_on=as_at, as_at=as_at, since=date(2025, 6, 30),
                             inspection_ids=ids[:1])  # fmt: skip
        one = build_paper(progress)
        write_word(one, Path(folder) / "progress.docx")
        print(f"paper: progress paper of one inspection (50 recommendations, 500 actions) in Word "
              f"{time.perf_counter() - started:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
