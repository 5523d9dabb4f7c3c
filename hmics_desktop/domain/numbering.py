"""Numbers of recommendations (R1, "Recommendation 3") and actions ("1.1", "5.4")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ACTION_NUMBER = re.compile(r"^(\d{1,3})\.(\d{1,3})$")
# After a number, a separator ("1.1 - …", "R3: …") is taken off; a sign that starts the text ("1.1 -10% …")
# stays, and so does anything on the line below a heading (the export's "Recommendation 3" newline "- …").
_LEADING_ACTION = re.compile(r"^\s*(\d{1,3})\.(\d{1,3})(?![\d.]\d)\.?(?:\s*(?::|[\-–](?=\s|$)))*\s*")
_SAME_LINE_SEPARATOR = r"[ \t]*[:.\-–—]?\s*"
_RECOMMENDATION_HEADING = re.compile(
    rf"^\s*(?:recommendation|rec\.?|r)\s*(\d{{1,3}})\b{_SAME_LINE_SEPARATOR}", re.IGNORECASE
)
_AREA_HEADING = re.compile(
    rf"^\s*(?:area\s+for\s+development|afd)\s*(\d{{1,3}})\b{_SAME_LINE_SEPARATOR}", re.IGNORECASE
)


class NumberError(ValueError):
    """A number that is not an action or recommendation number."""


@dataclass(frozen=True, order=True)
class ActionNumber:
    """``<recommendation>.<n>``; orders numerically, so 1.10 comes after 1.9."""

    recommendation: int
    position: int

    def __str__(self) -> str:
        return f"{self.recommendation}.{self.position}"

    @classmethod
    def parse(cls, text: str) -> ActionNumber:
        match = _ACTION_NUMBER.match(text.strip())
        if not match:
            raise NumberError(f"“{text}” is not an action number such as 1.1")
        return cls(int(match.group(1)), int(match.group(2)))


def action_sort_key(text: str) -> tuple[int, int]:
    """Sort key of an action number held as text; unreadable numbers go last."""
    try:
        number = ActionNumber.parse(text)
    except NumberError:
        return (10**6, 0)
    return (number.recommendation, number.position)


def split_action_number(text: str) -> tuple[ActionNumber | None, str]:
    """``"1.1 Develop proposal…"`` → (1.1, ``"Develop proposal…"``)."""
    match = _LEADING_ACTION.match(text)
    if not match:
        return None, text
    return ActionNumber(int(match.group(1)), int(match.group(2))), text[match.end() :]


@dataclass(frozen=True)
class Heading:
    """The number found at the start of a recommendation cell, and the text after it."""

    number: int
    kind: str  # "recommendation" or "area_for_development"
    text: str


_NUMBERED_TEXT = re.compile(r"^\s*(\d{1,3})[.)]\s+(?=\S)")
_CONTINUED = re.compile(r"^\(\s*(continued|cont'?d|cont\.?)\s*\)\s*", re.IGNORECASE)


def split_recommendation_heading(text: str) -> Heading | None:
    """Read ``Recommendation 3 …``, ``R3 - …``, ``R3 – …``, ``Area for development 2 …``.

    A page's "Recommendation 3 (continued)" is the same recommendation: the mark is dropped.
    """
    for pattern, kind in ((_AREA_HEADING, "area_for_development"), (_RECOMMENDATION_HEADING, "recommendation")):
        match = pattern.match(text)
        if match:
            rest = _CONTINUED.sub("", text[match.end() :].strip(), count=1)
            return Heading(int(match.group(1)), kind, rest.strip())
    return None


def split_numbered_text(text: str) -> tuple[int, str] | None:
    """Read a text numbered as a list is, ``3. Police Scotland should…`` or ``3) …``: its number and its text."""
    match = _NUMBERED_TEXT.match(text)
    return (int(match.group(1)), text[match.end() :]) if match else None


def parse_plain_number(value: object) -> int | None:
    """A number cell: ``3``, ``3.0``, ``"R3"``, ``"Recommendation 3"``; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value or "").strip()
    if text.isdigit():
        return int(text)
    heading = split_recommendation_heading(text)
    if heading is not None and not heading.text:
        return heading.number
    return None


def next_free_action_number(recommendation: int, taken: list[str]) -> str:
    """The number a new action under ``recommendation`` gets: one past the highest used."""
    used = [n.position for n in map(_safe_parse, taken) if n and n.recommendation == recommendation]
    return str(ActionNumber(recommendation, max(used, default=0) + 1))


def _safe_parse(text: str) -> ActionNumber | None:
    try:
        return ActionNumber.parse(text)
    except NumberError:
        return None
