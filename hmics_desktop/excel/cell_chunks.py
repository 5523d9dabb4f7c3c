"""A cell's text cut at a line, so that text taller than a page goes on in a cell of its own on the next page.

A spreadsheet breaks pages only between rows, and a cell merged over a page break prints
its text as it falls, leaving the pages it runs short on blank at the top (LibreOffice
sets lines closer than Excel). So text taller than a page is cut at a wrapped line, the
way ``row_heights`` wraps it, and each page holds its own part. The part on the next
page starts with "…" where the cut falls inside a paragraph ("… " where it falls at a
space), so that the importer joins the parts back into the text they were cut from
(``continued_text.join_continued``); a cut between paragraphs has no mark and joins with a line break.
"""

from __future__ import annotations

from collections.abc import Sequence

from hmics_desktop.excel.continued_text import AT_A_SPACE, ELLIPSIS
from hmics_desktop.excel.font_metrics import FontMetrics, arial
from hmics_desktop.excel.row_heights import FONT_POINTS, Run, text_points, wrapped_lines


def _line_starts(text: str, metrics: list[FontMetrics], room: float) -> list[int]:
    """Where each wrapped line of one paragraph starts (offsets in ``text``), as ``row_heights`` wraps it.

    ``metrics`` gives each character's style. A line breaks before a word that would overflow it
    (the spaces before the word hang at the end of the line), and inside a word longer than a line.
    """
    starts = [0]
    line, index = 0.0, 0
    space = 0.0
    for number, word in enumerate(text.split(" ")):
        if number:
            space = metrics[index - 1].width(" ")  # the space before this word, in its own style
        end = index + len(word)
        width = sum(metrics[i].width(text[i]) for i in range(index, end))
        if not word or line + space + width <= room:
            line = min(line + space + width, room)
        else:
            if line > 0:
                starts.append(index)
                line = 0.0
            if width <= room:
                line = width
            else:
                for i in range(index, end):
                    advance = metrics[i].width(text[i])
                    if line + advance > room and line > 0:
                        starts.append(i)
                        line = 0.0
                    line += advance
        index = end + 1
    return starts


def _flatten(runs: Sequence[Run]) -> tuple[str, list[FontMetrics], list[Run]]:
    text = "".join(piece for piece, _style in runs)
    metrics = [arial(style) for piece, style in runs for _character in piece]
    return text, metrics, list(runs)


def _runs_between(runs: Sequence[Run], start: int, end: int) -> list[Run]:
    """The runs' text from ``start`` to ``end`` (offsets in their joined text), each piece in its own style."""
    cut: list[Run] = []
    offset = 0
    for piece, style in runs:
        low, high = max(start, offset), min(end, offset + len(piece))
        if low < high:
            cut.append((piece[low - offset : high - offset], style))
        offset += len(piece)
    return cut


def line_count(runs: Sequence[Run], column_width: float) -> int:
    """How many lines the runs take in a column ``column_width`` units wide (as ``wrapped_lines`` counts)."""
    return len(_all_starts(runs, column_width)[0])


def _all_starts(runs: Sequence[Run], column_width: float) -> tuple[list[int], str]:
    """Every wrapped line's start in the runs' joined text, paragraph after paragraph."""
    text, metrics, _ = _flatten(runs)
    room = text_points(column_width) / FONT_POINTS
    starts: list[int] = []
    offset = 0
    for paragraph in text.split("\n"):
        starts.extend(offset + start for start in _line_starts(paragraph, metrics[offset:], room))
        offset += len(paragraph) + 1
    return starts, text


def split_at_line(runs: Sequence[Run], column_width: float, lines: int) -> tuple[list[Run], list[Run]]:
    """The runs' first ``lines`` lines (at most), and the rest marked to be joined back; ``[]`` when all fit.

    The cut falls at the last line start that leaves both parts with text, not next to a blank line
    where there is such a start.
    """
    if wrapped_lines(runs, column_width) <= lines:  # the common case, counted from the widths of words met before
        return list(runs), []
    starts, text = _all_starts(runs, column_width)
    if len(starts) <= lines:
        return list(runs), []
    for candidate in range(max(lines, 1), 0, -1):
        cut = starts[candidate]
        paragraph_start = text[cut - 1] == "\n"
        next_line_end = starts[candidate + 1] if candidate + 1 < len(starts) else len(text)
        if not text[cut:next_line_end].strip() or (paragraph_start and not text[: cut - 1].split("\n")[-1].strip()):
            continue  # a blank line on either side of the cut: it would be lost in the joining
        head = text[: cut - 1] if paragraph_start else text[:cut].rstrip(" ")
        if not head.strip():
            continue
        mark = "" if paragraph_start else (AT_A_SPACE if text[cut - 1] == " " else ELLIPSIS)
        rest = _runs_between(runs, cut, len(text))
        if mark:
            rest = [(mark, rest[0][1]), *rest]
        return _runs_between(runs, 0, len(head)), rest
    # every line start borders a blank line ("a\n\nb\n\nc"): cut at the last that fits, the blank lines at
    # the cut dropped (the one thing the joining does not give back)
    cut = starts[lines]
    head_end = len(text[:cut].rstrip("\n "))
    rest_start = cut + len(text[cut:]) - len(text[cut:].lstrip("\n"))
    return _runs_between(runs, 0, head_end), _runs_between(runs, rest_start, len(text))
