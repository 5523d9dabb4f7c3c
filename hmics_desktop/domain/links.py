"""Links between actions: "Links with recommendations 1.4;2.1;2.2;6.2." (action numbers)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hmics_desktop.domain.numbering import action_sort_key

LINKS_PREFIX = "Links with recommendations"
_LINKS_LINE = re.compile(r"^\s*links?\s+with\s+(?:recommendations?|actions?)\b[\s:]*(.*)$", re.IGNORECASE | re.DOTALL)
_SEPARATORS = re.compile(r"[;,&]|\band\b|\s+", re.IGNORECASE)
_NUMBER = re.compile(r"^(\d{1,3})\.(\d{1,3})$")


@dataclass
class ParsedLinks:
    """Action numbers read from a links text, and the fragments that were not numbers."""

    numbers: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def parse_links(text: str) -> ParsedLinks:
    """``"1.1; 1.3;1.."`` → numbers ``["1.1", "1.3"]``, unreadable ``["1."]``."""
    result = ParsedLinks()
    numbers: set[tuple[int, int]] = set()  # (recommendation, position): sorts as the numbers do
    for fragment in _SEPARATORS.split(text):
        cleaned = fragment.strip().rstrip(".")
        if not cleaned:
            continue
        match = _NUMBER.match(cleaned)
        if match is None:
            result.unreadable.append(fragment.strip())
            continue
        numbers.add((int(match.group(1)), int(match.group(2))))
    result.numbers = [f"{recommendation}.{position}" for recommendation, position in sorted(numbers)]
    return result


def split_links_line(text: str) -> tuple[str, str | None]:
    """Take the "Links with recommendations …" line off an action cell.

    Returns the action text without it, and the links text after the prefix (None when
    the cell has no such line).
    """
    lines = text.split("\n")
    for index in range(len(lines) - 1, -1, -1):
        match = _LINKS_LINE.match(lines[index])
        if match:
            rest = "\n".join(lines[:index] + lines[index + 1 :]).strip()
            return rest, match.group(1).strip()
    return text, None


def links_line(numbers: list[str]) -> str:
    """The line the export writes under an action: ``Links with recommendations 1.4;2.1.``"""
    return f"{LINKS_PREFIX} {';'.join(sorted(numbers, key=action_sort_key))}."
