r"""Worksheet names Excel takes: at most 31 characters as Excel counts them, none of ``[]:*?/\``, unique.

Excel counts in UTF-16 units (an emoji is two), refuses a name that starts or ends with a
quote, and keeps "History" for itself; a name it refuses makes it repair the workbook.
"""

from __future__ import annotations

import re

from hmics_desktop.excel.excel_units import excel_length

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_LENGTH = 31
_EXCELS_OWN = {"history"}


def _cut(text: str, length: int) -> str:
    """``text`` cut to ``length`` units as Excel counts them, with no quote or space at either end."""
    while excel_length(text) > length:
        text = text[:-1]
    return text.strip(" '") or "Plan"


def sheet_title(name: str, used: set[str]) -> str:
    base = _cut(" ".join(_FORBIDDEN.sub(" ", name).split()), MAX_LENGTH)
    title, counter = base, 2
    taken = {u.lower() for u in used} | _EXCELS_OWN
    while title.lower() in taken:
        suffix = f" ({counter})"
        title = _cut(base, MAX_LENGTH - len(suffix)) + suffix
        counter += 1
    used.add(title)
    return title
