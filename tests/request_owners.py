"""Owners at work on update requests, as the tests need them.

A small plan whose actions have owners (one action with none, one complete, one in an area
for development), the requests sent on :data:`SENT_ON`, and workbooks filled in with openpyxl
as an owner fills them in Excel: the yellow cells typed in, saved on a day of our choosing (the
package's "modified" time, which Excel writes on every save), or a protected cell changed, or
the hidden record changed.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from paper_fixture import on_day

from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.excel.request_workbook import COLUMNS, HEADER_ROW, RECORD_SHEET, SHEET
from hmics_desktop.services.plans import write_plans
from hmics_desktop.services.requests import RequestOptions, RequestsSent, send_requests

RECORDED = date(2025, 3, 1)
SENT_ON = date(2025, 3, 14)
DUE = date(2025, 3, 28)
SMITH, BROWN = "DCI Smith", "Supt Brown"
HEADINGS = {heading: index for index, (heading, _width) in enumerate(COLUMNS, start=1)}


def owners_plan() -> Plan:
    def action(number: str, owner: str | None, **values: Any) -> PlanAction:
        return PlanAction(number=number, text=f"Action {number} to be taken", owner=owner, target="2025-06",
                          status=values.pop("status", "in_progress"), progress=f"Started {number}",
                          progress_on="2025-02-15", next_steps=f"(i) Next for {number}", **values)  # fmt: skip

    return Plan(
        inspection="Custody Review 2024",
        as_at=RECORDED.isoformat(),
        recommendations=[
            PlanRecommendation(number=1, text="Police Scotland should review custody.", initial_target="2025-06",
                               actions=[action("1.1", SMITH), action("1.2", SMITH, status="not_started"),
                                        action("1.3", BROWN), action("1.4", None), action("1.5", SMITH,
                                                                                              status="complete")]),
            PlanRecommendation(number=2, text="Police Scotland should train staff.", initial_target="2025-09",
                               actions=[action("2.1", BROWN), action("2.2", SMITH)]),
            PlanRecommendation(number=1, kind="area_for_development", text="Victim updates",
                               actions=[action("1.1", BROWN)]),
        ],
    )  # fmt: skip


def load_owners_plan() -> None:
    with on_day(RECORDED):
        write_plans([owners_plan()])


def send(folder: Path, **options: Any) -> RequestsSent:
    """The requests, sent on :data:`SENT_ON`."""
    folder.mkdir(parents=True, exist_ok=True)
    with on_day(SENT_ON):
        return send_requests(RequestOptions(folder, DUE, **options))


def workbook_of(sent: RequestsSent, owner: str) -> Path:
    return next(request.workbook for request in sent.sent if request.owner == owner)


def fill(
    workbook: Path,
    target: Path,
    rows: dict[str, dict[str, Any]],
    *,
    saved: datetime | None = datetime(2025, 3, 20, 9, 30),
    written: str | None = None,
    cells: dict[str, Any] | None = None,
    formats: dict[str, dict[str, str]] | None = None,
) -> Path:
    """Fill ``workbook`` as its owner would and save it as ``target``.

    ``rows``: per action number as shown ("1.1"), the column headings and what to type in them;
    ``written``: the date written at the top; ``cells``: other cells typed in (protected ones too:
    the sheet is unprotected first, as someone who knows how would); ``saved``: when Excel saved it;
    ``formats``: per action number, the number format Excel gave a cell as it took what was typed
    ("0%" where "50%" was typed in a request sent before its yellow cells were formatted as text).
    """
    book = openpyxl.load_workbook(workbook)
    sheet = book[SHEET]
    by_number = {str(sheet.cell(row=r, column=HEADINGS["Action"]).value): r
                 for r in range(HEADER_ROW + 1, sheet.max_row + 1)}  # fmt: skip
    for number, values in rows.items():
        for heading, value in values.items():
            sheet.cell(row=by_number[number], column=HEADINGS[heading]).value = value
    for number, looks in (formats or {}).items():
        for heading, number_format in looks.items():
            sheet.cell(row=by_number[number], column=HEADINGS[heading]).number_format = number_format
    if written is not None:
        sheet["H4"] = written
    for where, value in (cells or {}).items():
        sheet.protection.sheet = False
        sheet[where] = value
    book.save(target)
    if saved is not None:
        set_saved(target, saved)
    return target


def row_of(workbook: Path, number: str) -> int:
    sheet = openpyxl.load_workbook(workbook)[SHEET]
    return next(r for r in range(HEADER_ROW + 1, sheet.max_row + 1)
                if str(sheet.cell(row=r, column=HEADINGS["Action"]).value) == number)  # fmt: skip


def set_saved(path: Path, when: datetime) -> None:
    """Make the package say it was saved at ``when`` (UTC), as Excel writes it."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    _rewrite(path, "docProps/core.xml",
             lambda xml: re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                rb"\g<1>" + stamp.encode() + rb"\g<2>", xml))  # fmt: skip


def tamper(workbook: Path, target: Path, change: Any) -> Path:
    """A copy whose hidden record was changed by ``change(record as data)`` (its signature left as it was)."""
    book = openpyxl.load_workbook(workbook)
    hidden = book[RECORD_SHEET]
    chunks = [hidden.cell(row=r, column=1).value for r in range(3, hidden.max_row + 1)]
    data = json.loads("".join(str(chunk) for chunk in chunks if chunk))
    change(data)
    for r in range(3, hidden.max_row + 1):
        hidden.cell(row=r, column=1).value = None
    hidden["A3"] = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    book.save(target)
    return target


def copy_of(path: Path, target: Path) -> Path:
    shutil.copyfile(path, target)
    return target


def _rewrite(path: Path, part: str, change: Any) -> None:
    temporary = path.with_suffix(".rewriting")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            data = source.read(item)
            copy.writestr(item, change(data) if item.filename == part else data)
    temporary.replace(path)
