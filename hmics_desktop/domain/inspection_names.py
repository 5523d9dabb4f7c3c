"""Whether two inspection names are close enough to be the same inspection.

A plan kept in Excel often names its inspection by its sheet ("Crime Audit") where the
database has "Crime Audit 2020"; before an import creates a near-duplicate, the preview
offers the inspection already there.
"""

from __future__ import annotations

import difflib
import re

_YEAR = re.compile(r"^(19|20)\d\d$")
CLOSE_RATIO = 0.85


def _words(name: str) -> list[str]:
    return re.sub(r"[^0-9a-z]+", " ", name.casefold()).split()


def _closeness(name: str, title: str) -> float:
    """1 for the same words; 0.85–0.99 for the same words but a year, one name inside the other, or a typo."""
    a, b = _words(name), _words(title)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    years = {w for w in a if _YEAR.match(w)}, {w for w in b if _YEAR.match(w)}
    if all(years) and years[0] != years[1]:
        return 0.0  # "Crime Audit 2020" and "Crime Audit 2023": two inspections of the same kind
    if [w for w in a if not _YEAR.match(w)] == [w for w in b if not _YEAR.match(w)]:
        return 0.99
    shorter, longer = sorted((" ".join(a), " ".join(b)), key=len)
    if len(shorter) >= 5 and f" {shorter} " in f" {longer} ":
        return 0.9
    ratio = difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()
    return ratio if ratio >= CLOSE_RATIO else 0.0


def close_titles(name: str, titles: list[str]) -> list[str]:
    """The ``titles`` that are probably the inspection ``name`` means, closest first (none if it is one)."""
    if name in titles:
        return []
    scored = sorted(((_closeness(name, t), t) for t in titles), key=lambda pair: -pair[0])
    return [title for score, title in scored if score > 0]
