"""Rows that are not plan rows: titles, protective markings, inspection banners; and names for inspections.

"Improvement Plan Template" and "OFFICIAL" are skipped; "APPENDIX B-Progress Update as at
15th February 2022" is the plan's title and dates its progress; "Thematic Review 2022 –
Improvement Plan as at 31st March 2023" is a title that also names the inspection; any
other short line on its own names the inspection of the rows below it ("HMICS – Hate
Crime 2021"). Where nothing in the file names it, the inspection is named after the
document's title property, the sheet, or at last the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hmics_desktop.domain.control_characters import without_control_characters
from hmics_desktop.domain.dates import find_as_at

_IGNORED = re.compile(
    r"^(improvement plan template|improvement plan|official(\s*-?\s*sensitive)?|not protectively marked|"
    r"restricted|protect|confidential|page \d+( of \d+)?|continued|contents)$",
    re.IGNORECASE,
)
_INSPECTORATES = ("HMICS", "HMICFRS", "Audit Scotland", "Internal Audit", "HMIC")
_GENERIC_SHEET_NAMES = re.compile(
    r"^(sheet\s*\d*|plan|improvement plan|tracker|data|tables?\s*(\(\d+\))?\s*\d*|appendix\s*\w?|v(er(sion)?)?\s*\d+"
    r"([._]\d+)*|final|draft|copy|latest|current|new|old|master|export|print)$",
    re.I,
)
# Words that make a line look like an inspection's name rather than a group's or a marking's.
NAMES_AN_INSPECTION = re.compile(
    r"\b(HMICS|HMICFRS|HMIC|Audit Scotland|inspection|audit|review|thematic|improvement plan|action plan|tracker|"
    r"(19|20)\d\d)\b",
    re.I,
)
_NOT_A_NAME = re.compile(
    r"(?i)\b(appendix\s+\w{1,3}\b|improvement\s+(plan|tracker|update)(\s+template)?|progress\s+(update|report)|"
    r"action\s+plan|template|tracker|update|position\s+statement|progress)\b"
)
_GENERIC_TITLES = re.compile(
    r"(?i)^(document|book|workbook|untitled|title|template|presentation|report|paper)\s*\d*$|^microsoft (word|excel)\b"
)
_VERSION = re.compile(r"(?i)(\s+(v(er(sion)?)?\s*\d+([._]\d+)*|final|draft|copy|\(\d+\)))+$")
_AS_AT = re.compile(r"(?i)\bas\s+at\b")
_DATES = re.compile(
    r"(?i)\b(\d{1,2}(st|nd|rd|th)?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{2,4}\b"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
)


@dataclass(frozen=True)
class Banner:
    kind: str  # "ignore", "title" or "inspection"
    text: str
    as_at: date | None = None


def classify_banner(text: str) -> Banner:
    cleaned = " ".join(text.split()).strip(" :-–")
    if not cleaned or _IGNORED.match(cleaned):
        return Banner("ignore", cleaned)
    as_at = find_as_at(cleaned)
    if as_at is not None or cleaned.lower().startswith("appendix"):
        return Banner("title", cleaned, as_at)
    return Banner("inspection", cleaned)


def split_inspectorate(name: str) -> tuple[str | None, str]:
    """``"HMICS – Hate Crime 2021 Improvement Plan"`` → (``"HMICS"``, ``"Hate Crime 2021"``)."""
    inspectorate = None
    for candidate in _INSPECTORATES:
        if name.upper().startswith(candidate.upper()):
            inspectorate = candidate
            name = name[len(candidate) :]
            break
    name = re.sub(
        r"(?i)\b(improvement\s+(plan|tracker)|action\s+plan|tracker|inspection\s+of|report\s+on)\b", " ", name
    )
    name = " ".join(name.split()).strip(" :-–—,")
    return inspectorate, name


def name_in_title(title: str) -> tuple[str | None, str] | None:
    """The inspectorate and the inspection a plan's title names, or None when it names none.

    "Thematic Review 2022 – Improvement Plan as at 31st March 2023" → (None, "Thematic Review 2022");
    "Crime Audit 2020 Improvement Plan – progress update" → (None, "Crime Audit 2020");
    "APPENDIX B - Progress Update as at 15th February 2022" → None.
    """
    before = _AS_AT.split(title, maxsplit=1)[0]
    inspectorate, name = split_inspectorate(" ".join(before.split()))
    name = " ".join(_NOT_A_NAME.sub(" ", name).split()).strip(" :-–—,.")
    if not re.search(r"[^\W\d_]{2}", name) or _IGNORED.match(name):
        return None
    return inspectorate, name


def looks_like_an_inspection(text: str) -> bool:
    """Whether a line names an inspection ("Crime Audit 2020", "HMICS Custody Inspection"), not a group or team.

    The year of a date ("Closed in September 2024", "as at 15/02/2022") is not an inspection's year.
    """
    return NAMES_AN_INSPECTION.search(_DATES.sub(" ", text)) is not None


def is_generic_sheet_name(name: str) -> bool:
    """Whether a sheet's name says nothing of the inspection: "Sheet1", "Plan", "V2", "Final"."""
    return not name.strip() or _GENERIC_SHEET_NAMES.match(name.strip()) is not None


def is_generic_title(title: str) -> bool:
    """Whether a document's title property is one a program gave it ("Document1", "Book1", "Microsoft Word - …")."""
    return _GENERIC_TITLES.match(title.strip()) is not None or is_generic_sheet_name(title)


def name_from_file(file_stem: str) -> str:
    """The inspection's name when nothing in the file names it: the file's name, tidied.

    "roads_policing_tracker_v2" → "Roads Policing" (its words capitalised only when it has no capitals).
    """
    words = " ".join(re.sub(r"[_\-]+", " ", without_control_characters(file_stem)).split())
    words = _VERSION.sub("", split_inspectorate(words)[1]).strip(" :-–—,") or words
    return (words.title() if words == words.lower() else words) or "Imported plan"
