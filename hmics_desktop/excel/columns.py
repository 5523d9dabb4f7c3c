"""What a spreadsheet column means, whatever its wording: finding the header row.

Users head their columns "Action to be taken", "Actions", "Latest progress update.",
"Update", "Lead"… This module maps each heading to a field of the plan and finds the
row that holds the headings, wherever it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hmics_desktop.excel.column_content import is_rag_column

# The fields a column can hold, with the words people head them with (normalised).
FIELDS: dict[str, tuple[str, ...]] = {
    "inspection": ("inspection", "report", "inspection report", "publication", "hmics report", "review"),
    "kind": ("type", "kind", "recommendation type", "recommendation or area for development"),
    "recommendation_number": (
        "rec", "rec no", "recommendation no", "recommendation number", "rec number", "rec ref",
        "recommendation ref", "r no",
    ),
    "recommendation": (
        "recommendation", "recommendations", "hmics recommendation", "recommendation text",
        "recommendation area for development", "area for development", "recommendation detail",
    ),
    "action_number": ("action no", "action number", "action ref", "action reference", "sub action no"),
    "action": (
        "action to be taken", "actions to be taken", "actions", "action", "action text", "improvement action",
        "planned action", "actions planned", "agreed action", "sub action",
    ),
    "links": ("links", "linked actions", "links with recommendations", "links with", "dependencies"),
    "owner": ("owner", "lead", "action owner", "responsible", "owner lead", "lead officer", "responsible officer",
              "business area", "owner s"),
    "recommendation_owner": ("recommendation owner", "rec owner", "recommendation lead"),
    "recommendation_status": ("recommendation status", "rec status"),
    "target": ("target date", "target", "due date", "completion date", "timescale", "deadline", "due",
               "current target", "target completion date"),
    "closed_on": ("closed on", "date closed", "closure date", "date of closure", "closed date", "date discharged"),
    "initial_target": ("initial target", "initial target date", "original target", "original target date"),
    "revised_target": ("revised target", "revised target date", "new target date", "revised date"),
    "status": ("status", "current status", "action status", "status ongoing closed"),
    "standing": ("rag", "rag status", "on track delayed", "on track", "rag rating", "committee status",
                 "on track delayed rag", "red amber green", "r a g", "r a g status", "brag", "b rag", "rag colour",
                 "rag color", "colour", "rag position", "status rag"),
    "progress_date": ("update date", "date of update", "date updated", "last updated", "latest update date",
                      "progress date", "as at", "date of the progress update"),
    "progress": ("latest progress update", "progress update", "update", "progress", "latest update",
                 "progress to date", "update on progress", "commentary", "progress updates"),
    "next_steps": ("next steps", "next step", "next actions", "further actions"),
    "position": ("position", "current position", "recommendation position"),
    "impact": ("what we did and the impact", "what we did and impact", "impact", "what we did",
               "evidence of impact", "outcome and impact"),
    "theme": ("theme", "themes", "recommendation theme", "thematic area", "theme area"),
    "grading": ("grading", "grade", "risk grading", "risk grade", "priority", "risk", "risk rating", "risk rag",
                "risk level", "priority rating", "recommendation priority", "rec priority", "risk priority"),
    "delay_category": ("delay category", "category of delay", "delay type", "reason for delay category",
                       "delay reason category"),
}  # fmt: skip

FIELD_LABELS = {
    "inspection": "Inspection",
    "kind": "Recommendation or area for development",
    "recommendation_number": "Recommendation number",
    "recommendation": "Recommendation",
    "action_number": "Action number",
    "action": "Action to be taken",
    "links": "Links",
    "owner": "Owner",
    "recommendation_owner": "Recommendation owner",
    "recommendation_status": "Recommendation status",
    "target": "Target date",
    "closed_on": "Closed on",
    "initial_target": "Initial target",
    "revised_target": "Revised target",
    "status": "Status",
    "standing": "On track / delayed (RAG)",
    "progress_date": "Date of the progress update",
    "progress": "Latest progress update",
    "next_steps": "Next steps",
    "position": "Position",
    "impact": "What we did and the impact",
    "theme": "Theme",
    "grading": "Grading (High, Medium, Low)",
    "delay_category": "Delay category",
}
_LOOKUP = {words: name for name, all_words in FIELDS.items() for words in all_words}
# "No.", "Ref": the number of whatever the next column holds (recommendation or action).
_GENERIC_NUMBER = {"no", "number", "ref", "ref no", "reference", "id"}
PLAN_FIELDS = {"recommendation", "recommendation_number", "action", "action_number"}
HEADER_SEARCH_ROWS = 40
_RAG_SAMPLE_ROWS = 200  # the rows under a header that tell a RAG column without a known heading
_LONGEST_HEADING = 80  # characters


def normalise(value: Any) -> str:
    text = str(value or "")
    if len(text) > _LONGEST_HEADING:  # no heading is this long: spare the work on long cell texts
        return ""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def field_for_heading(value: Any) -> str | None:
    """The field a column heading names, or None."""
    text = normalise(value)
    if not text or len(text) > 60:
        return None
    if text in _LOOKUP:
        return _LOOKUP[text]
    for prefix_length in (4, 3, 2):  # "Latest progress update (Feb 2022)" → its first words
        words = text.split()
        if len(words) > prefix_length and " ".join(words[:prefix_length]) in _LOOKUP:
            return _LOOKUP[" ".join(words[:prefix_length])]
    return None


@dataclass
class Header:
    """The header row of a sheet and what each column holds (column index → field)."""

    row: int
    mapping: dict[int, str]
    headings: dict[int, str]

    def __post_init__(self) -> None:
        self._columns = {field: col for col, field in self.mapping.items()}

    def column(self, name: str) -> int | None:
        return self._columns.get(name)

    def signature(self) -> str:
        """Identifies a layout, so that a user's corrected mapping is offered again."""
        return "|".join(normalise(self.headings[c]) for c in sorted(self.headings))


def map_row(row: list[Any]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    generic: list[int] = []
    for column, value in enumerate(row):
        if normalise(value) in _GENERIC_NUMBER:
            generic.append(column)
            continue
        field = field_for_heading(value)
        if field is not None and field not in mapping.values():
            mapping[column] = field
    for column in generic:
        following = next((mapping[c] for c in sorted(mapping) if c > column), None)
        field = "action_number" if following == "action" else "recommendation_number"
        if field not in mapping.values():
            mapping[column] = field
    return dict(sorted(mapping.items()))


def may_be_heading(text: str) -> bool:
    """Whether a cell whose text (``cell_text``) is ``text`` can be a heading ``map_row`` knows.

    A quick test to rule out data cells: the headings and "No." words all start with a letter,
    and a longer text is never read as one.
    """
    return 0 < len(text) <= _LONGEST_HEADING and text[0] not in "0123456789"


def is_header_like(mapping: dict[int, str]) -> bool:
    return len(mapping) >= 2 and bool(PLAN_FIELDS & set(mapping.values()))


def find_header(rows: list[list[Any]]) -> Header | None:
    """The first row, among the top ones, that heads at least two known columns.

    A column whose heading is blank or unknown ("Red/Amber/Green", "Position (R/A/G)") but whose
    cells are RAG colours is the RAG column. A tracker of recommendations alone has its latest
    update read as their position.
    """
    best: Header | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping = map_row(row)
        if is_header_like(mapping) and (best is None or len(mapping) > len(best.mapping)):
            headings = {c: str(v).strip() for c, v in enumerate(row) if str(v or "").strip()}
            best = Header(row=index, mapping=mapping, headings=headings)
            if len(mapping) >= 3:
                break
    if best is not None and "standing" not in best.mapping.values():
        below = rows[best.row + 1 : best.row + 1 + _RAG_SAMPLE_ROWS]
        width = max((len(row) for row in below), default=0)
        for column in range(width):
            cells = [str(row[column]) for row in below if column < len(row) and row[column] is not None]
            if column not in best.mapping and is_rag_column(cells):
                best = Header(best.row, dict(sorted({**best.mapping, column: "standing"}.items())), best.headings)
                break
    return _of_recommendations(best) if best is not None else None


def _of_recommendations(header: Header) -> Header:
    """A tracker of recommendations alone (no action column): its latest update is each recommendation's position."""
    fields = set(header.mapping.values())
    if fields & {"action", "action_number"} or "progress" not in fields or "position" in fields:
        return header
    mapping = {column: "position" if name == "progress" else name for column, name in header.mapping.items()}
    return Header(header.row, mapping, header.headings)
