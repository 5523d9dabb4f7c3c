"""Characters that are not text: the control characters a file or an old database may carry.

A bell (U+0007) or a form feed (U+000C) pasted into a spreadsheet cell shows as nothing, yet
Word files cannot hold it and breaks the paper that quotes it. Every C0 control character
but the tab and the line ends, DEL, and every C1 control character (U+0080–U+009F) is taken
out wherever text comes in (an import) or goes out (a Word paper).
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NAMES = {0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape", 0x7F: "delete"}


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def without_control_characters(text: str) -> str:
    """``text`` with its control characters taken out (tabs and line breaks kept)."""
    return CONTROL_CHARACTERS.sub("", text)


def control_characters_named(text: str) -> list[str]:
    """The control characters in ``text``, each once, as "U+0007 (bell)"; in code order."""
    found = sorted({ord(character) for character in CONTROL_CHARACTERS.findall(text)})
    return [f"U+{code:04X} ({_NAMES[code]})" if code in _NAMES else f"U+{code:04X}" for code in found]
