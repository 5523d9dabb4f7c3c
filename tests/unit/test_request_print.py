"""An update request on paper: LibreOffice prints it one page wide, the headings on every page, nothing lost.

The example plan's texts are long (an update of two thousand characters among them): each
row's words are found on the pages, the longest shortened where a row cannot hold it, the
hidden record never printed.
"""

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from paper_fixture import on_day
from printed_pages import OFFICE, page_words, render

from hmics_desktop.excel.request_workbook import COLUMNS, HEADER_ROW, SHEET, SHORTENED
from hmics_desktop.services.plans import load_example_plan
from hmics_desktop.services.requests import RequestOptions, send_requests
from hmics_desktop.storage.models import Action

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(OFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice or poppler absent"),
]


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{4,}", text)


def test_a_request_prints_one_page_wide_with_every_row_whole(plan_db, tmp_path: Path) -> None:
    load_example_plan()
    Action.update(owner="Crime Registrars").execute()
    with on_day(date(2025, 3, 14)):
        [sent] = send_requests(RequestOptions(tmp_path, date(2025, 3, 28))).sent
    pages = page_words(render(sent.workbook, tmp_path))
    assert len(pages) > 1
    text_of = [" ".join(word.text for word in page) for page in pages]
    for number, page in enumerate(text_of, start=1):
        assert "Revised target" in page and "New progress update" in page  # the headings, every column, every page
        assert "OFFICIAL" in page and f"Page {number} of {len(pages)}" in page
    printed = " ".join(text_of)
    assert "hmics-desktop update request" not in printed  # the hidden record stays hidden
    sheet = openpyxl.load_workbook(sent.workbook)[SHEET]
    shortened = 0
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        for column in range(1, len(COLUMNS) + 1):
            value = str(sheet.cell(row=row, column=column).value or "")
            shortened += value.endswith(SHORTENED)
            missing = [word for word in _words(value) if word not in printed]
            assert not missing, (sheet.cell(row=row, column=column).coordinate, missing[:5])
    assert shortened >= 1  # the example's longest update could not be held by one row


def test_a_return_saved_by_libreoffice_is_read_and_one_saved_as_xls_is_refused(plan_db, tmp_path: Path) -> None:
    from request_owners import SMITH, fill, load_owners_plan, send, workbook_of

    from hmics_desktop.excel.request_return import looks_like_return
    from hmics_desktop.excel.workbook_reader import UnreadableWorkbook
    from hmics_desktop.services.importing import preview_import
    from hmics_desktop.services.returns import preview_returns

    load_owners_plan()
    typed = {"1.1": {"New progress update": "Through LibreOffice.", "Next steps": "(i) one\n(ii) two"}}
    filled = fill(workbook_of(send(tmp_path / "sent"), SMITH), tmp_path / "smith.xlsx", typed)
    resaved = {}
    for kind in ("xlsx", "xls"):
        converter = "xlsx:Calc MS Excel 2007 XML" if kind == "xlsx" else "xls"
        subprocess.run([OFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                        converter, "--outdir", str(tmp_path / kind), str(filled)],
                       check=True, capture_output=True, timeout=180)  # fmt: skip
        resaved[kind] = tmp_path / kind / f"smith.{kind}"
    with on_day(date(2025, 3, 21)):
        preview = preview_returns([resaved["xlsx"]])
        assert preview.warnings == [] and preview.summary.progress == 1 and preview.summary.next_steps == 1
        assert not looks_like_return(resaved["xls"])
        with pytest.raises(UnreadableWorkbook, match=r"smith\.xls is an owner's returned update request saved in "):
            preview_import(resaved["xls"])
