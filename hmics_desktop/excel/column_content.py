"""What a column holds, worked out from its cells when no heading says: numbers, dates, owners, text.

A plan table pasted into a committee paper often has no heading row: each recommendation
starts with a merged row "Recommendation 3 – Police Scotland should…", and under it rows of
action number, action text, owner and target. Each column is read by what most of its cells
hold: action numbers (3.1), dates (March 2024, 31/03/2024), RAG colours, status words,
short names (an owner), or sentences (the action, then its progress, then next steps).
A RAG column whose heading is a colour word or blank is found the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from hmics_desktop.domain.dates import DateError, PlanDate
from hmics_desktop.domain.status import action_status_from_words
from hmics_desktop.domain.words import shortened

MOST = 0.6  # the share of a column's filled cells that must agree
_ACTION_NUMBER = re.compile(r"^\d{1,3}\.\d{1,3}\.?$")
_POSITION = re.compile(r"^\d{1,3}$")
_RAG = re.compile(
    r"^(red|amber|green|blue|black|grey|gray|r|a|g|b|rag|(red|amber|green)\s*[/-]\s*(red|amber|green))$", re.I
)
_SHORT = 40  # characters: an owner ("DCI Smith", "Crime Registrars", "ACC Partnerships")
_SENTENCE = 15  # characters on average: the action's text, progress, next steps
_TEXT_FIELDS = ("action", "progress", "next_steps")  # sentence columns, left to right
_FIELD_OF_KIND = {"number": "action_number", "date": "target", "standing": "standing", "status": "status",
                  "short": "owner"}  # fmt: skip


def _most(cells: Sequence[str], test: Callable[[str], object]) -> bool:
    matched = sum(1 for cell in cells if test(cell))
    return bool(cells) and matched >= MOST * len(cells)


def _is_date(text: str) -> bool:
    if len(text) > 30:
        return False
    try:
        return PlanDate.parse(text) is not None
    except DateError:
        return False


def is_rag_column(cells: Sequence[str]) -> bool:
    """Whether most filled cells are RAG colours ("Red", "Amber", "G")."""
    filled = [" ".join(cell.split()) for cell in cells if cell.strip()]
    return _most(filled, _RAG.match) and any(len(cell) > 1 for cell in filled)


def _kind(cells: list[str]) -> str:
    """What a column's cells hold: "number", "date", "standing", "status", "short", "sentence" or "" (none)."""
    if not cells:
        return ""
    if _most(cells, _ACTION_NUMBER.match) or _most(cells, _POSITION.match):
        return "number"
    if _most(cells, _is_date):
        return "date"
    if is_rag_column(cells):
        return "standing"
    if _most(cells, lambda cell: len(cell) <= 30 and action_status_from_words(cell) is not None):
        return "status"
    average = sum(len(cell) for cell in cells) / len(cells)
    if average <= _SHORT and _most(cells, lambda cell: len(cell.split()) <= 6 and "\n" not in cell):
        return "short"
    return "sentence" if average >= _SENTENCE else "short"


def worked_out_columns(rows: Sequence[Sequence[str]]) -> dict[int, str]:
    """Column → field for the action rows of a table without a heading row; {} when no column holds actions.

    The first sentence column is the action (or the longest column, when none reads as sentences), the
    next ones its progress and next steps; the first column of short names its owner; the first date
    column its target.
    """
    width = max((len(row) for row in rows), default=0)
    columns = [[row[c].strip() for row in rows if c < len(row) and row[c] and row[c].strip()] for c in range(width)]
    kinds = [_kind(cells) for cells in columns]
    fields: dict[int, str] = {}
    taken: set[str] = set()

    def take(column: int, name: str) -> None:
        if name not in taken:
            fields[column] = name
            taken.add(name)

    sentences = [c for c, kind in enumerate(kinds) if kind == "sentence"]
    if not sentences:
        texts = [c for c, kind in enumerate(kinds) if kind == "short"]
        if not texts:
            return {}
        sentences = [max(texts, key=lambda c: sum(len(cell) for cell in columns[c]))]
    for column, name in zip(sentences, _TEXT_FIELDS, strict=False):
        take(column, name)
    for column, kind in enumerate(kinds):
        if column in fields:
            continue
        field = _FIELD_OF_KIND.get(kind)
        if field is not None:
            take(column, field)
    return dict(sorted(fields.items()))


def examples(cells: Sequence[str], count: int = 2) -> str:
    """A column's first filled cells, shortened, for the preview: "1.1; 1.2"."""
    return "; ".join([shortened(cell, 28) for cell in cells if cell.strip()][:count])
