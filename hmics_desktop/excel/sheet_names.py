r"""Worksheet names: at most 31 characters, none of ``[]:*?/\``, unique in the workbook."""

from __future__ import annotations

import re

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_LENGTH = 31


def sheet_title(name: str, used: set[str]) -> str:
    base = " ".join(_FORBIDDEN.sub(" ", name).split()).strip("'") or "Plan"
    base = base[:MAX_LENGTH].rstrip()
    title, counter = base, 2
    while title.lower() in {u.lower() for u in used}:
        suffix = f" ({counter})"
        title = base[: MAX_LENGTH - len(suffix)].rstrip() + suffix
        counter += 1
    used.add(title)
    return title
