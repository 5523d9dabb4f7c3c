"""Links between actions: "Links with recommendations 1.4;2.1;2.2;6.2." (action numbers).

The plan template writes them on the last line of an action's cell, alone: only such a line is read
as links. One elsewhere in the text, or one that goes on in words ("Links with recommendations 2.1
were agreed with the board."), may be the action's own words: it stays in the text, to be named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hmics_desktop.domain.numbering import action_sort_key

LINKS_PREFIX = "Links with recommendations"
_LINKS_LINE = re.compile(r"^\s*links?\s+with\s+(?:recommendations?|actions?)\b[\s:]*(.*)$", re.IGNORECASE | re.DOTALL)
_SEPARATORS = re.compile(r"[;,&]|\band\b|\s+", re.IGNORECASE)
_NUMBER = re.compile(r"^(\d{1,3})\.(\d{1,3})$")
# action numbers (one at least) and what parts them: a line of the prefix alone is the action's own words
_NUMBERS_ONLY = re.compile(r"^(?=.*\d)(?:[\d.;,&\s]|\band\b)*$", re.IGNORECASE)


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
    """Take the "Links with recommendations …" line off the end of an action cell.

    Returns the action text without it, and the links text after the prefix (None when the
    cell's last line is not such a line, wholly: the prefix, then action numbers).
    """
    body, _, last = text.rstrip().rpartition("\n")
    match = _LINKS_LINE.match(last)
    if match is None or not _NUMBERS_ONLY.match(match.group(1)):
        return text, None
    return body.strip(), match.group(1).strip()


def links_lines_in(text: str) -> list[str]:
    """The lines of an action's text that read as links though not taken as its links (see the module)."""
    return [line.strip() for line in text.split("\n") if _LINKS_LINE.match(line)]


def links_line(numbers: list[str]) -> str:
    """The line the export writes under an action: ``Links with recommendations 1.4;2.1.``"""
    return f"{LINKS_PREFIX} {';'.join(sorted(numbers, key=action_sort_key))}."
