"""The template's parts on a next page joined back into the rows they go on from, before a sheet is parsed.

The exported template cuts a cell taller than a page at a line (``cell_chunks``): the next
page's row says "1.2 (continued)" in the action's column and holds the rest of each cell;
a recommendation's own text goes on under "Recommendation 4 (continued)". Read back, each
such row is joined to the action (or recommendation) it continues, so that the plan gets
the texts whole, exactly as they were exported.
"""

from __future__ import annotations

import re

from hmics_desktop.domain.numbering import split_action_number, split_recommendation_heading
from hmics_desktop.excel.columns import Header
from hmics_desktop.excel.continued_text import join_continued

_ACTION_GOES_ON = re.compile(r"^(\d{1,3}\.\d{1,3}) \(continued\)(?:\n(.*))?\Z", re.S)
_HEADING_GOES_ON = re.compile(r"^((?:Recommendation|Area for development) \d{1,3}) \(continued\)\n(.+)\Z", re.S)
_TEXT_FIELDS = ("progress", "next_steps", "position", "impact")


def join_continued_rows(texts: list[list[str]], header: Header, repeats: set[int]) -> set[int]:
    """Join each continuation row of ``texts`` (cell texts, changed in place) into the row it goes on from.

    ``repeats`` are the rows that only repeat the cells of the row above (merged over both), which are
    not read. Returns the rows joined, which hold nothing of their own any more.
    """
    joined: set[int] = set()
    action = header.column("action")
    recommendation = header.column("recommendation")
    others = [c for name in _TEXT_FIELDS if (c := header.column(name)) is not None]
    last_action: dict[str, int] = {}  # action number → the row that holds it
    for index in range(header.row + 1, len(texts)):
        if index in repeats:
            continue
        row = texts[index]
        if recommendation is not None and recommendation < len(row):
            _join_heading(texts, index, recommendation)
        cell = row[action] if action is not None and action < len(row) else ""
        goes_on = _ACTION_GOES_ON.match(cell)
        if goes_on is None or goes_on.group(1) not in last_action:
            number = split_action_number(cell)[0] if cell else None
            if number is not None:
                last_action[str(number)] = index
            continue
        target = texts[last_action[goes_on.group(1)]]
        assert action is not None
        if goes_on.group(2):
            target[action] = join_continued(target[action], goes_on.group(2))
        for column in others:
            if column < len(row) and row[column] and column < len(target):
                target[column] = join_continued(target[column], row[column])
        joined.add(index)
    return joined


def _join_heading(texts: list[list[str]], index: int, column: int) -> None:
    """A recommendation's text going on under "Recommendation N (continued)": joined into its heading cell above."""
    goes_on = _HEADING_GOES_ON.match(texts[index][column])
    if goes_on is None:
        return
    label = goes_on.group(1)
    texts[index][column] = f"{label} (continued)"
    heading = split_recommendation_heading(label)
    for above in range(index - 1, -1, -1):
        cell = texts[above][column] if column < len(texts[above]) else ""
        found = split_recommendation_heading(cell) if cell.startswith(label) else None
        original = found is not None and heading is not None and found.number == heading.number
        if original and not cell.startswith(f"{label} (continued)"):
            whole = join_continued(cell, goes_on.group(2))
            for row in texts[:index]:
                if column < len(row) and row[column] == cell:
                    row[column] = whole
            return
