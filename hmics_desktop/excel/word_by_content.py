"""A Word plan table without a heading row, read by what its cells hold.

Committee papers' appendices often give each recommendation as a merged row —
"Recommendation 3 – Police Scotland should…" — followed by rows of action number, action
text, owner and target, with no heading row at all. Such a table is laid out here as the
appendix would be in a spreadsheet: a heading row made from the columns' worked-out fields
(which the import preview shows, and the user can change), the recommendation in a first
column merged down over its actions. A table is taken for a plan only when it has
recommendations in its rows or numbered actions; a cover table, a table of contents or a
table of risks is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hmics_desktop.domain.numbering import split_action_number, split_recommendation_heading
from hmics_desktop.excel.column_content import examples, worked_out_columns
from hmics_desktop.excel.columns import FIELD_LABELS
from hmics_desktop.excel.grid import Merge

RECOMMENDATION = FIELD_LABELS["recommendation"]


@dataclass
class Laid:
    """A headerless table laid out for the parser: its rows (a made heading row first) and merged ranges."""

    rows: list[list[Any]]
    merged: list[Merge]
    fields: tuple[str | None, ...]  # the field of each column: what tables of one layout share
    examples: dict[int, str]  # column → its first cells, for the preview


def _alone(row: list[Any]) -> str | None:
    """The text of a row with one filled cell (a merged row across the table), else None.

    A row of "Recommendation 3" and its text in the next cell is one too: "Recommendation 3" over its text.
    """
    filled = list(dict.fromkeys(str(cell).strip() for cell in row if cell is not None and str(cell).strip()))
    if len(filled) == 2 and (heading := split_recommendation_heading(filled[0])) is not None and not heading.text:
        return "\n".join(filled)
    return filled[0] if len(filled) == 1 else None


def lay_out_by_content(rows: list[list[Any]], merged: list[Merge], above: str | None) -> Laid | None:
    """The table ``rows`` laid out with a made heading row; None when it is not a plan table.

    ``above`` is a "Recommendation N …" paragraph just above the table, for a table of its actions.
    """
    kinds: list[str] = []  # "recommendation", "line" or "action", one per row
    for row in rows:
        alone = _alone(row)
        if alone is None:
            kinds.append("action")
        else:
            kinds.append("recommendation" if split_recommendation_heading(alone) else "line")
    actions = [[str(cell or "") for cell in row] for row, kind in zip(rows, kinds, strict=True) if kind == "action"]
    fields = worked_out_columns(actions)
    if "action" not in fields.values():
        return None
    action_column = next(c for c, name in fields.items() if name == "action")
    numbered = "action_number" in fields.values() or any(
        split_action_number(row[action_column])[0] is not None for row in actions if action_column < len(row)
    )
    if "recommendation" not in kinds and not numbered:
        return None  # a cover table, a table of risks (even under a recommendation's paragraph): not the plan
    width = max(len(row) for row in rows)
    heading = [RECOMMENDATION, *(FIELD_LABELS[fields[c]] if c in fields else f"Column {c + 1}" for c in range(width))]
    laid: list[list[Any]] = [heading]
    out: dict[int, int] = {}  # table row → laid-out row
    spans: list[Merge] = []
    recommendation, first = above, 0  # the recommendation of the rows below, and the row it starts on

    def close() -> None:
        if recommendation is not None and len(laid) - 1 > first:
            spans.append(((first, 0), (len(laid) - 1, 0)))

    for index, (row, kind) in enumerate(zip(rows, kinds, strict=True)):
        if kind == "action":
            if recommendation is not None and first == 0:
                first = len(laid)
            laid.append([recommendation if len(laid) == first else None, *row])
            out[index] = len(laid) - 1
            continue
        close()
        text = _alone(row)
        if kind == "recommendation":
            recommendation, first = text, 0
            if index + 1 == len(rows) or kinds[index + 1] != "action":
                laid.append([text])  # a recommendation without actions
        else:
            recommendation, first = None, 0
            laid.append([text])  # a line of its own: an inspection's name, a sub-heading
    close()
    for (top, left), (bottom, right) in merged:
        if top in out and bottom in out and out[bottom] - out[top] == bottom - top:
            spans.append(((out[top], left + 1), (out[bottom], right + 1)))
    shown = {0: examples([r for r, k in zip([_alone(row) or "" for row in rows], kinds, strict=True)
                          if k == "recommendation"] or [above or ""])}  # fmt: skip
    shown.update({c + 1: examples([row[c] for row in actions if c < len(row)]) for c in range(width)})
    return Laid(laid, spans, tuple(fields.get(c) for c in range(width)), shown)
