"""Counts in proper English ("1 action", "3 actions", "2 areas for development"), and texts shortened."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = re.compile(r"(\d+)")
NameOrder = tuple[tuple[int, str | int], ...]
_IRREGULAR = {"area for development": "areas for development", "entry": "entries", "day": "days"}


def plural(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def counted(number: int, word: str) -> str:
    """``counted(1, "action")`` → "1 action"; ``counted(3, "action")`` → "3 actions" (thousands with commas)."""
    return f"{number:,} {word if number == 1 else plural(word)}"


def listed(items: list[str], limit: int = 4) -> str:
    """Items in a sentence: "a, b and c"; past ``limit`` items: "a, b, c, d and 3 more"."""
    if len(items) > limit:
        return f"{', '.join(items[:limit])} and {len(items) - limit} more"
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def shortened(text: str, limit: int = 80) -> str:
    """The start of a text on one line, cut at a word and marked: "Review the custody …"."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    start = line[: limit - 1]
    return (start.rsplit(" ", 1)[0] if " " in start else start) + " …"


def name_order(name: str) -> NameOrder:
    """A name's place in a list as people read it: numbers by value ("Owner 2" before "Owner 10").

    Without case or accents ("Émile" among the E's), a superscript kept as a mark ("Room 1²" before "Room 10"); names
    equal so are kept in one order by the name as written.
    """
    folded = unicodedata.normalize("NFD", name.casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    parts = _DIGITS.split(plain)  # the digits are at the odd places
    order = tuple((0, int(part)) if index % 2 else (1, part) for index, part in enumerate(parts) if part)
    return (*order, (2, name))
