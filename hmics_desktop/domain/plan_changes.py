"""What writing a plan would create and change, row by row and field by field, in the users' words.

The import preview and ``import --dry-run`` show these before anything is written, so that
a secretary sees which texts, owners and dates of an existing inspection a file overwrites.
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from typing import Any

from hmics_desktop.domain.classification import grading_label
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.status import ActionStatus, RecommendationStatus
from hmics_desktop.domain.words import counted as counted  # the importer's summaries count with it

FIELD_WORDS = {
    "title": "Name",
    "inspectorate": "Inspectorate",
    "plan_title": "Plan title",
    "as_at": "As at",
    "text": "Text",
    "owner": "Owner",
    "status": "Status",
    "status_text": "Status as written",
    "initial_target": "Initial target",
    "revised_target": "Revised target",
    "position": "Position",
    "impact": "What we did and the impact",
    "closed_on": "Closed on",
    "standing_override": "Marked by hand",
    "standing_override_reason": "Why marked by hand",
    "target": "Target date",
    "links_text": "Links",
    "links": "Links with",
    "next_steps": "Next steps",
    "deleted": "In Deleted items",
    "theme": "Theme",
    "grading": "Grading",
    "delay_category": "Delay category",
}
KIND_WORDS = {"recommendation": "Recommendation", "area_for_development": "Area for development"}
EMPTY = "(empty)"


@dataclass(frozen=True)
class CreatedRow:
    """A record a write makes: ``kind`` in the users' words, its number, its text."""

    kind: str  # Inspection, Recommendation, Area for development, Action, Progress update
    number: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    """One field of an existing record that a write changes, shown as the users write it."""

    item: str  # "Recommendation 4", "Action 3.1", "Inspection Crime Audit 2020"
    field: str
    old: str
    new: str


def shown(value: Any, name: str = "") -> str:
    """A stored value as the users write it: dates as 15/02/2022 or September 2022, statuses in words."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, PlanDate):
        return f"{calendar.month_name[value.month]} {value.year}" if value.day is None else value.british()
    if name == "grading":
        return grading_label(value)
    if name == "status":
        for kind in (ActionStatus, RecommendationStatus):
            if value in kind._value2member_map_:
                return kind(value).label
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value) or EMPTY
    return str(value)


def item_words(kind: str, number: object) -> str:
    """``Recommendation 4``, ``Area for development 2``, ``Action 3.1``, ``Inspection Crime Audit``."""
    return f"{KIND_WORDS.get(kind, kind.capitalize())} {number}"


def action_label(kind: str, number: str) -> str:
    """An action's number, saying so when it answers an area for development (whose numbers repeat)."""
    return number if kind == "recommendation" else f"{number} (area for development)"


def changes_json(created: list[CreatedRow], changed: list[FieldChange]) -> dict[str, Any]:
    return {"created": [asdict(row) for row in created], "changed": [asdict(change) for change in changed]}
