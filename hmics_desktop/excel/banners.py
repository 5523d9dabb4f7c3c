"""Rows that are not plan rows: titles, protective markings, inspection banners.

"Improvement Plan Template" and "OFFICIAL" are skipped; "APPENDIX B-Progress Update as at
15th February 2022" is the plan's title and dates its progress; any other short line on
its own names the inspection of the rows below it ("HMICS – Hate Crime 2021").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hmics_desktop.domain.dates import find_as_at

_IGNORED = re.compile(
    r"^(improvement plan template|improvement plan|official(\s*-?\s*sensitive)?|not protectively marked|"
    r"restricted|protect|confidential|page \d+( of \d+)?|continued|contents)$",
    re.IGNORECASE,
)
_INSPECTORATES = ("HMICS", "HMICFRS", "Audit Scotland", "Internal Audit", "HMIC")
_GENERIC_SHEET_NAMES = re.compile(
    r"^(sheet\s*\d*|plan|improvement plan|tracker|data|tables?\s*\d*|appendix\s*\w?)$", re.I
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


def name_from_sheet_or_file(sheet_name: str, file_stem: str) -> str:
    """The inspection's name when nothing else names it: the sheet, unless generic; else the file."""
    if sheet_name.strip() and not _GENERIC_SHEET_NAMES.match(sheet_name.strip()):
        return sheet_name.strip()
    return " ".join(re.sub(r"[_\-]+", " ", file_stem).split()).title() or "Imported plan"
