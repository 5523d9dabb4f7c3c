"""How a text cut over two pages is marked, and joined back: the importer's side of ``cell_chunks``.

The part on the next page starts with "…" where the cut falls inside a word, with "… " where
it falls at a space; a cut between paragraphs has no mark and joins with a line break. (Kept
apart from ``cell_chunks``, which measures text and so loads the spreadsheet writer.)
"""

from __future__ import annotations

ELLIPSIS = "…"
AT_A_SPACE = ELLIPSIS + " "


def join_continued(head: str, rest: str) -> str:
    """Join a text and its part on the next page as ``cell_chunks.split_at_line`` cut them."""
    if rest.startswith(AT_A_SPACE):
        return f"{head} {rest[len(AT_A_SPACE) :]}"
    if rest.startswith(ELLIPSIS):
        return head + rest[len(ELLIPSIS) :]
    return f"{head}\n{rest}" if head and rest else head or rest
