"""Which inspection the rows of a sheet go into, and where that name was found, in the users' words.

The name the user gives wins over everything in the file. Otherwise a line of its own above
the header (a title "Thematic Review 2022 – Improvement Plan as at 31st March 2023", a
banner "HMICS – Hate Crime 2021", a Word heading) names the inspection, a line that looks
like an inspection's name winning over one that does not ("Tactical Group Secretariat");
such a line among the rows starts the next inspection. Where no line names it, the sheet's
name does (unless it is "Sheet1" or "V2"), then the document's title property, and the file's
name only as the last resort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hmics_desktop.excel.banners import (
    classify_banner,
    is_generic_sheet_name,
    is_generic_title,
    looks_like_an_inspection,
    name_from_file,
    name_in_title,
    split_inspectorate,
)
from hmics_desktop.excel.grid import CSV, WORD, Sheet
from hmics_desktop.excel.page_header import inspection_in_header
from hmics_desktop.excel.sheet_names import sheet_title

GIVEN = "the name you gave"


def default_name(sheet: Sheet, path: Path, given: str | None) -> tuple[str, str]:
    """The inspection of a sheet's rows when no line in it names one, and where that name comes from."""
    if given:
        return given, GIVEN
    if sheet.kind not in (CSV, WORD) and not is_generic_sheet_name(sheet.name):
        full = inspection_in_header(sheet.page_header)
        if full is not None and full != sheet.name.strip() and _cut_from(sheet.name, full):
            return full, f"the page header (the sheet’s name “{sheet.name.strip()}” is cut from it)"
        return sheet.name.strip(), f"the sheet’s name “{sheet.name.strip()}”"
    named = name_in_title(sheet.title) if sheet.title and not is_generic_title(sheet.title) else None
    if named is not None:
        return named[1], f"the document’s title “{sheet.title}” (in its properties)"
    return name_from_file(path.stem), f"the file’s name “{path.name}”"


def _cut_from(sheet_name: str, inspection: str) -> bool:
    """Whether ``sheet_name`` is what an export names the sheet of ``inspection`` (cut, cleaned, numbered)."""
    named = sheet_title(inspection, set())
    return sheet_name == named or bool((own := _NUMBERED.fullmatch(sheet_name)) and named.startswith(own.group(1)))


_NUMBERED = re.compile(r"(.+) \(\d+\)")  # a second sheet of the same name: "Custody (2)"


@dataclass
class SheetNaming:
    """What the lines of their own in one sheet say: the inspection of the rows below, the plan's title and date."""

    sheet: Sheet
    default: str
    default_source: str
    given: bool  # the user named the inspection: no line of the file renames it
    inspection: str | None = None
    source: str | None = None
    inspectorate: str | None = None
    plan_title: str | None = None
    as_at: date | None = None
    _line: str = ""  # the line that named the inspection

    def current(self) -> tuple[str, str]:
        """The inspection the next rows go into, and where its name was found."""
        return self.inspection or self.default, self.source or self.default_source

    def line(self, text: str, row: int, in_body: bool) -> tuple[bool, str]:
        """Read a line of its own (``row`` counted from 1): whether it is skipped, and what it was taken for."""
        banner = classify_banner(text)
        if banner.kind == "title":
            named = name_in_title(banner.text)
            if named is not None and self._names(named, banner.text, row, in_body, "title"):
                self.plan_title, self.as_at = banner.text, banner.as_at
                return False, f"“{banner.text}” was read as the plan’s title, naming the inspection “{named[1]}”"
            if self.plan_title is None:
                self.plan_title, self.as_at = banner.text, banner.as_at
                return False, f"“{banner.text}” was read as the plan’s title"
            return True, f"“{banner.text}” is a title line (the plan’s title is “{self.plan_title}”)"
        if banner.kind == "inspection":
            inspectorate, name = split_inspectorate(banner.text)
            if name and self._names((inspectorate, name), banner.text, row, in_body, "line"):
                return False, f"“{banner.text}”, alone on its row, was read as the inspection of the rows below"
            if name and self.given:
                return True, f"“{banner.text}” is a line of its own (the rows go into “{self.default}”, {GIVEN})"
        return True, f"“{banner.text}” is a title, marking or page line, not a plan row"

    def _names(self, named: tuple[str | None, str], text: str, row: int, in_body: bool, what: str) -> bool:
        """Take ``named`` as the inspection of the rows below, unless the user named it or a better line did."""
        if self.given or (self.sheet.kind == WORD and not looks_like_an_inspection(text)):
            return False  # in a Word table, a row of one cell ("Actions") is no inspection's name
        if not in_body and self._line and looks_like_an_inspection(self._line) and not looks_like_an_inspection(text):
            return False  # "Crime Audit 2020" above, "Tactical Group Secretariat" below: the first names it
        inspectorate, name = named
        self.inspection, self._line = name, text
        self.inspectorate = inspectorate or self.inspectorate
        if self.sheet.kind == WORD:
            self.source = f"the {'title' if what == 'title' else 'heading'} “{text}” in the document"
        elif self.sheet.kind == CSV:
            self.source = f"the {what} “{text}” on row {row}"
        else:
            self.source = f"the {what} “{text}” on row {row} of the sheet “{self.sheet.name}”"
        return True
