"""How a recommendation (or area for development) is classified: its theme, grading and delay category.

Police Scotland gives every recommendation a theme when it is recorded; the audit committee's
tracker grades each by risk; a delay is explained by a category beside its reason. Themes and
delay categories come from lists the secretary keeps (``list_entry``), starting from the words
below; a grading is High, Medium or Low, or none. Files write gradings in many ways ("H",
"Red", "1", "Priority 2", "High risk"): :func:`grading_from_words` reads them.
"""

from __future__ import annotations

import re
from enum import StrEnum

THEME = "theme"
DELAY_CATEGORY = "delay_category"
LISTS = (THEME, DELAY_CATEGORY)
LIST_WORDS = {THEME: ("theme", "themes", "Theme"), DELAY_CATEGORY: ("delay category", "delay categories",
                                                                     "Delay category")}  # fmt: skip

DEFAULT_THEMES = ("Governance", "Guidelines", "Compliance", "Resources", "Human Error", "Better Practice")
DEFAULT_DELAY_CATEGORIES = (
    "Resourcing",
    "ICT and systems",
    "Dependent on partners",
    "Policy or legislation",
    "Scope changed",
)
STARTING = {THEME: DEFAULT_THEMES, DELAY_CATEGORY: DEFAULT_DELAY_CATEGORIES}  # what each list starts with
NO_THEME = "No theme"
NO_GRADING = "Not graded"


class Grading(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# Checked in order; the first that matches decides. Written as text: re compiles and keeps them when
# first used, not when the window starts.
_GRADING_WORDS: tuple[tuple[str, Grading], ...] = (
    (r"^(high|h|red|r|1|p1|critical|major|significant|priority 1|very high)$", Grading.HIGH),
    (r"^(medium|med|m|amber|a|2|p2|moderate|priority 2)$", Grading.MEDIUM),
    (r"^(low|l|green|g|3|p3|minor|priority 3)$", Grading.LOW),
)
_FILLER = r"\b(risk|grade|grading|rating|rated|priority)\b(?!\s*\d)"


def grading_from_words(text: str) -> Grading | None:
    """A grading from a file's words ("High", "H", "Red", "1", "Priority 2", "Low risk"); None when not one."""
    cleaned = re.sub(r"[^a-z0-9 ]+", " ", text.lower())
    cleaned = " ".join(re.sub(_FILLER, " ", cleaned).split())
    for pattern, grading in _GRADING_WORDS:
        if re.match(pattern, cleaned):
            return grading
    return None


def grading_in_file(words: str | None, where: str, warnings: list[str]) -> str | None:
    """The grading a file's cell gives ("high"…), or None: an empty cell, or words that are not one (said)."""
    if not words or not words.strip():
        return None
    grading = grading_from_words(words)
    if grading is None:
        warnings.append(f"{where}: the grading “{words.strip()}” is not High, Medium or Low; it was left out.")
    return grading.value if grading else None


def grading_label(value: str | None) -> str:
    """A stored grading as the users write it: High, Medium, Low, or "Not graded"."""
    return Grading(value).label if value is not None and value in Grading._value2member_map_ else NO_GRADING


def matching_entry(name: str, entries: list[str]) -> str | None:
    """The list's own spelling of ``name`` ("governance" → "Governance"), or None when it is not on the list."""
    wanted = " ".join(name.split()).casefold()
    return next((entry for entry in entries if entry.casefold() == wanted), None)


def list_name_problem(name: str, entries: list[str], kind: str, renaming: str | None = None) -> str | None:
    """Why ``name`` cannot go on the list (empty, or there already), or None."""
    words = LIST_WORDS[kind][0]
    if not " ".join(name.split()):
        return f"Give the {words} a name."
    clash = matching_entry(name, [e for e in entries if e != renaming])
    if clash is not None:
        return f"“{clash}” is already on the list."
    return None
