r"""The words of a sheet's printed page header, as the package holds it.

An exported plan's header says which inspection a printed page belongs to, in full
("Thematic Inspection of Custody Arrangements: Part 2 [2023] – Improvement Plan as at
15th February 2022"), where the sheet's name had to be cut to 31 characters and lose
``[]:*?/\``. The header is at the end of the sheet's XML; its codes (``&C`` the centre,
``&&`` an ampersand, ``&"Arial,Bold"`` a font, ``&12`` a size, ``&P`` the page…) are read
away, leaving the centre's words.
"""

from __future__ import annotations

import html
import re
from typing import IO

_TAIL_BYTES = 64 * 1024  # the header follows the cells: the end of the sheet's XML holds it
_ODD_HEADER = re.compile(rb"<(?:[\w.-]+:)?oddHeader(?:\s[^>]*)?>(.*?)</(?:[\w.-]+:)?oddHeader>", re.DOTALL)


def header_in(stream: IO[bytes]) -> str | None:
    """The centre words of the page header at the end of a sheet's XML ``stream``, if it has one."""
    tail = b""
    while chunk := stream.read(1 << 16):
        tail = (tail + chunk)[-_TAIL_BYTES:]
    found = _ODD_HEADER.search(tail)
    if found is None:
        return None
    return centre_words(html.unescape(found.group(1).decode("utf-8", "replace"))) or None


def centre_words(code: str) -> str:
    """The words of the centre section of an Excel header or footer ``code`` (no section named: all of it)."""
    sections: dict[str, list[str]] = {"C": []}
    section, index = "C", 0
    while index < len(code):
        char = code[index]
        if char != "&" or index + 1 == len(code):
            sections[section].append(char)
            index += 1
            continue
        mark = code[index + 1]
        if mark == "&":
            sections[section].append("&")
            index += 2
        elif mark in "LCR":
            section = mark
            sections.setdefault(section, [])
            index += 2
        elif mark == '"':  # a font: &"Arial,Bold"
            close = code.find('"', index + 2)
            index = len(code) if close < 0 else close + 1
        elif mark.isdigit():  # a size: &12
            index += 2
            while index < len(code) and code[index].isdigit():
                index += 1
        else:  # a field (&P, &N, &D, &A…) or a style (&B, &I, &U…)
            index += 2
    return "".join(sections["C"]).strip()


PLAN_AS_AT = " – Improvement Plan as at "  # between the inspection and the day, in the template's page header
_PAGE_HEADING = re.compile(rf"^(?P<name>.+){PLAN_AS_AT}\S")


def inspection_in_header(header: str | None) -> str | None:
    """The inspection a page header of the template names ("… – Improvement Plan as at 15th February 2022")."""
    found = _PAGE_HEADING.match(header or "")
    return found.group("name").strip() if found else None
