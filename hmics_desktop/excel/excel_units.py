"""Lengths as Excel counts them.

Excel counts in UTF-16 units, so a character outside the Basic Multilingual Plane (most emoji)
counts twice. Plain Python, so that the importer can ask without loading a spreadsheet writer.
"""

from __future__ import annotations


def excel_length(text: str) -> int:
    """The length of ``text`` as Excel counts it (UTF-16 units), counted without a codec (none may be loadable)."""
    return len(text) + sum(1 for character in text if character > "\uffff")
